/** "We received your request" in place of the form, cloned from the page's inert <template>. */
import { FormId } from '../../../functions/views/pages/element-ids.ts'
import { answerDateFormat } from '../../../functions/views/pages/site-settings.ts'
import { enhanceCopyButtons } from './copy-code.ts'

export interface SubmitAnswer {
  reference: string
  guidance?: unknown
  receipt?: unknown
  /** When MAR answers at the latest (ISO 8601): the acknowledgement mail's date. */
  respondBy?: unknown
}

export function showConfirmation(answer: SubmitAnswer): boolean {
  const template = document.getElementById(FormId.confirmationTemplate)
  const main = document.querySelector('main')
  if (!(template instanceof HTMLTemplateElement) || !main) return false
  const content = template.content.cloneNode(true) as DocumentFragment
  for (const element of content.querySelectorAll('[data-reference]')) element.textContent = answer.reference
  const urgent = typeof answer.guidance === 'string' && answer.guidance.trim() !== ''
  const anonymous = typeof answer.receipt === 'string' && answer.receipt !== ''
  const applies = { urgent, anonymous, named: !anonymous }
  for (const block of content.querySelectorAll<HTMLElement>('[data-show-if]')) {
    const audience = block.dataset.showIf as keyof typeof applies
    if (applies[audience]) block.removeAttribute('data-show-if')
    else block.remove()
  }
  if (anonymous) {
    const receipt = content.querySelector('[data-receipt]')
    if (receipt) receipt.textContent = answer.receipt as string
  }
  content.querySelector('[data-receipt-block]')?.removeAttribute('data-receipt-block')
  fillAnswerDate(content, answer.respondBy, template)
  main.replaceChildren(content)
  enhanceCopyButtons(main)
  if (template.dataset.title) document.title = template.dataset.title
  window.scrollTo(0, 0)
  main.querySelector('h1')?.focus()
  return true
}

/** The answer date in the words of the page's language and MAR's time zone, as the server writes it. */
function fillAnswerDate(content: DocumentFragment, respondBy: unknown, template: HTMLTemplateElement): void {
  const moment = typeof respondBy === 'string' ? new Date(respondBy) : undefined
  const lang = template.dataset.lang === 'en' ? 'en' : 'nl'
  const dates = content.querySelectorAll('time[data-respond-by]')
  if (moment === undefined || Number.isNaN(moment.getTime())) {
    // No date in the answer: leave out the sentences that would have said it.
    for (const time of dates) time.closest('li, p')?.remove()
    return
  }
  const text = answerDateFormat(lang, template.dataset.timeZone || 'Europe/Amsterdam').format(moment)
  for (const time of dates) {
    time.setAttribute('datetime', moment.toISOString())
    time.textContent = text
  }
}
