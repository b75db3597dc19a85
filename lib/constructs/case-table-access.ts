import { Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { caseTable } from '../../functions/adapters/case-table.ts'

/** The name of one of the case table's indexes. */
export type CaseTableIndexName = (typeof caseTable.globalSecondaryIndexes)[number]['indexName']

/**
 * What a function may do with the case table's items: read and write by key, query by partition key. No Scan (every
 * read names a case, a roster or an index partition) and no stream reads (the event source mapping has its own).
 */
export const CASE_TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
] as const

export type CaseTableItemAction = (typeof CASE_TABLE_ITEM_ACTIONS)[number]

/**
 * The partitions of the single table (`dynamodb:LeadingKeys` patterns), from the key layout in the README's data
 * layer and the adapters that write them (functions/adapters/dynamo-*.ts).
 */
export const CASE_TABLE_PARTITIONS = {
  /** `CASE#<reference>`: the case, its events, messages and mail outbox. */
  cases: 'CASE#*',
  /** `IDEMPOTENCY#<sha256(key)>`: the web intake's Idempotency-Key claims. */
  idempotency: 'IDEMPOTENCY#*',
  /** `FOLLOWUP#<sha256(reference)>`: attempts to open a follow-up box. */
  followUpAttempts: 'FOLLOWUP#*',
  /** `MSGID#<sha256(Message-ID)>`: which case a mail belongs to. */
  messageIds: 'MSGID#*',
  /** `AUTOREPLY#<sha256(address)>`: automatic replies per sender. */
  autoReplies: 'AUTOREPLY#*',
  /** `ROSTER`: the roster in force and its versions. */
  roster: 'ROSTER',
  /** `STATS#<month>` and `STATS`: the statistics records and the index of their months. */
  statistics: 'STATS*',
  /** `TOMBSTONE#<reference>`: what is left of a removed case (the retention purge). */
  tombstones: 'TOMBSTONE#*',
  /** `TEMPLATES`: the reply templates (functions/adapters/dynamo-reply-templates.ts). */
  templates: 'TEMPLATES',
} as const

/** One grant: these item actions, on the items whose partition key matches one of the patterns. */
export interface CaseTableItemGrant {
  readonly actions: readonly CaseTableItemAction[]
  readonly partitions: ReadonlyArray<(typeof CASE_TABLE_PARTITIONS)[keyof typeof CASE_TABLE_PARTITIONS]>
}

/**
 * Exactly the case table access a function's adapters use: each item grant one statement limited by
 * `dynamodb:LeadingKeys` (a function that writes follow-up attempts cannot touch a roster), Query on the named
 * indexes only, and the case table's key (DynamoDB uses it for the caller; the key policy allows it only that way).
 */
export function grantCaseTableAccess(
  table: dynamodb.ITable,
  fn: NodejsFunction,
  access: { readonly items: readonly CaseTableItemGrant[]; readonly indexes?: readonly CaseTableIndexName[] },
): void {
  for (const grant of access.items) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...grant.actions],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.partitions] } },
      }),
    )
  }
  const indexes = access.indexes ?? []
  if (indexes.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((indexName) => `${table.tableArn}/index/${indexName}`),
      }),
    )
  }
  grantCaseTableKey(table, fn)
}

/** The key actions CDK's grantReadWriteData gives for a customer-managed key (DynamoDB uses it for the caller). */
const CASE_TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
] as const

/**
 * Use of the case table's KMS key, as DynamoDB needs it for the caller (the key policy honours it only through
 * DynamoDB: lib/stacks/stateful-stack.ts); the wildcard actions acknowledged.
 */
function grantCaseTableKey(table: dynamodb.ITable, fn: NodejsFunction) {
  table.encryptionKey?.grant(fn, ...CASE_TABLE_KEY_ACTIONS)
  const reason = 'Use of the case table key: scoped to its one customer-managed key, usable through DynamoDB only.'
  Validations.of(fn.role ?? fn).acknowledge(
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
    { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
  )
}
