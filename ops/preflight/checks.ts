import { type ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm'
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam'
import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { DescribeReceiptRuleSetCommand, type SESClient } from '@aws-sdk/client-ses'
import { GetAccountCommand, GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2'
import { type AppConfig, SES_RECEIVING_REGIONS } from '../../lib/config.ts'
import { MAIL_RECEIPT_RULE } from '../../lib/constructs/mail-store.ts'
import { EDGE_REGION } from '../../lib/stacks/edge-stack.ts'

/** One line of the preflight table. */
export interface CheckResult {
  check: string
  pass: boolean
  detail: string
  /** What to do when it fails. */
  fix?: string
}

export interface PreflightClients {
  /** CloudFormation in the deploy region and in us-east-1 (the edge stack's). */
  cloudFormation: { deploy: CloudFormationClient; edge: CloudFormationClient }
  lambda: LambdaClient
  /** ACM in us-east-1, where CloudFront takes certificates from. */
  acm: ACMClient
  sesv2: SESv2Client
  ses: SESClient
  cognito: CognitoIdentityProviderClient
  iam: IAMClient
}

export interface PreflightContext {
  config: AppConfig
  region: string
  account: string
  clients: PreflightClients
}

/** The receipt rule set CDK creates (lib/constructs/mail-store.ts). */
export const RECEIPT_RULE_SET_NAME = MAIL_RECEIPT_RULE.ruleSetName
/** The bootstrap version this CDK release's templates require (the `BootstrapVersion` rule of every stack). */
export const REQUIRED_BOOTSTRAP_VERSION = 6
/** Lambda keeps this much of the account's concurrency unreserved: reservations cannot take it. */
export const UNRESERVED_MINIMUM = 10

const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error))

/** `cdk bootstrap` in the deploy region and in us-east-1 (the web ACL's stack). */
export async function checkBootstrap(context: PreflightContext): Promise<CheckResult[]> {
  const regions = [
    { region: context.region, client: context.clients.cloudFormation.deploy },
    ...(context.region === EDGE_REGION ? [] : [{ region: EDGE_REGION, client: context.clients.cloudFormation.edge }]),
  ]
  const results: CheckResult[] = []
  for (const { region, client } of regions) {
    const check = `CDK bootstrap in ${region}`
    const fix = `npx cdk bootstrap aws://${context.account}/${region}`
    try {
      const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))
      const version = Number(
        Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'BootstrapVersion')?.OutputValue,
      )
      const status = Stacks?.[0]?.StackStatus ?? 'unknown'
      const pass =
        Number.isFinite(version) &&
        version >= REQUIRED_BOOTSTRAP_VERSION &&
        /_COMPLETE$/.test(status) &&
        !/ROLLBACK|DELETE/.test(status)
      results.push({
        check,
        pass,
        detail: `CDKToolkit ${status}, bootstrap version ${Number.isFinite(version) ? version : 'unknown'}`,
        ...(pass ? {} : { fix }),
      })
    } catch (error) {
      results.push({ check, pass: false, detail: `no CDKToolkit stack (${errorName(error)})`, fix })
    }
  }
  return results
}

/** Reserved concurrency (limits.reservedConcurrency) against the account's concurrency quota. */
export async function checkConcurrency(context: PreflightContext): Promise<CheckResult> {
  const reserved = Object.values(context.config.limits.reservedConcurrency).reduce<number>(
    (sum, n) => sum + (n ?? 0),
    0,
  )
  const check = 'Lambda concurrency quota'
  const { AccountLimit } = await context.clients.lambda.send(new GetAccountSettingsCommand({}))
  const quota = AccountLimit?.ConcurrentExecutions ?? 0
  const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? quota
  const left = unreserved - reserved
  const pass = left >= UNRESERVED_MINIMUM
  return {
    check,
    pass,
    detail: `quota ${quota}, unreserved ${unreserved}, this app reserves ${reserved}: ${left} would stay unreserved (Lambda needs ${UNRESERVED_MINIMUM})`,
    ...(pass
      ? {}
      : {
          fix: `request a higher "Concurrent executions" quota (Service Quotas → AWS Lambda) in ${context.region}, or lower/remove limits.reservedConcurrency in cdk.json`,
        }),
  }
}

/** The custom domain's certificate: exists, issued, in us-east-1, covering the domain. */
export async function checkCertificate(context: PreflightContext): Promise<CheckResult> {
  const check = 'CloudFront certificate'
  const domain = context.config.customDomain
  if (!domain) return { check, pass: true, detail: "no customDomain: the distribution's own address is used" }
  const fix = `request one in us-east-1 for ${domain.domainName} (aws acm request-certificate --region us-east-1 --domain-name ${domain.domainName} --validation-method DNS), publish its validation CNAME, wait for ISSUED, put its ARN in cdk.json customDomain.certificateArn`
  if (!domain.certificateArn.includes(`:acm:${EDGE_REGION}:`)) {
    return { check, pass: false, detail: `${domain.certificateArn} is not in ${EDGE_REGION}`, fix }
  }
  if (!domain.certificateArn.includes(`:${context.account}:`)) {
    return {
      check,
      pass: false,
      detail: `${domain.certificateArn} belongs to another account than ${context.account}`,
      fix,
    }
  }
  try {
    const { Certificate } = await context.clients.acm.send(
      new DescribeCertificateCommand({ CertificateArn: domain.certificateArn }),
    )
    const names = [Certificate?.DomainName, ...(Certificate?.SubjectAlternativeNames ?? [])].filter(Boolean) as string[]
    const covers = names.some((name) => coversDomain(name, domain.domainName))
    const issued = Certificate?.Status === 'ISSUED'
    const pass = covers && issued
    return {
      check,
      pass,
      detail: `${Certificate?.Status ?? 'unknown'}, for ${names.join(', ') || 'no names'}${covers ? '' : ` (not ${domain.domainName})`}`,
      ...(pass ? {} : { fix }),
    }
  } catch (error) {
    return { check, pass: false, detail: `${domain.certificateArn}: ${errorName(error)}`, fix }
  }
}

/** Whether a certificate name (`mar.rotterdam.nl`, `*.rotterdam.nl`) covers the domain. */
export function coversDomain(name: string, domain: string): boolean {
  const lower = name.toLowerCase()
  const target = domain.toLowerCase()
  if (lower === target) return true
  return (
    lower.startsWith('*.') &&
    target.split('.').slice(1).join('.') === lower.slice(2) &&
    target.split('.').length === lower.split('.').length
  )
}

/** The SES identities the app sends and receives as, verified; the account out of the sandbox. */
export async function checkSes(context: PreflightContext): Promise<CheckResult[]> {
  const { config, clients } = context
  const domainOf = (address: string) => address.split('@')[1] ?? address
  const identities = [
    ...new Set(
      [config.senderAddress, config.intakeAddress, config.receivingAddress ?? config.intakeAddress].map(domainOf),
    ),
  ]
  const results: CheckResult[] = []
  for (const identity of identities) {
    const check = `SES identity ${identity}`
    try {
      const answer = await clients.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))
      const pass = answer.VerifiedForSendingStatus === true
      results.push({
        check,
        pass,
        detail: pass ? 'verified' : `not verified (DKIM ${answer.DkimAttributes?.Status ?? 'unknown'})`,
        ...(pass
          ? {}
          : {
              fix: `publish the identity's three DKIM CNAME records (SES console → Identities → ${identity}) and wait for "Verified"`,
            }),
      })
    } catch (error) {
      results.push({
        check,
        pass: false,
        detail: `not found (${errorName(error)}): the first deploy creates it`,
        fix: `deploy, then publish its DKIM CNAME records and run the preflight again`,
      })
    }
  }
  const { ProductionAccessEnabled, SendingEnabled } = await clients.sesv2.send(new GetAccountCommand({}))
  const pass = ProductionAccessEnabled === true && SendingEnabled !== false
  results.push({
    check: 'SES production access',
    pass,
    detail: ProductionAccessEnabled
      ? `out of the sandbox${SendingEnabled === false ? ', but sending is paused' : ''}`
      : 'in the sandbox: mail only to verified addresses',
    ...(pass
      ? {}
      : {
          fix: `request production access (SES console → Account dashboard → Request production access) in ${context.region}`,
        }),
  })
  return results
}

/** SES receives mail in the deploy region. */
export function checkReceivingRegion(context: PreflightContext): CheckResult {
  const pass = SES_RECEIVING_REGIONS.includes(context.region)
  return {
    check: 'SES receiving region',
    pass,
    detail: pass ? `SES receives mail in ${context.region}` : `SES cannot receive mail in ${context.region}`,
    ...(pass
      ? {}
      : {
          fix: 'deploy to a receiving region, in the EU: eu-west-1, eu-west-3, eu-central-1, eu-north-1 or eu-south-1',
        }),
  }
}

/** Names that must be free (or already ours): the Cognito domain prefix, the receipt rule set. */
export async function checkNames(context: PreflightContext): Promise<CheckResult[]> {
  const { config, clients } = context
  const prefix = config.advisorSignIn.domainPrefix
  const results: CheckResult[] = []
  const pool = await clients.cognito.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))
  const owner = pool.DomainDescription?.UserPoolId
  const ours = owner !== undefined && pool.DomainDescription?.AWSAccountId === context.account
  results.push({
    check: 'Cognito domain prefix',
    pass: owner === undefined || ours,
    detail:
      owner === undefined
        ? `${prefix} is free`
        : ours
          ? `${prefix} is this account's (${owner}): fine for a redeploy`
          : `${prefix} is taken by another account`,
    ...(owner === undefined || ours ? {} : { fix: 'set advisorSignIn.domainPrefix in cdk.json to a free prefix' }),
  })
  try {
    await clients.ses.send(new DescribeReceiptRuleSetCommand({ RuleSetName: RECEIPT_RULE_SET_NAME }))
    results.push({
      check: 'SES receipt rule set name',
      pass: false,
      detail: `a rule set "${RECEIPT_RULE_SET_NAME}" exists in ${context.region}`,
      fix: `if it is not this app's from an earlier deploy of MarIntakeStateless, delete or rename it (aws ses delete-receipt-rule-set --rule-set-name ${RECEIPT_RULE_SET_NAME}); for a redeploy, ignore this line`,
    })
  } catch (error) {
    const free = errorName(error) === 'RuleSetDoesNotExistException'
    results.push({
      check: 'SES receipt rule set name',
      pass: free,
      detail: free ? `"${RECEIPT_RULE_SET_NAME}" is free` : `could not tell (${errorName(error)})`,
      ...(free ? {} : { fix: 'allow ses:DescribeReceiptRuleSet to the operator, and check the region' }),
    })
  }
  return results
}

/** The operator roles that may use the case key (for the roster import): present, existing, with their path. */
export async function checkOperatorRoles(context: PreflightContext): Promise<CheckResult[]> {
  const arns = context.config.caseTableOperatorRoleArns
  const example = `arn:aws:iam::${context.account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_MarOperator_0123456789abcdef`
  if (arns.length === 0) {
    return [
      {
        check: 'operator role ARNs',
        pass: false,
        detail: 'caseTableOperatorRoleArns is empty: nobody can import the roster into the deployed table',
        fix: `add the role you run "npm run roster -- import --table …" with, path included (an SSO role looks like ${example})`,
      },
    ]
  }
  const results: CheckResult[] = []
  for (const arn of arns) {
    const check = `operator role ${arn.split('/').pop()}`
    if (arn.includes('*')) {
      results.push({ check, pass: true, detail: `${arn} is a pattern: not looked up` })
      continue
    }
    const path = `/${arn.split(':role/')[1]?.split('/').slice(0, -1).join('/') ?? ''}/`.replace(/\/+/g, '/')
    try {
      const { Role } = await context.clients.iam.send(new GetRoleCommand({ RoleName: arn.split('/').pop() }))
      const pass = Role?.Arn === arn
      results.push({
        check,
        pass,
        detail: pass ? `exists (path ${Role?.Path})` : `the role's ARN is ${Role?.Arn}, not ${arn} (path ${path})`,
        ...(pass ? {} : { fix: `use ${Role?.Arn} in caseTableOperatorRoleArns (the path is part of the ARN)` }),
      })
    } catch (error) {
      results.push({
        check,
        pass: false,
        detail: `${arn}: ${errorName(error)}`,
        fix: `create the role, or correct the ARN (path included, e.g. ${example})`,
      })
    }
  }
  return results
}

/** Every check, in the runbook's order. */
export async function runPreflight(context: PreflightContext): Promise<CheckResult[]> {
  const guarded = async (check: string, run: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> => {
    try {
      return [await run()].flat()
    } catch (error) {
      return [
        {
          check,
          pass: false,
          detail: `could not check (${errorName(error)})`,
          fix: 'check your credentials and their permissions (read-only is enough)',
        },
      ]
    }
  }
  return [
    ...(await guarded('CDK bootstrap', () => checkBootstrap(context))),
    ...(await guarded('Lambda concurrency quota', () => checkConcurrency(context))),
    ...(await guarded('CloudFront certificate', () => checkCertificate(context))),
    ...(await guarded('SES', () => checkSes(context))),
    checkReceivingRegion(context),
    ...(await guarded('names', () => checkNames(context))),
    ...(await guarded('operator role ARNs', () => checkOperatorRoles(context))),
  ]
}

/** The table the preflight prints: one line per check, PASS/FAIL, what it found, and the fix under a failure. */
export function formatTable(results: CheckResult[]): string {
  const width = Math.max(...results.map((result) => result.check.length))
  const lines = results.flatMap((result) => [
    `${result.pass ? 'PASS' : 'FAIL'}  ${result.check.padEnd(width)}  ${result.detail}`,
    ...(result.pass || !result.fix ? [] : [`      ${' '.repeat(width)}  fix: ${result.fix}`]),
  ])
  const failed = results.filter((result) => !result.pass).length
  return [
    ...lines,
    '',
    failed === 0
      ? `preflight: all ${results.length} checks passed`
      : `preflight: ${failed} of ${results.length} checks failed`,
  ].join('\n')
}
