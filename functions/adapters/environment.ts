import * as z from 'zod/mini'
import { OUTCOMES } from '../core/cases/case.ts'
import { DEFAULT_BACKSTOP_DAYS, type RetentionPolicy } from '../core/retention/retention.ts'
import { isValidTimeZone } from '../core/shared/zoned-time.ts'
import { workflowSettingsSchema } from './workflow-settings.ts'

/**
 * What a deployed Lambda reads from its environment (set by lib/constructs). Parsed once, at cold start;
 * a missing or malformed variable fails the cold start loudly instead of a request quietly.
 */
const nonEmpty = z.string().check(z.minLength(1))
/** A whole number, as environment variables carry them: text. */
const integer = z.pipe(
  z.string(),
  z.transform((value) => Number.parseInt(value, 10)),
)

const lambdaEnvironmentSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PUBLIC_URL: z.url(),
  /** Comma-separated origins allowed to call the API from a browser (besides the public URL itself). */
  ALLOWED_ORIGINS: z._default(z.string(), ''),
  /** How long a case is kept before DynamoDB's TTL removes it. */
  CASE_RETENTION_DAYS: integer,
  MAX_BODY_BYTES: z._default(integer, 65536),
})

export type LambdaEnvironment = z.infer<typeof lambdaEnvironmentSchema>

export function readLambdaEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  return lambdaEnvironmentSchema.parse(env)
}

const workflowEnvironmentSchema = z.object({
  TABLE_NAME: nonEmpty,
  PUBLIC_URL: z.url(),
  SENDER_ADDRESS: z.email(),
  /** The mailbox requesters write to: answers to them come from it, so their replies come back there. */
  INTAKE_ADDRESS: z.email(),
  /** Set by Lambda: SES's Message-ID domain depends on it. */
  AWS_REGION: nonEmpty,
  SES_CONFIGURATION_SET: nonEmpty,
  /** How long Message-ID links of sent mail are kept: as long as their case. */
  CASE_RETENTION_DAYS: z._default(integer, 730),
  SIGNING_SECRET_ARN: nonEmpty,
  /** JSON of workflow-settings.ts: business hours, holidays, response windows. */
  WORKFLOW_SETTINGS: z._default(z.string(), '{}'),
})

export function readWorkflowEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const parsed = workflowEnvironmentSchema.parse(env)
  return withWorkflowSettings(parsed)
}

export function readStarterEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      STATE_MACHINE_ARN: nonEmpty,
      /** Where the statistics records are written (the case table). */
      TABLE_NAME: nonEmpty,
      /** The business calendar's zone (mar.workflow.timeZone): statistics count a case in its month there. */
      TIME_ZONE: z.string().check(z.refine(isValidTimeZone, 'an IANA time zone')),
    })
    .parse(env)
}

export function readActionsEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      TABLE_NAME: nonEmpty,
      SIGNING_SECRET_ARN: nonEmpty,
      /** The confirmation page's origin: a POST from another site's page is refused. */
      PUBLIC_URL: z.url(),
      ALLOWED_ORIGINS: z._default(z.string(), ''),
    })
    .parse(env)
}

const months = z.int().check(z.minimum(1))
const retentionPolicySchema = z.strictObject({
  closedCaseMonths: months,
  closedCaseMonthsByOutcome: z.partialRecord(z.enum(OUTCOMES), months),
  staleOpenCaseDays: z.int().check(z.minimum(1)),
  tombstoneDays: z.int().check(z.minimum(1)),
})

/** RETENTION_POLICY is JSON of core/retention/retention.ts's RetentionPolicy (lib/config.ts retentionPolicyOf). */
const retentionPolicy = z.pipe(
  z.string(),
  z.transform((value): RetentionPolicy => z.parse(retentionPolicySchema, JSON.parse(value))),
)

const advisorApiEnvironmentSchema = z.object({
  TABLE_NAME: nonEmpty,
  /** The mail bucket: attachments are served from it. */
  MAIL_BUCKET: nonEmpty,
  PUBLIC_URL: z.url(),
  SIGNING_SECRET_ARN: nonEmpty,
  WORKFLOW_SETTINGS: z._default(z.string(), '{}'),
  CASE_RETENTION_DAYS: integer,
  MAX_BODY_BYTES: z._default(integer, 65536),
  RETENTION_POLICY: retentionPolicy,
})

export function readAdvisorApiEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const parsed = advisorApiEnvironmentSchema.parse(env)
  return withWorkflowSettings(parsed)
}

const mailIntakeEnvironmentSchema = z.object({
  TABLE_NAME: nonEmpty,
  PUBLIC_URL: z.url(),
  INTAKE_ADDRESS: z.email(),
  /** MAR's notification sender: mail from it never gets an automatic answer. */
  SENDER_ADDRESS: z.optional(z.email()),
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  MAIL_BUCKET: nonEmpty,
  SIGNING_SECRET_ARN: nonEmpty,
  AWS_REGION: nonEmpty,
  WORKFLOW_SETTINGS: z._default(z.string(), '{}'),
  CASE_RETENTION_DAYS: integer,
})

export function readMailIntakeEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const parsed = mailIntakeEnvironmentSchema.parse(env)
  return withWorkflowSettings(parsed)
}

/** WORKFLOW_SETTINGS is JSON of workflow-settings.ts (business hours, holidays, windows): parsed by its schema. */
function withWorkflowSettings<T extends { WORKFLOW_SETTINGS: string }>(parsed: T) {
  return { ...parsed, WORKFLOW_SETTINGS: z.parse(workflowSettingsSchema, JSON.parse(parsed.WORKFLOW_SETTINGS)) }
}

/** The retention purge (functions/retention/purge.ts): the table, the mail bucket, SES for the coordinators' flag. */
export function readRetentionEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      TABLE_NAME: nonEmpty,
      MAIL_BUCKET: nonEmpty,
      PUBLIC_URL: z.url(),
      SENDER_ADDRESS: z.email(),
      INTAKE_ADDRESS: z.email(),
      AWS_REGION: nonEmpty,
      SES_CONFIGURATION_SET: nonEmpty,
      TIME_ZONE: z.string().check(z.refine(isValidTimeZone, 'an IANA time zone')),
      RETENTION_POLICY: retentionPolicy,
    })
    .parse(env)
}

/** The mail-events function (functions/mail-events/mail-events.ts): the table, and how long Message-ID links live. */
export function readMailEventsEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return z.object({ TABLE_NAME: nonEmpty, CASE_RETENTION_DAYS: z._default(integer, 730) }).parse(env)
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
