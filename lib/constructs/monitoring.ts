import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions'
import { Construct } from 'constructs'
import { METRICS_NAMESPACE } from '../../functions/adapters/cloudwatch-metrics.ts'
import type { DeadlineClock } from '../../functions/core/deadlines/deadlines.ts'
import type { AppConfig } from '../config.ts'
import { keyPolicy } from './key-policy.ts'
import { SERVICE_NAME } from './lambda-defaults.ts'

const DEADLINE_CLOCKS: readonly DeadlineClock[] = ['acknowledge', 'respond']

export interface MonitoringProps {
  readonly config: AppConfig
}

/**
 * Who hears of it when something goes wrong for good: one SNS topic (encrypted with a key of its own, which
 * CloudWatch alarms and SES may use to publish) that mails the coordinators' address (`alarmEmail`), and the alarms
 * on it — every dead-letter queue, failed and timed-out workflow executions, workflow tasks that failed for good,
 * breached deadlines, and bounces or complaints of MAR's mail. Each alarm fires on the first occurrence.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic
  /** Encrypts MAR's SNS topics (the alarm topic, the SES mail events topic). */
  readonly topicKey: kms.Key
  readonly alarms: cloudwatch.Alarm[] = []

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'MAR Intake: encrypts the alarm topic and the SES mail events topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
      policy: keyPolicy({
        statements: [
          // An encrypted topic takes messages only from publishers that may use its key: CloudWatch (alarm
          // actions) and SES (event destinations) of this account. The AWS-managed alias/aws/sns key cannot allow
          // them, so alarms on a topic encrypted with it are never delivered.
          new iam.PolicyStatement({
            sid: 'AlarmsAndSesPublishToEncryptedTopics',
            principals: [
              new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
              new iam.ServicePrincipal('ses.amazonaws.com'),
            ],
            actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            resources: ['*'],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }),
    })
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'MAR Intake alarms',
      masterKey: this.topicKey,
      enforceSSL: true,
    })
    if (props.config.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail))
    }
  }

  /** An alarm as soon as one message waits in a dead-letter or failures queue. */
  alarmWhenQueued(id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
    return this.alarmOn(
      id,
      description,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    )
  }

  /**
   * The case workflow: executions that failed or timed out (aborted ones are not alarms: a new workflow run stops
   * the one before it with StopExecution), and tasks that failed for good and were recorded on the case
   * (`WorkflowTaskFailed` per stage, functions/adapters/cloudwatch-metrics.ts).
   */
  alarmOnWorkflow(stateMachine: sfn.IStateMachine, failureStages: readonly string[]): void {
    const period = Duration.minutes(5)
    this.alarmOn(
      'WorkflowFailuresAlarm',
      'A case workflow failed (its deadlines are no longer watched): see the case events.',
      stateMachine.metricFailed({ period }),
    )
    this.alarmOn(
      'WorkflowTimeoutsAlarm',
      'A case workflow timed out (its deadlines are no longer watched): see the case events.',
      stateMachine.metricTimedOut({ period }),
    )
    this.alarmOn(
      'TaskFailuresAlarm',
      'A workflow task failed for good and was recorded on the case (e.g. mail not sent after about an hour).',
      sumOf(
        'Workflow tasks failed for good',
        failureStages.map((stage) => workflowMetric('WorkflowTaskFailed', { stage }, period)),
        period,
      ),
    )
  }

  /** A deadline breached (acknowledge or respond): the workflow counts each one (`DeadlineBreached` per clock). */
  alarmOnDeadlineBreaches(): void {
    const period = Duration.minutes(5)
    this.alarmOn(
      'DeadlineBreachesAlarm',
      'A case passed its acknowledge or respond deadline (the backup on duty was alerted): see the workspace.',
      sumOf(
        'Deadlines breached',
        DEADLINE_CLOCKS.map((clock) => workflowMetric('DeadlineBreached', { clock }, period)),
        period,
      ),
    )
  }

  /** Every bounce and complaint of MAR's mail reaches this topic (SES event destination, lib/constructs/mail-events.ts). */
  alarmOnMailEvents(mailEventsTopic: sns.ITopic): void {
    this.alarmOn(
      'MailBouncesAlarm',
      "Mail from MAR bounced or was reported as spam. A requester's bounced address is shown on the case; an " +
        "advisor's address on the roster may be wrong. Many of them put SES sending at risk.",
      mailEventsTopic.metricNumberOfMessagesPublished({ period: Duration.minutes(5) }),
    )
  }

  private alarmOn(id: string, description: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic))
    this.alarms.push(alarm)
    return alarm
  }
}

function workflowMetric(metricName: string, dimensions: Record<string, string>, period: Duration) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME, ...dimensions },
    statistic: cloudwatch.Stats.SUM,
    period,
  })
}

/** The sum of metrics that may each be missing in a period (a stage or clock with nothing to count). */
function sumOf(label: string, metrics: readonly cloudwatch.Metric[], period: Duration): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: metrics.map((_, index) => `FILL(m${index}, 0)`).join(' + '),
    usingMetrics: Object.fromEntries(metrics.map((metric, index) => [`m${index}`, metric])),
    label,
    period,
  })
}
