import type { Logger } from '@aws-lambda-powertools/logger'
import type { MiddlewareObj } from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import {
  CaseNotFoundError,
  CaseStateConflictError,
  FollowUpDeniedError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  TemporarilyUnavailableError,
  TooManyAttemptsError,
  ValidationError,
} from '../core/shared/errors.ts'
import { fieldMessages, validationSummary } from '../views/field-messages.ts'
import { requesterRefusalMessage } from '../views/requester-refusals.ts'
import { HttpProblem } from './problem.ts'
import { htmlResponse, jsonResponse, wantsHtml } from './responses.ts'

export interface ProblemResponseOptions {
  logger: Logger
  /** The page a plain form post gets instead of JSON; without it every answer is JSON (an API no form posts to). */
  renderErrorPage?: (problem: HttpProblem) => string
}

/**
 * The one place where errors become HTTP answers. A raw error is never serialised: the client gets a code and a
 * fixed message, the log gets the error's name and nothing of the request.
 */
export function problemResponses(options: ProblemResponseOptions): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: (request) => {
      const problem = toProblem(request.error, options.logger)
      const { status, code, message, fields, headers } = problem
      request.response =
        options.renderErrorPage && wantsHtml(request.event)
          ? htmlResponse(status, options.renderErrorPage(problem), headers)
          : jsonResponse(status, { error: { code, message, ...(fields === undefined ? {} : { fields }) } }, headers)
    },
  }
}

/** Also for a door that answers with its own pages (the action links): the status and headers of any error. */
export function toProblem(error: unknown, logger: Logger): HttpProblem {
  if (error instanceof HttpProblem) {
    logger.info('request refused', { status: error.status, code: error.code })
    return error
  }
  if (error instanceof ValidationError) {
    const fields = fieldMessages(error)
    logger.info('request refused', {
      status: 400,
      code: 'validation_failed',
      fieldCount: Object.keys(fields).length,
    })
    return new HttpProblem(400, 'validation_failed', validationSummary(error), fields)
  }
  if (error instanceof IdempotencyKeyReusedError) {
    logger.info('request refused', { status: 422, code: 'idempotency_key_reused' })
    return new HttpProblem(422, 'idempotency_key_reused', error.message)
  }
  if (error instanceof CaseNotFoundError) {
    logger.info('request refused', { status: 404, code: 'not_found' })
    return new HttpProblem(404, 'not_found', error.message)
  }
  if (error instanceof CaseStateConflictError) {
    logger.info('request refused', { status: 409, code: error.code })
    return new HttpProblem(409, error.code, requesterRefusalMessage(error) ?? error.message)
  }
  if (error instanceof FollowUpDeniedError) {
    logger.info('request refused', { status: 401, code: 'follow_up_denied' })
    return new HttpProblem(401, 'follow_up_denied', requesterRefusalMessage(error) ?? error.message)
  }
  if (error instanceof TooManyAttemptsError) {
    logger.info('request refused', { status: 429, code: 'too_many_attempts' })
    return new HttpProblem(429, 'too_many_attempts', requesterRefusalMessage(error) ?? error.message, undefined, {
      'retry-after': String(error.retryAfterSeconds),
    })
  }
  if (error instanceof ForbiddenError) {
    logger.info('request refused', { status: 403, code: 'forbidden' })
    return new HttpProblem(403, 'forbidden', error.message)
  }
  if (error instanceof TemporarilyUnavailableError) {
    // The store is throttling or down: the client did nothing wrong (not 429) and nothing was half written.
    logger.warn('request deferred', { status: 503, code: 'temporarily_unavailable' })
    return new HttpProblem(
      503,
      'temporarily_unavailable',
      'Temporarily unavailable. Please try again in a few seconds; a retry with the same Idempotency-Key never makes a second case.',
      undefined,
      { 'retry-after': String(error.retryAfterSeconds) },
    )
  }
  const name = error instanceof Error ? error.name : typeof error
  logger.error('request failed', { status: 500, errorName: name })
  return new HttpProblem(
    500,
    'internal_error',
    'Something went wrong on our side. Please try again; a retry with the same Idempotency-Key never makes a second case.',
  )
}
