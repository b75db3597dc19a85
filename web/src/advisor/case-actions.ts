/**
 * The actions on the case page. Which of them the page shows is the server's decision alone: a section is shown iff
 * its action is in the case's `allowedActions`; nothing here derives a rule from the status, pause or address.
 * Each action's form (functions/views/advisor/action-forms.ts) says what it sends and what is missing: this module
 * reads every form the same way, so a new action needs nothing here.
 */
import type { AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, describedBy, el, fill } from '../shared/dom.ts'
import type { ActionAnswer, AdvisorCaseView, StaffView } from './api-types.ts'
import { requesterAddress } from './case-view.ts'
import { copy } from './copy.ts'
import { amsterdamIso } from './format.ts'

/** The case page's action forms, each with its action's route name. */
export function actionForms(): Array<{ form: HTMLFormElement; action: string }> {
  return [...document.querySelectorAll<HTMLFormElement>('form[data-action]')].map((form) => ({
    form,
    action: form.dataset.action ?? '',
  }))
}

function sectionOf(form: HTMLFormElement): HTMLElement | null {
  return form.closest<HTMLElement>('.case-action')
}

/**
 * Shows exactly the allowed actions' sections. The reply section says where the answer goes; when the server allows
 * no reply because the requester can be reached neither by mail nor in a follow-up box, the section stays with its
 * form disabled and says to call them and record the call as a note.
 */
export function renderActions(
  item: AdvisorCaseView,
  allowed: ReadonlySet<AdvisorActionName>,
  advisors: StaffView['advisors'] | undefined,
): void {
  for (const { form, action } of actionForms()) {
    const section = sectionOf(form)
    if (section) section.hidden = !(allowed as ReadonlySet<string>).has(action)
  }

  const address = requesterAddress(item)
  // An anonymous web request's answer goes into its follow-up box, where the receipt holder reads it.
  const intoBox = address === '' && item.followUpBox === true
  const reachable = address !== '' || intoBox
  const canReply = allowed.has('replies')
  const unreachableHint = !canReply && !reachable && item.status !== 'closed'
  const replyForm = byId(AdvisorId.replyText)?.closest('form')
  const replySection = replyForm instanceof HTMLFormElement ? sectionOf(replyForm) : null
  if (unreachableHint && replySection) replySection.hidden = false
  const replyTo = byId(AdvisorId.replyTo)
  if (replyTo) {
    replyTo.hidden = !canReply
    replyTo.textContent = !canReply ? '' : intoBox ? copy.text.replyToBox : fill(copy.text.replyTo, { address })
  }
  const reply = byId(AdvisorId.replyText)
  const replySubmit = byId(AdvisorId.replySubmit)
  const unavailable = byId(AdvisorId.replyUnavailable)
  if (reply instanceof HTMLTextAreaElement && replySubmit instanceof HTMLButtonElement && unavailable) {
    reply.disabled = !canReply
    replySubmit.disabled = !canReply
    unavailable.hidden = !unreachableHint
    const phone = 'phone' in item && typeof item.phone === 'string' ? item.phone : ''
    unavailable.textContent = unreachableHint
      ? [copy.text.noEmail, phone ? fill(copy.text.noEmailPhone, { phone }) : ''].filter(Boolean).join(' ')
      : ''
    describedBy(reply, AdvisorId.replyUnavailable, unreachableHint)
    describedBy(replySubmit, AdvisorId.replyUnavailable, unreachableHint)
  }

  const select = byId(AdvisorId.assignAdvisor)
  if (select instanceof HTMLSelectElement) {
    const options = (Array.isArray(advisors) ? advisors : []).map((advisor) =>
      el('option', { value: String(advisor.id) }, String(advisor.name ?? advisor.id)),
    )
    const known = options.some((option) => option.getAttribute('value') === item.assignee)
    select.replaceChildren(...(known ? [] : [el('option', { value: '' }, copy.text.nobody)]), ...options)
    select.value = known ? String(item.assignee) : ''
  }
}

export type PreparedAction = { body: Record<string, unknown> } | { errors: Record<string, string> }

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

const isControl = (element: Element): element is Control =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement

/**
 * What an action's form sends — each named control's value, empty ones left out, a date and time as Amsterdam wall
 * clock time with its offset — or the problems to fix first: a control marked `data-required` sent empty, one marked
 * `data-invalid` that does not read as a moment, a group marked `data-one-of` with nothing chosen.
 */
export function actionBody(form: HTMLFormElement): PreparedAction {
  const body: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const control of [...form.elements].filter(isControl)) {
    // A control without a name, or disabled (a field hidden for this choice: shown-when.ts), is not sent.
    if (control.name === '' || control.disabled) continue
    const value = control.value
    const required = control.dataset.required
    if (value.trim() === '') {
      if (required !== undefined) errors[control.name] = required
      continue
    }
    if (control.type === 'datetime-local') {
      const moment = amsterdamIso(value)
      if (moment === undefined) errors[control.name] = control.dataset.invalid ?? ''
      else body[control.name] = moment
      continue
    }
    body[control.name] = value
  }
  for (const group of form.querySelectorAll<HTMLElement>('[data-one-of]')) {
    const chosen = [...group.querySelectorAll('input, textarea, select')]
      .filter(isControl)
      .some((control) => control.value !== '')
    if (!chosen) errors[group.dataset.field ?? '_body'] = group.dataset.oneOf ?? ''
  }
  return Object.keys(errors).length > 0 ? { errors } : { body }
}

/** What the page says after an action succeeded (the form's own words; `{name}`: the advisor the answer names). */
export function doneText(
  form: HTMLFormElement,
  answer: ActionAnswer | undefined,
  advisorName: (id: unknown) => string,
) {
  if (answer?.via === 'follow-up' && form.dataset.doneIntoBox) return form.dataset.doneIntoBox
  return fill(form.dataset.done ?? '', { name: advisorName(answer?.assignee) })
}
