import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CognitoIdentityProviderClient, DescribeUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider'
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam'
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { DescribeReceiptRuleSetCommand, RuleSetDoesNotExistException, SESClient } from '@aws-sdk/client-ses'
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../lib/config.ts'
import {
  checkBootstrap,
  checkCertificate,
  checkConcurrency,
  checkNames,
  checkOperatorRoles,
  checkReceivingRegion,
  checkSes,
  coversDomain,
  formatTable,
  type PreflightContext,
  runPreflight,
} from '../../../ops/preflight/checks.ts'

const ACCOUNT = '111111111111'
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012`
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_MarOperator_0123456789abcdef`
const baseConfig = {
  senderAddress: 'noreply@mar.rotterdam.nl',
  publicUrl: 'https://mar.rotterdam.nl',
  customDomain: { domainName: 'mar.rotterdam.nl', certificateArn: CERTIFICATE },
  caseTableOperatorRoleArns: [SSO_ROLE],
}

// Two CloudFormation clients (deploy region, us-east-1): one mock each, on instances.
const deployCfn = new CloudFormationClient({ region: 'eu-west-1' })
const edgeCfn = new CloudFormationClient({ region: 'us-east-1' })
const cfnDeploy = mockClient(deployCfn)
const cfnEdge = mockClient(edgeCfn)
const lambda = mockClient(LambdaClient)
const acm = mockClient(ACMClient)
const sesv2 = mockClient(SESv2Client)
const ses = mockClient(SESClient)
const cognito = mockClient(CognitoIdentityProviderClient)
const iam = mockClient(IAMClient)

function context(overrides: Record<string, unknown> = {}, region = 'eu-west-1'): PreflightContext {
  return {
    config: loadConfig({ ...baseConfig, ...overrides }),
    region,
    account: ACCOUNT,
    clients: {
      cloudFormation: { deploy: deployCfn, edge: edgeCfn },
      lambda: new LambdaClient({ region }),
      acm: new ACMClient({ region: 'us-east-1' }),
      sesv2: new SESv2Client({ region }),
      ses: new SESClient({ region }),
      cognito: new CognitoIdentityProviderClient({ region }),
      iam: new IAMClient({ region }),
    },
  }
}

const bootstrapped = (version: string) => ({
  Stacks: [
    {
      StackName: 'CDKToolkit',
      StackStatus: 'UPDATE_COMPLETE' as const,
      CreationTime: new Date(),
      Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: version }],
    },
  ],
})

/** Everything as a ready account answers. */
function readyAccount() {
  cfnDeploy.on(DescribeStacksCommand).resolves(bootstrapped('28'))
  cfnEdge.on(DescribeStacksCommand).resolves(bootstrapped('28'))
  lambda
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } })
  acm.on(DescribeCertificateCommand).resolves({
    Certificate: { Status: 'ISSUED', DomainName: 'mar.rotterdam.nl', SubjectAlternativeNames: ['mar.rotterdam.nl'] },
  })
  sesv2.on(GetEmailIdentityCommand).resolves({ VerifiedForSendingStatus: true })
  sesv2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true })
  ses.on(DescribeReceiptRuleSetCommand).rejects(new RuleSetDoesNotExistException({ message: 'none', $metadata: {} }))
  cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} })
  iam.on(GetRoleCommand).resolves({
    Role: {
      Arn: SSO_ROLE,
      Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
      RoleName: 'x',
      RoleId: 'x',
      CreateDate: new Date(),
    },
  })
}

beforeEach(() => {
  for (const mock of [cfnDeploy, cfnEdge, lambda, acm, sesv2, ses, cognito, iam]) mock.reset()
  readyAccount()
})

describe('Preflight: a ready account', () => {
  it('passes every check and says so', async () => {
    const results = await runPreflight(context())

    expect(results.filter((result) => !result.pass)).toEqual([])
    expect(results.map((result) => result.check)).toEqual([
      'CDK bootstrap in eu-west-1',
      'CDK bootstrap in us-east-1',
      'Lambda concurrency quota',
      'CloudFront certificate',
      'SES identity mar.rotterdam.nl',
      'SES identity rotterdam.nl',
      'SES production access',
      'SES receiving region',
      'Cognito domain prefix',
      'SES receipt rule set name',
      'operator role AWSReservedSSO_MarOperator_0123456789abcdef',
    ])
    expect(formatTable(results)).toMatch(/preflight: all 11 checks passed$/)
  })
})

describe('Preflight: each check fails with its fix', () => {
  it('bootstrap: missing in us-east-1, or too old in the deploy region', async () => {
    cfnEdge.on(DescribeStacksCommand).rejects(new Error('Stack with id CDKToolkit does not exist'))
    cfnDeploy.on(DescribeStacksCommand).resolves(bootstrapped('5'))

    const [deploy, edge] = await checkBootstrap(context())

    expect(deploy).toMatchObject({
      pass: false,
      detail: expect.stringContaining('bootstrap version 5'),
      fix: `npx cdk bootstrap aws://${ACCOUNT}/eu-west-1`,
    })
    expect(edge).toMatchObject({ pass: false, fix: `npx cdk bootstrap aws://${ACCOUNT}/us-east-1` })
  })

  it('concurrency: a new account (quota 10) cannot reserve any', async () => {
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } })

    const none = await checkConcurrency(context())
    const reserving = await checkConcurrency(
      context({ limits: { reservedConcurrency: { mailReceive: 5, retentionPurge: 1 } } }),
    )

    expect(none.pass).toBe(true) // the default reserves nothing
    expect(reserving).toMatchObject({
      pass: false,
      detail: expect.stringContaining('this app reserves 6: 4 would stay unreserved'),
      fix: expect.stringContaining('Concurrent executions'),
    })
  })

  it('certificate: not issued, another domain, another region, unknown', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolves({ Certificate: { Status: 'PENDING_VALIDATION', DomainName: 'mar.rotterdam.nl' } })
    expect(await checkCertificate(context())).toMatchObject({
      pass: false,
      detail: expect.stringContaining('PENDING_VALIDATION'),
    })

    acm.on(DescribeCertificateCommand).resolves({ Certificate: { Status: 'ISSUED', DomainName: 'www.example.org' } })
    expect(await checkCertificate(context())).toMatchObject({
      pass: false,
      detail: expect.stringContaining('(not mar.rotterdam.nl)'),
    })

    acm.on(DescribeCertificateCommand).rejects(Object.assign(new Error('x'), { name: 'ResourceNotFoundException' }))
    expect(await checkCertificate(context())).toMatchObject({
      pass: false,
      detail: expect.stringContaining('ResourceNotFoundException'),
      fix: expect.stringContaining('request-certificate --region us-east-1'),
    })

    const foreign = context({
      customDomain: { domainName: 'mar.rotterdam.nl', certificateArn: CERTIFICATE.replace(ACCOUNT, '222222222222') },
    })
    expect(await checkCertificate(foreign)).toMatchObject({
      pass: false,
      detail: expect.stringContaining('another account'),
    })
    expect(
      await checkCertificate(
        context({
          customDomain: undefined,
          publicUrl: 'https://d1abc.cloudfront.net',
          advisorSignIn: { domainPrefix: 'mar-x' },
        }),
      ),
    ).toMatchObject({ pass: true })
  })

  it('certificate names: exact and one-level wildcards only', () => {
    expect(coversDomain('*.rotterdam.nl', 'mar.rotterdam.nl')).toBe(true)
    expect(coversDomain('*.rotterdam.nl', 'a.mar.rotterdam.nl')).toBe(false)
    expect(coversDomain('rotterdam.nl', 'mar.rotterdam.nl')).toBe(false)
  })

  it('SES: an unverified or missing identity, and the sandbox', async () => {
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'mar.rotterdam.nl' })
      .resolves({ VerifiedForSendingStatus: false, DkimAttributes: { Status: 'PENDING' } })
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'rotterdam.nl' })
      .rejects(new NotFoundException({ message: 'x', $metadata: {} }))
    sesv2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false })

    const [sender, intake, sandbox] = await checkSes(context())

    expect(sender).toMatchObject({
      pass: false,
      detail: 'not verified (DKIM PENDING)',
      fix: expect.stringContaining('DKIM CNAME'),
    })
    expect(intake).toMatchObject({ pass: false, detail: expect.stringContaining('not found') })
    expect(sandbox).toMatchObject({
      check: 'SES production access',
      pass: false,
      fix: expect.stringContaining('Request production access'),
    })
  })

  it('receiving region: one where SES receives no mail', () => {
    expect(checkReceivingRegion(context({}, 'eu-central-2'))).toMatchObject({
      pass: false,
      fix: expect.stringContaining('eu-west-1'),
    })
    expect(checkReceivingRegion(context({}, 'eu-west-1')).pass).toBe(true)
  })

  it('names: the Cognito prefix taken by another account, the receipt rule set existing', async () => {
    cognito
      .on(DescribeUserPoolDomainCommand)
      .resolves({ DomainDescription: { UserPoolId: 'eu-west-1_x', AWSAccountId: '999999999999' } })
    ses.on(DescribeReceiptRuleSetCommand).resolves({ Metadata: { Name: 'mar-intake' } })

    const [prefix, ruleSet] = await checkNames(context())

    expect(prefix).toMatchObject({
      pass: false,
      detail: 'mar-rotterdam-nl is taken by another account',
      fix: expect.stringContaining('advisorSignIn.domainPrefix'),
    })
    expect(ruleSet).toMatchObject({
      pass: false,
      detail: expect.stringContaining('exists'),
      fix: expect.stringContaining('delete-receipt-rule-set'),
    })
  })

  it('operator roles: none configured, one that does not exist, one without its path', async () => {
    expect((await checkOperatorRoles(context({ caseTableOperatorRoleArns: [] })))[0]).toMatchObject({
      pass: false,
      fix: expect.stringContaining('aws-reserved/sso.amazonaws.com'),
    })

    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'x', $metadata: {} }))
    expect((await checkOperatorRoles(context()))[0]).toMatchObject({
      pass: false,
      detail: expect.stringContaining('NoSuchEntityException'),
    })

    iam.on(GetRoleCommand).resolves({
      Role: {
        Arn: SSO_ROLE,
        Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
        RoleName: 'x',
        RoleId: 'x',
        CreateDate: new Date(),
      },
    })
    const withoutPath = `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_MarOperator_0123456789abcdef`
    expect((await checkOperatorRoles(context({ caseTableOperatorRoleArns: [withoutPath] })))[0]).toMatchObject({
      pass: false,
      fix: `use ${SSO_ROLE} in caseTableOperatorRoleArns (the path is part of the ARN)`,
    })
  })

  it('a check that cannot run (no permission) is a failure, not a pass', async () => {
    lambda.on(GetAccountSettingsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))

    const results = await runPreflight(context())

    expect(results.find((result) => result.check === 'Lambda concurrency quota')).toMatchObject({
      pass: false,
      detail: 'could not check (AccessDeniedException)',
    })
    expect(formatTable(results)).toMatch(/FAIL {2}Lambda concurrency quota.*\n.*fix: check your credentials/)
  })
})
