import type { Logger } from '@aws-lambda-powertools/logger'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { downloadAttachment, listOpenCases, readCase } from '../core/advisor-actions/advisor-cases.ts'
import {
  acknowledgeFromWorkspace,
  actionBody,
  addNote,
  assignCase,
  type CaseActionDependencies,
  classifyCase,
  closeCase,
  pauseCase,
  replyToRequester,
  resumeCase,
} from '../core/advisor-actions/case-actions.ts'
import { isReference } from '../core/cases/reference.ts'
import { registerPhoneCall } from '../core/cases/register-phone-call.ts'
import type { CaseRetentionStore, CaseStatisticsStore, ObjectStore } from '../core/ports/stores.ts'
import { eraseCase, exportCase, type RetentionPolicy } from '../core/retention/retention.ts'
import { CaseNotFoundError } from '../core/shared/errors.ts'
import { readStatistics } from '../core/statistics/statistics-query.ts'
import { advisorFromClaims } from '../http/advisor-claims.ts'
import { HttpProblem } from '../http/problem.ts'
import { problemResponses } from '../http/problem-responses.ts'
import { type EventWithBody, requestBody } from '../http/request-body.ts'
import { jsonResponse, type Response } from '../http/responses.ts'
import { sameOriginOnly } from '../http/same-origin.ts'
import { statisticsCsv, statisticsCsvFileName } from '../views/statistics/csv.ts'

export interface AdvisorApiDependencies extends CaseActionDependencies {
  /** Where mail attachments are kept (S3 in AWS). */
  store: ObjectStore
  /** The anonymised statistics records (GET /api/advisor/stats). */
  statistics: CaseStatisticsStore
  /** Tombstones and the deletes of an erasure (the retention purge's, core/retention/retention.ts). */
  retention: CaseRetentionStore
  retentionPolicy: RetentionPolicy
  caseRetentionDays: number
  maxBodyBytes: number
  logger: Logger
}

/** The case actions by their path segment: POST /api/advisor/cases/{reference}/{action}. */
const ACTIONS = {
  acknowledge: {
    status: 200,
    run: (reference, actor, body, deps) => {
      actionBody(body, [])
      return acknowledgeFromWorkspace(reference, actor, deps)
    },
  },
  replies: { status: 201, run: replyToRequester },
  notes: { status: 201, run: addNote },
  assign: { status: 200, run: assignCase },
  pause: { status: 200, run: pauseCase },
  resume: {
    status: 200,
    run: (reference, actor, body, deps) => {
      actionBody(body, [])
      return resumeCase(reference, actor, deps)
    },
  },
  close: { status: 200, run: closeCase },
  classify: { status: 200, run: classifyCase },
} satisfies Record<
  string,
  {
    status: number
    run: (
      reference: string,
      actor: ReturnType<typeof advisorFromClaims>,
      body: unknown,
      deps: CaseActionDependencies,
    ) => Promise<unknown>
  }
>

/**
 * /api/advisor/* — the advisor workspace's API, behind the JWT authorizer. Each route: the signed-in advisor from
 * the claims, the body (JSON only), one use case, its answer. The log gets the route, the reference and the outcome.
 */
export function createAdvisorApiHandler(deps: AdvisorApiDependencies) {
  const body = requestBody({ maxBytes: deps.maxBodyBytes })
  return (
    middy<APIGatewayProxyEventV2, Response>()
      .use(problemResponses({ logger: deps.logger }))
      // The workspace is served from the public URL only: no other page may act with an advisor's session.
      .use(sameOriginOnly(() => [deps.publicUrl]))
      .use({
        before: (request) => {
          // Claims before the body: without a sign-in nothing else about the request matters.
          advisorFromClaims(request.event)
          if (request.event.requestContext.http.method === 'POST') return body.before?.(request)
        },
      })
      .handler(async (event): Promise<Response> => {
        const actor = advisorFromClaims(event)
        const input = () => {
          const parsed = (event as EventWithBody).parsedBody
          if (parsed?.kind !== 'json') {
            throw new HttpProblem(415, 'unsupported_media_type', 'Send the request as application/json, in UTF-8.')
          }
          return parsed.value
        }
        const reference = event.pathParameters?.reference
        if (reference !== undefined && !isReference(reference)) throw new CaseNotFoundError()
        const log = (outcome: string) =>
          deps.logger.info('advisor request', { route: event.routeKey, reference, advisorId: actor.id, outcome })

        switch (event.routeKey) {
          case 'GET /api/advisor/cases': {
            const query = event.queryStringParameters ?? {}
            const answer = await listOpenCases(
              actor,
              {
                ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
                ...(query.status === undefined ? {} : { status: query.status }),
              },
              deps,
            )
            deps.logger.info('advisor request', {
              route: event.routeKey,
              advisorId: actor.id,
              count: answer.cases.length,
            })
            return jsonResponse(200, answer)
          }
          case 'GET /api/advisor/stats': {
            const { query, report } = await readStatistics(event.queryStringParameters, actor, deps)
            deps.logger.info('advisor request', {
              route: event.routeKey,
              advisorId: actor.id,
              months: report.months.length,
              format: query.format,
              published: report.published,
            })
            return query.format === 'csv' ? csvResponse(report) : jsonResponse(200, report)
          }
          case 'POST /api/advisor/cases': {
            const created = await registerPhoneCall(input(), actor, deps)
            deps.logger.info('advisor request', {
              route: event.routeKey,
              reference: created.reference,
              advisorId: actor.id,
            })
            return jsonResponse(201, created)
          }
          case 'GET /api/advisor/cases/{reference}': {
            const answer = await readCase(reference as string, actor, deps)
            log('read')
            return jsonResponse(200, answer)
          }
          case 'GET /api/advisor/cases/{reference}/export': {
            const answer = await exportCase(reference as string, actor, deps)
            log(answer.removed ? 'exported-tombstone' : 'exported')
            return jsonResponse(200, answer)
          }
          case 'DELETE /api/advisor/cases/{reference}': {
            const answer = await eraseCase(reference as string, actor, deps)
            log('erased')
            return jsonResponse(200, answer)
          }
          case 'GET /api/advisor/cases/{reference}/attachments/{id}': {
            const file = await downloadAttachment(reference as string, event.pathParameters?.id ?? '', actor, deps)
            log('attachment-downloaded')
            return attachmentResponse(file)
          }
          case 'POST /api/advisor/cases/{reference}/{action}': {
            const name = event.pathParameters?.action ?? ''
            const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name as keyof typeof ACTIONS] : undefined
            if (action === undefined) throw new HttpProblem(404, 'not_found', 'No such action.')
            const answer = await action.run(reference as string, actor, input(), deps)
            log(name)
            return jsonResponse(action.status, answer)
          }
          default:
            throw new HttpProblem(404, 'not_found', 'No such route.')
        }
      })
  )
}

/** The figures as a CSV download (views/statistics/csv.ts). */
function csvResponse(report: Parameters<typeof statisticsCsv>[0]): Response {
  // The API's protective headers (no-store, nosniff, …), with the CSV's type and name.
  const base = jsonResponse(200, null)
  return {
    ...base,
    headers: {
      ...base.headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${statisticsCsvFileName(report)}"`,
    },
    body: statisticsCsv(report),
  }
}

/** A media type as `type/subtype` (parameters dropped); anything else is served as bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/

/**
 * The file as a download, never shown in the page: `Content-Disposition: attachment`, `nosniff`, and a sandboxing CSP
 * in case a browser renders it anyway. The name is given as ASCII and, exactly, as RFC 5987 UTF-8.
 */
function attachmentResponse(file: { name: string; type: string; content: Uint8Array }): Response {
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return {
    statusCode: 200,
    headers: {
      'content-type': MEDIA_TYPE.test(file.type) ? file.type : 'application/octet-stream',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
    body: Buffer.from(file.content).toString('base64'),
    isBase64Encoded: true,
  }
}
