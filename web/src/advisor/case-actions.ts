/**
 * The actions on the case page. Which of them the page shows is the server's decision alone: a section is shown iff
 * its action is in the case's `allowedActions`; nothing here derives a rule from the status, pause or address.
 */
import { ADVISOR_ACTION_NAMES, type AdvisorActionName } from '../../../functions/core/advisor-actions/action-names.ts'
import { AdvisorId, actionSectionId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, describedBy, el, fill } from '../shared/dom.ts'
import type { ActionAnswer, AdvisorCaseView, StaffView } from './api-types.ts'
import { requesterAddress } from './case-view.ts'
import { copy } from './copy.ts'
import { amsterdamIso } from './format.ts'
import { setVisible } from './page.ts'

export function isActionName(name: string): name is AdvisorActionName {
  return (ADVISOR_ACTION_NAMES as readonly string[]).includes(name)
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
  for (const action of ADVISOR_ACTION_NAMES) setVisible(actionSectionId(action), allowed.has(action))

  const address = requesterAddress(item)
  // An anonymous web request's answer goes into its follow-up box, where the receipt holder reads it.
  const intoBox = address === '' && item.followUpBox === true
  const reachable = address !== '' || intoBox
  const canReply = allowed.has('replies')
  const unreachableHint = !canReply && !reachable && item.status !== 'closed'
  if (unreachableHint) setVisible(actionSectionId('replies'), true)
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

/** What an action sends, or the problems to fix first. */
export function actionBody(form: HTMLFormElement, action: AdvisorActionName): PreparedAction {
  const errors = copy.error
  const value = (name: string) => {
    const control = form.elements.namedItem(name)
    return control instanceof HTMLInputElement ||
      control instanceof HTMLTextAreaElement ||
      control instanceof HTMLSelectElement
      ? control.value
      : ''
  }
  switch (action) {
    case 'replies':
    case 'notes':
      return value('text').trim() === '' ? { errors: { text: errors.required } } : { body: { text: value('text') } }
    case 'assign':
      return value('advisorId')
        ? { body: { advisorId: value('advisorId') } }
        : { errors: { advisorId: errors.chooseAdvisor } }
    case 'close':
      return value('outcome') ? { body: { outcome: value('outcome') } } : { errors: { outcome: errors.chooseOutcome } }
    case 'classify': {
      const body: Record<string, string> = {}
      for (const name of ['topic', 'urgency', 'requesterType', 'sector']) if (value(name)) body[name] = value(name)
      return Object.keys(body).length > 0 ? { body } : { errors: { _body: errors.chooseClassification } }
    }
    case 'pause': {
      const problems: Record<string, string> = {}
      const body: Record<string, unknown> = { reason: value('reason') }
      if (value('reason').trim() === '') problems.reason = errors.required
      if (value('until')) {
        const until = amsterdamIso(value('until'))
        if (until === undefined) problems.until = errors.invalidUntil
        else body.until = until
      }
      return Object.keys(problems).length > 0 ? { errors: problems } : { body }
    }
    case 'acknowledge':
    case 'resume':
      return { body: {} }
  }
}

/** What the page says after an action succeeded. */
export function doneText(
  action: AdvisorActionName,
  answer: ActionAnswer | undefined,
  advisorName: (id: unknown) => string,
): string {
  if (action === 'replies' && answer?.via === 'follow-up') return copy.done.repliesToBox
  const text = copy.done[action]
  return action === 'assign' ? fill(text, { name: advisorName(answer?.assignee) }) : text
}
