/**
 * The reply form's ways of answering (`via`): by mail to the requester's address, into their follow-up box, or by
 * phone (the advisor writes down what they said; nothing is sent). Phone is always offered; the written way only
 * where there is one. The written way is checked when there is one, else phone. The line under the choice says
 * where the answer goes.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, describedBy, fill } from '../shared/dom.ts'
import type { AdvisorCaseView } from './api-types.ts'
import { requesterAddress } from './case-view.ts'
import { copy } from './copy.ts'

type Via = 'mail' | 'follow-up' | 'phone'

/** The ways this requester can be answered, the written one first. */
export function replyWays(item: AdvisorCaseView): Via[] {
  const address = requesterAddress(item)
  if (address !== '') return ['mail', 'phone']
  return item.followUpBox === true ? ['follow-up', 'phone'] : ['phone']
}

function phoneOf(item: AdvisorCaseView): string {
  return 'phone' in item && typeof item.phone === 'string' ? item.phone : ''
}

/** Where the answer goes, for the way chosen. */
export function replyToText(item: AdvisorCaseView, via: string): string {
  if (via === 'mail') return fill(copy.text.replyTo, { address: requesterAddress(item) })
  if (via === 'follow-up') return copy.text.replyToBox
  const phone = phoneOf(item)
  return [copy.text.replyByPhone, phone ? fill(copy.text.replyByPhoneNumber, { phone }) : ''].filter(Boolean).join(' ')
}

let shown: AdvisorCaseView | undefined

/** Sets the reply form up for the case: its ways, the one checked, what is said about them. */
export function renderReplyForm(item: AdvisorCaseView, canReply: boolean): void {
  shown = item
  const group = byId(AdvisorId.replyVia)
  const ways = replyWays(item)
  const radios = group ? [...group.querySelectorAll<HTMLInputElement>('input[name="via"]')] : []
  // A way the advisor chose stays chosen while the case still offers it (another action re-renders the page).
  const chosen = radios.find((radio) => radio.checked)?.value
  const keep = chosen !== undefined && ways.includes(chosen as Via) ? chosen : ways[0]
  for (const radio of radios) {
    const offered = ways.includes(radio.value as Via)
    const choice = radio.closest<HTMLElement>('.choice')
    if (choice) choice.hidden = !offered
    radio.disabled = !offered || !canReply
    radio.checked = radio.value === keep
  }
  if (group && group.dataset.wired !== 'true') {
    group.dataset.wired = 'true'
    group.addEventListener('change', (event) => {
      const chosen = event.target instanceof HTMLInputElement && event.target.checked ? event.target : undefined
      showWhereItGoes(canReplyNow(), chosen)
    })
  }
  const reply = byId(AdvisorId.replyText)
  const submit = byId(AdvisorId.replySubmit)
  if (reply instanceof HTMLTextAreaElement) reply.disabled = !canReply
  if (submit instanceof HTMLButtonElement) submit.disabled = !canReply
  // No written way: say so once, with the number to call.
  const unavailable = byId(AdvisorId.replyUnavailable)
  const phoneOnly = canReply && !ways.includes('mail') && !ways.includes('follow-up')
  if (unavailable) {
    unavailable.hidden = !phoneOnly
    const phone = phoneOf(item)
    unavailable.textContent = phoneOnly
      ? [copy.text.noEmail, phone ? fill(copy.text.noEmailPhone, { phone }) : ''].filter(Boolean).join(' ')
      : ''
  }
  if (reply) describedBy(reply, AdvisorId.replyUnavailable, phoneOnly)
  if (submit) describedBy(submit, AdvisorId.replyUnavailable, phoneOnly)
  showWhereItGoes(canReply)
}

function canReplyNow(): boolean {
  const submit = byId(AdvisorId.replySubmit)
  return submit instanceof HTMLButtonElement && !submit.disabled
}

function showWhereItGoes(canReply: boolean, chosen?: HTMLInputElement): void {
  const replyTo = byId(AdvisorId.replyTo)
  if (!replyTo || shown === undefined) return
  const checked = chosen ?? byId(AdvisorId.replyVia)?.querySelector<HTMLInputElement>('input[name="via"]:checked')
  replyTo.hidden = !canReply || !checked
  replyTo.textContent = canReply && checked ? replyToText(shown, checked.value) : ''
}
