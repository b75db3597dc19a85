import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { buildApp, cdkConfig, onlyResource, type Resource } from './app.ts'

/** Issue 10: every asynchronous path has bounded retries and a failure destination, and every failure an alarm. */
const { stateless, stateful } = buildApp({ ...cdkConfig, alarmEmail: 'coordinatoren@example.org' })
const template = Template.fromStack(stateless)
const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>)
const [topicId, topic] = onlyResource(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')
const alarms = resources('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties)

/** The logical id a `{Ref}` or `{Fn::GetAtt: [id, …]}` points at. */
const target = (value: unknown): string | undefined => {
  const intrinsic = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] }
  return intrinsic?.Ref ?? intrinsic?.['Fn::GetAtt']?.[0]
}

/** Every function invoked asynchronously: S3 and SNS invoke it through a permission, EventBridge Scheduler by a target. */
function asyncInvokedFunctions(): string[] {
  const byPermission = resources('AWS::Lambda::Permission')
    .filter(([, permission]) => ['s3.amazonaws.com', 'sns.amazonaws.com'].includes(permission.Properties.Principal))
    .map(([, permission]) => target(permission.Properties.FunctionName))
  const bySchedule = resources('AWS::Scheduler::Schedule').map(([, schedule]) => target(schedule.Properties.Target.Arn))
  return [...new Set([...byPermission, ...bySchedule].filter((id): id is string => id !== undefined))].sort()
}

describe('Monitoring: failures are kept and someone hears of them', () => {
  it('finds the asynchronous functions this checks: mail receive, mail events, the retention purge', () => {
    expect(asyncInvokedFunctions().map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'MailEventsMailEventsFunction',
      'MailIntakeReceiveFunction',
      'RetentionPurgeFunction',
    ])
  })

  it('gives every asynchronously invoked function bounded retries and an on-failure destination', () => {
    const configs = resources('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties)
    for (const fn of asyncInvokedFunctions()) {
      const config = configs.find((candidate) => target(candidate.FunctionName) === fn)
      expect(config, fn).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      })
      const queueId = target(config?.DestinationConfig.OnFailure.Destination)
      expect(template.toJSON().Resources[queueId ?? '']?.Type, fn).toBe('AWS::SQS::Queue')
    }
  })

  it('gives the table stream bounded retries and an on-failure queue', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping')
    expect(mappings).toHaveLength(1)
    for (const [, mapping] of mappings) {
      expect(mapping.Properties).toMatchObject({
        MaximumRetryAttempts: 50,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      })
    }
  })

  it('encrypts every queue, enforces TLS on it, and alarms on its first message', () => {
    const queues = resources('AWS::SQS::Queue')
    expect(queues.length).toBe(4)
    const policies = resources('AWS::SQS::QueuePolicy').map(([, policy]) => policy.Properties)
    for (const [queueId, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined).toBe(true)
      const policy = policies.find((candidate) => candidate.Queues.some((ref: unknown) => target(ref) === queueId))
      expect(JSON.stringify(policy?.PolicyDocument), queueId).toContain('"aws:SecureTransport":"false"')
      const alarm = alarms.find(
        (candidate) =>
          candidate.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          target(candidate.Dimensions?.[0]?.Value) === queueId,
      )
      expect(alarm, queueId).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })
    }
  })

  it('alarms on failed and timed-out executions, tasks failed for good and breached deadlines', () => {
    const [stateMachineId] = onlyResource(template, 'AWS::StepFunctions::StateMachine', 'CaseWorkflowStateMachine')
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const alarm = alarms.find((candidate) => candidate.MetricName === metricName)
      expect(alarm, metricName).toMatchObject({ Namespace: 'AWS/States', Threshold: 1 })
      expect(target(alarm?.Dimensions[0].Value)).toBe(stateMachineId)
    }
    const mathAlarm = (metricName: string) =>
      alarms
        .find((candidate) =>
          candidate.Metrics?.some((query: { MetricStat?: { Metric: { MetricName: string } } }) => {
            return query.MetricStat?.Metric.MetricName === metricName
          }),
        )
        ?.Metrics.filter((query: { MetricStat?: unknown }) => query.MetricStat !== undefined)
        .map((query: { MetricStat: { Metric: { Dimensions: Array<{ Name: string; Value: string }> } } }) =>
          Object.fromEntries(query.MetricStat.Metric.Dimensions.map(({ Name, Value }) => [Name, Value])),
        )
    expect(mathAlarm('DeadlineBreached')).toEqual([
      { service: 'mar-intake', clock: 'acknowledge' },
      { service: 'mar-intake', clock: 'respond' },
    ])
    expect(mathAlarm('WorkflowTaskFailed')).toEqual(
      ['route', 'deliver', 'plan', 'run-step'].map((stage) => ({ service: 'mar-intake', stage })),
    )
  })

  it('publishes SES bounces and complaints to an encrypted topic of their own, which has an alarm', () => {
    const [eventsTopicId, eventsTopic] = onlyResource(template, 'AWS::SNS::Topic', 'MailEventsMailEventsTopic')
    const [, destination] = onlyResource(template, 'AWS::SES::ConfigurationSetEventDestination', 'MailEvents')
    expect(destination.Properties.EventDestination).toMatchObject({
      Enabled: true,
      MatchingEventTypes: ['bounce', 'complaint'],
      SnsDestination: { TopicARN: { Ref: eventsTopicId } },
    })
    expect(target(eventsTopic.Properties.KmsMasterKeyId)).toBe(target(topic.Properties.KmsMasterKeyId))
    const alarm = alarms.find((candidate) => candidate.MetricName === 'NumberOfMessagesPublished')
    expect(alarm).toMatchObject({ Namespace: 'AWS/SNS', Threshold: 1 })
    expect(target(alarm?.Dimensions[0].Value)).toBe(eventsTopicId)
  })

  it('sends every alarm to the one alarm topic, which mails the coordinators and is encrypted with a key they can use', () => {
    expect(alarms.length).toBe(9)
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }])
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'coordinatoren@example.org',
      TopicArn: { Ref: topicId },
    })
    const keyId = target(topic.Properties.KmsMasterKeyId) ?? ''
    const key = template.toJSON().Resources[keyId] as Resource
    expect(key.Type).toBe('AWS::KMS::Key')
    const publishers = key.Properties.KeyPolicy.Statement.find(
      (statement: { Sid?: string }) => statement.Sid === 'AlarmsAndSesPublishToEncryptedTopics',
    )
    expect(publishers).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'ses.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    })
    expect(Template.fromStack(stateful).findResources('AWS::CloudWatch::Alarm')).toEqual({})
  })
})
