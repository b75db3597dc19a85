/** Small DOM helpers of the browser code: nothing here ever parses a string as HTML. */

export type Child = Node | string | undefined | null | false

/** Fills `{name}` placeholders; an unknown placeholder stays as written. */
export function fill(text: string, values: Record<string, string | number>): string {
  return String(text ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole))
}

export function byId(id: string): HTMLElement | null {
  return document.getElementById(id)
}

/** Builds an element; strings become text nodes. `className` sets the class, `true` an empty attribute. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue
    if (name === 'className') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) element.append(child)
  return element
}

/** Adds or removes one id in an element's `aria-describedby`. */
export function describedBy(element: Element, id: string, add: boolean): void {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((item) => item && item !== id)
  if (add) ids.push(id)
  if (ids.length === 0) element.removeAttribute('aria-describedby')
  else element.setAttribute('aria-describedby', ids.join(' '))
}

/** The first form control in a field container. */
export function firstControl(container: Element): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  return container.querySelector('input, select, textarea')
}

/** Places a field's error message where the server-rendered form puts it: after the hint, label or legend. */
export function placeFieldError(container: HTMLElement, message: HTMLElement): void {
  if (container.classList.contains('field--checkbox')) {
    container.prepend(message)
    return
  }
  const anchor =
    container.querySelector(':scope > .field__hint') ?? container.querySelector(':scope > label, :scope > legend')
  if (anchor) anchor.after(message)
  else container.prepend(message)
}

/** Hands bytes to the browser as a download through a short-lived Blob URL (never a token in a URL). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = el('a', { href: url, download: name, hidden: true })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 2_000)
}

/**
 * An answer's field messages by the field of the form they belong to (`signals.2` under `signals`; the first message
 * per field), and the ones no field of this form takes, with their keys.
 */
export function messagesByField(
  form: HTMLFormElement,
  fields: Record<string, unknown>,
): { byField: Map<string, string>; unplaced: Array<{ key: string; text: string }> } {
  const byField = new Map<string, string>()
  const unplaced: Array<{ key: string; text: string }> = []
  for (const [key, text] of Object.entries(fields)) {
    if (typeof text !== 'string') continue
    const field = key.split('.')[0] ?? key
    const container = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
    if (container && firstControl(container)) {
      if (!byField.has(field)) byField.set(field, text)
    } else unplaced.push({ key, text })
  }
  return { byField, unplaced }
}
