import type { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { type ActionLinkDependencies, acknowledgeCase, inspectActionToken } from '../core/links/acknowledge-case.ts'
import { InvalidActionTokenError, type InvalidActionTokenReason } from '../core/links/action-token.ts'
import { CaseNotFoundError } from '../core/shared/errors.ts'
import { toProblem } from '../http/problem-responses.ts'
import { htmlResponse, type Response } from '../http/responses.ts'
import { type AllowedOrigins, isCrossSiteRequest } from '../http/same-origin.ts'

export interface ActionPages {
  confirm(options: { reference: string; actionPath: string }): string
  done(options: { reference: string; outcome: 'acknowledged' | 'already' }): string
  invalid(options: { reason: ActionRefusal }): string
  failed(): string
}

export type ActionRefusal = InvalidActionTokenReason | 'not-found' | 'cross-site'

export interface ActionHandlerDependencies extends ActionLinkDependencies {
  logger: Logger
  pages: ActionPages
  /** The confirmation page's origin (the public URL): a POST from any other site's page is refused. */
  allowedOrigins: AllowedOrigins
}

const INVALID_STATUS: Record<ActionRefusal, number> = {
  malformed: 400,
  forged: 403,
  expired: 410,
  revoked: 410,
  'not-permitted': 403,
  'not-found': 404,
  'cross-site': 403,
}

/**
 * GET|POST /actions/{token} — the one-click acknowledge link in advisor mail. GET shows what the link will do and
 * changes nothing (mail scanners prefetch links); POST does it, and only from the confirmation page (a post from
 * another site is refused). Both check the link against the case and the roster in force. The token never reaches
 * the logs.
 */
export function createActionHandler(deps: ActionHandlerDependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const token = event.pathParameters?.token ?? ''
    const method = event.requestContext?.http?.method ?? 'GET'
    try {
      if (isCrossSiteRequest(event, deps.allowedOrigins())) {
        deps.logger.info('action link refused', { reason: 'cross-site' })
        return htmlResponse(INVALID_STATUS['cross-site'], deps.pages.invalid({ reason: 'cross-site' }))
      }
      if (method === 'POST') {
        const outcome = await acknowledgeCase(token, deps)
        deps.logger.info('case acknowledged by link', { reference: outcome.reference, outcome: outcome.kind })
        return htmlResponse(200, deps.pages.done({ reference: outcome.reference, outcome: outcome.kind }))
      }
      const claim = await inspectActionToken(token, deps)
      return htmlResponse(
        200,
        deps.pages.confirm({ reference: claim.reference, actionPath: `/actions/${encodeURIComponent(token)}` }),
      )
    } catch (error) {
      const reason =
        error instanceof InvalidActionTokenError
          ? error.reason
          : error instanceof CaseNotFoundError
            ? 'not-found'
            : undefined
      if (reason === undefined) {
        const problem = toProblem(error, deps.logger)
        return htmlResponse(problem.status, deps.pages.failed(), problem.headers)
      }
      deps.logger.info('action link refused', { reason })
      return htmlResponse(INVALID_STATUS[reason], deps.pages.invalid({ reason }))
    }
  }
}
