import { Template } from 'aws-cdk-lib/assertions'
import type * as cognito from 'aws-cdk-lib/aws-cognito'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config.ts'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** Values that differ from the defaults, so a test fails if the construct ignores the configuration. */
const testConfig = {
  ...cdkConfig,
  limits: { maxBodyBytes: 32_768, throttleRatePerSecond: 7, throttleBurst: 13 },
  retention: { caseDays: 400, logDays: 30 },
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

let template: Template
let resources: Record<string, Resource>
let functionId: string
/** How the stateless stack refers to the pool and the client: outputs of the stateful stack named after them. */
let poolOutput: RegExp
let clientOutput: RegExp

beforeAll(() => {
  const { stateful, stateless } = buildApp(testConfig)
  template = Template.fromStack(stateless)
  resources = template.toJSON().Resources
  ;[functionId] = onlyResource(template, 'AWS::Lambda::Function', 'AdvisorApiFunction')
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateful.getLogicalId(construct.node.defaultChild as cognito.CfnUserPool)
  poolOutput = new RegExp(`^<MarIntakeStateful/PublishOutputRef${logicalId(stateful.advisorSignIn.userPool)}\\w*>$`)
  clientOutput = new RegExp(`^<MarIntakeStateful/PublishOutputRef${logicalId(stateful.advisorSignIn.client)}\\w*>$`)
})

const routes = () =>
  Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map(
    (route) => route.Properties,
  )
const statements = () =>
  onlyResource(template, 'AWS::IAM::Policy', 'AdvisorApiFunctionRole')[1].Properties.PolicyDocument
    .Statement as Statement[]
const actionsOf = (statement: Statement) => [statement.Action].flat()

describe('Advisor API: routes', () => {
  it('has exactly the routes of the shared design under /api/advisor', () => {
    const keys = routes()
      .map((route) => route.RouteKey as string)
      .filter((key) => key.includes('/api/advisor'))

    expect(keys.sort()).toEqual([
      'DELETE /api/advisor/cases/{reference}',
      'DELETE /api/advisor/cases/{reference}/reminders/{id}',
      'DELETE /api/advisor/templates/{id}',
      'GET /api/advisor/cases',
      'GET /api/advisor/cases/{reference}',
      'GET /api/advisor/cases/{reference}/attachments/{id}',
      'GET /api/advisor/cases/{reference}/export',
      'GET /api/advisor/stats',
      'GET /api/advisor/templates',
      'GET /api/advisor/workload',
      'POST /api/advisor/cases',
      'POST /api/advisor/cases/{reference}/{action}',
      'PUT /api/advisor/templates/{id}',
    ])
  })

  it('puts every route under /api/advisor behind the JWT authorizer, requiring an access token (scope openid)', () => {
    const [authorizerId] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer', 'ApiHttpApiAdvisor')
    const advisorRoutes = routes().filter((route) => /\/api\/advisor(\/|$)/.test(route.RouteKey))

    expect(advisorRoutes).toHaveLength(13)
    for (const route of advisorRoutes) {
      expect(route, route.RouteKey).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: ['openid'],
      })
    }
  })

  it('sends every advisor route to the advisor function, and no other route', () => {
    const targetOf = (route: Resource['Properties']) =>
      resources[route.Target['Fn::Join'][1][1].Ref]?.Properties.IntegrationUri['Fn::GetAtt'][0]

    for (const route of routes()) {
      const isAdvisorRoute = route.RouteKey.includes(' /api/advisor/')
      expect(targetOf(route) === functionId, route.RouteKey).toBe(isAdvisorRoute)
    }
  })

  it("checks tokens against the staff user pool's issuer, for the workspace's app client, from the Authorization header", () => {
    const [, authorizer] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer', 'ApiHttpApiAdvisor')
    const { JwtConfiguration, IdentitySource, AuthorizerType } = authorizer.Properties
    const [issuerPrefix, poolReference] = resolveValue(JwtConfiguration.Issuer).split(/(?=<MarIntakeStateful\/)/)

    expect(AuthorizerType).toBe('JWT')
    expect(IdentitySource).toEqual(['$request.header.Authorization'])
    expect(issuerPrefix).toBe('https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>/')
    expect(poolReference).toMatch(poolOutput)
    expect(JwtConfiguration.Audience).toHaveLength(1)
    expect(resolveValue(JwtConfiguration.Audience[0])).toMatch(clientOutput)
  })
})

describe('Advisor API: the function', () => {
  it('gets the settings the API needs, and nothing secret', () => {
    const variables = onlyResource(template, 'AWS::Lambda::Function', 'AdvisorApiFunction')[1].Properties.Environment
      .Variables

    // What functions/adapters/environment.ts reads for it (INTAKE_ADDRESS was set once but never read: the workflow
    // sends the advisor's mail).
    expect(Object.keys(variables).sort()).toEqual([
      'CASE_RETENTION_DAYS',
      'ITEM_BACKSTOP_DAYS',
      'MAIL_BUCKET',
      'MAR_PHONE',
      'MAX_BODY_BYTES',
      'ORIGIN_VERIFY_SECRET_ARN',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_SERVICE_NAME',
      'PUBLIC_URL',
      'RETENTION_POLICY',
      'SEARCH_SECRET_ARN',
      'SIGNING_SECRET_ARN',
      'TABLE_NAME',
      'WORKFLOW_SETTINGS',
    ])
    expect(variables).toMatchObject({
      PUBLIC_URL: 'https://mar.rotterdam.nl',
      CASE_RETENTION_DAYS: '400',
      MAX_BODY_BYTES: '32768',
      POWERTOOLS_SERVICE_NAME: 'mar-intake',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    })
    expect(JSON.parse(variables.WORKFLOW_SETTINGS)).toEqual(loadConfig(testConfig).workflow)
    expect(JSON.parse(variables.RETENTION_POLICY)).toEqual({
      closedCaseMonths: 12,
      closedCaseMonthsByOutcome: {},
      staleOpenCaseDays: 60,
      tombstoneDays: 3653,
    })
    expect(resolveValue(variables.TABLE_NAME)).toMatch(/^<MarIntakeStateful\/PublishOutputRefCaseTable0AD2663F\w*>$/)
    expect(resolveValue(variables.SIGNING_SECRET_ARN)).toMatch(
      /^<MarIntakeStateful\/PublishOutputRefActionLinkSigningKey\w*>$/,
    )
    expect(resolveValue(variables.MAIL_BUCKET)).toMatch(
      /^<MarIntakeStateful\/PublishOutputRefMailStoreBucketF96DE0ED\w*>$/,
    )
  })

  it("reads case attachments (cases/*), deletes a case's files and raw mail (erasure), using the mail key through S3 only", () => {
    const s3 = statements().filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
    const mailKey = statements().filter((statement) =>
      JSON.stringify(statement.Resource).includes('PublishOutputFnGetAttMailStoreKeyE6140E0EArn'),
    )

    expect(
      s3.map((statement) => [actionsOf(statement), [statement.Resource].flat().map(resolveValue).join(' ')]),
    ).toEqual([
      [
        ['s3:GetObject'],
        expect.stringMatching(/^<MarIntakeStateful\/PublishOutputFnGetAttMailStoreBucketF96DE0EDArn\w*>\/cases\/\*$/),
      ],
      [['s3:DeleteObject'], expect.stringContaining('/cases/* ')],
    ])
    const deletes = s3.find((statement) => actionsOf(statement).includes('s3:DeleteObject'))
    expect(
      [deletes?.Resource].flat().map((resource) => resolveValue(resource).replace(/^<[^>]+>/, '<bucket>')),
    ).toEqual(['<bucket>/cases/*', '<bucket>/inbound/*'])
    expect(mailKey).toHaveLength(1)
    expect(mailKey[0]).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
    })
  })

  it('reads and writes case items by key within named partitions, never scans, and queries the list index (gsi3) and the search index (gsi4) only', () => {
    const dynamodb = statements().filter((statement) => actionsOf(statement).some((a) => a.startsWith('dynamodb:')))
    const itemStatements = dynamodb.filter((statement) => !JSON.stringify(statement.Resource).includes('/index/'))
    const indexStatements = dynamodb.filter((statement) => JSON.stringify(statement.Resource).includes('/index/'))

    expect(itemStatements.length).toBeGreaterThan(0)
    for (const statement of itemStatements) {
      expect(resolveValue(statement.Resource)).toMatch(/^<MarIntakeStateful\/PublishOutputFnGetAttCaseTable\w*>$/)
      expect(Object.keys((statement as Statement & { Condition: object }).Condition)).toEqual([
        'ForAllValues:StringLike',
      ])
    }
    expect(indexStatements).toHaveLength(1)
    expect(actionsOf(indexStatements[0] as Statement)).toEqual(['dynamodb:Query'])
    expect(
      [indexStatements[0]?.Resource]
        .flat()
        .map((resource) => resolveValue(resource).replace(/^<[^>]+>/, '<table>'))
        .sort(),
    ).toEqual(['<table>/index/gsi3', '<table>/index/gsi4'])
    expect(JSON.stringify(statements())).not.toContain('dynamodb:Scan')
    expect(JSON.stringify(statements())).not.toContain('/index/*')
  })

  it('reads and writes the reply templates in their own partition (TEMPLATES) only', () => {
    const templates = statements().filter((statement) =>
      JSON.stringify((statement as Statement & { Condition?: object }).Condition ?? {}).includes('"TEMPLATES"'),
    )

    expect(templates).toHaveLength(1)
    expect(actionsOf(templates[0] as Statement).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ])
    expect((templates[0] as Statement & { Condition: object }).Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEMPLATES'] },
    })
  })

  it('may read the link-signing key, and has no permission to send mail or touch the workflow', () => {
    const actions = statements().flatMap(actionsOf)

    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']))
    expect(actions.filter((action) => /^(ses|sns|states|sqs|lambda):/.test(action))).toEqual([])
    expect(statements().map((statement) => statement.Effect)).toEqual(statements().map(() => 'Allow'))
    const wildcards = statements().filter((statement) => statement.Resource === '*')
    expect(wildcards.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'])
  })

  it('has no AWS managed policy on its role', () => {
    const [, role] = onlyResource(template, 'AWS::IAM::Role', 'AdvisorApiFunctionRole')
    expect(role.Properties.ManagedPolicyArns).toBeUndefined()
  })
})
