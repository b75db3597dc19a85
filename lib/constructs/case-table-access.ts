import { Validations } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { Construct } from 'constructs'
import { caseTable } from '../../functions/adapters/case-table.ts'

/**
 * Read/write on the case table and use of its KMS key, via grant*(); Query on its indexes only for functions that
 * query them, granted by index name. (grantReadWriteData on the table itself would add `<table>/index/*`, which
 * cdk-nag 3 can only acknowledge by an id that embeds the cross-stack reference.)
 */
export function grantCaseTableReadWrite(
  scope: Construct,
  id: string,
  table: dynamodb.ITable,
  fn: NodejsFunction,
  options: { queryIndexes: boolean },
): void {
  const tableOnly = dynamodb.Table.fromTableAttributes(scope, id, {
    tableArn: table.tableArn,
    encryptionKey: table.encryptionKey,
  })
  tableOnly.grantReadWriteData(fn)
  if (options.queryIndexes) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: caseTable.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    )
  }
  Validations.of(fn.role ?? fn).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: 'From grant*() on the case table: scoped to its one customer-managed key.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      reason: 'From grant*() on the case table: scoped to its one customer-managed key.',
    },
  )
}
