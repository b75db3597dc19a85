import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import * as z from 'zod'
import * as zm from 'zod/mini'
import { workflowSettingsSchema } from '../functions/adapters/workflow-settings.ts'
import { isValidTimeZone } from '../functions/core/zoned-time.ts'

/** The cdk.json context key that holds the whole app configuration. */
export const configContextKey = 'mar'

/** Retention periods CloudWatch Logs accepts; "never expire" is left out on purpose. */
const logRetentionDays = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
)

const httpsOrigin = z
  .url({ protocol: /^https$/, error: 'must be an https URL' })
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, {
    error: 'must be an origin only (scheme and host, no path or trailing slash), e.g. https://mar.rotterdam.nl',
  })

const limitsSchema = z
  .object({
    /** Largest request body the web intake accepts (bytes). */
    maxBodyBytes: z.int().min(1024).max(1_048_576).default(65_536),
    /** HTTP API default stage: steady-state requests per second. */
    throttleRatePerSecond: z.number().positive().max(10_000).default(10),
    /** HTTP API default stage: burst capacity (requests). */
    throttleBurst: z.int().positive().max(5_000).default(20),
  })
  .strict()

const retentionSchema = z
  .object({
    /** Days a case is kept before DynamoDB's TTL removes it. */
    caseDays: z.int().min(1).max(3653).default(730),
    /** Days CloudWatch keeps Lambda and access logs. */
    logDays: z
      .int()
      .refine((value) => (logRetentionDays as number[]).includes(value), {
        error: `must be one of CloudWatch's retention periods: ${logRetentionDays.join(', ')}`,
      })
      .transform((value) => value as RetentionDays)
      .default(RetentionDays.THREE_MONTHS),
  })
  .strict()

const customDomainSchema = z
  .object({
    domainName: z.hostname({ error: 'must be a host name, e.g. mar.rotterdam.nl' }),
    /** CloudFront only takes ACM certificates from us-east-1. */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, {
      error: 'must be the ARN of an ACM certificate in us-east-1 (CloudFront requires that region)',
    }),
  })
  .strict()

export const appConfigSchema = z
  .object({
    /** The mailbox requesters write to. */
    intakeAddress: z.email().default('mar_bsd@rotterdam.nl'),
    /** The From address of outgoing mail. */
    senderAddress: z.email(),
    /** The URL people use (the CloudFront distribution or its custom domain). */
    publicUrl: httpsOrigin,
    /** Further browser origins allowed to call the API (besides publicUrl). */
    allowedOrigins: z.array(httpsOrigin).default([]),
    limits: limitsSchema.prefault({}),
    retention: retentionSchema.prefault({}),
    customDomain: customDomainSchema.optional(),
    /** Who hears of alarms (a workflow that cannot start or fails, mail not sent): an SNS e-mail subscription. */
    alarmEmail: z.email().optional(),
    /** Business hours, holidays and response windows (functions/adapters/workflow-settings.ts, with its defaults). */
    workflow: zm.prefault(workflowSettingsSchema, {}),
  })
  .strict()
  .superRefine((config, context) => {
    const { customDomain, publicUrl } = config
    if (customDomain && URL.canParse(publicUrl) && new URL(publicUrl).hostname !== customDomain.domainName) {
      context.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message: `must use the custom domain ${customDomain.domainName}`,
      })
    }
    // The schema takes any string; the workflow function's calendar would refuse a misspelt zone at every cold start.
    const timeZone: unknown = config.workflow?.timeZone
    if (typeof timeZone === 'string' && !isValidTimeZone(timeZone)) {
      context.addIssue({
        code: 'custom',
        path: ['workflow', 'timeZone'],
        message: 'must be an IANA time zone, e.g. Europe/Amsterdam',
      })
    }
  })

export type AppConfig = z.infer<typeof appConfigSchema>

/** Parses the cdk.json context value; throws one error that lists every problem. */
export function loadConfig(context: unknown): AppConfig {
  if (context === undefined) {
    throw new Error(`Missing configuration: add a "${configContextKey}" object to the context in cdk.json`)
  }
  const result = appConfigSchema.safeParse(context)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)'
    return `  - ${where}: ${issue.message}`
  })
  throw new Error(
    `Invalid configuration in cdk.json context "${configContextKey}" (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
  )
}
