import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { type AppConfig, retentionPolicyOf } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { MAIL_PREFIXES, mailKeyThroughS3 } from './mail-store.ts'
import { acknowledgeExpectedWildcards, arnReferencePattern } from './nag.ts'
import { CASE_ERASURE_ITEM_GRANTS, caseFilesDeletion } from './retention.ts'

export interface AdvisorApiProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  readonly signingSecret: secretsmanager.ISecret
  /** The search index's key: phone calls, replies and notes are indexed as they are written; searches are hashed. */
  readonly searchSecret: secretsmanager.ISecret
  /** The mail bucket and its key: the function serves case attachments from `cases/`. */
  readonly mail: { readonly bucket: s3.IBucket; readonly key: kms.IKey }
}

/**
 * The advisor workspace's API: one function behind `/api/advisor/*` (its routes, each behind the staff JWT
 * authorizer, come from the route table: lib/constructs/api.ts). The function reads and
 * writes cases and queries the open-case indexes; it reads case attachments from the mail bucket (`cases/`, to serve
 * or presign them); its mail goes through the case's outbox (the workflow sends it), so it has no SES permission.
 */
export class AdvisorApi extends Construct {
  readonly function: NodejsFunction

  constructor(scope: Construct, id: string, props: AdvisorApiProps) {
    super(scope, id)
    const { config, table } = props

    this.function = createNodeFunction(this, 'Function', {
      entry: 'advisor-api/api.ts',
      description: 'advisor workspace API: case list, case view, case actions and statistics for signed-in staff',
      logRetention: config.retention.logDays,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        SIGNING_SECRET_ARN: props.signingSecret.secretArn,
        SEARCH_SECRET_ARN: props.searchSecret.secretArn,
        WORKFLOW_SETTINGS: config.workflow,
        CASE_RETENTION_DAYS: config.retention.caseDays,
        MAX_BODY_BYTES: config.limits.maxBodyBytes,
        MAIL_BUCKET: props.mail.bucket.bucketName,
        RETENTION_POLICY: retentionPolicyOf(config),
        MAR_PHONE: config.marPhone,
      },
    })
    // Cases, their files and outbox; the roster (who may act); gsi3: every case not closed (the list, `assignee=me`
    // filtered from it) and the closed ones (status=closed); gsi4: the search index (one Query per term), the cases it
    // found read with BatchGetItem, their terms written with BatchWriteItem. The statistics (GET /api/advisor/stats) are one Query per month on STATS#<month> and the
    // months' index (STATS/MONTHS): read only.
    grantCaseTableAccess(table, this.function, {
      items: [
        {
          actions: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
          ],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
        { actions: ['dynamodb:GetItem', 'dynamodb:Query'], partitions: [partitions.statistics] },
        // The reply templates (GET, and a coordinator's PUT and DELETE of /api/advisor/templates).
        { actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], partitions: [partitions.templates] },
        // Erasure (DELETE, a coordinator's): as the purge, and the tombstone with its audit list.
        ...CASE_ERASURE_ITEM_GRANTS,
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.tombstones],
        },
      ],
      indexes: ['gsi3', 'gsi4'],
    })
    props.signingSecret.grantRead(this.function)
    props.searchSecret.grantRead(this.function)
    // Attachments only (cases/*), read-only; a presigned URL it hands out carries these same permissions.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [`${props.mail.bucket.bucketArn}/${MAIL_PREFIXES.cases}*`],
      }),
    )
    // Erasure deletes the case's files and the raw mail filed with it.
    this.function.addToRolePolicy(caseFilesDeletion(props.mail.bucket))
    this.function.addToRolePolicy(mailKeyThroughS3(props.mail.key, ['kms:Decrypt']))
    if (this.function.role) {
      acknowledgeExpectedWildcards(this.function.role, [
        {
          finding: new RegExp(`^Resource::${arnReferencePattern(props.mail.bucket)}/cases/\\*$`),
          reason: 's3:GetObject on case attachments only (cases/*): the workspace serves any case an advisor may open.',
        },
        {
          finding: new RegExp(`^Resource::${arnReferencePattern(props.mail.bucket)}/inbound/\\*$`),
          reason: 's3:DeleteObject on raw mail (inbound/*): erasing a case deletes the messages filed with it.',
        },
      ])
    }
  }
}
