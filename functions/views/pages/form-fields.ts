/**
 * Accessible form field markup (NL Design System / GOV.UK patterns). form.js builds error messages with the same
 * ids and classes, so a field looks and reads the same whether the server or the script reported the problem.
 */
import { attrs, html, type SafeHtml } from './html.ts'

export interface FieldText {
  /** Field name as the API knows it; also the id of a single control. */
  name: string
  label: string
  hint?: string | SafeHtml
  /** Already-localized message. */
  error?: string
  /** Visually hidden prefix before an error message, e.g. "Fout:". */
  errorPrefix: string
}

export const hintId = (name: string) => `${name}-hint`
export const errorId = (name: string) => `${name}-error`

function describedBy(field: FieldText, ...extra: string[]): string | undefined {
  const ids = [field.hint === undefined ? undefined : hintId(field.name), ...extra]
  if (field.error !== undefined) ids.push(errorId(field.name))
  const list = ids.filter((id): id is string => id !== undefined)
  return list.length === 0 ? undefined : list.join(' ')
}

function hint(field: FieldText): SafeHtml {
  return field.hint === undefined ? html`` : html`<p class="field__hint" id="${hintId(field.name)}">${field.hint}</p>`
}

export function errorMessage(field: Pick<FieldText, 'name' | 'error' | 'errorPrefix'>): SafeHtml {
  if (field.error === undefined) return html``
  return html`<p class="field__error" id="${errorId(field.name)}"><span class="visually-hidden">${field.errorPrefix} </span>${field.error}</p>`
}

const fieldClass = (field: FieldText, extra = '') => `field${extra}${field.error === undefined ? '' : ' field--error'}`

export interface TextFieldOptions extends FieldText {
  value: string
  type?: 'text' | 'email' | 'tel'
  autocomplete?: string
  maxLength?: number
  required?: boolean
  inputMode?: string
  spellcheck?: boolean
}

export function textField(field: TextFieldOptions): SafeHtml {
  return html`<div class="${fieldClass(field)}" data-field="${field.name}">
<label class="field__label" for="${field.name}">${field.label}</label>
${hint(field)}${errorMessage(field)}
<input class="field__input"${attrs({
    type: field.type ?? 'text',
    id: field.name,
    name: field.name,
    value: field.value,
    autocomplete: field.autocomplete,
    maxlength: field.maxLength,
    inputmode: field.inputMode,
    spellcheck: field.spellcheck === undefined ? undefined : String(field.spellcheck),
    required: field.required,
    'aria-invalid': field.error === undefined ? undefined : 'true',
    'aria-describedby': describedBy(field),
  })}>
</div>`
}

export interface TextAreaOptions extends FieldText {
  value: string
  maxLength: number
  minVisible: number
  rows?: number
}

export function textArea(field: TextAreaOptions): SafeHtml {
  return html`<div class="${fieldClass(field)}" data-field="${field.name}">
<label class="field__label" for="${field.name}">${field.label}</label>
${hint(field)}${errorMessage(field)}
<textarea class="field__textarea"${attrs({
    id: field.name,
    name: field.name,
    rows: field.rows ?? 8,
    maxlength: field.maxLength,
    required: true,
    'data-min-visible': field.minVisible,
    'aria-invalid': field.error === undefined ? undefined : 'true',
    'aria-describedby': describedBy(field),
  })}>${field.value}</textarea>
</div>`
}

export interface ChoiceGroupOptions<V extends string> extends FieldText {
  type: 'radio' | 'checkbox'
  options: Record<V, string>
  selected: readonly string[]
  required?: boolean
}

/** The id of one option's control; the first option is where an error summary link lands. */
export const optionId = (name: string, value: string) => `${name}-${value}`

export function choiceGroup<V extends string>(field: ChoiceGroupOptions<V>): SafeHtml {
  const entries = Object.entries(field.options) as Array<[V, string]>
  return html`<fieldset class="${fieldClass(field, ' field--group')}" data-field="${field.name}"${attrs({
    'aria-describedby': describedBy(field),
  })}>
<legend class="field__legend">${field.label}</legend>
${hint(field)}${errorMessage(field)}
<div class="choices">
${entries.map(
  ([value, label]) => html`<div class="choice">
<input class="choice__input"${attrs({
    type: field.type,
    id: optionId(field.name, value),
    name: field.name,
    value,
    checked: field.selected.includes(value),
    required: field.required,
    'aria-invalid': field.error === undefined ? undefined : 'true',
  })}>
<label class="choice__label" for="${optionId(field.name, value)}">${label}</label>
</div>
`,
)}</div>
</fieldset>`
}

export interface CheckboxOptions extends FieldText {
  checked: boolean
  required?: boolean
}

/** One checkbox with its own label (value `on`, as a browser posts it). */
export function checkbox(field: CheckboxOptions): SafeHtml {
  return html`<div class="${fieldClass(field, ' field--checkbox')}" data-field="${field.name}">
${errorMessage(field)}
<div class="choice">
<input class="choice__input"${attrs({
    type: 'checkbox',
    id: field.name,
    name: field.name,
    value: 'on',
    checked: field.checked,
    required: field.required,
    'aria-invalid': field.error === undefined ? undefined : 'true',
    'aria-describedby': describedBy(field),
  })}>
<label class="choice__label" for="${field.name}">${field.label}</label>
</div>
${hint(field)}
</div>`
}

export interface SelectOptions<V extends string> extends FieldText {
  empty: string
  options: Record<V, string>
  value: string
}

export function select<V extends string>(field: SelectOptions<V>): SafeHtml {
  const entries = Object.entries(field.options) as Array<[V, string]>
  return html`<div class="${fieldClass(field)}" data-field="${field.name}">
<label class="field__label" for="${field.name}">${field.label}</label>
${hint(field)}${errorMessage(field)}
<select class="field__select"${attrs({
    id: field.name,
    name: field.name,
    'aria-invalid': field.error === undefined ? undefined : 'true',
    'aria-describedby': describedBy(field),
  })}>
<option value=""${attrs({ selected: !entries.some(([value]) => value === field.value) })}>${field.empty}</option>
${entries.map(
  ([value, label]) => html`<option${attrs({ value, selected: value === field.value })}>${label}</option>
`,
)}</select>
</div>`
}
