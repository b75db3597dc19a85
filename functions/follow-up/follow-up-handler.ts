import type { Logger } from '@aws-lambda-powertools/logger'
import {
  canonicalReference,
  type FollowUpDependencies,
  openFollowUp,
  postFollowUpMessage,
} from '../core/follow-up/follow-up.ts'
import {
  CaseStateConflictError,
  FollowUpDeniedError,
  TooManyAttemptsError,
  ValidationError,
} from '../core/shared/errors.ts'
import { publicFormEndpoint } from '../http/public-form-endpoint.ts'
import type { EventWithBody } from '../http/request-body.ts'
import { htmlResponse, jsonResponse, type Response, wantsHtml } from '../http/responses.ts'
import type { AllowedOrigins } from '../http/same-origin.ts'
import { fieldMessages } from '../views/field-messages.ts'
import type { FollowUpPageOptions } from '../views/pages/follow-up.ts'
import { requesterRefusalMessage } from '../views/requester-refusals.ts'

export interface FollowUpHandlerDependencies extends FollowUpDependencies {
  maxBodyBytes: number
  logger: Logger
  pages: {
    followUp(options: FollowUpPageOptions): string
    error(options: { lang: 'nl' | 'en'; status: number }): string
  }
  allowedOrigins: AllowedOrigins
}

/**
 * POST /api/follow-up (open the box) and POST /api/follow-up/messages (write in it). JSON for scripts; a plain form
 * post gets the follow-up page back, so the box works without JavaScript. The log gets the route and the outcome:
 * never the reference (a guess is not a case), the receipt or the text.
 */
export function createFollowUpHandler(deps: FollowUpHandlerDependencies) {
  return publicFormEndpoint({
    logger: deps.logger,
    maxBodyBytes: deps.maxBodyBytes,
    errorPage: (status) => deps.pages.error({ lang: 'nl', status }),
    allowedOrigins: deps.allowedOrigins,
  }).handler(async (event): Promise<Response> => {
    const { parsedBody } = event as EventWithBody
    const input = parsedBody.kind === 'form' ? fieldsFromForm(parsedBody.entries) : parsedBody.value
    const writing = event.routeKey === 'POST /api/follow-up/messages'
    if (!(wantsHtml(event) && parsedBody.kind === 'form')) {
      if (!writing) {
        const conversation = await openFollowUp(input, deps)
        deps.logger.info('follow-up opened', { messages: conversation.messages.length })
        return jsonResponse(200, conversation)
      }
      const { status, message } = await postFollowUpMessage(input, deps)
      deps.logger.info('follow-up message received', { status })
      return jsonResponse(201, { status, message })
    }
    return answerWithPage(input as Record<string, unknown>, writing, deps)
  })
}

/** The form post's answer: the conversation, or the form again with what went wrong. */
async function answerWithPage(
  input: Record<string, unknown>,
  writing: boolean,
  deps: FollowUpHandlerDependencies,
): Promise<Response> {
  const lang = input.language === 'en' ? 'en' : 'nl'
  const typed = (name: string) => (typeof input[name] === 'string' ? (input[name] as string) : '')
  const page = (status: number, options: Omit<FollowUpPageOptions, 'lang'>, headers: Record<string, string> = {}) =>
    htmlResponse(status, deps.pages.followUp({ lang, ...options }), headers)
  try {
    // Written: the box as it now stands, without checking the pair (and counting an attempt) a second time.
    const conversation = writing
      ? await (await postFollowUpMessage(input, deps)).conversation()
      : await openFollowUp({ language: lang, reference: typed('reference'), receipt: typed('receipt') }, deps)
    deps.logger.info(writing ? 'follow-up message received' : 'follow-up opened', { status: conversation.status })
    return page(200, {
      conversation: {
        ...conversation,
        // The pair goes back only into the reply form's hidden fields, as the requester typed it.
        reference: canonicalOrTyped(typed('reference')),
        receipt: typed('receipt'),
        sent: writing,
      },
    })
  } catch (error) {
    const refused = refusalOf(error, deps.clock.now())
    if (refused === undefined) throw error
    deps.logger.info('follow-up refused', { status: refused.status, code: refused.code })
    if (writing && refused.code === 'validation_failed' && refused.fields?.text !== undefined) {
      // The pair was fine (or would have been refused as such): show the conversation again with the draft kept.
      try {
        const conversation = await openFollowUp(
          { language: lang, reference: typed('reference'), receipt: typed('receipt') },
          deps,
        )
        return page(400, {
          conversation: {
            ...conversation,
            reference: canonicalOrTyped(typed('reference')),
            receipt: typed('receipt'),
            draft: typed('text'),
          },
          errors: refused.fields,
        })
      } catch (second) {
        const again = refusalOf(second, deps.clock.now())
        if (again === undefined) throw second
        return page(again.status, { reference: typed('reference'), ...again.page }, again.headers)
      }
    }
    return page(refused.status, { reference: typed('reference'), ...refused.page }, refused.headers)
  }
}

function refusalOf(
  error: unknown,
  now: Date,
):
  | {
      status: number
      code: string
      fields?: Record<string, string>
      headers?: Record<string, string>
      page: Pick<FollowUpPageOptions, 'errors' | 'refusal'>
    }
  | undefined {
  if (error instanceof ValidationError) {
    const fields = fieldMessages(error)
    return { status: 400, code: 'validation_failed', fields, page: { errors: fields } }
  }
  if (error instanceof FollowUpDeniedError) {
    return { status: 401, code: 'follow_up_denied', page: { refusal: { kind: 'denied', message: refusalText(error) } } }
  }
  if (error instanceof TooManyAttemptsError) {
    return {
      status: 429,
      code: 'too_many_attempts',
      headers: { 'retry-after': String(error.retryAfterSeconds) },
      page: {
        refusal: {
          kind: 'locked',
          message: refusalText(error),
          retryAt: new Date(now.getTime() + error.retryAfterSeconds * 1000).toISOString(),
        },
      },
    }
  }
  if (error instanceof CaseStateConflictError) {
    return { status: 409, code: error.code, page: { refusal: { kind: 'closed', message: refusalText(error) } } }
  }
  return undefined
}

function canonicalOrTyped(reference: string): string {
  return canonicalReference(reference) ?? reference.trim()
}

/** A form's fields as the use case reads them: one value per name; a name sent twice is not text. */
function fieldsFromForm(entries: Map<string, string[]>): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.create(null)
  for (const [name, values] of entries) fields[name] = values.length === 1 ? values[0] : values
  return fields
}

/** The refusal in the requester's words (views), or the error's own message where the views have none. */
function refusalText(error: Error): string {
  return requesterRefusalMessage(error) ?? error.message
}
