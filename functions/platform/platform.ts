import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { WorkflowSettings } from '../adapters/workflow-settings.ts'
import type { RandomBytes } from '../core/cases/reference.ts'
import type { Clock } from '../core/ports/clock.ts'
import type { Mailer } from '../core/ports/mail.ts'
import type { DeadlineMetrics, TaskFailureMetrics } from '../core/ports/metrics.ts'
import type { ObjectStore, SearchKeySource, SigningKeySource } from '../core/ports/stores.ts'
import type { WorkflowStarter } from '../core/ports/workflow.ts'
import type { RetentionPolicy } from '../core/retention/retention.ts'
import type { AllowedOrigins } from '../http/same-origin.ts'

/**
 * Where a capability's outside world comes from. In Lambda: the AWS clients and the names in the function's
 * environment (functions/platform/aws/*.ts); locally: the local engines (local/platform.ts). Each capability's
 * `compose…(platform, settings)` (functions/<capability>/compose.ts) takes the part it needs, so the Lambda entry and
 * the local runtime wire every use case the same way, once.
 */
export interface Platform {
  /** The case table: its document client and name. */
  documents: DynamoDBDocumentClient
  tableName: string
  /** Days a case item is kept at most (its TTL backstop: core/retention/retention.ts). */
  itemBackstopDays: number
  /** The real time in AWS, the dev clock locally. */
  clock: Clock
  randomBytes: RandomBytes
  /** The function's own logger. */
  logger: Logger
  /** Where the pages are served and links in mail lead: the public URL in AWS, the local stack's own URL locally. */
  publicUrl: string
  /** The pages that may post to the API: the public URL and the configured further origins. */
  allowedOrigins: AllowedOrigins
  /** The link-signing secret (Secrets Manager in AWS, a file locally). */
  signingKey: SigningKeySource
  /** The search index's key (Secrets Manager in AWS, a file locally): the functions that file text or search. */
  searchKey: SearchKeySource
  /** The mail bucket: raw mail and attachments (S3 in AWS, a folder locally). */
  mailStore: ObjectStore
  /** Outgoing mail (SES; locally the SES v2 endpoint in-process). */
  mailer: Mailer
  /** The case workflow's state machine (Step Functions; locally the synthesized one, run on the dev clock). */
  workflowStarter: WorkflowStarter
  /** Breached deadlines and tasks failed for good (CloudWatch metrics; locally log lines). */
  workflowMetrics: DeadlineMetrics & TaskFailureMetrics
}

/** The part of the platform a capability uses. */
export type PlatformWith<K extends keyof Platform> = Pick<Platform, K>

/** What the deployment's configuration says (cdk.json context `mar`): in AWS from the environment, locally from it. */
export interface Settings {
  /** Days a case is kept before DynamoDB's TTL removes it (and its Message-ID links). */
  caseRetentionDays: number
  /** The largest request body an API function reads. */
  maxBodyBytes: number
  /** Business hours, holidays, response windows and the time zone. */
  workflow: WorkflowSettings
  /** The business calendar's zone (statistics months, the retention run's day). */
  timeZone: string
  retentionPolicy: RetentionPolicy
  /** The mailbox requesters write to. */
  intakeAddress: string
  /** MAR's own phone number, as people read it (the public pages; the answers' signature). */
  marPhone: string
  /** MAR's notification sender: mail from it never gets an automatic answer. */
  senderAddress?: string
}

export type SettingsWith<K extends keyof Settings> = Pick<Settings, K>
