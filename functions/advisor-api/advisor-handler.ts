import type { Logger } from '@aws-lambda-powertools/logger'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import type { CaseActionDependencies } from '../core/advisor-actions/advisor-action.ts'
import { downloadAttachment, listOpenCases, readCase } from '../core/advisor-actions/advisor-cases.ts'
import { isAdvisorAction, performAdvisorAction } from '../core/advisor-actions/registry.ts'
import { removeReminder } from '../core/advisor-actions/reminders.ts'
import { readWorkload } from '../core/advisor-actions/workload.ts'
import { isReference } from '../core/cases/reference.ts'
import { registerPhoneCall } from '../core/cases/register-phone-call.ts'
import type { CaseRetentionStore, CaseStatisticsStore, ObjectStore } from '../core/ports/stores.ts'
import { eraseCase, exportCase, type RetentionPolicy } from '../core/retention/retention.ts'
import type { ActingAdvisor } from '../core/roster/staff.ts'
import { CaseNotFoundError } from '../core/shared/errors.ts'
import { readStatistics } from '../core/statistics/statistics-query.ts'
import {
  deleteReplyTemplate,
  listReplyTemplates,
  type ReplyTemplateDependencies,
  saveReplyTemplate,
} from '../core/templates/reply-templates.ts'
import { advisorFromClaims } from '../http/advisor-claims.ts'
import { HttpProblem } from '../http/problem.ts'
import { problemResponses } from '../http/problem-responses.ts'
import { type EventWithBody, requestBody } from '../http/request-body.ts'
import { jsonResponse, type Response } from '../http/responses.ts'
import type { RouteKeyOf } from '../http/routes.ts'
import { sameOriginOnly } from '../http/same-origin.ts'
import { statisticsCsv, statisticsCsvFileName } from '../views/statistics/csv.ts'
import { statisticsExcelCsv, statisticsExcelFileName } from '../views/statistics/excel-csv.ts'

export interface AdvisorApiDependencies
  extends CaseActionDependencies,
    Pick<ReplyTemplateDependencies, 'replyTemplates' | 'starterTemplates'> {
  /** Where mail attachments are kept (S3 in AWS). */
  store: ObjectStore
  /** The anonymised statistics records (GET /api/advisor/stats). */
  statistics: CaseStatisticsStore
  /** Tombstones and the deletes of an erasure (the retention purge's, core/retention/retention.ts). */
  retention: CaseRetentionStore
  retentionPolicy: RetentionPolicy
  caseRetentionDays: number
  maxBodyBytes: number
  /** MAR's phone number (configuration), signed under every answer to a requester. */
  marPhone: string
  logger: Logger
}

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
          const { method } = request.event.requestContext.http
          if (method === 'POST') return body.before?.(request)
          // PUT: only on a route that takes it (any other answers 404 below, whatever its body).
          if (method === 'PUT' && Object.hasOwn(ROUTES, request.event.routeKey)) return body.before?.(request)
        },
      })
      .handler(async (event): Promise<Response> => {
        const reference = event.pathParameters?.reference
        if (reference !== undefined && !isReference(reference)) throw new CaseNotFoundError()
        const route = Object.hasOwn(ROUTES, event.routeKey) ? ROUTES[event.routeKey as AdvisorRouteKey] : undefined
        if (route === undefined) throw new HttpProblem(404, 'not_found', 'No such route.')
        return route({ event, actor: advisorFromClaims(event), reference: reference as string, deps })
      })
  )
}

interface RouteRequest {
  event: APIGatewayProxyEventV2
  actor: ActingAdvisor
  /** The path's case reference, checked for shape (on the routes that have one). */
  reference: string
  deps: AdvisorApiDependencies
}

type AdvisorRouteKey = RouteKeyOf<'advisor-api'>

/** The JSON body of a POST (the body middleware parsed it); anything else is refused. */
function jsonInput(event: APIGatewayProxyEventV2): unknown {
  const parsed = (event as EventWithBody).parsedBody
  if (parsed?.kind !== 'json') {
    throw new HttpProblem(415, 'unsupported_media_type', 'Send the request as application/json, in UTF-8.')
  }
  return parsed.value
}

/** A template's id from the path, decoded (core checks its shape: only a slug is ever logged). */
function templateId(event: APIGatewayProxyEventV2): string {
  const raw = event.pathParameters?.id ?? ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** What the log gets of a request on a case: the route, the reference, who, and the outcome. */
function logged({ event, actor, reference, deps }: RouteRequest, outcome: string) {
  deps.logger.info('advisor request', { route: event.routeKey, reference, advisorId: actor.id, outcome })
}

/** Every route of the advisor API (functions/http/routes.ts), each with its use case. */
const ROUTES: Record<AdvisorRouteKey, (request: RouteRequest) => Promise<Response>> = {
  'GET /api/advisor/cases': async ({ event, actor, deps }) => {
    const query = event.queryStringParameters ?? {}
    const { audit, ...answer } = await listOpenCases(
      actor,
      Object.fromEntries(
        (['q', 'status', 'assignee', 'channel', 'topic', 'risk'] as const).flatMap((name) =>
          query[name] === undefined ? [] : [[name, query[name]]],
        ),
      ),
      deps,
    )
    // The search audit: who searched, when (the line's timestamp), with which filters (names, never the query) and
    // how many cases it found. A log line, not a case event: a search is about no one case (README, Privacy).
    deps.logger.info(audit.searched ? 'case search' : 'advisor request', {
      route: event.routeKey,
      advisorId: actor.id,
      count: answer.cases.length,
      filters: audit.filters,
    })
    return jsonResponse(200, answer)
  },
  'GET /api/advisor/stats': async ({ event, actor, deps }) => {
    const { query, report } = await readStatistics(event.queryStringParameters, actor, deps)
    deps.logger.info('advisor request', {
      route: event.routeKey,
      advisorId: actor.id,
      months: report.months.length,
      format: query.format,
      published: report.published,
    })
    if (query.format === 'csv') return csvResponse(statisticsCsv(report), statisticsCsvFileName(report))
    if (query.format === 'excel') return csvResponse(statisticsExcelCsv(report), statisticsExcelFileName(report))
    return jsonResponse(200, report)
  },
  'GET /api/advisor/templates': async ({ event, actor, deps }) => {
    const answer = await listReplyTemplates(actor, deps)
    deps.logger.info('advisor request', { route: event.routeKey, advisorId: actor.id, count: answer.templates.length })
    return jsonResponse(200, answer)
  },
  'PUT /api/advisor/templates/{id}': async ({ event, actor, deps }) => {
    const { template, created } = await saveReplyTemplate(templateId(event), jsonInput(event), actor, deps)
    deps.logger.info('advisor request', {
      route: event.routeKey,
      advisorId: actor.id,
      templateId: template.id,
      status: created ? 201 : 200,
    })
    return jsonResponse(created ? 201 : 200, { template })
  },
  'DELETE /api/advisor/templates/{id}': async ({ event, actor, deps }) => {
    const answer = await deleteReplyTemplate(templateId(event), actor, deps)
    deps.logger.info('advisor request', { route: event.routeKey, advisorId: actor.id })
    return jsonResponse(200, answer)
  },
  'GET /api/advisor/workload': async ({ event, actor, deps }) => {
    const answer = await readWorkload(actor, deps)
    deps.logger.info('advisor request', { route: event.routeKey, advisorId: actor.id, count: answer.advisors.length })
    return jsonResponse(200, answer)
  },
  'POST /api/advisor/cases': async ({ event, actor, deps }) => {
    const created = await registerPhoneCall(jsonInput(event), actor, deps)
    deps.logger.info('advisor request', { route: event.routeKey, reference: created.reference, advisorId: actor.id })
    return jsonResponse(201, created)
  },
  'GET /api/advisor/cases/{reference}': async (request) => {
    const answer = await readCase(request.reference, request.actor, request.deps)
    logged(request, 'read')
    return jsonResponse(200, answer)
  },
  'GET /api/advisor/cases/{reference}/export': async (request) => {
    const answer = await exportCase(request.reference, request.actor, request.deps)
    logged(request, answer.removed ? 'exported-tombstone' : 'exported')
    return jsonResponse(200, answer)
  },
  'DELETE /api/advisor/cases/{reference}': async (request) => {
    const answer = await eraseCase(request.reference, request.actor, request.deps)
    logged(request, 'erased')
    return jsonResponse(200, answer)
  },
  'GET /api/advisor/cases/{reference}/attachments/{id}': async (request) => {
    const id = request.event.pathParameters?.id ?? ''
    const file = await downloadAttachment(request.reference, id, request.actor, request.deps)
    logged(request, 'attachment-downloaded')
    return attachmentResponse(file)
  },
  'DELETE /api/advisor/cases/{reference}/reminders/{id}': async (request) => {
    const id = request.event.pathParameters?.id ?? ''
    const answer = await removeReminder(request.reference, id, request.actor, request.deps)
    logged(request, 'reminder-removed')
    return jsonResponse(200, answer)
  },
  /** The case actions (core/advisor-actions/registry.ts), by their route name. */
  'POST /api/advisor/cases/{reference}/{action}': async (request) => {
    const name = request.event.pathParameters?.action ?? ''
    if (!isAdvisorAction(name)) throw new HttpProblem(404, 'not_found', 'No such action.')
    const { status, answer } = await performAdvisorAction(
      name,
      request.reference,
      request.actor,
      jsonInput(request.event),
      request.deps,
    )
    logged(request, name)
    return jsonResponse(status, answer)
  },
}

/** The figures as a CSV download (views/statistics/csv.ts, or excel-csv.ts for a Dutch spreadsheet). */
function csvResponse(body: string, fileName: string): Response {
  // The API's protective headers (no-store, nosniff, …), with the CSV's type and name.
  const base = jsonResponse(200, null)
  return {
    ...base,
    headers: {
      ...base.headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
    body,
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
