import { Aws, Duration, Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as ses from 'aws-cdk-lib/aws-ses'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { acknowledgeNoDeadLetterQueue } from './nag.ts'

export interface MailEventsProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  /** The configuration set every outgoing mail goes through (lib/constructs/mail.ts). */
  readonly configurationSet: ses.IConfigurationSet
  /** Encrypts the topic; SES may use it to publish (lib/constructs/monitoring.ts). */
  readonly topicKey: kms.IKey
}

/**
 * Bounces and complaints of MAR's outgoing mail: the configuration set publishes them to an encrypted SNS topic,
 * whose function (functions/mail-events/mail-events.ts) records a requester's bounced address on the case. The
 * function is invoked asynchronously: two retries, then the failures queue (with an alarm, lib/stacks); SNS's own
 * delivery failures land in the same queue. The topic itself has an alarm too (Monitoring.alarmOnMailEvents).
 */
export class MailEvents extends Construct {
  readonly topic: sns.Topic
  readonly function: NodejsFunction
  readonly failures: sqs.Queue

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id)
    const { config, table } = props

    this.topic = new sns.Topic(this, 'MailEventsTopic', {
      displayName: 'MAR Intake: bounces and complaints of outgoing mail',
      masterKey: props.topicKey,
      enforceSSL: true,
    })
    const configurationSetArn = `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${props.configurationSet.configurationSetName}`
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesPublishesMailEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    )
    new ses.ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: props.configurationSet,
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    })

    this.function = createNodeFunction(this, 'MailEventsFunction', {
      entry: 'mail-events/mail-events.ts',
      description: "mail events: records a requester's bounced address on the case",
      logRetention: config.retention.logDays,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: table.tableName,
        CASE_RETENTION_DAYS: config.retention.caseDays,
      },
    })
    // The Message-ID link of the mail that bounced, then the case and its event.
    grantCaseTableAccess(table, this.function, {
      items: [
        { actions: ['dynamodb:GetItem'], partitions: [partitions.messageIds] },
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: [partitions.cases] },
      ],
    })

    this.failures = new sqs.Queue(this, 'MailEventFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.failures).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the failure destination of the mail-events function and its SNS subscription.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: 'This queue is itself a failure destination: nothing consumes it to fail again.',
      },
    )
    acknowledgeNoDeadLetterQueue(
      this.function,
      'Invoked asynchronously by SNS: an on-failure destination (the MailEventFailures queue, with its alarm) keeps ' +
        'the event and the error after the retries, which a dead-letter queue would not.',
    )
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failures),
    })
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.function, { deadLetterQueue: this.failures }))
  }
}
