/**
 * A tiny HTML template tag: every interpolated value is escaped unless it is already `SafeHtml`,
 * so a page cannot forget to escape what a person (or a robot) typed.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character] ?? character)
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false || value === true) return ''
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let index = 0; index < values.length; index++) {
    out += render(values[index]) + (strings[index + 1] ?? '')
  }
  return new SafeHtml(out)
}

/** Marks trusted markup (our own constants) as HTML. Never pass user input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/** Renders attributes; `false`/`undefined` leaves one out, `true` writes a boolean attribute. */
export function attrs(attributes: Record<string, string | number | boolean | undefined>): SafeHtml {
  let out = ''
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`
  }
  return new SafeHtml(out)
}
