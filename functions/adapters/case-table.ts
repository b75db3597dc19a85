/**
 * The single table that holds every case, its messages, events and idempotency keys.
 * One definition serves the CDK table (lib/stacks) and the local engines (local/, tests),
 * so the table a test writes to is shaped exactly like the one deployed.
 */
export const caseTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB may delete the item (retention). */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    /** Cases waiting for an advisor (UNASSIGNED / <createdAt>#<reference>). */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Open cases per assignee (ASSIGNEE#<advisorId> / <createdAt>#<reference>): routing's load count. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Every case not closed (OPEN / <createdAt>#<reference>): the advisor workspace's list. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const

/** CreateTable input for a local engine (dynalite, DynamoDB Local): on-demand, same keys and indexes. */
export function createTableInput(tableName: string) {
  const keyAttributes = [
    caseTable.partitionKey,
    caseTable.sortKey,
    ...caseTable.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: caseTable.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: caseTable.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: caseTable.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  }
}
