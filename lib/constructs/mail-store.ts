import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { backstopDays } from '../../functions/core/retention/retention.ts'
import { type AppConfig, retentionPolicyOf } from '../config.ts'
import { keyPolicy } from './key-policy.ts'

/** Where things live in the mail bucket (the shared design, .design/mail-intake.md). */
export const MAIL_PREFIXES = {
  /** Raw MIME as SES's S3 action wrote it: `inbound/<SES message id>`. */
  inbound: 'inbound/',
  /** Attachments filed with a case: `cases/<reference>/<message key>/<attachment id>`. */
  cases: 'cases/',
} as const

/**
 * The receipt rule set and its one rule (lib/constructs/mail-intake.ts, stateless stack), by name. Named, not
 * generated: the bucket and key policies here must name the rule (`aws:SourceArn`) without a reference into the
 * stateless stack (that stack already refers to this one), and the README's activation command names the rule set.
 * One active rule set per account and region: a second MAR Intake in the same account and region collides here.
 */
export const MAIL_RECEIPT_RULE = {
  ruleSetName: 'mar-intake',
  ruleName: 'mar-intake-store-raw-mail',
} as const

/** The ARN of the receipt rule that stores incoming mail, in the stack's account and region. */
export const mailReceiptRuleArn = () =>
  `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${MAIL_RECEIPT_RULE.ruleSetName}:receipt-rule/${MAIL_RECEIPT_RULE.ruleName}`

/** Days past the items' TTL backstop that the lifecycle keeps an attachment (DynamoDB's TTL deletes lag by days). */
export const ATTACHMENT_RETENTION_MARGIN_DAYS = 30

export interface MailStoreProps {
  readonly config: AppConfig
  /** Role ARN patterns that may use the mail key, through S3 only (the functions that read and file mail). */
  readonly keyUsers: readonly string[]
}

/**
 * The mail bucket (stateful stack): received messages and the attachments filed with cases, encrypted with a
 * customer-managed key of their own. SES may write `inbound/*` only, as our one receipt rule (bucket policy), and
 * use the key only through S3 (key policy). Lifecycle rules are a retention backstop, not the primary deletion.
 */
export class MailStore extends Construct {
  readonly key: kms.Key
  readonly bucket: s3.Bucket

  constructor(scope: Construct, id: string, props: MailStoreProps) {
    super(scope, id)
    const { retention } = props.config
    const asOurReceiptRule = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': mailReceiptRuleArn() },
    }

    this.key = new kms.Key(this, 'Key', {
      description: 'MAR Intake: encrypts received mail and case attachments',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: keyPolicy({ use: { sid: 'MailThroughS3', service: 's3', roleArnPatterns: props.keyUsers } }),
    })
    // SES writes with the service principal; S3 asks KMS for the data key on its behalf (SSE-KMS). Decrypt too: an
    // S3 multipart upload (SES's choice for a large message) needs it to complete.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesEncryptsReceivedMailThroughS3',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            ...asOurReceiptRule.StringEquals,
            'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com`,
          },
        },
      }),
    )

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket for a while instead of a KMS call per object (SES writes, the functions read).
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Off: every object is written once under a key of its own (the SES message id, the attachment id), and a
      // deleted object must be gone (retention, erasure requests): versions would keep what the lifecycle removes.
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'raw-mail',
          prefix: MAIL_PREFIXES.inbound,
          expiration: Duration.days(retention.rawMailDays),
        },
        {
          // A backstop only: the retention purge (and an erasure) deletes a case's files with the case. Counted from
          // each file's upload, like the items' TTL backstop (core/retention/retention.ts backstopDays), plus a margin: it never
          // removes a file of a case the purge still keeps.
          id: 'case-attachments',
          prefix: MAIL_PREFIXES.cases,
          expiration: Duration.days(
            backstopDays(retention.caseDays, retentionPolicyOf(props.config)) + ATTACHMENT_RETENTION_MARGIN_DAYS,
          ),
        },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesStoresReceivedMail',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${MAIL_PREFIXES.inbound}*`)],
        conditions: asOurReceiptRule,
      }),
    )

    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Not logged by design: server access logs would record the IP addresses of advisors downloading ' +
        'attachments and object keys that name cases. Every read in the workspace is a case event naming the ' +
        'advisor; configuration changes are in CloudTrail.',
    })
  }
}

/** Use of the mail key, and only by way of S3 (SSE-KMS on the mail bucket). */
export function mailKeyThroughS3(key: kms.IKey, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions,
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
  })
}
