import type { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { acknowledgeCase, inspectActionToken } from '../core/acknowledge-case.ts'
import { InvalidActionTokenError } from '../core/action-token.ts'
import type { Clock } from '../core/clock.ts'
import { CaseNotFoundError } from '../core/errors.ts'
import type { CaseRepository, SigningKeySource } from '../core/ports.ts'
import { htmlResponse, type Response } from '../http/responses.ts'

export interface ActionPages {
  confirm(options: { reference: string; actionPath: string }): string
  done(options: { reference: string; outcome: 'acknowledged' | 'already' }): string
  invalid(options: { reason: 'malformed' | 'forged' | 'expired' | 'not-found' }): string
  failed(): string
}

export interface ActionHandlerDependencies {
  cases: CaseRepository
  signingKey: SigningKeySource
  clock: Clock
  logger: Logger
  pages: ActionPages
}

const INVALID_STATUS = { malformed: 400, forged: 403, expired: 410, 'not-found': 404 } as const

/**
 * GET|POST /actions/{token} — the one-click acknowledge link in advisor mail. GET shows what the link will do and
 * changes nothing (mail scanners prefetch links); POST does it. The token never reaches the logs.
 */
export function createActionHandler(deps: ActionHandlerDependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const token = event.pathParameters?.token ?? ''
    const method = event.requestContext?.http?.method ?? 'GET'
    try {
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
        deps.logger.error('action failed', { errorName: error instanceof Error ? error.name : typeof error })
        return htmlResponse(500, deps.pages.failed())
      }
      deps.logger.info('action link refused', { reason })
      return htmlResponse(INVALID_STATUS[reason], deps.pages.invalid({ reason }))
    }
  }
}
