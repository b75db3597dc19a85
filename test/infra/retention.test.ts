import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

process.env.CDK_VALIDATION = 'false'

/** A retention that differs from the defaults, so a test fails if the construct ignores the configuration. */
const testConfig = {
  ...cdkConfig,
  retention: { closedCaseMonths: 18, closedCaseMonthsByOutcome: { 'no-concern': 6 }, staleOpenCaseDays: 45 },
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

let template: Template
let functionId: string
let statements: Statement[]

beforeAll(() => {
  const { stateless } = buildApp(testConfig)
  template = Template.fromStack(stateless)
  ;[functionId] = onlyResource(template, 'AWS::Lambda::Function', 'RetentionPurgeFunction')
  const [roleId] = onlyResource(template, 'AWS::IAM::Role', 'RetentionPurgeFunctionRole')
  statements = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
})

const actionsOf = (statement: Statement) => [statement.Action].flat()

describe('Retention: the daily schedule', () => {
  it('invokes the purge function every day at 03:00 Amsterdam time, retrying, then into an encrypted DLQ', () => {
    const [, schedule] = onlyResource(template, 'AWS::Scheduler::Schedule', 'RetentionDailyPurge')
    const [queueId, queue] = onlyResource(template, 'AWS::SQS::Queue', 'RetentionPurgeFailures')

    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      State: 'ENABLED',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21_600 } },
    })
    expect(resolveValue(schedule.Properties.Target.Arn)).toBe(`<${functionId}.Arn>`)
    expect(resolveValue(schedule.Properties.Target.DeadLetterConfig.Arn)).toBe(`<${queueId}.Arn>`)
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true)
  })

  it('raises an alarm on the alarm topic when a run lands in the dead-letter queue', () => {
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'RetentionPurgeFailuresAlarm')
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'RetentionPurgeFailures')

    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    expect(resolveValue(alarm.Properties.Dimensions[0].Value)).toBe(`<${queueId}.QueueName>`)
    expect(alarm.Properties.AlarmActions.map(resolveValue)).toEqual([
      expect.stringMatching(/^<MonitoringAlarmTopic\w+>$/),
    ])
  })
})

describe('Retention: the purge function', () => {
  it('gets the retention policy from the configuration', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', 'RetentionPurgeFunction')
    const variables = fn.Properties.Environment.Variables

    expect(JSON.parse(variables.RETENTION_POLICY)).toEqual({
      closedCaseMonths: 18,
      closedCaseMonthsByOutcome: { 'no-concern': 6 },
      staleOpenCaseDays: 45,
      tombstoneDays: 3653,
    })
    expect(variables.TIME_ZONE).toBe('Europe/Amsterdam')
    // None unless configured (limits.reservedConcurrency.retentionPurge): a new account has none to reserve.
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined()
  })

  it('deletes files of the mail bucket (cases/, inbound/) but reads none, and never scans the table', () => {
    const s3 = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))

    expect(s3.flatMap(actionsOf)).toEqual(['s3:DeleteObject'])
    expect([s3[0]?.Resource].flat().map((resource) => resolveValue(resource).replace(/^<[^>]+>/, '<bucket>'))).toEqual([
      '<bucket>/cases/*',
      '<bucket>/inbound/*',
    ])
    expect(JSON.stringify(statements)).not.toContain('dynamodb:Scan')
    const indexes = statements.filter((statement) => JSON.stringify(statement.Resource).includes('/index/'))
    expect(
      indexes.flatMap((statement) => [statement.Resource].flat().map((r) => resolveValue(r).replace(/^<[^>]+>/, ''))),
    ).toEqual(['/index/gsi3'])
  })

  it('deletes table items only in the partitions of a case and what it links to, and sends mail through SES', () => {
    const deletes = statements.filter((statement) => actionsOf(statement).includes('dynamodb:DeleteItem'))
    const partitions = deletes.flatMap(
      (statement) =>
        (statement.Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })[
          'ForAllValues:StringLike'
        ]['dynamodb:LeadingKeys'],
    )

    expect(partitions.sort()).toEqual(['CASE#*', 'FOLLOWUP#*', 'IDEMPOTENCY#*', 'MSGID#*'])
    expect(statements.flatMap(actionsOf)).toContain('ses:SendEmail')
  })
})
