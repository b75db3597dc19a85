import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as s3n from 'aws-cdk-lib/aws-s3-notifications'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as ses from 'aws-cdk-lib/aws-ses'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { type AppConfig, assertSesReceivesMailIn, MAIL_FAILURES_RETENTION_DAYS } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { domainOf, type Mail } from './mail.ts'
import { MAIL_PREFIXES, MAIL_RECEIPT_RULE, mailKeyThroughS3 } from './mail-store.ts'
import { acknowledgeExpectedWildcards, acknowledgeNoDeadLetterQueue, arnReferencePattern } from './nag.ts'

/** The warning an environment-agnostic synth gets instead of the region check. */
export const UNRESOLVED_REGION_WARNING = 'mar:mail-intake-region-unresolved'

export interface MailIntakeProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  readonly signingSecret: secretsmanager.ISecret
  /** The search index's key: a mail is indexed as it is filed. */
  readonly searchSecret: secretsmanager.ISecret
  /** The mail bucket and its key (stateful stack, lib/constructs/mail-store.ts). */
  readonly mailBucket: s3.IBucket
  readonly mailKey: kms.IKey
  /**
   * Outgoing mail (MAR's SES identities and configuration set, lib/constructs/mail.ts): the polite answer to an oversized
   * message has no case to queue it on, so the receive function sends it itself, from the intake address.
   */
  readonly sending: Pick<Mail, 'configurationSet' | 'grantSendEmail'>
}

/**
 * The e-mail intake in AWS: an SES receipt rule for the receiving address (spam and virus scan, TLS required)
 * stores each message's raw MIME under `inbound/` in the mail bucket; the bucket's ObjectCreated event invokes the
 * receive function asynchronously (two retries, six hours at most, then the failures queue, which has an alarm: lib/constructs/monitoring.ts), which
 * files it as a case or onto the case it continues (functions/mail-intake/receive.ts).
 *
 * CDK creates the rule set inactive: SES receives nothing until someone activates it (see the README).
 */
export class MailIntake extends Construct {
  readonly ruleSet: ses.ReceiptRuleSet
  readonly receiveFunction: NodejsFunction
  readonly failures: sqs.Queue

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id)
    const { config, table, mailBucket, mailKey } = props
    this.checkRegion()

    const receivingAddress = config.receivingAddress ?? config.intakeAddress
    this.addReceivingIdentity(config, receivingAddress)

    // Not aws-ses-actions' S3 action: its kmsKey makes SES encrypt client-side (the S3 encryption client, which only
    // the Java and Ruby SDKs read), and it adds a second, wider statement (no aws:SourceArn) to the bucket policy of
    // the other stack. The bucket's default SSE-KMS encrypts the message with the mail key instead, and the mail
    // store grants SES exactly this rule (lib/constructs/mail-store.ts).
    const storeRawMail: ses.IReceiptRuleAction = {
      bind: () => ({
        s3Action: { bucketName: mailBucket.bucketName, objectKeyPrefix: MAIL_PREFIXES.inbound },
      }),
    }
    this.ruleSet = new ses.ReceiptRuleSet(this, 'ReceiptRuleSet', {
      receiptRuleSetName: MAIL_RECEIPT_RULE.ruleSetName,
      rules: [
        {
          receiptRuleName: MAIL_RECEIPT_RULE.ruleName,
          recipients: [receivingAddress],
          enabled: true,
          // Spam and virus verdicts land in the stored message's X-SES-* headers; the filing code acts on them.
          scanEnabled: true,
          tlsPolicy: ses.TlsPolicy.REQUIRE,
          actions: [storeRawMail],
        },
      ],
    })

    this.receiveFunction = createNodeFunction(this, 'ReceiveFunction', {
      entry: 'mail-intake/receive.ts',
      description: 'e-mail intake: files each received message as a case or onto the case it continues',
      logRetention: config.retention.logDays,
      // A message may be 10 MB (40 MB reach S3 before the handler refuses them): parsed, decoded, and its
      // attachments written back, several copies are in memory at once.
      memorySize: 1024,
      timeout: Duration.seconds(60),
      // A burst of mail (a spam run, a list that found the address) queues in Lambda's async queue for up to
      // maxEventAge instead of crowding out the table and the workflow; five at a time file ordinary traffic at
      // once, when the setting reserves them (limits.reservedConcurrency: none by default, see lib/config.ts).
      reservedConcurrentExecutions: config.limits.reservedConcurrency.mailReceive,
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        INTAKE_ADDRESS: config.intakeAddress,
        // Mail from MAR's sender never gets an automatic answer (no loops).
        SENDER_ADDRESS: config.senderAddress,
        SES_CONFIGURATION_SET: props.sending.configurationSet.configurationSetName,
        MAIL_BUCKET: mailBucket.bucketName,
        SIGNING_SECRET_ARN: props.signingSecret.secretArn,
        SEARCH_SECRET_ARN: props.searchSecret.secretArn,
        WORKFLOW_SETTINGS: config.workflow,
        CASE_RETENTION_DAYS: config.retention.caseDays,
      },
    })
    // By key and by case partition only (a mail's search terms with BatchWriteItem): Message-ID threads and reply
    // limits are items of their own.
    grantCaseTableAccess(table, this.receiveFunction, {
      items: [
        {
          actions: [
            'dynamodb:GetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:BatchWriteItem',
          ],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          partitions: [partitions.messageIds, partitions.autoReplies],
        },
      ],
    })
    props.signingSecret.grantRead(this.receiveFunction)
    props.searchSecret.grantRead(this.receiveFunction)
    props.sending.grantSendEmail(this.receiveFunction, [config.intakeAddress])
    const objects = (prefix: string) => `${mailBucket.bucketArn}/${prefix}*`
    this.receiveFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(MAIL_PREFIXES.inbound)] }),
    )
    this.receiveFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(MAIL_PREFIXES.cases)] }),
    )
    this.receiveFunction.addToRolePolicy(mailKeyThroughS3(mailKey, ['kms:Decrypt', 'kms:GenerateDataKey']))

    this.failures = new sqs.Queue(this, 'ReceiveFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(MAIL_FAILURES_RETENTION_DAYS),
    })
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the receive function (messages it could not file).',
    })
    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the on-failure destination of the receive function: nothing consumes it to fail again.',
    })
    acknowledgeNoDeadLetterQueue(
      this.receiveFunction,
      'Invoked asynchronously by S3: an on-failure destination (the ReceiveFailures queue, with its alarm) keeps the ' +
        'event and the error after the retries, which a dead-letter queue would not.',
    )
    // Each failed delivery lands here with the S3 event (bucket, key, size), never the message: redrive it by
    // invoking the function with the record's requestPayload while the raw mail is kept (retention.rawMailDays).
    this.receiveFunction.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failures),
    })

    // An imported view of the bucket: the notification (a CDK custom resource) then lives in this stack, beside the
    // function it names; on the stateful stack's own bucket it would make the two stacks refer to each other.
    const bucketHere = s3.Bucket.fromBucketAttributes(this, 'MailBucketRef', {
      bucketArn: mailBucket.bucketArn,
      bucketName: mailBucket.bucketName,
      encryptionKey: mailKey,
    })
    bucketHere.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.receiveFunction), {
      prefix: MAIL_PREFIXES.inbound,
    })

    this.acknowledgeFindings(mailBucket)
  }

  /**
   * Synth refuses a region where SES cannot receive mail. An environment-agnostic synth (no region: `tsx bin/app.ts`
   * without CDK_DEFAULT_REGION, or a test) cannot know the region until CloudFormation deploys it; failing it would
   * break offline synthesis, so it only warns. (`cdk synth` and `cdk deploy` always set CDK_DEFAULT_REGION.)
   */
  private checkRegion() {
    const { region } = Stack.of(this)
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2(
        UNRESOLVED_REGION_WARNING,
        'No deploy region at synth: cannot check that SES receives mail there. Set CDK_DEFAULT_REGION to check.',
      )
      return
    }
    assertSesReceivesMailIn(region)
  }

  /** SES receives only for verified domains: the receiving address's, when no other identity covers it. */
  private addReceivingIdentity(config: AppConfig, receivingAddress: string) {
    const covered = [config.senderAddress, config.intakeAddress].map(domainOf) // lib/constructs/mail.ts
    const receivingDomain = domainOf(receivingAddress)
    if (covered.includes(receivingDomain)) return
    new ses.EmailIdentity(this, 'ReceivingIdentity', { identity: ses.Identity.domain(receivingDomain) })
  }

  private acknowledgeFindings(mailBucket: s3.IBucket) {
    const bucket = arnReferencePattern(mailBucket)
    const role = this.receiveFunction.role
    if (role) {
      acknowledgeExpectedWildcards(role, [
        {
          finding: new RegExp(`^Resource::${bucket}/inbound/\\*$`),
          reason: 's3:GetObject on the raw messages only (inbound/*): their keys are SES message ids.',
        },
        {
          finding: new RegExp(`^Resource::${bucket}/cases/\\*$`),
          reason: 's3:GetObject/PutObject on case attachments only (cases/*): their keys name cases not yet made.',
        },
      ])
    }
    // CDK's bucket-notifications handler (one per stack; it sets the S3 event notification at deployment): its
    // role is CDK's. Its own grant is scoped to the mail bucket.
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'))
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-managed bucket-notifications handler: CDK attaches the basic execution policy (log writing only).',
      })
    }
  }
}
