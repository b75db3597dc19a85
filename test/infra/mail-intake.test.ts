import { Annotations, Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config.ts'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** Values that differ from the defaults, so a test fails if the construct ignores the configuration. */
const testConfig = { ...cdkConfig, retention: { caseDays: 400, logDays: 30 } }

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

/** How the stateless stack refers to the mail bucket: the stateful stack's outputs that publish its name and ARN. */
const bucketName = /^<MarIntakeStateful\/PublishOutputRefMailStoreBucketF96DE0ED\w*>$/
const bucketArn = /^<MarIntakeStateful\/PublishOutputFnGetAttMailStoreBucketF96DE0EDArn\w*>$/
const mailKeyArn = /^<MarIntakeStateful\/PublishOutputFnGetAttMailStoreKeyE6140E0EArn\w*>$/

let template: Template
let functionId: string
let fn: Resource
beforeAll(() => {
  template = Template.fromStack(buildApp(testConfig).stateless)
  ;[functionId, fn] = onlyResource(template, 'AWS::Lambda::Function', 'MailIntakeReceiveFunction')
})

const statements = () =>
  onlyResource(template, 'AWS::IAM::Policy', 'MailIntakeReceiveFunctionRole')[1].Properties.PolicyDocument
    .Statement as Statement[]
const actionsOf = (statement: Statement) => [statement.Action].flat()
const theRule = (stack: Template) => onlyResource(stack, 'AWS::SES::ReceiptRule', 'MailIntake')[1].Properties

describe('Mail intake: receiving with SES', () => {
  it('has one receipt rule set, named as the README activates it, that CDK leaves inactive', () => {
    const [ruleSetId, ruleSet] = onlyResource(template, 'AWS::SES::ReceiptRuleSet', 'MailIntake')

    expect(ruleSet.Properties).toEqual({ RuleSetName: 'mar-intake' })
    expect(theRule(template).RuleSetName).toEqual({ Ref: ruleSetId })
    // Activation is an account-wide switch, done by hand: no custom resource here touches the rule set.
    const customResources = Object.values(template.toJSON().Resources as Record<string, Resource>).filter(
      (resource) => resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource',
    )
    for (const resource of customResources) {
      expect(JSON.stringify(resource.Properties), resource.Type).not.toMatch(/ReceiptRuleSet|mar-intake\b/)
    }
    expect(JSON.stringify(template.toJSON().Resources)).not.toMatch(/SetActiveReceiptRuleSet|set_active_receipt/i)
    template.resourceCountIs('AWS::SES::ReceiptRule', 1)
  })

  it('accepts mail for the intake address only, scanned for spam and viruses, over TLS only', () => {
    expect(theRule(template).Rule).toMatchObject({
      Name: 'mar-intake-store-raw-mail',
      Enabled: true,
      Recipients: ['mar_bsd@rotterdam.nl'],
      ScanEnabled: true,
      TlsPolicy: 'Require',
    })
  })

  it('stores each message under inbound/ in the mail bucket, encrypted by the bucket (no client-side encryption)', () => {
    const actions = theRule(template).Rule.Actions as Array<{ S3Action: Record<string, unknown> }>

    expect(actions).toHaveLength(1)
    expect(Object.keys(actions[0]?.S3Action ?? {}).sort()).toEqual(['BucketName', 'ObjectKeyPrefix'])
    expect(actions[0]?.S3Action.ObjectKeyPrefix).toBe('inbound/')
    expect(resolveValue(actions[0]?.S3Action.BucketName)).toMatch(bucketName)
  })

  it('receives for receivingAddress when one is set, and makes its domain an SES identity', () => {
    const forwarded = Template.fromStack(
      buildApp({ ...testConfig, receivingAddress: 'mar-intake@ontvangst.mar.rotterdam.nl' }).stateless,
    )

    expect(theRule(forwarded).Rule.Recipients).toEqual(['mar-intake@ontvangst.mar.rotterdam.nl'])
    const [, identity] = onlyResource(forwarded, 'AWS::SES::EmailIdentity', 'MailIntakeReceivingIdentity')
    expect(identity.Properties.EmailIdentity).toBe('ontvangst.mar.rotterdam.nl')
    // Without one, the intake address's domain is already an identity (the workflow sends from it).
    expect(
      Object.keys(template.findResources('AWS::SES::EmailIdentity')).some((id) => id.startsWith('MailIntake')),
    ).toBe(false)
  })
})

describe('Mail intake: the receive function', () => {
  it('has room for a 10 MB message: 1024 MB, 60 seconds; no reserved concurrency unless configured', () => {
    expect(fn.Properties).toMatchObject({ MemorySize: 1024, Timeout: 60, Runtime: 'nodejs24.x' })
    // A new account's quota of 10 leaves nothing to reserve: reserving by default would fail its first deploy.
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined()
  })

  it('reserves the configured concurrency (limits.reservedConcurrency.mailReceive)', () => {
    const reserved = Template.fromStack(
      buildApp({ ...testConfig, limits: { ...testConfig.limits, reservedConcurrency: { mailReceive: 5 } } }).stateless,
    )
    const [, receive] = onlyResource(reserved, 'AWS::Lambda::Function', 'MailIntakeReceiveFunction')
    expect(receive.Properties.ReservedConcurrentExecutions).toBe(5)
  })

  it('gets the settings filing needs, and nothing secret', () => {
    const variables = fn.Properties.Environment.Variables

    expect(Object.keys(variables).sort()).toEqual([
      'CASE_RETENTION_DAYS',
      'INTAKE_ADDRESS',
      'ITEM_BACKSTOP_DAYS',
      'MAIL_BUCKET',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_SERVICE_NAME',
      'PUBLIC_URL',
      'SEARCH_SECRET_ARN',
      'SENDER_ADDRESS',
      'SES_CONFIGURATION_SET',
      'SIGNING_SECRET_ARN',
      'TABLE_NAME',
      'WORKFLOW_SETTINGS',
    ])
    expect(variables).toMatchObject({
      PUBLIC_URL: 'https://mar.rotterdam.nl',
      INTAKE_ADDRESS: 'mar_bsd@rotterdam.nl',
      SENDER_ADDRESS: 'noreply@mar.rotterdam.nl',
      SES_CONFIGURATION_SET: { Ref: onlyResource(template, 'AWS::SES::ConfigurationSet', 'OutgoingMail')[0] },
      CASE_RETENTION_DAYS: '400',
      POWERTOOLS_SERVICE_NAME: 'mar-intake',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    })
    expect(JSON.parse(variables.WORKFLOW_SETTINGS)).toEqual(loadConfig(testConfig).workflow)
    expect(resolveValue(variables.MAIL_BUCKET)).toMatch(bucketName)
    expect(resolveValue(variables.TABLE_NAME)).toMatch(/^<MarIntakeStateful\/PublishOutputRefCaseTable0AD2663F\w*>$/)
    expect(resolveValue(variables.SIGNING_SECRET_ARN)).toMatch(
      /^<MarIntakeStateful\/PublishOutputRefActionLinkSigningKey\w*>$/,
    )
  })

  it("runs on every object created under inbound/ in the mail bucket (the bucket's event notification)", () => {
    const [, notifications] = onlyResource(template, 'Custom::S3BucketNotifications', 'MailIntake')

    expect(resolveValue(notifications.Properties.BucketName)).toMatch(bucketName)
    expect(notifications.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbound/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        },
      ],
    })
    // Merged with the bucket's other notifications, not replacing them (the bucket belongs to the stateful stack).
    expect(notifications.Properties.Managed).toBe(false)
  })

  it('may be invoked by S3 for the mail bucket only', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission') as Record<string, Resource>)
      .map((permission) => permission.Properties)
      .filter((permission) => JSON.stringify(permission.FunctionName).includes(functionId))

    expect(permissions).toHaveLength(1)
    expect(permissions[0]).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' })
    expect(resolveValue(permissions[0]?.SourceArn)).toMatch(bucketArn)
    expect(permissions[0]?.SourceAccount).toBeDefined()
  })

  it('retries a failed message twice within six hours, then sends it to the failures queue', () => {
    const [, invokeConfig] = onlyResource(template, 'AWS::Lambda::EventInvokeConfig', 'MailIntakeReceiveFunction')
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'MailIntakeReceiveFailures')

    expect(invokeConfig.Properties).toEqual({
      FunctionName: { Ref: functionId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    })
  })

  it('keeps failures 14 days in a queue that is encrypted and refuses requests without TLS', () => {
    const [queueId, queue] = onlyResource(template, 'AWS::SQS::Queue', 'MailIntakeReceiveFailures')
    const [, queuePolicy] = onlyResource(template, 'AWS::SQS::QueuePolicy', 'MailIntakeReceiveFailures')

    expect(queue.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 })
    expect(queuePolicy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ])
  })

  it('alarms on the alarm topic as soon as one message lands in the failures queue', () => {
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'MailIntakeReceiveFailures')
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'MonitoringReceiveFailuresAlarm')
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')

    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    })
  })
})

describe('Mail intake: what the receive function may do', () => {
  const s3Statements = () => statements().filter((statement) => actionsOf(statement).some((a) => a.startsWith('s3:')))

  it('reads raw mail under inbound/, reads and writes attachments under cases/, and nothing else in S3', () => {
    const granted = s3Statements().map((statement) => ({
      actions: actionsOf(statement).sort(),
      resources: [statement.Resource].flat().map((resource) => resolveValue(resource).replace(/^<[^>]+>/, '<bucket>')),
    }))

    expect(granted).toEqual([
      { actions: ['s3:GetObject'], resources: ['<bucket>/inbound/*'] },
      { actions: ['s3:GetObject', 's3:PutObject'], resources: ['<bucket>/cases/*'] },
    ])
    for (const statement of s3Statements()) {
      expect(resolveValue(statement.Resource).replace(/\/(inbound|cases)\/\*$/, '')).toMatch(bucketArn)
    }
  })

  it('uses the mail key through S3 only, to read and write objects', () => {
    const mailKey = statements().filter(
      (statement) => !Array.isArray(statement.Resource) && mailKeyArn.test(resolveValue(statement.Resource)),
    )

    expect(mailKey).toHaveLength(1)
    const [statement] = mailKey as [Statement]
    expect(actionsOf(statement)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey'])
    const { StringEquals } = statement.Condition as { StringEquals: Record<string, unknown> }
    expect(resolveValue(StringEquals['kms:ViaService'])).toBe('s3.<AWS::Region>.amazonaws.com')
  })

  it('reads and writes case items by key and by case, queries no index, and may read the link-signing key', () => {
    const actions = statements().flatMap(actionsOf)

    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'secretsmanager:GetSecretValue',
      ]),
    )
    expect(JSON.stringify(statements())).not.toContain('/index/')
    expect(actions).not.toContain('dynamodb:Scan')
  })

  it('sends mail as the intake address only (the answer to an oversized message), and cannot run the workflow', () => {
    const sending = statements().filter((statement) => actionsOf(statement).some((a) => a.startsWith('ses:')))

    expect(sending.map(actionsOf)).toEqual([['ses:SendEmail']])
    expect(sending[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': ['mar_bsd@rotterdam.nl'] } })
    expect(
      statements()
        .flatMap(actionsOf)
        .filter((action) => /^(sns|states|lambda):/.test(action)),
    ).toEqual([])
  })

  it('has no wildcard action on S3 and no resource wildcard but X-Ray', () => {
    const actions = statements().flatMap(actionsOf)

    expect(actions.filter((action) => /^s3:.*\*/.test(action))).toEqual([])
    const wildcards = statements().filter((statement) => statement.Resource === '*')
    expect(wildcards.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'])
    expect(statements().map((statement) => statement.Effect)).toEqual(statements().map(() => 'Allow'))
  })
})

describe('Mail intake: the deploy region', () => {
  it.each(['eu-south-2', 'ap-east-1', 'eu-central-2'])('refuses %s, where SES cannot receive mail', (region) => {
    expect(() => buildApp(cdkConfig, { region, account: '123456789012' })).toThrow(
      `Amazon SES cannot receive mail in ${region}: mail to the intake address would never arrive.`,
    )
  })

  it.each(['eu-west-1', 'eu-north-1', 'ap-southeast-3'])('builds in %s, where SES receives mail', (region) => {
    expect(() => buildApp(cdkConfig, { region, account: '123456789012' })).not.toThrow()
  })

  it('only warns when the region is not known at synth (environment-agnostic, offline)', () => {
    const { stateless } = buildApp(cdkConfig)

    Annotations.fromStack(stateless).hasWarning(
      '/MarIntakeStateless/MailIntake',
      Match.stringLikeRegexp('No deploy region at synth: cannot check that SES receives mail there'),
    )
  })
})
