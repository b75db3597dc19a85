import { Validations } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { Construct } from 'constructs'
import { caseTable } from '../../functions/adapters/case-table.ts'

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

/** The key actions CDK's grantReadWriteData gives for a customer-managed key (DynamoDB uses it for the caller). */
const CASE_TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
] as const

/**
 * Read/write on the case table's items and use of its KMS key; Query on its indexes only for functions that query
 * them, granted by index name. (A grant on the table itself would add `<table>/index/*`, which cdk-nag 3 can only
 * acknowledge by an id that embeds the cross-stack reference.)
 *
 * `queryIndexes`: `true` for every index, `false` for none, or the names of the indexes the function queries.
 */
export function grantCaseTableReadWrite(
  scope: Construct,
  id: string,
  table: dynamodb.ITable,
  fn: NodejsFunction,
  options: { queryIndexes: boolean | readonly CaseTableIndexName[] },
): void {
  const tableOnly = dynamodb.Table.fromTableAttributes(scope, id, {
    tableArn: table.tableArn,
    encryptionKey: table.encryptionKey,
  })
  tableOnly.grant(fn, ...CASE_TABLE_ITEM_ACTIONS)
  grantCaseTableKey(table, fn, 'Read/write grant')
  const indexes =
    options.queryIndexes === true
      ? caseTable.globalSecondaryIndexes.map((index) => index.indexName)
      : options.queryIndexes === false
        ? []
        : options.queryIndexes
  if (indexes.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((indexName) => `${table.tableArn}/index/${indexName}`),
      }),
    )
  }
}

/**
 * Item writes (e.g. PutItem, UpdateItem) on the case table's items whose partition key matches `leadingKeys` only
 * (the `dynamodb:LeadingKeys` condition, e.g. `STATS*`), and use of its KMS key: a function that keeps its own items
 * in the table can touch no case.
 */
export function grantCaseTableItemWrites(
  table: dynamodb.ITable,
  fn: NodejsFunction,
  options: { actions: ReadonlyArray<(typeof CASE_TABLE_ITEM_ACTIONS)[number]>; leadingKeys: string },
): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [...options.actions],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [options.leadingKeys] } },
    }),
  )
  grantCaseTableKey(table, fn, 'Write grant')
}

/** Use of the case table's KMS key, as DynamoDB needs it for the caller; the wildcard actions acknowledged. */
function grantCaseTableKey(table: dynamodb.ITable, fn: NodejsFunction, grant: 'Read/write grant' | 'Write grant') {
  table.encryptionKey?.grant(fn, ...CASE_TABLE_KEY_ACTIONS)
  const reason = `${grant} on the case table key: scoped to its one customer-managed key.`
  Validations.of(fn.role ?? fn).acknowledge(
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
    { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
  )
}
