import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { caseTable } from '../../functions/adapters/case-table.ts'
import { StatefulStack } from '../../lib/stacks/stateful-stack.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context

/** Renaming a construct id changes these, and CloudFormation would replace the key or the table: data loss. */
const pinnedLogicalIds = {
  key: 'CaseKeyA73CE3D7',
  table: 'CaseTable0AD2663F',
}

describe('Stateful stack', () => {
  let template: Template

  beforeAll(() => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
    template = Template.fromStack(new StatefulStack(app, 'Stateful'))
  })

  it('keeps the logical ids of the key and the table', () => {
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([pinnedLogicalIds.key])
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([pinnedLogicalIds.table])
  })

  it('holds exactly one table and one key', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1)
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0)
    template.resourceCountIs('AWS::KMS::Key', 1)
  })

  it('rotates the key and retains it on delete and replace', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
  })

  it('retains the table on delete and replace, with deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: true },
    })
  })

  it('encrypts the table with the customer-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [pinnedLogicalIds.key, 'Arn'] },
      },
    })
  })

  it('bills on demand, with point-in-time recovery and the TTL attribute of the case table', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: caseTable.timeToLiveAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    })
    expect(caseTable.timeToLiveAttribute).toBe('expiresAt')
  })

  it('has the keys and indexes of the shared case-table definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: caseTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: caseTable.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: caseTable.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    })
  })

  it('gives the table no physical name', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() })
  })
})
