import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import * as z from 'zod'
import * as zm from 'zod/mini'
import { workflowSettingsSchema } from '../functions/adapters/workflow-settings.ts'
import { OUTCOMES } from '../functions/core/cases/case.ts'
import type { RetentionPolicy } from '../functions/core/retention/retention.ts'
import { isValidTimeZone } from '../functions/core/shared/zoned-time.ts'

/** The cdk.json context key that holds the whole app configuration. */
export const configContextKey = 'mar'

/** Days the mail intake's failures queue keeps a message it could not file (lib/constructs/mail-intake.ts). */
export const MAIL_FAILURES_RETENTION_DAYS = 14

/**
 * The regions where Amazon SES receives mail (AWS General Reference, "Amazon Simple Email Service endpoints and
 * quotas", Email Receiving endpoints: `inbound-smtp.<region>.amazonaws.com`), checked 2025. Sending works in more
 * regions (e.g. eu-central-2, eu-south-2, ap-south-2, ca-west-1, me-central-1, GovCloud): receiving does not. SES has
 * no API that tells; when AWS adds a region, add it here.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'af-south-1',
  'il-central-1',
  'me-south-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
]

/** Refuses a deploy region where SES cannot receive mail: the intake address would never get any. */
export function assertSesReceivesMailIn(region: string): void {
  if (SES_RECEIVING_REGIONS.includes(region)) return
  throw new Error(
    `Amazon SES cannot receive mail in ${region}: mail to the intake address would never arrive. ` +
      `Deploy to a region where it can (for data in the EU: eu-west-1, eu-west-3, eu-central-1, eu-north-1 or ` +
      `eu-south-1; all: ${SES_RECEIVING_REGIONS.join(', ')}) by setting CDK_DEFAULT_REGION or your profile's region.`,
  )
}

/** Retention periods CloudWatch Logs accepts; "never expire" is left out on purpose. */
const logRetentionDays = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
)

/** The address of a CloudFront distribution without a custom domain. */
export const CLOUDFRONT_ORIGIN = /^https:\/\/d[a-z0-9]+\.cloudfront\.net$/

const httpsOrigin = z
  .url({ protocol: /^https$/, error: 'must be an https URL' })
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, {
    error: 'must be an origin only (scheme and host, no path or trailing slash), e.g. https://mar.rotterdam.nl',
  })

/** A throttle as API Gateway applies it: a token bucket of `burst` requests, refilled at `ratePerSecond`. */
const throttleSchema = z
  .object({
    ratePerSecond: z.number().positive().max(10_000),
    burst: z.int().positive().max(5_000),
  })
  .strict()

/** The routes that get a throttle of their own, so a flood on one (valid or not) cannot starve the others. */
export const THROTTLED_ROUTE_GROUPS = ['submit', 'followUp', 'actions', 'advisor'] as const
export type ThrottledRouteGroup = (typeof THROTTLED_ROUTE_GROUPS)[number]

const routeThrottlesSchema = z
  .object({
    /** `POST /api/requests`: the web form. */
    submit: throttleSchema.default({ ratePerSecond: 5, burst: 10 }),
    /** `POST /api/follow-up` and `/api/follow-up/messages`, each. */
    followUp: throttleSchema.default({ ratePerSecond: 5, burst: 10 }),
    /** `GET|POST /actions/{token}`, each: the one-click links in advisor mail. */
    actions: throttleSchema.default({ ratePerSecond: 5, burst: 10 }),
    /** Each `/api/advisor/…` route (signed-in staff; the workspace makes several calls per page). */
    advisor: throttleSchema.default({ ratePerSecond: 20, burst: 40 }),
  })
  .strict()

const limitsSchema = z
  .object({
    /** Largest request body the web intake accepts (bytes). */
    maxBodyBytes: z.int().min(1024).max(1_048_576).default(65_536),
    /** HTTP API default stage: steady-state requests per second. */
    throttleRatePerSecond: z.number().positive().max(10_000).default(10),
    /** HTTP API default stage: burst capacity (requests). */
    throttleBurst: z.int().positive().max(5_000).default(20),
    /**
     * The web ACL's rate-based rule (lib/stacks/edge-stack.ts): requests one client IP may make in any 5 minutes
     * before WAF blocks it for a while. Advisors in one office share an address: leave room for them.
     */
    wafRatePer5Minutes: z.int().min(10).max(2_000_000_000).default(300),
    /** Per-route throttles (API Gateway route settings, and the local stand-in's buckets); other routes: the stage's. */
    routes: routeThrottlesSchema.prefault({}),
    /**
     * Reserved concurrency per function (none by default). Reserving takes from the account's Lambda concurrency
     * quota, and AWS keeps 10 unreserved: an account still at a new account's quota of 10 cannot reserve any, and the
     * function's creation fails. Raise the quota first (Service Quotas, "Concurrent executions"; `npm run preflight`
     * checks it), then e.g. `{"mailReceive": 5, "retentionPurge": 1}`: five mails filed at once (a burst waits in
     * Lambda's async queue), one retention run at a time.
     */
    reservedConcurrency: z
      .object({ mailReceive: z.int().min(1).max(1000).optional(), retentionPurge: z.int().min(1).max(1000).optional() })
      .strict()
      .default({}),
  })
  .strict()

/** Which throttle group an API route (its route key, e.g. `POST /api/requests`) belongs to; undefined: the stage's. */
export function throttledRouteGroup(routeKey: string): ThrottledRouteGroup | undefined {
  const [method = '', path = ''] = routeKey.split(' ')
  if (method === 'POST' && path === '/api/requests') return 'submit'
  if (method === 'POST' && (path === '/api/follow-up' || path === '/api/follow-up/messages')) return 'followUp'
  if (path.startsWith('/actions/')) return 'actions'
  if (path.startsWith('/api/advisor/')) return 'advisor'
  return undefined
}

/** The throttle of one route: its group's, or the stage's. */
export function routeThrottle(limits: AppConfig['limits'], routeKey: string): z.infer<typeof throttleSchema> {
  const group = throttledRouteGroup(routeKey)
  if (group !== undefined) return limits.routes[group]
  return { ratePerSecond: limits.throttleRatePerSecond, burst: limits.throttleBurst }
}

const retentionSchema = z
  .object({
    /** Days a case is kept before DynamoDB's TTL removes it. */
    caseDays: z.int().min(1).max(3653).default(730),
    /**
     * Days a received message's raw MIME (`inbound/` in the mail bucket) is kept. Filing it takes seconds and copies
     * what the case needs (text, attachments, headers we keep) onto the case, so the raw message — with its `Received`
     * headers and IP addresses — is only a safety net: long enough to file it again from the failures queue (which
     * keeps a failed delivery 14 days), short enough not to become a second archive.
     */
    rawMailDays: z
      .int()
      .min(MAIL_FAILURES_RETENTION_DAYS, {
        error: `must be at least ${MAIL_FAILURES_RETENTION_DAYS} (the receive failures queue keeps a failed message ${MAIL_FAILURES_RETENTION_DAYS} days; its raw mail must still be there to file it again)`,
      })
      .max(365)
      .default(30),
    /** Days CloudWatch keeps Lambda and access logs. */
    logDays: z
      .int()
      .refine((value) => (logRetentionDays as number[]).includes(value), {
        error: `must be one of CloudWatch's retention periods: ${logRetentionDays.join(', ')}`,
      })
      .transform((value) => value as RetentionDays)
      .default(RetentionDays.THREE_MONTHS),
    /** Months a closed case is kept after closing; then the daily purge deletes it and all that belongs to it. */
    closedCaseMonths: z.int().min(1).max(120).default(12),
    /** Another number of months for some outcomes, e.g. `{"no-concern": 6}`. */
    closedCaseMonthsByOutcome: z.partialRecord(z.enum(OUTCOMES), z.int().min(1).max(120)).default({}),
    /** Days without activity after which an open case is flagged to the coordinators (again each such period). */
    staleOpenCaseDays: z.int().min(7).max(3653).default(60),
    /** Days the tombstone of a purged or erased case (reference, dates, outcome: no content) is kept. */
    tombstoneDays: z.int().min(1).max(36_530).default(3653),
  })
  .strict()

/** The retention purge's settings as the functions receive them (RETENTION_POLICY). */
export function retentionPolicyOf(config: Pick<AppConfig, 'retention'>): RetentionPolicy {
  const { closedCaseMonths, closedCaseMonthsByOutcome, staleOpenCaseDays, tombstoneDays } = config.retention
  return { closedCaseMonths, closedCaseMonthsByOutcome, staleOpenCaseDays, tombstoneDays }
}

const customDomainSchema = z
  .object({
    domainName: z.hostname({ error: 'must be a host name, e.g. mar.rotterdam.nl' }),
    /** CloudFront only takes ACM certificates from us-east-1. */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, {
      error: 'must be the ARN of an ACM certificate in us-east-1 (CloudFront requires that region)',
    }),
  })
  .strict()

/** Cognito's rule for a prefix domain (`<prefix>.auth.<region>.amazoncognito.com`). */
const cognitoDomainPrefixPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const cognitoReservedWords = /aws|amazon|cognito/

const advisorSignInSchema = z
  .object({
    /**
     * The prefix of the Cognito domain that serves the staff sign-in pages (managed login):
     * `https://<domainPrefix>.auth.<region>.amazoncognito.com`. Unique per region across all of AWS; 1–63 lowercase
     * letters, digits and hyphens; Cognito refuses "aws", "amazon" and "cognito" in it.
     * Default: publicUrl's host name with every non-alphanumeric character as a hyphen (`mar.rotterdam.nl` →
     * `mar-rotterdam-nl`). Changing it replaces the domain (the sign-in address changes; users and passwords stay).
     */
    domainPrefix: z
      .string()
      .regex(cognitoDomainPrefixPattern, {
        error: 'must be 1–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
      })
      .refine((value) => !cognitoReservedWords.test(value), {
        error: 'must not contain "aws", "amazon" or "cognito" (Cognito refuses such prefixes)',
      })
      .optional(),
  })
  .strict()

/** The default Cognito domain prefix: publicUrl's host name, e.g. `mar.rotterdam.nl` → `mar-rotterdam-nl`. */
export function defaultDomainPrefix(publicUrl: string): string {
  return new URL(publicUrl).hostname
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '')
}

export const appConfigSchema = z
  .object({
    /** The mailbox requesters write to. */
    intakeAddress: z.email().default('mar_bsd@rotterdam.nl'),
    /**
     * MAR's phone number as people read and dial it: signed under every answer to a requester (and shown on the
     * public pages). Digits, spaces, `+`, `-`, parentheses.
     */
    marPhone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{5,28}[0-9]$/, { error: 'must be a phone number, e.g. 06 - 23 66 03 86' })
      .default('06 - 23 66 03 86'),
    /**
     * The address SES receives mail for (the receipt rule's one recipient), when it is not intakeAddress itself:
     * a mailbox on a (sub)domain whose MX points to SES, to which the intake domain's own mail servers forward
     * intakeAddress. Needed when the intake domain keeps its mail servers (an MX on rotterdam.nl itself would send
     * all of the municipality's mail to SES). Default: intakeAddress.
     */
    receivingAddress: z.email().optional(),
    /** The From address of outgoing mail. */
    senderAddress: z.email(),
    /**
     * The address the distribution serves, which action links (bearer tokens) and the sign-in redirect point to:
     * `https://<customDomain.domainName>`, or without a custom domain the distribution's own
     * `https://d….cloudfront.net` (stack output DistributionDomainName after a first deploy).
     */
    publicUrl: httpsOrigin,
    /** Further browser origins allowed to call the API (besides publicUrl). */
    allowedOrigins: z.array(httpsOrigin).default([]),
    limits: limitsSchema.prefault({}),
    retention: retentionSchema.prefault({}),
    customDomain: customDomainSchema.optional(),
    /**
     * IAM roles (ARNs, `*` allowed) besides the stack's own that may use the case table's key through DynamoDB, e.g.
     * the role an operator runs `npm run roster -- import --table …` with. No one else can decrypt the table.
     */
    caseTableOperatorRoleArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/*-]+$/, { error: 'must be an IAM role ARN' }))
      .default([]),
    /** Who hears of alarms (a workflow that cannot start or fails, mail not sent): an SNS e-mail subscription. */
    alarmEmail: z.email().optional(),
    /** Business hours, holidays and response windows (functions/adapters/workflow-settings.ts, with its defaults). */
    workflow: zm.prefault(workflowSettingsSchema, {}),
    /** Staff sign-in (Cognito user pool for MAR advisors and coordinators): see advisorSignInSchema. */
    advisorSignIn: advisorSignInSchema.prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    // Action links carry bearer tokens: they must point at the distribution, never at a host it does not serve.
    const { customDomain, publicUrl } = config
    if (customDomain && URL.canParse(publicUrl) && new URL(publicUrl).hostname !== customDomain.domainName) {
      context.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message: `must use the custom domain ${customDomain.domainName}`,
      })
    }
    if (!customDomain && !CLOUDFRONT_ORIGIN.test(publicUrl)) {
      context.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message:
          "must be an address the distribution serves: configure customDomain for it, or use the distribution's " +
          'own https://d….cloudfront.net (stack output DistributionDomainName after a first deploy)',
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
  .transform((config, context) => {
    const domainPrefix = config.advisorSignIn.domainPrefix ?? defaultDomainPrefix(config.publicUrl)
    if (config.advisorSignIn.domainPrefix === undefined) {
      if (!cognitoDomainPrefixPattern.test(domainPrefix) || cognitoReservedWords.test(domainPrefix)) {
        context.addIssue({
          code: 'custom',
          path: ['advisorSignIn', 'domainPrefix'],
          message: `the prefix derived from publicUrl ("${domainPrefix}") is not one Cognito accepts: set advisorSignIn.domainPrefix`,
        })
        return z.NEVER
      }
    }
    return { ...config, advisorSignIn: { domainPrefix } }
  })

export type AppConfig = z.infer<typeof appConfigSchema>

/** The certificate ARN cdk.json ships with: a placeholder that no account holds. */
export const PLACEHOLDER_CERTIFICATE =
  /^arn:aws[a-z-]*:acm:us-east-1:123456789012:certificate\/0{8}-0{4}-0{4}-0{4}-0{12}$/

/**
 * Refuses a deploy with cdk.json's placeholder certificate: CloudFront would fail on it half-way through the first
 * deploy. A deploy resolves the account from the operator's credentials (`CDK_DEFAULT_ACCOUNT`, which the CDK CLI sets
 * when it has credentials); an offline `cdk synth` has none and still works with the placeholder.
 */
export function assertDeployableCertificate(
  config: Pick<AppConfig, 'customDomain'>,
  account: string | undefined,
): void {
  const arn = config.customDomain?.certificateArn
  if (account === undefined || arn === undefined || !PLACEHOLDER_CERTIFICATE.test(arn)) return
  throw new Error(
    `customDomain.certificateArn in cdk.json is the placeholder ${arn}: CloudFront cannot use it. Request an ACM ` +
      `certificate for ${config.customDomain?.domainName} in us-east-1 (aws acm request-certificate --region us-east-1 ` +
      `--domain-name ${config.customDomain?.domainName} --validation-method DNS), publish its validation record, and put ` +
      `its ARN in cdk.json (or remove customDomain and use the distribution's own address). Offline "cdk synth" (no ` +
      'credentials) still works with the placeholder.',
  )
}

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
