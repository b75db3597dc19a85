/** `/advisor/phone/`: registers a phone call as a new case (the public form's body), then opens it. */
import { REFERENCE_PATTERN } from '../../../functions/core/cases/reference.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, fill } from '../shared/dom.ts'
import { requestFields } from '../shared/request-fields.ts'
import { api, CASES_API, errorText, fieldErrors } from './api.ts'
import { copy } from './copy.ts'
import { showProblems } from './field-errors.ts'
import { newKey } from './format.ts'
import { announce, doneLoading, showAlert } from './page.ts'
import { FLASH_KEY, goToSignIn, session, showStoredUser } from './session.ts'

/** The request body of the phone form: sector and organisation only for a professional, as the public form does. */
export function phoneBody(form: HTMLFormElement): Record<string, unknown> {
  return requestFields(form, 'nl')
}

export function startPhone(): void {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  doneLoading()
  const form = byId(AdvisorId.phoneForm)
  if (!(form instanceof HTMLFormElement)) return
  let key = newKey()
  let sending = false
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (sending) return
    sending = true
    showAlert('')
    announce(copy.text.sending)
    const button = form.querySelector('button[type="submit"]')
    if (button instanceof HTMLButtonElement) button.disabled = true
    form.setAttribute('aria-busy', 'true')
    const result = await api<{ reference?: unknown }>('POST', CASES_API, phoneBody(form), { 'Idempotency-Key': key })
    sending = false
    form.removeAttribute('aria-busy')
    if (button instanceof HTMLButtonElement) button.disabled = false
    if (result.status === 401) return
    const reference = result.data?.reference
    if (result.status === 201 && typeof reference === 'string' && REFERENCE_PATTERN.test(reference)) {
      sessionStorage.setItem(FLASH_KEY, fill(copy.text.phoneRegistered, { reference }))
      location.assign(`/advisor/cases/${encodeURIComponent(reference)}`)
      return
    }
    announce('')
    // Refused before anything was stored: the corrected call is a new one.
    if (result.status === 400 || result.status === 413) key = newKey()
    const fields = fieldErrors(result)
    if (fields && showProblems(form, fields)) return
    showAlert(errorText(result))
  })
}
