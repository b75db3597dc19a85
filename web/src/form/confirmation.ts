/** "We received your request" in place of the form, cloned from the page's inert <template>. */
import { FormId } from '../../../functions/views/pages/element-ids.ts'

export interface SubmitAnswer {
  reference: string
  guidance?: unknown
  receipt?: unknown
}

export function showConfirmation(answer: SubmitAnswer): boolean {
  const template = document.getElementById(FormId.confirmationTemplate)
  const main = document.querySelector('main')
  if (!(template instanceof HTMLTemplateElement) || !main) return false
  const content = template.content.cloneNode(true) as DocumentFragment
  for (const element of content.querySelectorAll('[data-reference]')) element.textContent = answer.reference
  const urgent = typeof answer.guidance === 'string' && answer.guidance.trim() !== ''
  if (!urgent) content.querySelector('[data-urgent]')?.remove()
  const receiptBlock = content.querySelector('[data-receipt-block]')
  if (typeof answer.receipt === 'string' && answer.receipt !== '') {
    const receipt = content.querySelector('[data-receipt]')
    if (receipt) receipt.textContent = answer.receipt
  } else {
    receiptBlock?.remove()
  }
  for (const element of content.querySelectorAll('[data-urgent], [data-receipt-block]')) {
    element.removeAttribute('data-urgent')
    element.removeAttribute('data-receipt-block')
  }
  main.replaceChildren(content)
  if (template.dataset.title) document.title = template.dataset.title
  window.scrollTo(0, 0)
  main.querySelector('h1')?.focus()
  return true
}
