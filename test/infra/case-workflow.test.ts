import { Template } from 'aws-cdk-lib/assertions'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import { beforeAll, describe, expect, it } from 'vitest'
import { METRICS_NAMESPACE } from '../../functions/adapters/cloudwatch-metrics.ts'
import { loadConfig } from '../../lib/config.ts'
import { WORKFLOW_STATES } from '../../lib/constructs/case-workflow.ts'
import { buildApp, cdkConfig, onlyResource, type Resource } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** A log retention that differs from the default, so a test fails if the construct ignores the configuration. */
const testConfig = { ...cdkConfig, retention: { caseDays: 400, logDays: 30 } }

type State = {
  Type: string
  Next?: string
  Default?: string
  Choices?: Array<{ Next: string; Variable?: string }>
  Resource?: string
  Parameters?: Record<string, unknown>
  Retry?: Array<{
    ErrorEquals: string[]
    IntervalSeconds: number
    MaxAttempts: number
    BackoffRate: number
    MaxDelaySeconds?: number
    JitterStrategy?: string
  }>
  Catch?: Array<{ ErrorEquals: string[]; ResultPath?: string; Next: string }>
  [field: string]: unknown
}
type Definition = { StartAt: string; States: Record<string, State> }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }

/** Fn::Join of strings and references; a reference becomes `<LogicalId.Attribute>` or `<LogicalId>`. */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value
  const intrinsic = value as { 'Fn::Join'?: [string, unknown[]]; 'Fn::GetAtt'?: [string, string]; Ref?: string }
  if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(resolve).join(intrinsic['Fn::Join'][0])
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`
  if (intrinsic.Ref) return `<${intrinsic.Ref}>`
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`)
}

const actionsOf = (statement: Statement) => [statement.Action].flat()

let template: Template
let statefulTemplate: Template
let definition: Definition
let stateMachine: Resource
let stateMachineId: string
let taskFunctionId: string
let tasks: Array<[string, State]>

beforeAll(() => {
  const { stateful, stateless } = buildApp(testConfig)
  template = Template.fromStack(stateless)
  statefulTemplate = Template.fromStack(stateful)
  ;[stateMachineId, stateMachine] = onlyResource(template, 'AWS::StepFunctions::StateMachine', 'CaseWorkflow')
  ;[taskFunctionId] = onlyResource(template, 'AWS::Lambda::Function', 'CaseWorkflowTaskFunction')
  definition = JSON.parse(resolve(stateMachine.Properties.DefinitionString))
  tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task')
})

function policyStatements(): Array<[string, Statement]> {
  return Object.entries(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap(
    ([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).map(
        (statement) => [id, statement] as [string, Statement],
      ),
  )
}

function environmentOf(logicalIdPrefix: string): Record<string, unknown> {
  return onlyResource(template, 'AWS::Lambda::Function', logicalIdPrefix)[1].Properties.Environment.Variables
}

describe('Case workflow: the state machine', () => {
  it('is a Standard state machine with X-Ray tracing', () => {
    expect(stateMachine.Properties.StateMachineType).toBe('STANDARD')
    expect(stateMachine.Properties.TracingConfiguration).toEqual({ Enabled: true })
  })

  it('logs every event without execution data, to a log group kept for the configured days', () => {
    const logging = stateMachine.Properties.LoggingConfiguration

    expect(logging.Level).toBe('ALL')
    expect(logging.IncludeExecutionData).toBe(false)
    expect(logging.Destinations).toHaveLength(1)
    const [logGroupId] = logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt']
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30)
  })

  it('keeps the state names and transitions that the local runtime and the task input rely on', () => {
    const states = definition.States

    expect(Object.keys(states)).toEqual(expect.arrayContaining(Object.values(WORKFLOW_STATES)))
    expect(definition.StartAt).toBe(WORKFLOW_STATES.route)
    expect(states[WORKFLOW_STATES.route]?.Next).toBe(WORKFLOW_STATES.deliver)
    expect(states[WORKFLOW_STATES.deliver]?.Next).toBe(WORKFLOW_STATES.plan)
    expect(states[WORKFLOW_STATES.plan]?.Next).toBe(WORKFLOW_STATES.hasNext)
    expect(states[WORKFLOW_STATES.hasNext]).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.finished', BooleanEquals: true, Next: WORKFLOW_STATES.done }],
      Default: WORKFLOW_STATES.wait,
    })
    expect(states[WORKFLOW_STATES.wait]?.Next).toBe(WORKFLOW_STATES.runStep)
    expect(states[WORKFLOW_STATES.runStep]?.Next).toBe(WORKFLOW_STATES.deliver)
    expect(states[WORKFLOW_STATES.done]?.Type).toBe('Succeed')
    expect(states[WORKFLOW_STATES.failed]?.Type).toBe('Fail')
  })

  it('waits in exactly one Wait state, until the timestamp at $.next.at (no polling)', () => {
    const waits = Object.entries(definition.States).filter(([, state]) => state.Type === 'Wait')

    expect(waits.map(([name]) => name)).toEqual([WORKFLOW_STATES.wait])
    const [, wait] = waits[0] as [string, State]
    expect(wait.TimestampPath).toBe('$.next.at')
    for (const field of ['Seconds', 'SecondsPath', 'Timestamp']) expect(wait[field], field).toBeUndefined()
  })

  it('passes through the Wait state on every loop, so a waiting case costs no transitions', () => {
    const successors = (state: State) =>
      [
        state.Next,
        state.Default,
        ...(state.Choices ?? []).map((c) => c.Next),
        ...(state.Catch ?? []).map((c) => c.Next),
      ]
        .filter((next): next is string => next !== undefined)
        .filter((next) => definition.States[next]?.Type !== 'Wait')
    const visiting = new Set<string>()
    const visited = new Set<string>()
    const cycles: string[] = []
    const visit = (name: string, path: string[]) => {
      if (visiting.has(name)) cycles.push([...path, name].join(' → '))
      if (visiting.has(name) || visited.has(name)) return
      visiting.add(name)
      for (const next of successors(definition.States[name] as State)) visit(next, [...path, name])
      visiting.delete(name)
      visited.add(name)
    }

    for (const name of Object.keys(definition.States)) visit(name, [])

    expect(cycles).toEqual([])
  })

  it('retries every task with exponential backoff and full jitter', () => {
    expect(tasks).toHaveLength(8)
    for (const [name, task] of tasks) {
      expect(task.Retry?.length, name).toBeGreaterThan(0)
      for (const retrier of task.Retry ?? []) {
        expect(retrier.JitterStrategy, name).toBe('FULL')
        expect(retrier.BackoffRate, name).toBeGreaterThan(1)
        expect(retrier.MaxAttempts, name).toBeGreaterThan(0)
      }
      expect(task.Retry?.at(-1)?.ErrorEquals, name).toEqual(['States.ALL'])
    }
  })

  it('catches what still fails into a Record…Failure task, whose own failure ends the execution in WorkflowFailed', () => {
    const recorders = tasks.filter(([name]) => /^Record\w+Failure$/.test(name))

    expect(recorders).toHaveLength(4)
    for (const [name, task] of tasks) {
      if (recorders.some(([recorder]) => recorder === name)) {
        expect(task.Catch, name).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: WORKFLOW_STATES.failed },
        ])
        expect(task.Parameters?.task, name).toBe('record-failure')
        continue
      }
      expect(task.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: expect.stringMatching(/^Record\w+Failure$/) },
      ])
    }
  })

  it('retries DeliverMail on MailDeliveryError for up to about an hour before the catch-all retrier', () => {
    const [mailRetrier, ...others] = definition.States[WORKFLOW_STATES.deliver]?.Retry ?? []
    expect(mailRetrier?.ErrorEquals).toEqual(['MailDeliveryError'])
    expect(others.at(-1)?.ErrorEquals).toEqual(['States.ALL'])

    const {
      IntervalSeconds,
      BackoffRate,
      MaxAttempts,
      MaxDelaySeconds = Number.POSITIVE_INFINITY,
    } = mailRetrier as NonNullable<typeof mailRetrier>
    let longestWait = 0
    for (let attempt = 0; attempt < MaxAttempts; attempt++) {
      longestWait += Math.min(IntervalSeconds * BackoffRate ** attempt, MaxDelaySeconds)
    }
    // Full jitter draws each pause between zero and these: half of it on average.
    expect(longestWait / 60).toBeGreaterThanOrEqual(50)
    expect(longestWait / 60).toBeLessThanOrEqual(80)
  })

  it('invokes only the task function and hands it the reference, steps done, next step and error name: no personal data', () => {
    const allowedPaths = ['$.reference', '$.done', '$.next', '$.failure.Error']

    for (const [name, task] of tasks) {
      expect(task.Resource, name).toBe(`<${taskFunctionId}.Arn>`)
      for (const field of ['InputPath', 'OutputPath', 'ResultSelector', 'ItemsPath']) {
        expect(task[field], `${name}.${field}`).toBeUndefined()
      }
      for (const [key, value] of Object.entries(task.Parameters ?? {})) {
        if (key.endsWith('.$')) expect(allowedPaths, `${name}.${key}`).toContain(value)
        else expect(['task', 'stage'], `${name}.${key}`).toContain(key)
      }
    }
    const references = JSON.stringify(definition).match(/"\$\.[\w.]+"/g) ?? []
    expect([...new Set(references)].sort()).toEqual(
      [
        '"$.done"',
        '"$.failure"',
        '"$.failure.Error"',
        '"$.finished"',
        '"$.next"',
        '"$.next.at"',
        '"$.reference"',
      ].sort(),
    )
  })

  it('may invoke the task function and write its logs and traces, nothing else', () => {
    const statements = policyStatements().filter(([id]) => id.startsWith('CaseWorkflowStateMachineRole'))
    const wildcard = statements.filter(([, statement]) => statement.Resource === '*')

    expect(statements.map(([, statement]) => statement.Effect)).toEqual(statements.map(() => 'Allow'))
    const invokes = statements.filter(([, statement]) => actionsOf(statement).includes('lambda:InvokeFunction'))
    expect(invokes).toHaveLength(1)
    const [, invoke] = invokes[0] as [string, Statement]
    expect([invoke.Resource].flat().map(resolve).sort()).toEqual(
      [`<${taskFunctionId}.Arn>`, `<${taskFunctionId}.Arn>:*`].sort(),
    )
    // The acknowledged IAM5 finding `Resource::*` covers these actions only.
    for (const [, statement] of wildcard) {
      for (const action of actionsOf(statement)) {
        expect(action).toMatch(
          /^(logs:(Create|Delete|Get|Update|List)LogDeliver(y|ies)|logs:DescribeLogGroups|logs:DescribeResourcePolicies|logs:PutResourcePolicy|xray:\w+)$/,
        )
      }
    }
  })
})

describe('Case stream reader: the table stream starts the workflow', () => {
  it('has a table stream with the keys of each item only (no personal data in the stream)', () => {
    statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    })
  })

  it('hears of every INSERT and MODIFY of a case, bisecting a failing batch and sending what still fails to a queue', () => {
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping', 'CaseStreamReaderFunction')
    const [startFunctionId] = onlyResource(template, 'AWS::Lambda::Function', 'CaseStreamReaderFunction')
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'CaseStreamReaderFailures')
    const filters = mapping.Properties.FilterCriteria.Filters as Array<{ Pattern: string }>

    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      {
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { Keys: { pk: { S: [{ prefix: 'CASE#' }] }, sk: { S: ['CASE'] } } },
      },
    ])
    expect(mapping.Properties.BisectBatchOnFunctionError).toBe(true)
    expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThan(0)
    expect(mapping.Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    })
    expect(mapping.Properties.FunctionName).toEqual({ Ref: startFunctionId })
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toContain('StreamArn')
  })

  it('is the one reader of the stream: one event source mapping, on the case stream reader', () => {
    const mappings = Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))

    expect(mappings).toHaveLength(1)
    expect(mappings[0]).toMatch(/^CaseStreamReaderFunction/)
  })

  it('lets the case stream reader read case items (GetItem on CASE#…) and write statistics items only (STATS…)', () => {
    const dynamodb = policyStatements()
      .filter(([id]) => id.startsWith('CaseStreamReaderFunctionRole'))
      .map(([, statement]) => statement)
      .filter((statement) =>
        actionsOf(statement).some((action) =>
          /^dynamodb:(PutItem|UpdateItem|DeleteItem|GetItem|BatchWriteItem|BatchGetItem|Query|Scan)$/.test(action),
        ),
      )

    const grants = dynamodb.map((statement) => ({
      actions: actionsOf(statement).sort(),
      condition: (statement as Statement & { Condition?: unknown }).Condition,
    }))
    expect(grants).toEqual([
      {
        actions: ['dynamodb:GetItem'],
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      },
      {
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATS*'] } },
      },
    ])
    expect(JSON.stringify(dynamodb.map((statement) => statement.Resource))).not.toContain('/index/')
    expect(environmentOf('CaseStreamReaderFunction')).toMatchObject({ TIME_ZONE: 'Europe/Amsterdam' })
  })

  it('alarms as soon as one record lands in that queue', () => {
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'CaseStreamReaderFailures')

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
  })

  it('lets the case stream reader start executions of this state machine only', () => {
    const starts = policyStatements().filter(([, statement]) => actionsOf(statement).includes('states:StartExecution'))

    expect(starts).toHaveLength(1)
    expect(starts[0]?.[0]).toMatch(/^CaseStreamReaderFunctionRole/)
    expect(starts[0]?.[1].Resource).toEqual({ Ref: stateMachineId })
    expect(environmentOf('CaseStreamReaderFunction').STATE_MACHINE_ARN).toEqual({ Ref: stateMachineId })
  })

  it("lets the case stream reader stop executions of this state machine only (the run before a case's next run)", () => {
    const stops = policyStatements().filter(([, statement]) =>
      actionsOf(statement).some((action) => action.startsWith('states:Stop')),
    )

    expect(stops).toHaveLength(1)
    const [policyId, statement] = stops[0] as [string, Statement]
    expect(policyId).toMatch(/^CaseStreamReaderFunctionRole/)
    expect(actionsOf(statement)).toEqual(['states:StopExecution'])
    expect(resolve(statement.Resource)).toBe(
      `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${stateMachineId}.Name>:*`,
    )
    const startActions = policyStatements()
      .filter(([id]) => id.startsWith('CaseStreamReaderFunctionRole'))
      .flatMap(([, candidate]) => actionsOf(candidate))
      .filter((action) => action.startsWith('states:'))
    expect(startActions.sort()).toEqual(['states:StartExecution', 'states:StopExecution'])
  })
})

describe('Case workflow: failures are heard', () => {
  it('alarms when an execution fails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
  })

  it('alarms when a task of any stage failed for good (the metric the task function counts)', () => {
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'MonitoringTaskFailuresAlarm')
    const metrics = alarm.Properties.Metrics as Array<{
      Id: string
      Expression?: string
      MetricStat?: {
        Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }
      }
    }>
    const recordedStages = tasks
      .filter(([, task]) => task.Parameters?.task === 'record-failure')
      .map(([, task]) => task.Parameters?.stage)
    const perStage = metrics.filter((metric) => metric.MetricStat)

    const dimensionsOf = (metric: (typeof perStage)[number]) =>
      Object.fromEntries((metric.MetricStat?.Metric.Dimensions ?? []).map(({ Name, Value }) => [Name, Value]))
    const serviceName = environmentOf('CaseWorkflowTaskFunction').POWERTOOLS_SERVICE_NAME

    expect(recordedStages.sort()).toEqual(['deliver', 'plan', 'route', 'run-step'])
    expect(perStage.map((metric) => dimensionsOf(metric).stage).sort()).toEqual(recordedStages)
    for (const metric of perStage)
      expect(dimensionsOf(metric)).toEqual({ service: serviceName, stage: expect.any(String) })
    for (const metric of perStage) {
      expect(metric.MetricStat?.Metric).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: 'WorkflowTaskFailed',
      })
    }
    const expression = metrics.find((metric) => metric.Expression)?.Expression
    for (const metric of perStage) expect(expression).toContain(`FILL(${metric.Id}, 0)`)
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })
  })
})

describe('Case workflow: mail', () => {
  const identities = (from: Template) =>
    Object.values(from.findResources('AWS::SES::EmailIdentity') as Record<string, Resource>).map(
      (identity) => identity.Properties.EmailIdentity,
    )

  it("makes the sender's and the intake address's domains SES identities", () => {
    expect(identities(template).sort()).toEqual(['mar.rotterdam.nl', 'rotterdam.nl'])
  })

  it('makes one identity when the intake address is at the sender domain', () => {
    const sameDomain = Template.fromStack(buildApp({ ...testConfig, intakeAddress: 'meld@mar.rotterdam.nl' }).stateless)

    expect(identities(sameDomain)).toEqual(['mar.rotterdam.nl'])
  })

  it('lets only the task, mail receive and retention purge functions send, as those identities and through the configuration set', () => {
    const [senderId] = onlyResource(template, 'AWS::SES::EmailIdentity', 'OutgoingMailSenderIdentity')
    const [intakeId] = onlyResource(template, 'AWS::SES::EmailIdentity', 'OutgoingMailIntakeIdentity')
    const [configurationSetId] = onlyResource(template, 'AWS::SES::ConfigurationSet', 'OutgoingMail')
    const sesStatements = policyStatements().filter(([, statement]) =>
      actionsOf(statement).some((action) => action.startsWith('ses:')),
    )

    expect(sesStatements.map(([policyId]) => policyId.replace(/RoleDefaultPolicy\w+$/, ''))).toEqual([
      'CaseWorkflowTaskFunction',
      'MailIntakeReceiveFunction',
      'RetentionPurgeFunction',
    ])
    for (const [, statement] of sesStatements) {
      expect(actionsOf(statement)).toEqual(['ses:SendEmail'])
      const resources = [statement.Resource].flat().map(resolve).sort()
      const prefix = 'arn:(aws|<AWS::Partition>):ses:([a-z0-9-]+|<AWS::Region>):<AWS::AccountId>'
      expect(resources).toEqual([
        expect.stringMatching(new RegExp(`^${prefix}:configuration-set/<${configurationSetId}>$`)),
        expect.stringMatching(new RegExp(`^${prefix}:identity/<${intakeId}>$`)),
        expect.stringMatching(new RegExp(`^${prefix}:identity/<${senderId}>$`)),
      ])
      for (const resource of resources) expect(resource).not.toContain('*')
    }
    expect(environmentOf('CaseWorkflowTaskFunction').SES_CONFIGURATION_SET).toEqual({ Ref: configurationSetId })
    expect(environmentOf('MailIntakeReceiveFunction').SES_CONFIGURATION_SET).toEqual({ Ref: configurationSetId })
  })

  it('sends From the sender and the intake address only, not from anyone else at those domains', () => {
    const conditionOf = (prefix: string) =>
      (
        policyStatements().find(
          ([policyId, candidate]) => policyId.startsWith(prefix) && actionsOf(candidate).includes('ses:SendEmail'),
        ) as [string, Statement & { Condition?: unknown }]
      )[1].Condition

    expect(conditionOf('CaseWorkflowTaskFunction')).toEqual({
      StringEquals: { 'ses:FromAddress': ['noreply@mar.rotterdam.nl', 'mar_bsd@rotterdam.nl'] },
    })
    // The receive function answers an oversized message itself, from the mailbox it was sent to.
    expect(conditionOf('MailIntakeReceiveFunction')).toEqual({
      StringEquals: { 'ses:FromAddress': ['mar_bsd@rotterdam.nl'] },
    })
    expect(environmentOf('CaseWorkflowTaskFunction')).toMatchObject({
      SENDER_ADDRESS: 'noreply@mar.rotterdam.nl',
      INTAKE_ADDRESS: 'mar_bsd@rotterdam.nl',
    })
  })
})

describe('Case workflow: one-click actions', () => {
  it('routes GET and POST /actions/{token} to the action function', () => {
    const [actionFunctionId] = onlyResource(template, 'AWS::Lambda::Function', 'ActionLinksFunction')
    const resources = template.toJSON().Resources as Record<string, Resource>
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).filter(
      (route) => route.Properties.RouteKey.includes('/actions/'),
    )

    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'GET /actions/{token}',
      'POST /actions/{token}',
    ])
    for (const route of routes) {
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref
      expect(resources[integrationId]?.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [actionFunctionId, 'Arn'] })
    }
  })

  it('serves /actions/* through CloudFront from the API, uncached', () => {
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
    const config = distribution.Properties.DistributionConfig
    const apiOrigin = config.Origins.find((origin: { CustomOriginConfig?: unknown }) => origin.CustomOriginConfig)
    const actions = config.CacheBehaviors.find(
      (behaviour: { PathPattern: string }) => behaviour.PathPattern === '/actions/*',
    )

    expect(JSON.stringify(apiOrigin.DomainName)).toContain('ApiEndpoint')
    expect(actions).toMatchObject({
      TargetOriginId: apiOrigin.Id,
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
      ViewerProtocolPolicy: 'redirect-to-https',
    })
    expect(actions.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']))
  })
})

describe('Case workflow: the link-signing key', () => {
  it('is generated in Secrets Manager in the stateful stack and kept, so its value never appears in a template', () => {
    const [, secret] = onlyResource(statefulTemplate, 'AWS::SecretsManager::Secret', 'ActionLinkSigningKey')
    // The stateless stack's one secret is the origin header's (lib/constructs/origin-verification.ts), not a link key.
    const stateless = Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter(
      (id) => !id.startsWith('OriginVerificationSecret'),
    )

    expect(secret.Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{"currentKeyId":"k1"}',
      GenerateStringKey: 'current',
      PasswordLength: 64,
      ExcludePunctuation: true,
    })
    expect(secret.Properties.SecretString).toBeUndefined()
    expect((secret as Resource & { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain')
    expect(stateless).toEqual([])
  })

  it('is rotated every 30 days by its own function (links live 14 days; the previous key still opens them)', () => {
    const [secretId] = onlyResource(statefulTemplate, 'AWS::SecretsManager::Secret', 'ActionLinkSigningKey')
    const [, schedule] = onlyResource(statefulTemplate, 'AWS::SecretsManager::RotationSchedule', 'ActionLinkSigningKey')
    const [functionId] = onlyResource(statefulTemplate, 'AWS::Lambda::Function', 'SigningKeyRotationRotationFunction')

    expect(schedule.Properties).toMatchObject({
      SecretId: { Ref: secretId },
      RotationLambdaARN: { 'Fn::GetAtt': [functionId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    })
  })

  it('reaches the task, action, advisor API and mail receive functions as a reference to that secret, readable by them only', () => {
    const [secretId] = onlyResource(statefulTemplate, 'AWS::SecretsManager::Secret', 'ActionLinkSigningKey')
    const references: unknown[] = []
    // (The API functions also read the origin secret: test/infra/edge.test.ts.)
    const readers = policyStatements()
      .filter(([, statement]) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
      .flatMap(([policyId, statement]) => {
        const signingKey = [statement.Resource].flat().filter((resource) => JSON.stringify(resource).includes(secretId))
        references.push(...signingKey)
        return signingKey.length > 0 ? [policyId.replace(/RoleDefaultPolicy\w+$/, '')] : []
      })
    references.push(environmentOf('CaseWorkflowTaskFunction').SIGNING_SECRET_ARN)
    references.push(environmentOf('ActionLinksFunction').SIGNING_SECRET_ARN)

    references.push(environmentOf('AdvisorApiFunction').SIGNING_SECRET_ARN)
    references.push(environmentOf('MailIntakeReceiveFunction').SIGNING_SECRET_ARN)

    expect(readers.sort()).toEqual([
      'ActionLinksFunction',
      'AdvisorApiFunction',
      'CaseWorkflowTaskFunction',
      'MailIntakeReceiveFunction',
    ])
    for (const reference of references) {
      expect(typeof reference).toBe('object')
      expect(JSON.stringify(reference)).toContain(secretId)
      expect(reference).toEqual(references[0])
    }
  })

  it('puts no variable that looks like a secret in the environment of a function that signs or checks links', () => {
    for (const prefix of [
      'CaseWorkflowTaskFunction',
      'CaseStreamReaderFunction',
      'ActionLinksFunction',
      'AdvisorApiFunction',
    ]) {
      for (const [name, value] of Object.entries(environmentOf(prefix))) {
        const where = `${prefix} ${name}`
        if (/secret|key|token|password|credential/i.test(name)) {
          expect(name, where).toMatch(/_ARN$/)
          expect(typeof value, where).toBe('object')
        }
        if (typeof value !== 'string') continue
        expect(value, where).not.toMatch(/resolve:(secretsmanager|ssm-secure)/)
        expect(value, where).not.toMatch(/^[A-Za-z0-9+/=_-]{24,}$/)
        expect(value, where).not.toMatch(/-----BEGIN|AKIA[0-9A-Z]{16}/)
      }
    }
  })
})

describe('Configuration: workflow', () => {
  it('passes the default business hours and response windows to the task function', () => {
    const settings = JSON.parse(environmentOf('CaseWorkflowTaskFunction').WORKFLOW_SETTINGS as string)

    // The defaults themselves are pinned by config.test.ts; here: they reach the function whole.
    expect(settings).toEqual(loadConfig(testConfig).workflow)
    expect(settings.businessHours).toEqual({ workdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '17:00' })
  })

  it('passes configured settings through, filling in the rest', () => {
    const config = loadConfig({
      ...cdkConfig,
      workflow: { businessHours: { workdays: [1, 2, 3, 4], opens: '09:00', closes: '16:30' } },
    })

    expect(config.workflow.businessHours).toEqual({ workdays: [1, 2, 3, 4], opens: '09:00', closes: '16:30' })
    expect(config.workflow.responseWindows.urgent).toEqual({ acknowledgeHours: 1, respondHours: 8 })
  })

  it.each([
    [
      'closing before opening',
      { businessHours: { workdays: [1, 2, 3, 4, 5], opens: '17:00', closes: '08:30' } },
      '  - workflow.businessHours: opens must be before closes',
    ],
    [
      'a window of zero hours',
      { responseWindows: { urgent: { acknowledgeHours: 0, respondHours: 8 } } },
      '  - workflow.responseWindows.urgent.acknowledgeHours: ',
    ],
    [
      'a misspelt time zone',
      { timeZone: 'Europe/Amsterdm' },
      '  - workflow.timeZone: must be an IANA time zone, e.g. Europe/Amsterdam',
    ],
    ['an unknown key', { openingHours: {} }, '  - workflow: Unrecognized key: "openingHours"'],
  ])('refuses %s, naming the setting', (_, workflow, problem) => {
    expect(() => loadConfig({ ...cdkConfig, workflow })).toThrow(/^Invalid configuration in cdk\.json context "mar"/)
    expect(() => loadConfig({ ...cdkConfig, workflow })).toThrow(problem)
  })
})

describe('Case workflow: who hears of an alarm', () => {
  it('sends every alarm to one encrypted SNS topic', () => {
    const [topicId, topic] = onlyResource(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>)

    expect(topic.Properties.KmsMasterKeyId).toBeDefined()
    expect(alarms.length).toBeGreaterThanOrEqual(3)
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }])
  })

  it('subscribes the configured alarm address, and nobody when none is configured', () => {
    const configured = Template.fromStack(buildApp({ ...cdkConfig, alarmEmail: 'beheer@example.org' }).stateless)

    configured.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'beheer@example.org' })
    // (The mail events topic's function is a subscription too: lib/constructs/mail-events.ts.)
    expect(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual({})
  })
})

describe('Web intake: other origins', () => {
  it('answers CORS preflights only for the configured origins, and not at all when there are none', () => {
    const origins = { ...cdkConfig, allowedOrigins: ['https://www.rotterdam.nl'] }
    const withOrigins = Template.fromStack(buildApp(origins).stateless)

    withOrigins.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [cdkConfig.publicUrl, 'https://www.rotterdam.nl'],
        AllowMethods: ['POST'],
        AllowHeaders: ['content-type', 'idempotency-key'],
      },
    })
    const [, api] = onlyResource(template, 'AWS::ApiGatewayV2::Api', 'Api')
    expect(api.Properties.CorsConfiguration).toBeUndefined()
  })
})

describe('Case workflow: table access', () => {
  it('lets only the task function query the indexes, each by name; the action function reads and writes cases only', () => {
    const statements = (prefix: string) =>
      JSON.stringify(onlyResource(template, 'AWS::IAM::Policy', prefix)[1].Properties.PolicyDocument.Statement)
    const task = statements('CaseWorkflowTaskFunctionRole')
    const action = statements('ActionLinksFunctionRole')

    expect(task).toContain('/index/gsi1')
    expect(task).toContain('/index/gsi2')
    expect(task).not.toContain('/index/*')
    expect(action).toContain('dynamodb:PutItem')
    expect(action).not.toContain('/index/')
  })
})
