import { Aws, type CfnResource, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as targets from 'aws-cdk-lib/aws-scheduler-targets'
import type * as sns from 'aws-cdk-lib/aws-sns'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { RETENTION_RUN_TIME } from '../../functions/retention/schedule.ts'
import { type AppConfig, retentionPolicyOf } from '../config.ts'
import {
  type CaseTableItemGrant,
  grantCaseTableAccess,
  CASE_TABLE_PARTITIONS as partitions,
} from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import type { Mail } from './mail.ts'
import { MAIL_PREFIXES } from './mail-store.ts'
import { acknowledgeExpectedWildcards, acknowledgeNoDeadLetterQueue, arnReferencePattern } from './nag.ts'

export interface RetentionProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  /** The mail bucket: the purge deletes a case's attachments (`cases/`) and the raw mail filed with it (`inbound/`). */
  readonly mailBucket: s3.IBucket
  /** SES, for the coordinators' flag on stale open cases. */
  readonly sending: Pick<Mail, 'configurationSet' | 'grantSendEmail'>
  readonly alarmTopic: sns.ITopic
}

/**
 * What erasing a case deletes in the table, the same for the purge and for a coordinator's DELETE: the case's own
 * items, and what it links to under other partitions (Message-ID links, its Idempotency-Key claim, follow-up attempts).
 */
export const CASE_ERASURE_ITEM_GRANTS: CaseTableItemGrant[] = [
  { actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], partitions: [partitions.cases] },
  {
    actions: ['dynamodb:DeleteItem'],
    partitions: [partitions.messageIds, partitions.idempotency, partitions.followUpAttempts],
  },
]

/** Erasing a case deletes its files and the raw mail filed with it: deletes only (no key use needed for that). */
export function caseFilesDeletion(mailBucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:DeleteObject'],
    resources: [MAIL_PREFIXES.cases, MAIL_PREFIXES.inbound].map((prefix) => `${mailBucket.bucketArn}/${prefix}*`),
  })
}

/**
 * The retention purge (functions/retention/purge.ts): EventBridge Scheduler invokes it daily at 03:00 in the business
 * calendar's zone; it deletes the closed cases whose retention ran out (with every item and file of theirs, leaving a
 * tombstone) and flags stale open cases to the coordinators. The scheduler invokes asynchronously: an invocation it
 * cannot deliver is retried and then queued by the scheduler, a run that fails is retried by Lambda and then queued
 * by the function's on-failure destination — the same encrypted queue, whose alarm says so. The next day's run
 * picks up whatever is left anyway.
 */
export class Retention extends Construct {
  readonly function: NodejsFunction
  readonly schedule: scheduler.Schedule
  readonly failures: sqs.Queue
  readonly failuresAlarm: cloudwatch.Alarm

  constructor(scope: Construct, id: string, props: RetentionProps) {
    super(scope, id)
    const { config, table, mailBucket } = props

    this.function = createNodeFunction(this, 'PurgeFunction', {
      entry: 'retention/purge.ts',
      description: 'daily retention run: purges closed cases past their retention, flags stale open cases',
      logRetention: config.retention.logDays,
      memorySize: 256,
      timeout: Duration.minutes(10),
      // One run at a time: a retry must not race the run it repeats.
      reservedConcurrentExecutions: 1,
      environment: {
        TABLE_NAME: table.tableName,
        MAIL_BUCKET: mailBucket.bucketName,
        PUBLIC_URL: config.publicUrl,
        SENDER_ADDRESS: config.senderAddress,
        INTAKE_ADDRESS: config.intakeAddress,
        SES_CONFIGURATION_SET: props.sending.configurationSet.configurationSetName,
        TIME_ZONE: config.workflow.timeZone,
        RETENTION_POLICY: retentionPolicyOf(config),
      },
    })
    // gsi3: closed cases by closing time and the open cases. A case's partition is read whole and deleted; what it
    // links to elsewhere is deleted by key; the roster names the coordinators; the tombstone is written.
    grantCaseTableAccess(table, this.function, {
      items: [
        {
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.cases],
        },
        ...CASE_ERASURE_ITEM_GRANTS,
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: [partitions.tombstones] },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
      ],
      indexes: ['gsi3'],
    })
    // Deletes only: the purge never reads a file (no key use needed for DeleteObject).
    this.function.addToRolePolicy(caseFilesDeletion(mailBucket))
    props.sending.grantSendEmail(this.function, [config.senderAddress])
    if (this.function.role) {
      acknowledgeExpectedWildcards(this.function.role, [
        {
          finding: new RegExp(`^Resource::${arnReferencePattern(mailBucket)}/(cases|inbound)/\\*$`),
          reason: 's3:DeleteObject on case files and raw mail: the purge deletes those of any case whose time is up.',
        },
      ])
    }

    this.failures = new sqs.Queue(this, 'PurgeFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.failures).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter destination of the retention schedule (runs that failed).',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: 'This queue is itself the dead-letter destination of the retention schedule: nothing consumes it.',
      },
    )
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failures),
    })
    acknowledgeNoDeadLetterQueue(
      this.function,
      'Invoked asynchronously by EventBridge Scheduler: an on-failure destination (the PurgeFailures queue, with its ' +
        'alarm) keeps the error after the retries, which a dead-letter queue would not.',
    )

    // The schedule's own role (the default one is shared by every schedule of the stack): invoke this function only.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'MAR Intake: EventBridge Scheduler invokes the daily retention run',
    })
    const functionId = Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnResource)
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on the purge function and its versions (grantInvoke): this one function only.',
    })
    this.schedule = new scheduler.Schedule(this, 'DailyPurge', {
      description: 'MAR Intake: the daily retention run',
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(RETENTION_RUN_TIME.minute),
        hour: String(RETENTION_RUN_TIME.hour),
        timeZone: TimeZone.of(config.workflow.timeZone),
      }),
      target: new targets.LambdaInvoke(this.function, {
        role: scheduleRole,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.failures,
      }),
    })

    this.failuresAlarm = new cloudwatch.Alarm(this, 'PurgeFailuresAlarm', {
      alarmDescription:
        'The daily retention run failed after its retries (see the PurgeFailures queue): closed cases past their ' +
        'retention may still be stored. The next run tries again; look at the purge function logs.',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })
    this.failuresAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic))
  }
}
