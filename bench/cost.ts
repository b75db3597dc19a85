import type { FunctionBundle } from './bundles.ts'
import type { LifecycleResults } from './lifecycle.ts'
import type { RequestCounts } from './request-counter.ts'

/**
 * What 1,000 cases cost at AWS list prices, from this run's measured counts: DynamoDB request units (the consumed
 * capacity each request reported), SES sends, state transitions, Lambda invocations (the functions the measured path
 * ran) with each function's configured memory and its measured cold init. Everything not measured is an assumption
 * in ASSUMPTIONS, stated in the report. Free tiers are left out: they are per account, not per case.
 */

/** eu-west-1 (Ireland) list prices in USD, as published on the AWS pricing pages in 2025 (not fetched: no network). */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  dynamodbWriteRequestUnit: 0.7063 / 1e6,
  dynamodbReadRequestUnit: 0.1413 / 1e6,
  dynamodbStorageGbMonth: 0.283,
  stepFunctionsStandardTransition: 0.025 / 1000,
  sesOutboundMessage: 0.1 / 1000,
  sesInboundMessage: 0.1 / 1000,
  /** Per 256 KB chunk of received mail. */
  sesInboundChunk: 0.09 / 1000,
  httpApiRequest: 1.11 / 1e6,
  cloudWatchLogsIngestGb: 0.57,
  xrayTraceRecorded: 5 / 1e6,
  kmsRequest: 0.03 / 10_000,
  secretsManagerApiCall: 0.05 / 10_000,
  s3PutRequest: 0.005 / 1000,
  s3GetRequest: 0.0004 / 1000,
  s3StorageGbMonth: 0.023,
  cloudFrontHttpsRequestEurope: 0.012 / 10_000,
  wafRequest: 0.6 / 1e6,
  // Monthly, whatever the volume:
  kmsKeyMonth: 1,
  secretMonth: 0.4,
  alarmMonth: 0.1,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
} as const

export const ASSUMPTIONS = {
  /** MAR is quiet (a few cases a day): every invocation is taken to be a cold start, its INIT billed (since 2025). */
  coldStartShare: 1,
  /** The handler's own billed time per invocation (a few DynamoDB round trips, one SES call). */
  handlerMs: 200,
  /** Lambda gives a full vCPU at 1,769 MB: init measured here on one core is scaled by 1769 / memory below that. */
  fullCpuMemoryMb: 1769,
  logBytesPerInvocation: 2048,
  /** Months a case's items are stored: about one open, then `retention.closedCaseMonths` (12) after closing. */
  storedMonths: 13,
  /** On top of the measured bytes of a case's items: DynamoDB's 100 bytes per item and the index copies. */
  storageOverhead: 1.5,
  /** Raw mail and attachments of a mail case (S3), kept as long. */
  mailBytesPerMailCase: 200 * 1024,
  attachmentsPerMailCase: 1,
  /** Page and asset requests through CloudFront (and the WAF): the form and the advisor's workspace. */
  cloudFrontRequestsPerCase: 30,
  /** KMS requests per mail case (SSE-KMS on the mail bucket: SES's put, the function's read, the attachments). */
  kmsRequestsPerMailCase: 4,
  /** Share of web cases; the rest come by mail. */
  webShare: 0.7,
} as const

export interface CostResults {
  costPer1000CasesUsd: number
  web: Record<string, number>
  email: Record<string, number>
  fixedMonthlyUsd: number
  fixedMonthly: Record<string, number>
}

/** The functions a case's path runs, by entry, and how often (from the measured counts and the executed path). */
function invocations(intake: 'web' | 'email', intakeCounts: RequestCounts, lifecycle: LifecycleResults) {
  return {
    [intake === 'web' ? 'functions/web-intake/submit.ts' : 'functions/mail-intake/receive.ts']: 1,
    'functions/case-workflow/start.ts': intakeCounts.caseItemWrites + lifecycle.happyPathAfterIntake.caseItemWrites,
    'functions/case-workflow/task.ts': lifecycle.happyPath.taskInvocations,
    'functions/advisor-api/api.ts': lifecycle.advisorCalls,
  }
}

function caseCost(
  intake: 'web' | 'email',
  lifecycle: LifecycleResults,
  functions: FunctionBundle[],
): Record<string, number> {
  const intakeCounts = lifecycle[intake]
  const after = lifecycle.happyPathAfterIntake
  const calls = invocations(intake, intakeCounts, lifecycle)
  let gbSeconds = 0
  let invocationCount = 0
  for (const [entry, count] of Object.entries(calls)) {
    const fn = functions.find((candidate) => candidate.entry === entry)
    const memoryMb = fn?.memoryMb ?? 256
    const initMs = Math.max(0, fn?.initMs ?? 0) * Math.max(1, ASSUMPTIONS.fullCpuMemoryMb / memoryMb)
    const billedMs = ASSUMPTIONS.handlerMs + ASSUMPTIONS.coldStartShare * initMs
    gbSeconds += count * (billedMs / 1000) * (memoryMb / 1024)
    invocationCount += count
  }
  const mail = intake === 'email'
  const signingInvocations = calls['functions/case-workflow/task.ts'] + calls['functions/advisor-api/api.ts']
  const lines = {
    lambda: gbSeconds * PRICES.lambdaArmGbSecond + invocationCount * PRICES.lambdaRequest,
    dynamodbRequests:
      (intakeCounts.writeUnits + after.writeUnits) * PRICES.dynamodbWriteRequestUnit +
      (intakeCounts.readUnits + after.readUnits) * PRICES.dynamodbReadRequestUnit,
    dynamodbStorage:
      ((lifecycle.storedBytesPerCase * ASSUMPTIONS.storageOverhead) / 1024 ** 3) *
      ASSUMPTIONS.storedMonths *
      PRICES.dynamodbStorageGbMonth,
    stepFunctions: lifecycle.happyPath.transitions * PRICES.stepFunctionsStandardTransition,
    ses:
      (intakeCounts.sesSends + after.sesSends) * PRICES.sesOutboundMessage +
      (mail
        ? PRICES.sesInboundMessage + Math.ceil(ASSUMPTIONS.mailBytesPerMailCase / (256 * 1024)) * PRICES.sesInboundChunk
        : 0),
    apiGateway: ((mail ? 0 : 1) + lifecycle.advisorCalls) * PRICES.httpApiRequest,
    cloudWatchLogs: ((invocationCount * ASSUMPTIONS.logBytesPerInvocation) / 1024 ** 3) * PRICES.cloudWatchLogsIngestGb,
    xray: invocationCount * PRICES.xrayTraceRecorded,
    kms: (mail ? ASSUMPTIONS.kmsRequestsPerMailCase : 0) * PRICES.kmsRequest,
    secretsManager: signingInvocations * ASSUMPTIONS.coldStartShare * PRICES.secretsManagerApiCall,
    s3: mail
      ? (1 + ASSUMPTIONS.attachmentsPerMailCase) * PRICES.s3PutRequest +
        (1 + ASSUMPTIONS.attachmentsPerMailCase) * PRICES.s3GetRequest +
        (ASSUMPTIONS.mailBytesPerMailCase / 1024 ** 3) * ASSUMPTIONS.storedMonths * PRICES.s3StorageGbMonth
      : 0,
    cloudFrontAndWaf: ASSUMPTIONS.cloudFrontRequestsPerCase * (PRICES.cloudFrontHttpsRequestEurope + PRICES.wafRequest),
  }
  return { ...lines, total: Object.values(lines).reduce((sum, value) => sum + value, 0), invocations: invocationCount }
}

export function costModel(
  lifecycle: LifecycleResults,
  functions: FunctionBundle[],
  resourceCounts: Record<string, number>,
): CostResults {
  const web = caseCost('web', lifecycle, functions)
  const email = caseCost('email', lifecycle, functions)
  const fixedMonthly = {
    kmsKeys: (resourceCounts['AWS::KMS::Key'] ?? 0) * PRICES.kmsKeyMonth,
    secrets: (resourceCounts['AWS::SecretsManager::Secret'] ?? 0) * PRICES.secretMonth,
    alarms: (resourceCounts['AWS::CloudWatch::Alarm'] ?? 0) * PRICES.alarmMonth,
    waf: (resourceCounts['AWS::WAFv2::WebACL'] ?? 0) * (PRICES.wafWebAclMonth + 4 * PRICES.wafRuleMonth),
  }
  const perCase = ASSUMPTIONS.webShare * (web.total ?? 0) + (1 - ASSUMPTIONS.webShare) * (email.total ?? 0)
  return {
    costPer1000CasesUsd: perCase * 1000,
    web: per1000(web),
    email: per1000(email),
    fixedMonthlyUsd: Object.values(fixedMonthly).reduce((sum, value) => sum + value, 0),
    fixedMonthly,
  }
}

/** The per-case lines as USD per 1,000 cases (invocations stay a per-case count). */
function per1000(lines: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(lines).map(([name, value]) => [name, name === 'invocations' ? value : value * 1000]),
  )
}
