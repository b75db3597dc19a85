/**
 * Fields shown only for one choice of another control in their form: `data-shown-when="<name>=<value>"` (the close
 * form's `duplicateOf`, shown when the outcome is `duplicate`). A hidden field's controls are disabled, so the form
 * neither sends nor requires them (case-actions.ts actionBody skips disabled controls).
 */
export function wireShownWhen(form: HTMLFormElement): void {
  const fields = [...form.querySelectorAll<HTMLElement>('[data-shown-when]')]
  if (fields.length === 0) return
  const update = () => {
    for (const field of fields) {
      const [name = '', value = ''] = (field.dataset.shownWhen ?? '').split('=')
      const control = form.elements.namedItem(name)
      const shown =
        control instanceof HTMLSelectElement || control instanceof HTMLInputElement ? control.value === value : false
      field.hidden = !shown
      for (const inner of field.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        'input, select, textarea',
      )) {
        inner.disabled = !shown
      }
    }
  }
  form.addEventListener('change', update)
  // A reset changes the values after its event: look once it is done.
  form.addEventListener('reset', () => setTimeout(update, 0))
  update()
}
