/** `/advisor/cases/<reference>`: loads the case, shows it with its allowed actions, sends the actions. */
import { REFERENCE_PATTERN } from '../../../functions/core/cases/reference.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, fill, saveBlob } from '../shared/dom.ts'
import { type ApiErrorBody, api, CASES_API, errorText, fieldErrors } from './api.ts'
import { type ActionAnswer, allowedActionsOf, type CaseResponse } from './api-types.ts'
import { actionBody, actionForms, doneText, renderActions } from './case-actions.ts'
import { advisorNamer } from './case-list.ts'
import { renderReminders, wireReminders } from './case-reminders.ts'
import { renderCaseView } from './case-view.ts'
import { copy } from './copy.ts'
import { clearFieldErrors, showFieldErrors } from './field-errors.ts'
import { announce, doneLoading, setVisible, showAlert } from './page.ts'
import { authorization, FLASH_KEY, goToSignIn, session, showStoredUser, showUser } from './session.ts'

/** Names the advisors of the case last shown. */
let caseAdvisorName: (id: unknown) => string = () => ''

export function renderCase(data: CaseResponse): void {
  const advisorName = advisorNamer(data.advisors, data.me)
  caseAdvisorName = advisorName
  showUser(data.me)
  renderCaseView(data.case, advisorName)
  renderReminders(data.case, advisorName)
  renderActions(data.case, allowedActionsOf(data), data.advisors)
  doneLoading()
  setVisible(AdvisorId.caseView, true)
}

async function loadCase(reference: string): Promise<boolean> {
  const result = await api<CaseResponse>('GET', `${CASES_API}/${encodeURIComponent(reference)}`)
  if (result.status === 401) return false
  if (result.status !== 200 || !result.data?.case) {
    doneLoading()
    showAlert(errorText(result))
    return false
  }
  renderCase(result.data)
  return true
}

/**
 * Downloads an attachment. A plain link cannot send the token (it lives in sessionStorage), and the token never goes
 * into a URL: the file is fetched with the Authorization header and handed to the browser as a short-lived Blob URL
 * with a `download` name, typed as bytes so that nothing in it is ever shown in the page.
 */
export async function downloadAttachment(reference: string, button: HTMLButtonElement): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return
  const id = button.dataset.attachmentId ?? ''
  const name = button.dataset.attachmentName ?? ''
  showAlert('')
  button.setAttribute('aria-disabled', 'true')
  announce(copy.text.downloading)
  let problem: string | undefined
  try {
    const response = await fetch(
      `${CASES_API}/${encodeURIComponent(reference)}/attachments/${encodeURIComponent(id)}`,
      {
        headers: authorization(),
        cache: 'no-store',
      },
    )
    if (response.status === 401) {
      goToSignIn()
      return
    }
    if (response.ok) {
      saveBlob(new Blob([await response.arrayBuffer()], { type: 'application/octet-stream' }), name || id)
      announce(fill(copy.text.downloaded, { name }))
      return
    }
    let data: ApiErrorBody | undefined
    try {
      data = await response.json()
    } catch {
      data = undefined
    }
    if (response.status === 409 && data?.error?.code === 'quarantined') problem = copy.error.quarantined
    else if (response.status === 403) problem = copy.error.forbidden
    else if (response.status === 429) problem = copy.error.rateLimited
    else problem = copy.error.downloadFailed
  } catch {
    problem = copy.error.network
  } finally {
    button.removeAttribute('aria-disabled')
  }
  if (problem) {
    announce('')
    showAlert(problem)
  }
}

/** The result of the last action, under the case title (and every note beside a form cleared). */
function showDone(text: string): void {
  for (const note of document.querySelectorAll('.case-form__done')) note.textContent = ''
  const box = byId(AdvisorId.caseDone)
  if (!box) return
  box.textContent = text
  box.hidden = text === ''
}

function wireCase(reference: string): void {
  wireReminders(reference, () => loadCase(reference))
  byId(AdvisorId.caseAttachments)?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-attachment-id]') : null
    if (button instanceof HTMLButtonElement) void downloadAttachment(reference, button)
  })
  let busy = false
  for (const { form, action } of actionForms()) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (busy) return
      showAlert('')
      showDone('')
      const prepared = actionBody(form)
      if ('errors' in prepared) {
        const { shown } = showFieldErrors(form, prepared.errors)
        shown[0]?.control.focus()
        return
      }
      clearFieldErrors(form)
      busy = true
      const button = form.querySelector('button[type="submit"]')
      form.setAttribute('aria-busy', 'true')
      if (button instanceof HTMLButtonElement) button.disabled = true
      const result = await api<ActionAnswer>(
        'POST',
        `${CASES_API}/${encodeURIComponent(reference)}/${action}`,
        prepared.body,
      )
      busy = false
      form.removeAttribute('aria-busy')
      if (button instanceof HTMLButtonElement) button.disabled = false
      if (result.status === 401) return
      if (result.status === 200 || result.status === 201) {
        form.reset()
        await loadCase(reference)
        const done = doneText(form, result.data, caseAdvisorName)
        announce(done)
        // Shown beside the form while it still applies; else under the title, where focus goes (the control is gone).
        const stays = !form.closest('[hidden]')
        const beside = form.querySelector('.case-form__done')
        if (stays && beside) beside.textContent = done
        else showDone(done)
        const active = document.activeElement
        if (!stays || !(active instanceof HTMLElement) || active === document.body || active.closest('[hidden]')) {
          byId(AdvisorId.caseTitle)?.focus()
        }
        return
      }
      const fields = fieldErrors(result)
      if (fields) {
        const { shown, other } = showFieldErrors(form, fields)
        // A problem with no field on this form is ours (the page sent something the API does not take).
        if (other.length > 0 || shown.length === 0) showAlert(copy.error.failed)
        shown[0]?.control.focus()
        return
      }
      showAlert(errorText(result))
      // A refusal (409) means the case moved on: show it as it is now.
      if (result.status === 409) await loadCase(reference)
    })
  }
}

export async function startCase(): Promise<void> {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  const match = /^\/advisor\/cases\/([^/]+)\/?$/.exec(location.pathname)
  let reference = ''
  try {
    reference = decodeURIComponent(match?.[1] ?? '')
  } catch {
    reference = ''
  }
  if (!REFERENCE_PATTERN.test(reference)) {
    doneLoading()
    showAlert(copy.error.notFound)
    return
  }
  wireCase(reference)
  const loaded = await loadCase(reference)
  const flash = sessionStorage.getItem(FLASH_KEY)
  sessionStorage.removeItem(FLASH_KEY)
  if (loaded && flash) {
    showDone(flash)
    announce(flash)
  }
}
