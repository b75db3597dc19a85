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
    /** Open cases by due time; later: cases by assignee share this shape on gsi2. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
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
