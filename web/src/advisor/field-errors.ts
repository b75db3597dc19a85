/** Field errors and the error summary in the markup of the public form (functions/views/pages/form-fields.ts). */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, describedBy, el, firstControl, messagesByField, placeFieldError } from '../shared/dom.ts'
import { copy } from './copy.ts'

export interface ShownError {
  text: string
  control?: HTMLElement
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const message of form.querySelectorAll('.field__error')) {
    const container = message.closest('[data-field]')
    if (container instanceof HTMLElement) {
      container.classList.remove('field--error')
      for (const control of container.querySelectorAll('input, select, textarea')) {
        control.removeAttribute('aria-invalid')
        describedBy(control, message.id, false)
      }
      if (container instanceof HTMLFieldSetElement) describedBy(container, message.id, false)
    }
    message.remove()
  }
}

/**
 * Shows each message next to its field; returns the fields shown (in page order) and the messages that belong to
 * no field on this form.
 */
export function showFieldErrors(
  form: HTMLFormElement,
  fields: Record<string, unknown>,
): { shown: Array<Required<ShownError>>; other: string[] } {
  clearFieldErrors(form)
  const { byField, unplaced } = messagesByField(form, fields)
  const other = unplaced.map(({ text }) => text)
  const shown: Array<Required<ShownError>> = []
  for (const container of form.querySelectorAll<HTMLElement>('[data-field]')) {
    const text = byField.get(container.dataset.field ?? '')
    const control = firstControl(container)
    if (text === undefined || !control) continue
    const message = el(
      'p',
      { className: 'field__error', id: `${control.id}-error` },
      el('span', { className: 'visually-hidden' }, `${copy.text.errorPrefix} `),
      text,
    )
    placeFieldError(container, message)
    container.classList.add('field--error')
    for (const item of container.querySelectorAll('input, select, textarea')) item.setAttribute('aria-invalid', 'true')
    describedBy(container instanceof HTMLFieldSetElement ? container : control, message.id, true)
    shown.push({ text, control })
  }
  return { shown, other }
}

/** The error summary above a form, each entry a link to its field; focus goes to its title. */
export function showErrorSummary(form: HTMLFormElement, entries: ShownError[]): void {
  byId(AdvisorId.errorSummary)?.remove()
  if (entries.length === 0) return
  const title = el(
    'h2',
    { className: 'error-summary__title', id: AdvisorId.errorSummaryTitle, tabindex: '-1' },
    form.dataset.summaryTitle ?? '',
  )
  const summary = el(
    'div',
    {
      className: 'error-summary',
      id: AdvisorId.errorSummary,
      role: 'alert',
      'aria-labelledby': AdvisorId.errorSummaryTitle,
    },
    title,
    el(
      'ul',
      { className: 'error-summary__list' },
      ...entries.map((entry) =>
        el('li', {}, entry.control ? el('a', { href: `#${entry.control.id}` }, entry.text) : entry.text),
      ),
    ),
  )
  form.before(summary)
  summary.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null
    if (!(link instanceof HTMLAnchorElement)) return
    const target = byId(decodeURIComponent(link.hash.slice(1)))
    if (!target) return
    event.preventDefault()
    ;(target.closest('[data-field]') ?? target).scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
  title.focus()
}

/** Shows a 400's field messages on the form with a summary; false when there was nothing to show. */
export function showProblems(form: HTMLFormElement, fields: Record<string, unknown>): boolean {
  const { shown, other } = showFieldErrors(form, fields)
  showErrorSummary(form, [...shown, ...other.map((text) => ({ text }))])
  return shown.length + other.length > 0
}
