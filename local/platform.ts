import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { Logger } from '@aws-lambda-powertools/logger'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import { SesMailer } from '../functions/adapters/ses-mailer.ts'
import type { Mailer } from '../functions/core/ports/mail.ts'
import type { ObjectStore } from '../functions/core/ports/stores.ts'
import { backstopDays } from '../functions/core/retention/retention.ts'
import type { Platform, Settings } from '../functions/platform/platform.ts'
import { type AppConfig, retentionPolicyOf } from '../lib/config.ts'
import type { DevClock } from './dev-clock.ts'
import { ensureCaseTable, LOCAL_AWS, LOCAL_TABLE_NAME, startDynalite } from './dynamo-engine.ts'
import { FileObjectStore } from './file-object-store.ts'
import { recordedObjectStore, recordedSecret, type StandInRecorder } from './function-scope.ts'
import type { Lifecycle } from './lifecycle.ts'
import { privateDirectory } from './private-data.ts'
import { localSearchKey } from './search-key-file.ts'
import { type CapturedMail, startSes } from './ses-engine.ts'
import { localSigningKey } from './signing-key-file.ts'

/** The local stand-ins for AWS, running: what the platform is made of, and what the dev endpoints reach into. */
export interface LocalEngines {
  documents: DynamoDBDocumentClient
  clock: DevClock
  mailStore: ObjectStore
  /** The same folder as SES's receipt rule writes to it: the service's own writes, not a function's (check:iam). */
  receivedMailStore: ObjectStore
  signingKey: Platform['signingKey']
  searchKey: Platform['searchKey']
  /** SES, its sends dated on the dev clock. */
  mailer: Mailer
  /** Every mail SES accepted, oldest first, with its dev-clock time of sending. */
  capturedMail(): Promise<CapturedMail[]>
  /** The fault switches (POST /_dev/faults): the next `count` attempts fail. */
  faults: { ses(count: number): void; dynamodb(count: number): void }
}

export interface LocalEngineOptions {
  dataDir?: string | undefined
  /** Called with the AWS SDK clients before anything uses them (the bench counts requests with it). */
  instrumentClients?: ((clients: { dynamodb: DynamoDBDocumentClient; ses: SESv2Client }) => void) | undefined
  /** Called with each call a local stand-in answers in place of S3 or Secrets Manager (check:iam). */
  recordStandInCalls?: StandInRecorder | undefined
}

/**
 * Starts the engines: dynalite with the case table (behind the DynamoDB fault switch), the SES v2 endpoint (behind
 * its own), the folder standing in for the mail bucket, and the signing key's file. Each registers its stop.
 */
export async function startLocalEngines(
  options: LocalEngineOptions,
  config: AppConfig,
  clock: DevClock,
  lifecycle: Lifecycle,
): Promise<LocalEngines> {
  const { dataDir } = options
  // DATA_DIR and everything in it: the owner's only (0700/0600), also a folder an earlier version made.
  if (dataDir) privateDirectory(dataDir)
  const engine = await startDynalite(dataDir ? join(dataDir, 'dynamodb') : undefined)
  lifecycle.onStop(() => engine.stop())
  await ensureCaseTable(engine.endpoint)
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  lifecycle.onStop(() => documents.destroy())
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

  const ses = await startSes()
  lifecycle.onStop(() => ses.stop())
  const sesClient = new SESv2Client({ ...LOCAL_AWS, endpoint: ses.endpoint })
  lifecycle.onStop(() => sesClient.destroy())
  options.instrumentClients?.({ dynamodb: documents, ses: sesClient })
  const sesMailer = new SesMailer(sesClient, {
    from: config.senderAddress,
    intakeAddress: config.intakeAddress,
    region: LOCAL_AWS.region,
    configurationSetName: 'mar-intake-local',
  })
  const sentAtByMessageId = new Map<string, string>()
  // Raw mail and attachments, standing in for the S3 mail bucket.
  const mailFiles = new FileObjectStore(dataDir ? join(dataDir, 'mail') : undefined)
  const signingKey = localSigningKey(dataDir ? join(dataDir, 'signing-key') : undefined)
  const searchKey = localSearchKey(dataDir ? join(dataDir, 'search-key') : undefined)
  const record = options.recordStandInCalls
  return {
    documents,
    clock,
    mailStore: record ? recordedObjectStore(mailFiles, record) : mailFiles,
    receivedMailStore: record ? recordedObjectStore(mailFiles, (call) => record(call, 'service:ses')) : mailFiles,
    signingKey: record ? recordedSecret(signingKey, 'signing-key', record) : signingKey,
    searchKey: record ? recordedSecret(searchKey, 'search-key', record) : searchKey,
    // The dev mailbox shows when each mail went out on the dev clock, not on the wall clock.
    mailer: {
      async send(mail, threading) {
        const receipt = await sesMailer.send(mail, threading)
        sentAtByMessageId.set(receipt.messageId, clock.now().toISOString())
        return receipt
      },
    },
    capturedMail: () => ses.mail((messageId) => sentAtByMessageId.get(messageId)),
    faults: {
      ses: (count) => ses.failNextSends(count),
      dynamodb: (count) => {
        dynamoFailuresLeft = count
      },
    },
  }
}

/** The platform every local function is composed on: everything but its own logger and the state machine. */
export type LocalPlatform = Omit<Platform, 'logger' | 'workflowStarter' | 'clock'> & { clock: DevClock }

/**
 * The local engines as the platform: the stack's own URL as the public URL (links in mail and the pages that may post
 * lead to this stack, not to the configured public URL), and the workflow's metrics as log lines.
 */
export function localPlatform(
  engines: LocalEngines,
  config: AppConfig,
  site: { publicUrl: string; logger: Logger },
): LocalPlatform {
  const { logger } = site
  const allowedOrigins = [site.publicUrl, ...config.allowedOrigins]
  return {
    documents: engines.documents,
    tableName: LOCAL_TABLE_NAME,
    itemBackstopDays: backstopDays(config.retention.caseDays, retentionPolicyOf(config)),
    clock: engines.clock,
    randomBytes,
    publicUrl: site.publicUrl,
    allowedOrigins: () => allowedOrigins,
    signingKey: engines.signingKey,
    searchKey: engines.searchKey,
    mailStore: engines.mailStore,
    mailer: engines.mailer,
    workflowMetrics: {
      deadlineBreached: (deadline) => logger.info('deadline breached', { clock: deadline }),
      taskFailed: (stage) => logger.debug('metric WorkflowTaskFailed', { stage }),
    },
  }
}

/** The configuration (cdk.json, as `cdk deploy` reads it) as the functions' settings: what CDK puts in their environment. */
export function localSettings(config: AppConfig): Settings {
  return {
    caseRetentionDays: config.retention.caseDays,
    maxBodyBytes: config.limits.maxBodyBytes,
    workflow: config.workflow,
    timeZone: config.workflow.timeZone,
    retentionPolicy: retentionPolicyOf(config),
    intakeAddress: config.intakeAddress,
    senderAddress: config.senderAddress,
    marPhone: config.marPhone,
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
