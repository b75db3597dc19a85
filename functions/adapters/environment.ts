import * as z from 'zod/mini'
import { OUTCOMES } from '../core/cases/case.ts'
import { DEFAULT_BACKSTOP_DAYS } from '../core/retention/retention.ts'
import { isValidTimeZone } from '../core/shared/zoned-time.ts'
import { workflowSettingsSchema } from './workflow-settings.ts'

/**
 * What each deployed Lambda reads from its environment: one schema per entry point (LAMBDA_ENVIRONMENTS), read by
 * the entry (`readEnvironment(<its own entry>)`, parsed once at cold start: a missing or malformed variable fails
 * the cold start loudly instead of a request quietly) and written by the construct that creates the function
 * (`environmentOf`, lib/constructs/lambda-defaults.ts), so neither side can name a variable the other does not.
 * Values are typed as the entry gets them (numbers, settings objects); the schema turns them into text and back.
 * No defaults here: every value comes from the app configuration (lib/config.ts), which has the one default.
 */
const nonEmpty = z.string().check(z.minLength(1))

/** A whole number, as environment variables carry them: text. */
const integer = z.codec(z.string().check(z.regex(/^\d+$/, 'a whole number')), z.int(), {
  decode: (text) => Number.parseInt(text, 10),
  encode: (value) => String(value),
})

/** A value carried as JSON text, checked by its schema on the way in. */
const json = <T extends z.ZodMiniType>(schema: T) =>
  z.codec(z.string(), schema, {
    decode: (text) => JSON.parse(text) as z.input<T>,
    encode: (value) => JSON.stringify(value),
  })

const timeZone = z.string().check(z.refine(isValidTimeZone, 'an IANA time zone'))

/** Comma-separated origins allowed to call the API from a browser (besides the public URL itself); may be empty. */
const allowedOrigins = z.string()

const months = z.int().check(z.minimum(1))
const retentionPolicySchema = z.strictObject({
  closedCaseMonths: months,
  closedCaseMonthsByOutcome: z.partialRecord(z.enum(OUTCOMES), months),
  staleOpenCaseDays: z.int().check(z.minimum(1)),
  tombstoneDays: z.int().check(z.minimum(1)),
})

/** RETENTION_POLICY is JSON of core/retention/retention.ts's RetentionPolicy (lib/config.ts retentionPolicyOf). */
const retentionPolicy = json(retentionPolicySchema)

/** WORKFLOW_SETTINGS is JSON of workflow-settings.ts (business hours, holidays, windows), parsed by its schema. */
const workflowSettings = json(workflowSettingsSchema)

/** Set by Lambda itself in every function: read by entries, never set by a construct. */
const RUNTIME_VARIABLES = { AWS_REGION: true } as const
type RuntimeVariable = keyof typeof RUNTIME_VARIABLES
const awsRegion = nonEmpty

/** The web form (POST /api/requests) and the anonymous follow-up box. */
const publicFormEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  PUBLIC_URL: z.url(),
  ALLOWED_ORIGINS: allowedOrigins,
  /** How long a case is kept before DynamoDB's TTL removes it. */
  CASE_RETENTION_DAYS: integer,
  MAX_BODY_BYTES: integer,
  /** MAR's phone number and the intake address: the pages these functions answer with show them. */
  MAR_PHONE: nonEmpty,
  INTAKE_ADDRESS: z.email(),
  /** The business calendar and windows: the confirmation gives the answer date the acknowledgement mail gives. */
  WORKFLOW_SETTINGS: workflowSettings,
  /** The search index's key (core/search/search-terms.ts): a case and its messages are indexed as they are filed. */
  SEARCH_SECRET_ARN: nonEmpty,
})

/** The state machine's task function: routing, mail, deadlines. */
const workflowEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  PUBLIC_URL: z.url(),
  SENDER_ADDRESS: z.email(),
  /** The mailbox requesters write to: answers to them come from it, so their replies come back there. */
  INTAKE_ADDRESS: z.email(),
  /** Set by Lambda: SES's Message-ID domain depends on it. */
  AWS_REGION: awsRegion,
  SES_CONFIGURATION_SET: nonEmpty,
  /** How long Message-ID links of sent mail are kept: as long as their case. */
  CASE_RETENTION_DAYS: integer,
  SIGNING_SECRET_ARN: nonEmpty,
  WORKFLOW_SETTINGS: workflowSettings,
})

/** The case stream reader: starts and replaces workflows, keeps the statistics records. */
const caseStreamReaderEnvironment = z.object({
  STATE_MACHINE_ARN: nonEmpty,
  /** Where the statistics records are written (the case table). */
  TABLE_NAME: nonEmpty,
  /** The business calendar's zone (mar.workflow.timeZone): statistics count a case in its month there. */
  TIME_ZONE: timeZone,
})

/** The one-click acknowledge links (GET|POST /actions/{token}). */
const actionsEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  SIGNING_SECRET_ARN: nonEmpty,
  /** The confirmation page's origin: a POST from another site's page is refused. */
  PUBLIC_URL: z.url(),
  ALLOWED_ORIGINS: allowedOrigins,
})

const advisorApiEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  /** The mail bucket: attachments are served from it. */
  MAIL_BUCKET: nonEmpty,
  PUBLIC_URL: z.url(),
  SIGNING_SECRET_ARN: nonEmpty,
  SEARCH_SECRET_ARN: nonEmpty,
  WORKFLOW_SETTINGS: workflowSettings,
  CASE_RETENTION_DAYS: integer,
  MAX_BODY_BYTES: integer,
  RETENTION_POLICY: retentionPolicy,
  /** MAR's phone number (mar.marPhone), signed under every answer to a requester. */
  MAR_PHONE: nonEmpty,
})

const mailIntakeEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  PUBLIC_URL: z.url(),
  INTAKE_ADDRESS: z.email(),
  /** MAR's notification sender: mail from it never gets an automatic answer. */
  SENDER_ADDRESS: z.optional(z.email()),
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  MAIL_BUCKET: nonEmpty,
  SIGNING_SECRET_ARN: nonEmpty,
  SEARCH_SECRET_ARN: nonEmpty,
  AWS_REGION: awsRegion,
  WORKFLOW_SETTINGS: workflowSettings,
  CASE_RETENTION_DAYS: integer,
})

/** The retention purge: the table, the mail bucket, SES for the coordinators' flag. */
const retentionEnvironment = z.object({
  TABLE_NAME: nonEmpty,
  MAIL_BUCKET: nonEmpty,
  PUBLIC_URL: z.url(),
  SENDER_ADDRESS: z.email(),
  INTAKE_ADDRESS: z.email(),
  AWS_REGION: awsRegion,
  SES_CONFIGURATION_SET: nonEmpty,
  TIME_ZONE: timeZone,
  RETENTION_POLICY: retentionPolicy,
})

/** The mail-events function: the table, and how long Message-ID links live. */
const mailEventsEnvironment = z.object({ TABLE_NAME: nonEmpty, CASE_RETENTION_DAYS: integer })

/** A function that reads nothing of its own from the environment. */
const noEnvironment = z.object({})

/**
 * Every Lambda entry point (its path under functions/) with the schema of the environment it reads. A function is
 * created from its entry here (lib/constructs/lambda-defaults.ts createNodeFunction), which types its environment.
 */
export const LAMBDA_ENVIRONMENTS = {
  'web-intake/submit.ts': publicFormEnvironment,
  'web-intake/health.ts': noEnvironment,
  'follow-up/follow-up.ts': publicFormEnvironment,
  'actions/action.ts': actionsEnvironment,
  'advisor-api/api.ts': advisorApiEnvironment,
  'case-workflow/task.ts': workflowEnvironment,
  'case-workflow/start.ts': caseStreamReaderEnvironment,
  'mail-intake/receive.ts': mailIntakeEnvironment,
  'mail-events/mail-events.ts': mailEventsEnvironment,
  'retention/purge.ts': retentionEnvironment,
  'signing-key-rotation/rotate.ts': noEnvironment,
} as const

export type LambdaEntry = keyof typeof LAMBDA_ENVIRONMENTS
type EnvironmentSchema<E extends LambdaEntry> = (typeof LAMBDA_ENVIRONMENTS)[E]

/** What an entry reads from its environment, as it reads it (numbers, settings objects). */
export type EnvironmentOf<E extends LambdaEntry> = z.output<EnvironmentSchema<E>>

/** What a construct gives a function: everything its entry reads, except what Lambda sets itself. */
export type EnvironmentValues<E extends LambdaEntry> = Omit<EnvironmentOf<E>, RuntimeVariable>

/**
 * The environment variables of a function, as text, from the values its entry reads. CDK tokens (a table name, an
 * ARN) pass as they are: they are strings until deployment.
 */
export function environmentOf<E extends LambdaEntry>(entry: E, values: EnvironmentValues<E>): Record<string, string> {
  const schema = LAMBDA_ENVIRONMENTS[entry] as z.ZodMiniObject
  const runtime = Object.keys(RUNTIME_VARIABLES).filter((name) => name in schema.shape)
  const settable = z.omit(schema, Object.fromEntries(runtime.map((name) => [name, true])))
  const encoded = z.encode(settable, values as never) as Record<string, string | undefined>
  return Object.fromEntries(
    Object.entries(encoded).filter((entryValue): entryValue is [string, string] => entryValue[1] !== undefined),
  )
}

/** Reads (parses) the environment of an entry point: throws at cold start on a missing or malformed variable. */
export function readEnvironment<E extends LambdaEntry>(
  entry: E,
  env: NodeJS.ProcessEnv = process.env,
): EnvironmentOf<E> {
  return z.parse(LAMBDA_ENVIRONMENTS[entry], env) as EnvironmentOf<E>
}

/** Set on every function by lib/stacks/stateless-stack.ts: the TTL backstop of case items (core/retention/retention.ts). */
export const ITEM_BACKSTOP_DAYS_VARIABLE = 'ITEM_BACKSTOP_DAYS'

/** The days a case item is kept at most (the TTL backstop), from the environment; the default's outside Lambda. */
export function itemBackstopDays(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[ITEM_BACKSTOP_DAYS_VARIABLE]
  if (value === undefined) return DEFAULT_BACKSTOP_DAYS
  const days = Number.parseInt(value, 10)
  if (!Number.isInteger(days) || days < 1) throw new Error(`${ITEM_BACKSTOP_DAYS_VARIABLE} must be a positive integer`)
  return days
}
