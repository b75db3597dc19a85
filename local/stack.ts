import { readFile } from 'node:fs/promises'
import type { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { S3Event } from 'aws-lambda'
import { DynamoCaseRepository } from '../functions/adapters/dynamo-case-repository.ts'
import { DynamoRosterRepository } from '../functions/adapters/dynamo-roster-repository.ts'
import { createLogger } from '../functions/adapters/logger.ts'
import { MAX_MESSAGE_BYTES } from '../functions/core/mail/file-message.ts'
import type { CaseRepository } from '../functions/core/ports/stores.ts'
import { replaceRoster } from '../functions/core/roster/replace-roster.ts'
import { routeThrottle, siteSettingsOf } from '../lib/config.ts'
import { readAppConfig } from './config.ts'
import { createDevAuth, type DevAuth } from './dev-auth.ts'
import { DevClock } from './dev-clock.ts'
import { createDevEndpoints } from './dev-endpoints.ts'
import { LOCAL_TABLE_NAME } from './dynamo-engine.ts'
import { emulateCaseStream } from './dynamo-stream.ts'
import { functionScope, LOCAL_RUNTIME_SCOPE, type StandInRecorder } from './function-scope.ts'
import { composeLocalFunctions } from './functions.ts'
import { createLocalGateway } from './gateway.ts'
import { listenHttp, routeRequests } from './http-server.ts'
import { Lifecycle } from './lifecycle.ts'
import { openCaseReferences } from './open-cases.ts'
import { localPlatform, localSettings, startLocalEngines } from './platform.ts'
import { scheduleRetentionRuns } from './retention-schedule.ts'
import { startSmtpIntake } from './smtp-intake.ts'
import { createStaticSite } from './static-site.ts'
import { synthesizedWorkflowDefinition } from './synthesized-workflow.ts'
import { RouteThrottle } from './throttle.ts'

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
  /** Called with each call a local stand-in answers in place of S3, Step Functions or Secrets Manager (check:iam). */
  recordStandInCalls?: StandInRecorder
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

const EXAMPLE_ROSTER = new URL('../config/roster.example.json', import.meta.url)

/**
 * The whole workflow on one machine: a real DynamoDB engine (dynalite), a real SES v2 endpoint, the Lambda
 * handlers behind an API Gateway stand-in, the state machine CDK synthesizes run by aws-local-stepfunctions on a
 * dev clock, the public pages as CloudFront serves them, and the local-only dev endpoints. A start that fails
 * halfway stops what it had started.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const lifecycle = new Lifecycle()
  try {
    return await start(options, lifecycle)
  } catch (error) {
    await lifecycle.stop().catch(() => undefined)
    throw error
  }
}

/**
 * The engines, then the HTTP port (the stack's own URL is the platform's public URL), then every function composed
 * on the platform, then the port's routes, the daily retention run, the SMTP intake, and the open cases' workflows.
 */
async function start(options: LocalStackOptions, lifecycle: Lifecycle): Promise<LocalStack> {
  const config = readAppConfig()
  const logLevel = options.logLevel ?? 'INFO'
  const logger = createLogger({ serviceName: 'mar-intake-local', logLevel })
  const clock = new DevClock(options.clockStart)
  const engines = await startLocalEngines(options, config, clock, lifecycle)
  const host = options.host ?? '127.0.0.1'
  const http = await listenHttp({ port: options.port, host }, logger, lifecycle)
  lifecycle.onStop(() => clock.stop())

  const platform = localPlatform(engines, config, { publicUrl: http.url, logger })
  const settings = localSettings(config)
  const definition = synthesizedWorkflowDefinition(config)
  const { functions, workflow } = await composeLocalFunctions(platform, settings, {
    definition,
    logger,
    logLevel,
    recordStandInCalls: options.recordStandInCalls,
  })
  // Abort the executions and refuse their tasks (then the clock releases every wait): no task is left holding a timer.
  lifecycle.onStop(() => workflow.stopAll())
  emulateCaseStream(engines.documents, functions['case-stream'], (error) =>
    logger.error('case stream gave up', { errorName: error instanceof Error ? error.name : typeof error }),
  )

  const cases = new DynamoCaseRepository(engines.documents, LOCAL_TABLE_NAME, platform.itemBackstopDays)
  const rosters = new DynamoRosterRepository(engines.documents, LOCAL_TABLE_NAME)
  if (options.exampleRoster !== false) {
    await functionScope.run(LOCAL_RUNTIME_SCOPE, async () => {
      if ((await rosters.getRoster()) !== undefined) return
      await replaceRoster(JSON.parse(await readFile(EXAMPLE_ROSTER, 'utf8')), { rosters, clock })
    })
  }
  const auth = await createDevAuth({ rosters })
  // A bucket per route, as the stage's route settings throttle in AWS; `options.throttle` sets every route's.
  const throttle = new RouteThrottle((routeKey) => options.throttle ?? routeThrottle(config.limits, routeKey))
  http.serve(
    routeRequests({
      gateway: createLocalGateway({ functions, auth, throttle, recordStandInCalls: options.recordStandInCalls }),
      devEndpoint: localRuntimeScoped(createDevEndpoints({ cases, rosters, clock, auth, workflow, engines })),
      site: createStaticSite(siteSettingsOf(config)),
    }),
  )
  scheduleRetentionRuns(clock, settings.timeZone, functions['retention-purge'], logger)

  // Mail to the intake address: stored as SES stores it, then filed by the same handler as the S3-triggered function.
  const receiveMail = functions['mail-intake-receive']
  const smtp = await startSmtpIntake({
    host,
    port: options.smtpPort ?? 2525,
    intakeAddress: config.intakeAddress,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    store: engines.receivedMailStore,
    logger,
    deliver: (key, envelope) =>
      receiveMail({
        Records: [{ s3: { bucket: { name: 'local-mail' }, object: { key, size: envelope.receivedBytes } } }],
      } as unknown as S3Event),
  })
  lifecycle.onStop(() => smtp.stop())

  // Executions live in memory: after a restart every case still open gets its workflow again. Every step is
  // idempotent (mail ids, one breach per clock), so what already happened does not happen twice.
  const open = () => openCaseReferences(engines.documents, LOCAL_TABLE_NAME)
  for (const reference of await functionScope.run(LOCAL_RUNTIME_SCOPE, open)) {
    await workflow.start(reference)
  }

  return {
    url: http.url,
    smtpPort: smtp.port,
    clock,
    cases,
    documents: engines.documents,
    tableName: LOCAL_TABLE_NAME,
    auth,
    workflowHistory: (reference) => workflow.history(reference),
    workflowRecord: (reference) => workflow.recorded(reference),
    receiveMail: (event) => receiveMail(event),
    stop: () => lifecycle.stop(),
  }
}

/** The dev endpoints run in the local runtime's own scope: check:iam counts their calls apart from the functions'. */
function localRuntimeScoped<A extends unknown[], R>(endpoint: (...args: A) => Promise<R>) {
  return (...args: A) => functionScope.run(LOCAL_RUNTIME_SCOPE, () => endpoint(...args))
}
