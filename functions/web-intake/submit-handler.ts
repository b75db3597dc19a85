import type { Logger } from '@aws-lambda-powertools/logger'
import { type SubmitWebRequestDependencies, submitWebRequest } from '../core/cases/submit-web-request.ts'
import { requestedLanguage } from '../core/cases/web-request.ts'
import { ValidationError } from '../core/shared/errors.ts'
import { readIdempotencyKey } from '../http/idempotency-key.ts'
import { publicFormEndpoint } from '../http/public-form-endpoint.ts'
import type { EventWithBody } from '../http/request-body.ts'
import { htmlResponse, jsonResponse, type Response, wantsHtml } from '../http/responses.ts'
import type { AllowedOrigins } from '../http/same-origin.ts'
import { fieldMessages } from '../views/field-messages.ts'
import { IMMEDIATE_DANGER_GUIDANCE } from '../views/guidance.ts'
import { formValues, requestFromForm } from './form-fields.ts'
import type { IntakePages } from './pages.ts'

export interface SubmitHandlerDependencies extends SubmitWebRequestDependencies {
  maxBodyBytes: number
  logger: Logger
  pages: IntakePages
  allowedOrigins: AllowedOrigins
}

/** POST /api/requests — the web form's door to the "submit web request" use case. */
export function createSubmitHandler(deps: SubmitHandlerDependencies) {
  return publicFormEndpoint({
    logger: deps.logger,
    maxBodyBytes: deps.maxBodyBytes,
    errorPage: (status) => deps.pages.error({ lang: 'nl', status }),
    allowedOrigins: deps.allowedOrigins,
  }).handler(async (event): Promise<Response> => {
    const { parsedBody } = event as EventWithBody
    const input = parsedBody.kind === 'form' ? requestFromForm(parsedBody.entries) : parsedBody.value
    const lang = requestedLanguage(input)
    const html = wantsHtml(event)
    try {
      const idempotencyKey = readIdempotencyKey(event.headers, lang)
      // A plain form post without a key (no JavaScript): a reload sends the same form again and must file nothing new.
      const keyedByContent = idempotencyKey === undefined && parsedBody.kind === 'form'
      const outcome = await submitWebRequest(input, { idempotencyKey, keyedByContent }, deps)
      if (outcome.kind === 'accepted') {
        deps.logger.info('request accepted', {
          reference: outcome.reference,
          urgency: outcome.urgency,
          replayed: outcome.replayed,
        })
      } else {
        deps.logger.info('request discarded', { reason: 'honeypot' })
      }
      const urgent = outcome.urgency === 'urgent'
      const receipt = outcome.receipt === undefined ? {} : { receipt: outcome.receipt }
      const respondBy = outcome.respondBy.toISOString()
      if (html) {
        const replayed = outcome.kind === 'accepted' && outcome.replayed
        const receiptKept = outcome.kind === 'accepted' && outcome.receiptKept === true
        return htmlResponse(
          200,
          deps.pages.confirmation({
            lang,
            reference: outcome.reference,
            urgent,
            ...receipt,
            respondBy,
            replayed,
            receiptKept,
          }),
        )
      }
      return jsonResponse(201, {
        reference: outcome.reference,
        status: outcome.status,
        ...(urgent ? { guidance: IMMEDIATE_DANGER_GUIDANCE[lang] } : {}),
        ...receipt,
        respondBy,
      })
    } catch (error) {
      if (!(html && error instanceof ValidationError && parsedBody.kind === 'form')) throw error
      const errors = fieldMessages(error)
      deps.logger.info('request refused', {
        status: 400,
        code: 'validation_failed',
        fieldCount: Object.keys(errors).length,
      })
      return htmlResponse(400, deps.pages.requestForm({ lang, values: formValues(parsedBody.entries), errors }))
    }
  })
}
