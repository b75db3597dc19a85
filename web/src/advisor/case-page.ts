/** `/advisor/cases/<reference>`: loads the case, shows it with its allowed actions, sends the actions. */
import { REFERENCE_PATTERN } from '../../../functions/core/cases/reference.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, fill, saveBlob } from '../shared/dom.ts'
import { type ApiErrorBody, api, CASES_API, errorText, fieldErrors } from './api.ts'
import { type ActionAnswer, allowedActionsOf, type CaseResponse } from './api-types.ts'
import {
  actionBody,
  actionForms,
  askConfirmation,
  cancelConfirmation,
  doneText,
  renderActions,
  wireActionLayout,
  wireConfirmations,
} from './case-actions.ts'
import { renderDuplicateLinks } from './case-links.ts'
import { advisorNamer } from './case-list.ts'
import { renderReminders, wireReminders } from './case-reminders.ts'
import { renderCaseView } from './case-view.ts'
import { renderCoordinatorTools, wireCoordinatorTools } from './coordinator-tools.ts'
import { copy } from './copy.ts'
import { clearDraft, keepDrafts, restoreDrafts } from './drafts.ts'
import { clearFieldErrors, showFieldErrors } from './field-errors.ts'
import { serverNow } from './lateness.ts'
import { announce, doneLoading, setVisible, showAlert } from './page.ts'
import { orderTemplatesFor, startReplyTemplates } from './reply-templates.ts'
import { authorization, FLASH_KEY, goToSignIn, session, showStoredUser, showUser, signedInId } from './session.ts'
import { wireShownWhen } from './shown-when.ts'
import { showLoadInAssign } from './workload.ts'

/** Names the advisors of the case last shown. */
let caseAdvisorName: (id: unknown) => string = () => ''

export function renderCase(data: CaseResponse): void {
  const advisorName = advisorNamer(data.advisors, data.me)
  caseAdvisorName = advisorName
  showUser(data.me)
  renderCaseView(data.case, advisorName, serverNow(data.now))
  renderReminders(data.case, advisorName)
  renderActions(data.case, allowedActionsOf(data), data.advisors)
  renderCoordinatorTools(data)
  renderDuplicateLinks(data.case)
  orderTemplatesFor('language' in data.case ? data.case.language : undefined)
  showLoadInAssign()
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

/** What another page hands over (phone intake: the case it made), under the case title. */
function showFlash(text: string): void {
  const box = byId(AdvisorId.caseFlash)
  if (!box) return
  box.textContent = text
  box.hidden = text === ''
}

/** Clears the outcome of the last action: beside its form, and at the top of the actions. */
function clearOutcome(): void {
  for (const note of document.querySelectorAll('.case-form__done')) note.textContent = ''
  const box = byId(AdvisorId.caseDone)
  if (!box) return
  box.textContent = ''
  box.hidden = true
}

/**
 * Shows an action's outcome where the advisor is looking, and moves focus to it: beside the form while the action
 * still applies, else at the top of the actions (the form is gone). The page does not jump: what the advisor
 * looked at (the action, or the outcome in its place) stays where it was on the screen, however much the case
 * above it grew or shrank.
 */
function showOutcome(form: HTMLFormElement, text: string, anchor: HTMLElement | null, top: number | undefined): void {
  clearOutcome()
  const stays = !form.closest('[hidden]')
  const beside = form.querySelector<HTMLElement>('.case-form__done')
  const box = stays && beside ? beside : byId(AdvisorId.caseDone)
  if (!box) return
  box.textContent = text
  box.hidden = false
  const kept = stays && anchor ? anchor : box
  if (top !== undefined) window.scrollBy?.({ top: kept.getBoundingClientRect().top - top, behavior: 'instant' })
  box.focus({ preventScroll: true })
  const shown = box.getBoundingClientRect()
  if (shown.top < 0 || shown.bottom > window.innerHeight) box.scrollIntoView?.({ block: 'nearest' })
}

function wireCase(reference: string): void {
  wireReminders(reference, () => loadCase(reference))
  byId(AdvisorId.caseAttachments)?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-attachment-id]') : null
    if (button instanceof HTMLButtonElement) void downloadAttachment(reference, button)
  })
  keepDrafts(reference)
  wireCoordinatorTools(reference, () => loadCase(reference))
  wireActionLayout()
  wireConfirmations()
  let busy = false
  for (const { form, action } of actionForms()) {
    wireShownWhen(form)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (busy) return
      showAlert('')
      clearOutcome()
      const prepared = actionBody(form)
      if ('errors' in prepared) {
        cancelConfirmation(form)
        const { shown } = showFieldErrors(form, prepared.errors)
        shown[0]?.control.focus()
        return
      }
      clearFieldErrors(form)
      if (askConfirmation(form)) return
      busy = true
      const button =
        event.submitter instanceof HTMLButtonElement ? event.submitter : form.querySelector('button[type="submit"]')
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
        clearDraft(reference, action)
        const anchor = form.closest<HTMLElement>('.case-action')
        const top = anchor?.getBoundingClientRect().top
        await loadCase(reference)
        const done = doneText(form, result.data, caseAdvisorName)
        announce(done)
        showOutcome(form, done, anchor, top)
        return
      }
      cancelConfirmation(form, true)
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
  void startReplyTemplates()
  const loaded = await loadCase(reference)
  const flash = sessionStorage.getItem(FLASH_KEY)
  sessionStorage.removeItem(FLASH_KEY)
  if (loaded && flash) {
    showFlash(flash)
    announce(flash)
  }
  // Text typed before the session ended, back in its box (drafts.ts).
  const me = signedInId()
  if (loaded && me !== undefined && restoreDrafts(reference, me) > 0) {
    showFlash(copy.text.draftsRestored)
    announce(copy.text.draftsRestored)
  }
}
