import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

interface Statement {
  Effect: string
  Action: string | string[]
  Resource: unknown
  Condition?: Record<string, Record<string, unknown>>
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value])
const CASE_TABLE = '<MarIntakeStateful/PublishOutputFnGetAttCaseTable0AD2663FArnB57F1356>'

let templates: Template[]
let stateless: Template
beforeAll(() => {
  // A concrete region, as `cdk synth` has: the web ACL stack exists only then.
  const app = buildApp(cdkConfig, { region: 'eu-west-1' })
  stateless = Template.fromStack(app.stateless)
  templates = [app.stateful, app.stateless, ...(app.edge ? [app.edge] : [])].map((stack) => Template.fromStack(stack))
})

function statementsOf(rolePrefix: string): Statement[] {
  const [, policy] = onlyResource(stateless, 'AWS::IAM::Policy', `${rolePrefix}RoleDefaultPolicy`)
  return policy.Properties.PolicyDocument.Statement
}

/** The item grants on the case table: `actions on partitions`, e.g. `GetItem,PutItem on CASE#*`. */
function tableGrants(statements: Statement[]): string[] {
  return statements
    .filter((statement) => list(statement.Resource).some((resource) => resolveValue(resource) === CASE_TABLE))
    .map((statement) => {
      const actions = list(statement.Action)
        .map((action) => action.replace('dynamodb:', ''))
        .sort()
      const leadingKeys = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[]
      return `${actions.join(',')} on ${leadingKeys === undefined ? 'EVERY ITEM' : leadingKeys.join(',')}`
    })
    .sort()
}

/** The indexes the role may query. */
function indexQueries(statements: Statement[]): string[] {
  return statements
    .flatMap((statement) => list(statement.Resource).map(resolveValue))
    .filter((resource) => resource.startsWith(`${CASE_TABLE}/index/`))
    .map((resource) => resource.slice(`${CASE_TABLE}/index/`.length))
    .sort()
}

const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((s) => list(s.Action)))].sort()

const LOGS_AND_TRACING = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
]
const CASE_KEY = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']
const READ_SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']

describe('Least privilege: each function may do what its adapters do, on its own items', () => {
  it('the submit function: store a case (its search terms too) and read it back, claim and release idempotency keys; no index', () => {
    const statements = statementsOf('WebIntakeSubmitFunction')

    expect(tableGrants(statements)).toEqual([
      'BatchWriteItem,GetItem,PutItem on CASE#*',
      'DeleteItem,GetItem,PutItem on IDEMPOTENCY#*',
    ])
    expect(indexQueries(statements)).toEqual([])
    expect(actionsOf(statements)).toEqual(
      [
        ...LOGS_AND_TRACING,
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        ...CASE_KEY,
        ...READ_SECRET,
      ].sort(),
    )
  })

  it('the follow-up function: its case partition, its attempt counters, the roster; no index', () => {
    const statements = statementsOf('WebIntakeFollowUpFunction')

    expect(tableGrants(statements)).toEqual([
      'BatchWriteItem,GetItem,PutItem,Query,UpdateItem on CASE#*',
      'GetItem on ROSTER',
      'PutItem,UpdateItem on FOLLOWUP#*',
    ])
    expect(indexQueries(statements)).toEqual([])
  })

  it('the health function: nothing but its logs, tracing and the origin secret', () => {
    expect(actionsOf(statementsOf('WebIntakeHealthFunction'))).toEqual([...LOGS_AND_TRACING, ...READ_SECRET].sort())
  })

  it('the action function: read and acknowledge the case, read the roster; no index', () => {
    const statements = statementsOf('ActionLinksFunction')

    expect(tableGrants(statements)).toEqual(['GetItem on ROSTER', 'GetItem,PutItem on CASE#*'])
    expect(indexQueries(statements)).toEqual([])
  })

  it('the workflow task: cases and outbox, the roster, Message-ID links, auto-reply counters; the waiting and per-advisor indexes', () => {
    const statements = statementsOf('CaseWorkflowTaskFunction')

    expect(tableGrants(statements)).toEqual([
      'GetItem on ROSTER',
      'GetItem,PutItem on MSGID#*,AUTOREPLY#*',
      'GetItem,PutItem,Query,UpdateItem on CASE#*',
    ])
    expect(indexQueries(statements)).toEqual(['gsi1', 'gsi2'])
  })

  it('the case stream reader: reads the case a record names, writes statistics only, reads its stream', () => {
    const statements = statementsOf('CaseStreamReaderFunction')

    expect(tableGrants(statements)).toEqual(['GetItem on CASE#*', 'PutItem,UpdateItem on STATS*'])
    expect(indexQueries(statements)).toEqual([])
    expect(actionsOf(statements).filter((action) => action.startsWith('dynamodb:'))).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ])
  })

  it('the mail intake: cases, the roster, Message-ID links and auto-reply counters; no index', () => {
    const statements = statementsOf('MailIntakeReceiveFunction')

    expect(tableGrants(statements)).toEqual([
      'BatchWriteItem,GetItem,PutItem,Query,UpdateItem on CASE#*',
      'GetItem on ROSTER',
      'GetItem,PutItem on MSGID#*,AUTOREPLY#*',
    ])
    expect(indexQueries(statements)).toEqual([])
  })

  it('the advisor API: cases, the roster, statistics read-only; the list index and the search index only', () => {
    const statements = statementsOf('AdvisorApiFunction')
    const grants = tableGrants(statements)

    expect(grants).toContain('GetItem on ROSTER')
    expect(grants).toContain('GetItem,Query on STATS*')
    expect(grants.filter((grant) => grant.endsWith(' on CASE#*'))).toHaveLength(1)
    expect(indexQueries(statements)).toEqual(['gsi3', 'gsi4'])
  })

  it('limits every item grant on the case table by its partitions (dynamodb:LeadingKeys)', () => {
    for (const role of [
      'WebIntakeSubmitFunction',
      'WebIntakeFollowUpFunction',
      'ActionLinksFunction',
      'CaseWorkflowTaskFunction',
      'CaseStreamReaderFunction',
      'MailIntakeReceiveFunction',
      'AdvisorApiFunction',
    ]) {
      const grants = tableGrants(statementsOf(role))
      expect(grants.length, role).toBeGreaterThan(0)
      expect(
        grants.filter((grant) => grant.endsWith('EVERY ITEM')),
        role,
      ).toEqual([])
    }
  })

  it('sends mail only as the configured addresses, through MAR’s identities and configuration set', () => {
    const sendGrants = (role: string) =>
      statementsOf(role)
        .filter((statement) => list(statement.Action).includes('ses:SendEmail'))
        .map((statement) => ({
          from: statement.Condition?.StringEquals?.['ses:FromAddress'],
          resources: list(statement.Resource).map(resolveValue).sort(),
        }))
    const resources = [
      'arn:aws:ses:eu-west-1:<AWS::AccountId>:configuration-set/<OutgoingMailConfigurationSetA47206A4>',
      'arn:aws:ses:eu-west-1:<AWS::AccountId>:identity/<OutgoingMailIntakeIdentity7B50CC5C>',
      'arn:aws:ses:eu-west-1:<AWS::AccountId>:identity/<OutgoingMailSenderIdentityF3027FC8>',
    ]

    expect(sendGrants('CaseWorkflowTaskFunction')).toEqual([
      { from: ['noreply@mar.rotterdam.nl', 'mar_bsd@rotterdam.nl'], resources },
    ])
    expect(sendGrants('MailIntakeReceiveFunction')).toEqual([{ from: ['mar_bsd@rotterdam.nl'], resources }])
    expect(sendGrants('AdvisorApiFunction')).toEqual([])
  })
})

describe('Least privilege: no wildcard where a resource can be named', () => {
  /** What supports no resource-level permission (AWS's service authorization reference), and CDK-managed handlers. */
  const WITHOUT_RESOURCE_LEVEL = new Set([
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'dynamodb:ListStreams',
    'secretsmanager:GetRandomPassword',
    'cloudfront:CreateInvalidation',
    'cloudfront:GetInvalidation',
    'logs:CreateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:DescribeLogGroups',
    'logs:DescribeResourcePolicies',
    'logs:GetLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:UpdateLogDelivery',
  ])

  const allStatements = () =>
    templates.flatMap((template) =>
      Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
      ),
    )

  it('grants no action "*" or "<service>:*" in any policy', () => {
    const actions = allStatements().flatMap((statement) => list(statement.Action))

    expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([])
  })

  it('grants dynamodb:Scan to no one (every read names a case, a partition or an index)', () => {
    expect(allStatements().flatMap((statement) => list(statement.Action))).not.toContain('dynamodb:Scan')
  })

  it('uses Resource "*" only for actions that support no resource-level permissions', () => {
    const onEverything = allStatements()
      .filter((statement) => list(statement.Resource).includes('*'))
      .flatMap((statement) => list(statement.Action))

    expect(onEverything.length).toBeGreaterThan(0)
    expect(onEverything.filter((action) => !WITHOUT_RESOURCE_LEVEL.has(action))).toEqual([])
  })
})
