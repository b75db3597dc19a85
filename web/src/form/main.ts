/**
 * Progressive enhancement of the MAR request form (bundled to /assets/form.js by web/bundle.ts). The page works fully
 * without this script (a plain form post); with it, fields show and hide as they apply, the description counts
 * characters, and the form is sent as JSON so the answer appears in place. All texts come from the page (data-*
 * attributes and a <template>): none live here.
 */
import { FormId } from '../../../functions/views/pages/element-ids.ts'
import { fill } from '../shared/dom.ts'
import { enhanceCharacterCount } from './character-count.ts'
import { type SubmitAnswer, showConfirmation } from './confirmation.ts'
import { enhanceCopyButtons } from './copy-code.ts'
import { enhanceSummaryLinks, focusServerErrorSummary, formErrors } from './errors.ts'
import { newIdempotencyKey, requestBody, retryAfterSeconds } from './request-body.ts'
import { enhanceVisibility } from './visibility.ts'

const API_PATH = '/api/requests'

interface ErrorAnswer {
  error?: { message?: unknown; fields?: unknown }
}

async function readJson(response: Response): Promise<(Partial<SubmitAnswer> & ErrorAnswer) | undefined> {
  try {
    return await response.json()
  } catch {
    return undefined
  }
}

export function enhanceForm(form: HTMLFormElement): void {
  const messages = form.dataset
  const lang = messages.lang === 'en' ? 'en' : 'nl'
  const submitButton = form.querySelector('button[type="submit"]')
  const messageBox = document.getElementById(FormId.formMessage)
  const errors = formErrors(form, document.title.replace(`${messages.errorPrefix ?? ''} `, ''))
  let idempotencyKey = newIdempotencyKey()
  let sending = false

  enhanceVisibility(form)
  enhanceCharacterCount(form, lang)

  const showMessage = (text: string, kind: 'error' | 'info' = 'error') => {
    if (!messageBox) return
    messageBox.classList.toggle('form-message--info', kind === 'info')
    messageBox.textContent = text
  }

  const finishSending = () => {
    sending = false
    form.removeAttribute('aria-busy')
    if (submitButton instanceof HTMLButtonElement) {
      const hadFocus = document.activeElement === submitButton || document.activeElement === document.body
      submitButton.disabled = false
      if (hadFocus) submitButton.focus()
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (sending) return
    sending = true
    form.setAttribute('aria-busy', 'true')
    if (submitButton instanceof HTMLButtonElement) submitButton.disabled = true
    showMessage(messages.msgSending ?? '', 'info')

    let response: Response
    try {
      response = await fetch(API_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify(requestBody(form, lang)),
      })
    } catch {
      // The request may or may not have arrived: keep the key, so sending again cannot make a second case.
      showMessage(messages.msgNetwork ?? '')
      finishSending()
      return
    }

    const answer = await readJson(response)
    if (response.ok && answer && typeof answer.reference === 'string') {
      sending = false
      if (showConfirmation({ ...answer, reference: answer.reference })) return
    }
    showMessage('')
    if (response.status === 400 || response.status === 413 || response.status === 415) {
      // Refused before anything was stored: the corrected request is a new one.
      idempotencyKey = newIdempotencyKey()
    }
    const fields = answer?.error?.fields
    if (response.status === 400 && fields && typeof fields === 'object') {
      finishSending()
      if (errors.show(fields as Record<string, unknown>)) return
      const message = answer?.error?.message
      showMessage(typeof message === 'string' ? message : (messages.msgFailed ?? ''))
      return
    }
    if (response.status === 413) showMessage(messages.msgTooLarge ?? '')
    else if (response.status === 415) showMessage(messages.msgUnsupported ?? '')
    else if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers.get('Retry-After'))
      showMessage(
        seconds === undefined
          ? (messages.msgRateLimitedSoon ?? '')
          : fill(messages.msgRateLimited ?? '', { seconds: seconds.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL') }),
      )
    } else showMessage(messages.msgFailed ?? '')
    finishSending()
  })

  // Coming back with the browser's back button must not leave the form stuck in "sending".
  window.addEventListener('pageshow', () => {
    if (sending) return
    if (submitButton instanceof HTMLButtonElement) submitButton.disabled = false
    form.removeAttribute('aria-busy')
  })
}

enhanceSummaryLinks()
const requestForm = document.getElementById(FormId.requestForm)
if (requestForm instanceof HTMLFormElement) enhanceForm(requestForm)
focusServerErrorSummary()
// The confirmation of a plain form post (the server's page) gets its copy buttons too.
enhanceCopyButtons()
