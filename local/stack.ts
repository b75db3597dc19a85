import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { Readable } from 'node:stream'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { Context, S3Event } from 'aws-lambda'
import { createActionHandler } from '../functions/actions/action-handler.ts'
import { actionPages } from '../functions/actions/action-pages.ts'
import { DynamoCaseRepository, DynamoCaseRetention } from '../functions/adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../functions/adapters/dynamo-mail-outbox.ts'
import { DynamoAutoReplyLimiter, DynamoMessageThreads } from '../functions/adapters/dynamo-mail-threads.ts'
import { DynamoRosterRepository } from '../functions/adapters/dynamo-roster-repository.ts'
import { DynamoCaseStatistics } from '../functions/adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import { createLogger, withLambdaContext } from '../functions/adapters/logger.ts'
import { parseInboundMessage } from '../functions/adapters/mime/parse-message.ts'
import { SesMailer } from '../functions/adapters/ses-mailer.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../functions/adapters/workflow-settings.ts'
import { createAdvisorApiHandler } from '../functions/advisor-api/advisor-handler.ts'
import { createStartHandler } from '../functions/case-workflow/start-handler.ts'
import { createWorkflowTaskHandler, type WorkflowTaskDependencies } from '../functions/case-workflow/task-handler.ts'
import { MAX_MESSAGE_BYTES } from '../functions/core/mail/file-message.ts'
import type { Mailer } from '../functions/core/mail/mail.ts'
import type { CaseRepository } from '../functions/core/ports/stores.ts'
import { backstopDays } from '../functions/core/retention/retention.ts'
import { replaceRoster } from '../functions/core/roster/replace-roster.ts'
import { followUpDependencies } from '../functions/follow-up/compose.ts'
import { createFollowUpHandler } from '../functions/follow-up/follow-up-handler.ts'
import { ORIGIN_VERIFY_HEADER, originVerified } from '../functions/http/origin-verify.ts'
import { routeThrottledAnswer } from '../functions/http/throttled-answer.ts'
import { createReceiveHandler } from '../functions/mail-intake/receive-handler.ts'
import { retentionDependencies } from '../functions/retention/compose.ts'
import { createPurgeHandler } from '../functions/retention/purge-handler.ts'
import { nextRetentionRun } from '../functions/retention/schedule.ts'
import { mailTemplates } from '../functions/views/mail/notifications.ts'
import { SECURITY_HEADERS } from '../functions/views/security-headers.ts'
import { checkHealth as healthHandler } from '../functions/web-intake/health-handler.ts'
import { intakePages } from '../functions/web-intake/intake-pages.ts'
import { createSubmitHandler } from '../functions/web-intake/submit-handler.ts'
import { retentionPolicyOf, routeThrottle } from '../lib/config.ts'
import { readSiteAsset, sitePages } from '../web/site.ts'
import {
  BodyTooLargeError,
  type HttpLambda,
  lambdaContext,
  readBody,
  toApiGatewayEvent,
  writeResult,
} from './api-gateway.ts'
import { readAppConfig } from './config.ts'
import { createDevAuth, type DevAuth } from './dev-auth.ts'
import { DevClock } from './dev-clock.ts'
import { getDevRoster, putDevRoster } from './dev-roster.ts'
import { type DevResponse, devClock, devFaults, devMail, devMailbox, getDevCase } from './dev-routes.ts'
import { ensureCaseTable, LOCAL_AWS, LOCAL_TABLE_NAME, startDynalite } from './dynamo-engine.ts'
import { emulateCaseStream } from './dynamo-stream.ts'
import { FileObjectStore } from './file-object-store.ts'
import { privateDirectory } from './private-data.ts'
import { startSes } from './ses-engine.ts'
import { localSigningKey } from './signing-key-file.ts'
import { startSmtpIntake } from './smtp-intake.ts'
import { synthesizedWorkflowDefinition } from './synthesized-workflow.ts'
import { RouteThrottle } from './throttle.ts'
import { createWorkflowEngine } from './workflow-engine.ts'

export interface LocalStackOptions {
  port: number
  /** The SMTP intake's port (0: any free one); default 2525. */
  smtpPort?: number
  host?: string
  /** Where the data lives between runs; in memory when omitted (tests). */
  dataDir?: string
  /** Override the configured API throttling of every route (requests per second, burst). */
  throttle?: { ratePerSecond: number; burst: number }
  /** Where the dev clock starts; the real time by default. */
  clockStart?: Date
  /** Load config/roster.example.json when no roster is stored yet (default true). */
  exampleRoster?: boolean
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'
  /** Called with the stack's AWS SDK clients before anything uses them (the bench counts requests with it). */
  instrumentClients?: (clients: { dynamodb: DynamoDBDocumentClient; ses: SESv2Client }) => void
}

export interface LocalStack {
  url: string
  /** Where the SMTP intake listens (127.0.0.1). */
  smtpPort: number
  clock: DevClock
  /** The stack's case repository (for tests that change a case behind the API's back, e.g. close it). */
  cases: CaseRepository
  /** The stack's DynamoDB client, table `tableName` (for tests that change items directly, e.g. purge a case). */
  documents: DynamoDBDocumentClient
  tableName: string
  /** Staff sign-in as the JWT authorizer sees it (tests sign their own tokens: expired, without a group). */
  auth: DevAuth
  /** The states the case's workflow execution has entered so far (its state transitions), in order. */
  workflowHistory(reference: string): string[]
  /** The case's workflow executions as recorded: their input and every event of their history, each as JSON. */
  workflowRecord(reference: string): string[]
  /** The mail intake's receive handler, as the S3 notification of a stored `inbound/<id>` object calls it. */
  receiveMail(event: S3Event): Promise<void>
  stop(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** The headers CloudFront adds to every page (lib/constructs/public-site.ts). */
/** The pages' headers, as CloudFront's response headers policy adds them in AWS (functions/views/security-headers.ts). */
const PAGE_HEADERS = SECURITY_HEADERS

const EXAMPLE_ROSTER = new URL('../config/roster.example.json', import.meta.url)

/**
 * The whole workflow on one machine: a real DynamoDB engine (dynalite), a real SES v2 endpoint, the Lambda
 * handlers behind an API Gateway stand-in, the state machine CDK synthesizes run by aws-local-stepfunctions on a
 * dev clock, the public pages as CloudFront serves them, and the local-only dev endpoints.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = readAppConfig()
  const logger = createLogger({ serviceName: 'mar-intake-local', logLevel: options.logLevel ?? 'INFO' })
  /**
   * One of the stack's Lambda functions: its own logger, as each Lambda has, and its handler as Lambda invokes it,
   * the invocation's context (a new one unless the gateway gives it) in every line it logs (withLambdaContext).
   */
  const lambdaFunction = (name: string) => {
    const functionLogger = createLogger({ serviceName: 'mar-intake-local', logLevel: options.logLevel ?? 'INFO' })
    return {
      logger: functionLogger,
      handler<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
        const wrapped = withLambdaContext(functionLogger, handler)
        // The gateway's invocation (its request id and deadline) of this function, by the function's name.
        return (event: TEvent, context: Context = lambdaContext(name)) =>
          wrapped(event, { ...context, functionName: name })
      },
    }
  }
  const taskFunction = lambdaFunction('case-workflow-task')
  const streamFunction = lambdaFunction('case-stream')
  const submitFunction = lambdaFunction('web-intake-submit')
  const actionFunction = lambdaFunction('actions')
  const advisorFunction = lambdaFunction('advisor-api')
  const mailFunction = lambdaFunction('mail-intake-receive')
  const followUpFunction = lambdaFunction('follow-up')
  const clock = new DevClock(options.clockStart)

  // DATA_DIR and everything in it: the owner's only (0700/0600), also a folder an earlier version made.
  if (options.dataDir) privateDirectory(options.dataDir)
  const engine = await startDynalite(options.dataDir ? join(options.dataDir, 'dynamodb') : undefined)
  await ensureCaseTable(engine.endpoint)
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  let dynamoFailuresLeft = 0
  // Each attempt the fault switch fails gets DynamoDB's own throttling answer, inside the SDK's retries: one or two
  // are absorbed by them, more reach the adapter's mapping (TemporarilyUnavailableError), as in AWS.
  documents.middlewareStack.add(
    (next) => async (args) => {
      if (dynamoFailuresLeft <= 0) return next(args)
      dynamoFailuresLeft--
      return { response: throttledAnswer(), output: undefined as never }
    },
    { step: 'deserialize', priority: 'low', name: 'localDynamoFaults' },
  )
  const itemBackstop = backstopDays(config.retention.caseDays, retentionPolicyOf(config))
  const cases = new DynamoCaseRepository(documents, LOCAL_TABLE_NAME, itemBackstop)
  const outbox = new DynamoMailOutbox(documents, LOCAL_TABLE_NAME, itemBackstop)
  const threads = new DynamoMessageThreads(documents, LOCAL_TABLE_NAME, config.retention.caseDays, () => clock.now())
  const limiter = new DynamoAutoReplyLimiter(documents, LOCAL_TABLE_NAME)
  // Raw mail and attachments, standing in for the S3 mail bucket.
  const mailStore = new FileObjectStore(options.dataDir ? join(options.dataDir, 'mail') : undefined)
  const rosters = new DynamoRosterRepository(documents, LOCAL_TABLE_NAME)
  const statistics = new DynamoCaseStatistics(documents, LOCAL_TABLE_NAME)

  const ses = await startSes()
  const sesClient = new SESv2Client({ ...LOCAL_AWS, endpoint: ses.endpoint })
  options.instrumentClients?.({ dynamodb: documents, ses: sesClient })
  const sesMailer = new SesMailer(sesClient, {
    from: config.senderAddress,
    intakeAddress: config.intakeAddress,
    region: LOCAL_AWS.region,
    configurationSetName: 'mar-intake-local',
  })
  const sentAtByMessageId = new Map<string, string>()
  // The dev mailbox shows when each mail went out on the dev clock, not on the wall clock.
  const mailer: Mailer = {
    async send(mail, threading) {
      const receipt = await sesMailer.send(mail, threading)
      sentAtByMessageId.set(receipt.messageId, clock.now().toISOString())
      return receipt
    },
  }
  const capturedMail = () => ses.mail((messageId) => sentAtByMessageId.get(messageId))

  const workflowDeps: WorkflowTaskDependencies = {
    cases,
    outbox,
    rosters,
    mailer,
    clock,
    randomBytes,
    templates: mailTemplates,
    calendar: businessCalendarFrom(config.workflow),
    windows: responseWindowsFrom(config.workflow),
    timeZone: config.workflow.timeZone,
    publicUrl: config.publicUrl,
    threads,
    signingKey: localSigningKey(options.dataDir ? join(options.dataDir, 'signing-key') : undefined),
    limiter,
    metrics: {
      deadlineBreached: (deadline) => logger.info('deadline breached', { clock: deadline }),
      taskFailed: (stage) => logger.debug('metric WorkflowTaskFailed', { stage }),
    },
    logger: taskFunction.logger,
  }
  const workflow = await createWorkflowEngine({
    definition: synthesizedWorkflowDefinition(config),
    task: taskFunction.handler(createWorkflowTaskHandler(workflowDeps)),
    clock,
    logger,
  })
  const caseStream = streamFunction.handler(
    createStartHandler({
      starter: workflow,
      cases,
      statistics,
      timeZone: config.workflow.timeZone,
      logger: streamFunction.logger,
    }),
  )
  emulateCaseStream(documents, caseStream, (error) =>
    logger.error('case stream gave up', { errorName: error instanceof Error ? error.name : typeof error }),
  )

  if (options.exampleRoster !== false && (await rosters.getRoster()) === undefined) {
    await replaceRoster(JSON.parse(await readFile(EXAMPLE_ROSTER, 'utf8')), { rosters, clock })
  }

  // This stack's own origin (set once it listens) and the configured ones: the pages that may post to it.
  const allowedOrigins = () => [workflowDeps.publicUrl, ...config.allowedOrigins]
  const submit = createSubmitHandler({
    cases,
    clock,
    randomBytes,
    caseRetentionDays: config.retention.caseDays,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger: submitFunction.logger,
    pages: intakePages,
    allowedOrigins,
  })
  const action = createActionHandler({
    cases,
    rosters,
    signingKey: workflowDeps.signingKey,
    clock,
    logger: actionFunction.logger,
    pages: actionPages,
    allowedOrigins,
  })
  const advisorDeps = {
    ...workflowDeps,
    caseRetentionDays: config.retention.caseDays,
    maxBodyBytes: config.limits.maxBodyBytes,
    store: mailStore,
    statistics,
    retention: new DynamoCaseRetention(documents, LOCAL_TABLE_NAME),
    retentionPolicy: retentionPolicyOf(config),
    logger: advisorFunction.logger,
  }
  const advisorApi = createAdvisorApiHandler(advisorDeps)
  const mailDeps = {
    ...workflowDeps,
    threads,
    limiter,
    store: mailStore,
    ownAddresses: [config.intakeAddress, config.senderAddress],
    caseRetentionDays: config.retention.caseDays,
    parse: (raw: Uint8Array) => parseInboundMessage(raw),
    logger: mailFunction.logger,
  }
  const receiveMail = mailFunction.handler(createReceiveHandler(mailDeps))
  const followUp = createFollowUpHandler(
    followUpDependencies(documents, {
      tableName: LOCAL_TABLE_NAME,
      publicUrl: config.publicUrl,
      maxBodyBytes: config.limits.maxBodyBytes,
      logger: followUpFunction.logger,
      clock,
      allowedOrigins,
    }),
  )
  const auth = await createDevAuth({ rosters })
  // A bucket per route, as the stage's route settings throttle in AWS; `options.throttle` sets every route's.
  const throttle = new RouteThrottle((routeKey) => options.throttle ?? routeThrottle(config.limits, routeKey))
  const advisorRoute = (method: string, pattern: RegExp, routeKey: string, params: string[] = []) => ({
    method,
    pattern,
    routeKey,
    lambda: advisorFunction.handler(advisorApi) as unknown as HttpLambda,
    params,
    jwt: true,
  })
  const apiRoutes: Array<{
    method: string
    pattern: RegExp
    routeKey: string
    lambda: HttpLambda
    params?: string[]
    /** Behind the JWT authorizer, as in AWS. */
    jwt?: boolean
  }> = [
    {
      method: 'POST',
      pattern: /^\/api\/requests$/,
      routeKey: 'POST /api/requests',
      lambda: submitFunction.handler(submit) as unknown as HttpLambda,
    },
    { method: 'GET', pattern: /^\/health$/, routeKey: 'GET /health', lambda: healthHandler as unknown as HttpLambda },
    ...['/api/follow-up', '/api/follow-up/messages'].map((path) => ({
      method: 'POST',
      pattern: new RegExp(`^${path}$`),
      routeKey: `POST ${path}`,
      lambda: followUpFunction.handler(followUp) as unknown as HttpLambda,
    })),
    ...['GET', 'POST'].map((method) => ({
      method,
      pattern: /^\/actions\/([^/]+)$/,
      routeKey: `${method} /actions/{token}`,
      lambda: actionFunction.handler(action) as unknown as HttpLambda,
      params: ['token'],
    })),
    advisorRoute('GET', /^\/api\/advisor\/cases$/, 'GET /api/advisor/cases'),
    advisorRoute('GET', /^\/api\/advisor\/stats$/, 'GET /api/advisor/stats'),
    advisorRoute('POST', /^\/api\/advisor\/cases$/, 'POST /api/advisor/cases'),
    advisorRoute('GET', /^\/api\/advisor\/cases\/([^/]+)$/, 'GET /api/advisor/cases/{reference}', ['reference']),
    advisorRoute('DELETE', /^\/api\/advisor\/cases\/([^/]+)$/, 'DELETE /api/advisor/cases/{reference}', ['reference']),
    advisorRoute('GET', /^\/api\/advisor\/cases\/([^/]+)\/export$/, 'GET /api/advisor/cases/{reference}/export', [
      'reference',
    ]),
    advisorRoute(
      'GET',
      /^\/api\/advisor\/cases\/([^/]+)\/attachments\/([^/]+)$/,
      'GET /api/advisor/cases/{reference}/attachments/{id}',
      ['reference', 'id'],
    ),
    advisorRoute('POST', /^\/api\/advisor\/cases\/([^/]+)\/([^/]+)$/, 'POST /api/advisor/cases/{reference}/{action}', [
      'reference',
      'action',
    ]),
  ]
  const pages = new Map(sitePages().map((page) => [pagePath(page.path), page.html]))
  // The stand-in for CloudFront adds the origin secret to every API request, as CloudFront does in AWS.
  const originSecret = randomBytes(32).toString('base64url')
  const rosterDeps = { rosters, clock }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const method = request.method ?? 'GET'
    for (const candidate of apiRoutes) {
      const match = candidate.method === method ? candidate.pattern.exec(url.pathname) : null
      if (!match) continue
      const permit = throttle.take(candidate.routeKey)
      if (!permit.allowed) {
        // JSON for scripts (API Gateway's own answer), the form's page for a plain form post (functions/http).
        const throttled = routeThrottledAnswer(
          {
            ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
            ...(request.headers.accept ? { accept: request.headers.accept } : {}),
            ...(request.headers.referer ? { referer: request.headers.referer } : {}),
            body: new TextDecoder().decode(
              (await readBody(request).catch(() => Buffer.alloc(0))).subarray(0, 64 * 1024),
            ),
          },
          permit.retryAfterSeconds,
        )
        response.writeHead(throttled.statusCode, throttled.headers)
        response.end(throttled.body)
        return
      }
      const body = await readBody(request)
      const decoded = (candidate.params ?? []).map((_, index) => safeDecode(match[index + 1] ?? ''))
      if (decoded.includes(undefined)) return sendJson(response, 400, { message: 'Bad Request' })
      const pathParameters =
        candidate.params && candidate.params.length > 0
          ? Object.fromEntries(candidate.params.map((name, index) => [name, decoded[index] as string]))
          : undefined
      const claims = candidate.jwt ? await auth.verify(request.headers.authorization) : undefined
      if (candidate.jwt && claims === undefined) {
        return sendJson(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' })
      }
      const event = toApiGatewayEvent(request, body, {
        routeKey: candidate.routeKey,
        ...(pathParameters ? { pathParameters } : {}),
        ...(claims ? { claims } : {}),
        originHeaders: { [ORIGIN_VERIFY_HEADER]: originSecret },
      })
      // As each Lambda entry does (functions/http/origin-verify.ts): only what came through "CloudFront" is served.
      const lambda = originVerified(candidate.lambda, async () => originSecret)
      return writeResult(response, await lambda(event, lambdaContext(candidate.routeKey)))
    }
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/actions/')) {
      return sendJson(response, 404, { message: 'Not Found' })
    }
    if (url.pathname.startsWith('/_dev/')) {
      const refusal = devRequestRefusal(request, method)
      if (refusal !== undefined) return sendDev(response, refusal)
      return sendDev(response, await devRoute(method, url, request))
    }
    if (method !== 'GET' && method !== 'HEAD') return sendJson(response, 405, { message: 'Method Not Allowed' })
    if (url.pathname === '/advisor/config.json') return sendJson(response, 200, { signIn: 'dev' })
    // CloudFront rewrites /advisor/cases/* to the case page (lib/constructs/public-site.ts); so does this server.
    const pagePathname = /^\/advisor\/cases\/[^/]+$/.test(url.pathname) ? '/advisor/case.html' : url.pathname
    // CloudFront serves /dir and /dir/ as /dir/index.html (the directory-index function); so does this server.
    const page = pages.get(pagePathname) ?? (extname(pagePathname) === '' ? pages.get(`${pagePathname}/`) : undefined)
    if (page !== undefined)
      return send(response, 200, page, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS })
    if (url.pathname.startsWith('/assets/')) return serveAsset(response, url.pathname.slice('/assets/'.length))
    return send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }

  async function devRoute(method: string, url: URL, request: IncomingMessage): Promise<DevResponse> {
    const path = url.pathname
    const devCase = /^\/_dev\/cases\/([^/]+)$/.exec(path)
    if (devCase && method === 'GET') {
      const reference = safeDecode(devCase[1] ?? '')
      return reference === undefined ? brokenEscape() : getDevCase(reference, cases)
    }
    if (path === '/_dev/clock' && (method === 'GET' || method === 'POST')) {
      return devClock(method, (await readBody(request, 4096)).toString('utf8'), clock)
    }
    const devWorkflow = /^\/_dev\/workflows\/([^/]+)$/.exec(path)
    if (devWorkflow && method === 'GET') {
      const reference = safeDecode(devWorkflow[1] ?? '')
      if (reference === undefined) return brokenEscape()
      const states = workflow.history(reference)
      if (states.length === 0)
        return { status: 404, body: { error: { code: 'not_found', message: 'No workflow for this reference.' } } }
      return {
        status: 200,
        body: { reference, running: workflow.running().includes(reference), transitions: states.length, states },
      }
    }
    if (path === '/_dev/mail' && method === 'GET') return devMail(capturedMail)
    if (path === '/_dev/mailbox' && method === 'GET') return devMailbox(capturedMail)
    if (path === '/_dev/roster' && method === 'PUT')
      return putDevRoster((await readBody(request)).toString('utf8'), rosterDeps)
    if (path === '/_dev/roster' && method === 'GET') return getDevRoster(url.searchParams, rosterDeps)
    if (path === '/_dev/token' && method === 'POST') return auth.issue((await readBody(request, 4096)).toString('utf8'))
    if (path === '/_dev/advisors' && method === 'GET') {
      const roster = await rosters.getRoster()
      const advisors = (roster?.advisors ?? []).map(({ id, name, roles }) => ({ id, name, roles }))
      return { status: 200, body: { advisors } }
    }
    if (path === '/_dev/faults' && method === 'POST') {
      return devFaults((await readBody(request, 4096)).toString('utf8'), {
        ses: (count) => ses.failNextSends(count),
        dynamodb: (count) => {
          dynamoFailuresLeft = count
        },
      })
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'No such dev endpoint.' } } }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { message: 'Request Entity Too Large' }, { connection: 'close' })
        return
      }
      logger.error('local gateway failed', { errorName: error instanceof Error ? error.name : typeof error })
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' })
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const url = `http://${host}:${(server.address() as AddressInfo).port}`
  // Links in mail lead to this stack, not to the configured public URL.
  workflowDeps.publicUrl = url
  advisorDeps.publicUrl = url
  mailDeps.publicUrl = url

  // The daily retention run (EventBridge Scheduler in AWS) on the dev clock: an advance past 03:00 runs it first.
  const retentionFunction = lambdaFunction('retention-purge')
  const retentionRun = retentionFunction.handler(
    createPurgeHandler({
      ...retentionDependencies(documents, {
        tableName: LOCAL_TABLE_NAME,
        publicUrl: url,
        timeZone: config.workflow.timeZone,
        retentionPolicy: retentionPolicyOf(config),
        store: mailStore,
        mailer,
        clock,
      }),
      logger: retentionFunction.logger,
    }),
  )
  void clock
    .track(async () => {
      for (;;) {
        await clock.until(nextRetentionRun(clock.now(), config.workflow.timeZone))
        await retentionRun({}).catch((error: unknown) =>
          logger.error('retention run failed', { errorName: error instanceof Error ? error.name : typeof error }),
        )
      }
    })
    .catch(() => undefined) // the clock stopped with the stack

  // Mail to the intake address: stored as SES stores it, then filed by the same handler as the S3-triggered function.
  const smtp = await startSmtpIntake({
    host,
    port: options.smtpPort ?? 2525,
    intakeAddress: config.intakeAddress,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    store: mailStore,
    logger,
    deliver: (key, envelope) =>
      receiveMail({
        Records: [{ s3: { bucket: { name: 'local-mail' }, object: { key, size: envelope.receivedBytes } } }],
      } as unknown as S3Event),
  })

  // Executions live in memory: after a restart every case still open gets its workflow again. Every step is
  // idempotent (mail ids, one breach per clock), so what already happened does not happen twice.
  for (const reference of await openCaseReferences()) await workflow.start(reference)

  async function openCaseReferences(): Promise<string[]> {
    const references: string[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: LOCAL_TABLE_NAME,
          FilterExpression: 'entity = :case AND #status <> :closed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':case': 'case', ':closed': 'closed' },
          ExclusiveStartKey: startKey,
        }),
      )
      for (const item of page.Items ?? []) references.push(String(item.reference))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return references
  }

  return {
    url,
    smtpPort: smtp.port,
    clock,
    cases,
    documents,
    tableName: LOCAL_TABLE_NAME,
    auth,
    workflowHistory: (reference) => workflow.history(reference),
    workflowRecord: (reference) => workflow.recorded(reference),
    receiveMail: (event) => receiveMail(event),
    async stop() {
      // Abort the executions and refuse their tasks, then release every wait, so no task is left holding a timer.
      await smtp.stop()
      workflow.stopAll()
      clock.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await ses.stop()
      sesClient.destroy()
      documents.destroy()
      await engine.stop()
    },
  }
}

/** The HTTP answer DynamoDB gives a throttled call (awsJson 1.0): the SDK's own deserializer and retries read it. */
function throttledAnswer() {
  return {
    statusCode: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'local-fault-switch' },
    body: Readable.from([
      Buffer.from(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
          message: 'Rate of requests exceeds the allowed throughput. (local fault switch)',
        }),
      ),
    ]),
  }
}

/** The names the dev endpoints answer to: a page on another name that resolves here (DNS rebinding) gets nothing. */
const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Why a dev endpoint refuses a request, if it does: a Host that is not this machine's own name (403), or a body that
 * is not JSON (415) — a cross-site form can post text/plain or a form encoding without a preflight, never JSON.
 */
function devRequestRefusal(request: IncomingMessage, method: string): DevResponse | undefined {
  const hostname = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
  if (!LOCAL_HOSTNAMES.has(hostname)) {
    return {
      status: 403,
      body: { error: { code: 'forbidden_host', message: 'Dev endpoints answer on 127.0.0.1 and localhost only.' } },
    }
  }
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if ((method === 'POST' || method === 'PUT') && mediaType !== 'application/json') {
    return {
      status: 415,
      body: { error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } },
    }
  }
  return undefined
}

function brokenEscape(): DevResponse {
  return { status: 400, body: { error: { code: 'bad_request', message: 'The path has a broken percent-escape.' } } }
}

function safeDecode(component: string): string | undefined {
  try {
    return decodeURIComponent(component)
  } catch {
    return undefined
  }
}

/** `index.html` is served at `/`, `en/index.html` at `/en/`, like CloudFront's default root object. */
function pagePath(file: string): string {
  if (file === 'index.html') return '/'
  return `/${file.replace(/\/?index\.html$/, '/')}`
}

async function serveAsset(response: ServerResponse, relativePath: string): Promise<void> {
  const safe = normalize(relativePath)
  if (safe.startsWith('..') || safe.startsWith('/')) return send(response, 404, 'Not Found')
  try {
    const content = await readSiteAsset(safe)
    send(response, 200, content, {
      'content-type': CONTENT_TYPES[extname(safe)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    })
  } catch {
    send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }
}

function sendDev(response: ServerResponse, answer: DevResponse) {
  if (answer.contentType?.startsWith('text/html')) {
    return send(response, answer.status, String(answer.body), { 'content-type': answer.contentType, ...PAGE_HEADERS })
  }
  return sendJson(response, answer.status, answer.body)
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(response, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

function send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers })
  response.end(body)
}
