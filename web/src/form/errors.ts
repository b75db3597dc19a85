/** The form's errors in the same markup the server renders (functions/views/pages/form-fields.ts, error-summary.ts). */
import { FormId } from '../../../functions/views/pages/element-ids.ts'
import { describedBy, firstControl, messagesByField, placeFieldError } from '../shared/dom.ts'

export interface FormErrors {
  clear(): void
  /** Shows the 400's field messages with a summary; false when there was nothing to show. */
  show(fields: Record<string, unknown>): boolean
}

export function formErrors(form: HTMLFormElement, originalTitle: string): FormErrors {
  const prefix = form.dataset.errorPrefix ?? ''

  function clear(): void {
    document.getElementById(FormId.errorSummary)?.remove()
    for (const message of form.querySelectorAll('.field__error')) {
      const container = message.closest('[data-field]')
      if (container instanceof HTMLElement) {
        container.classList.remove('field--error')
        for (const control of container.querySelectorAll('input, select, textarea')) {
          control.removeAttribute('aria-invalid')
          if (!(container instanceof HTMLFieldSetElement)) describedBy(control, message.id, false)
        }
        if (container instanceof HTMLFieldSetElement) describedBy(container, message.id, false)
      }
      message.remove()
    }
    document.title = originalTitle
  }

  function showFieldError(container: HTMLElement, field: string, text: string): void {
    const message = document.createElement('p')
    message.className = 'field__error'
    message.id = `${field}-error`
    const hidden = document.createElement('span')
    hidden.className = 'visually-hidden'
    hidden.textContent = `${prefix} `
    message.append(hidden, text)
    placeFieldError(container, message)
    container.classList.add('field--error')
    for (const control of container.querySelectorAll('input, select, textarea')) {
      control.setAttribute('aria-invalid', 'true')
    }
    const describer = container instanceof HTMLFieldSetElement ? container : firstControl(container)
    if (describer) describedBy(describer, message.id, true)
  }

  function show(fields: Record<string, unknown>): boolean {
    clear()
    const { byField, unplaced } = messagesByField(form, fields)
    const general = unplaced.filter(({ key }) => key === '_form').map(({ text }) => text)
    const unknown = unplaced.filter(({ key }) => key !== '_form').map(({ text }) => text)

    const entries: Array<{ text: string; href?: string }> = general.map((text) => ({ text }))
    for (const container of form.querySelectorAll<HTMLElement>('[data-field]')) {
      const field = container.dataset.field ?? ''
      const text = byField.get(field)
      const control = firstControl(container)
      if (text === undefined || !control) continue
      showFieldError(container, field, text)
      // A field inside a hidden block must be visible to be fixed.
      const hiddenBlock = container.closest('[hidden]')
      if (hiddenBlock instanceof HTMLElement && form.contains(hiddenBlock)) hiddenBlock.hidden = false
      entries.push({ text, href: `#${control.id}` })
    }
    for (const text of unknown) entries.push({ text })
    if (entries.length === 0) return false

    const summary = document.createElement('div')
    summary.className = 'error-summary'
    summary.id = FormId.errorSummary
    summary.setAttribute('role', 'alert')
    summary.setAttribute('aria-labelledby', FormId.errorSummaryTitle)
    const title = document.createElement('h2')
    title.className = 'error-summary__title'
    title.id = FormId.errorSummaryTitle
    title.tabIndex = -1
    title.textContent = form.dataset.summaryTitle ?? ''
    const list = document.createElement('ul')
    list.className = 'error-summary__list'
    for (const entry of entries) {
      const item = document.createElement('li')
      if (entry.href) {
        const link = document.createElement('a')
        link.href = entry.href
        link.textContent = entry.text
        item.append(link)
      } else {
        item.textContent = entry.text
      }
      list.append(item)
    }
    summary.append(title, list)
    const intro = form.closest('.page__inner')?.querySelector(':scope > .intro')
    if (intro) intro.before(summary)
    else form.before(summary)
    document.title = `${prefix} ${originalTitle}`
    title.focus()
    return true
  }

  return { clear, show }
}

/** Moves focus to a field from an error summary link, showing its label or legend as well. */
export function enhanceSummaryLinks(): void {
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null
    if (!(link instanceof HTMLAnchorElement)) return
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)))
    if (!target) return
    event.preventDefault()
    ;(target.closest('[data-field]') ?? target).scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
}

/** A page that came back from a plain form post with problems: focus its summary. */
export function focusServerErrorSummary(): void {
  const title = document.getElementById(FormId.errorSummaryTitle)
  if (title && document.activeElement !== title) title.focus()
}
