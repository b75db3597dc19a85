/**
 * The single table that holds every case, its messages, events and idempotency keys.
 * One definition serves the CDK table (lib/stacks) and the local engines (local/, tests),
 * so the table a test writes to is shaped exactly like the one deployed.
 */
/**
 * What the workspace's list reads of each open case (gsi3): `CaseListEntry` and the deadline plan. A field the list
 * starts to read must be added here, or the list gets a case without it (the repository contract test, and the
 * in-memory fake that projects the same way, test/fakes/in-memory-case-repository.ts).
 */
export const OPEN_CASE_LIST_ATTRIBUTES = [
  'reference',
  'status',
  'topic',
  'urgency',
  'channel',
  'assignee',
  'createdAt',
  'requesterType',
  'sector',
  'pause',
  'pausedBusinessMinutes',
  'respondFrom',
] as const

export const caseTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB may delete the item (retention). */
  timeToLiveAttribute: 'expiresAt',
  /**
   * Each index projects only what its query reads (functions/adapters/dynamo-case-repository.ts), never a case's
   * text or the requester's details: `keys` (the table's and the index's keys) or `include` those attributes too.
   */
  globalSecondaryIndexes: [
    /** Cases waiting for an advisor (UNASSIGNED / <createdAt>#<reference>): routing reads their references. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['reference'] },
    /** Open cases per assignee (ASSIGNEE#<advisorId> / <createdAt>#<reference>): routing's load count (COUNT). */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: [] },
    /**
     * Every case not closed (OPEN / <createdAt>#<reference>): the advisor workspace's list, which shows the list
     * fields and computes the running deadline (core/advisor-actions/advisor-cases.ts listEntry, core/deadlines/case-workflow.ts planFor).
     */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', include: OPEN_CASE_LIST_ATTRIBUTES },
    /**
     * The search index (TERM#<keyed hash of a term> / <createdAt>#<reference>): one item per term of a case, under the
     * case's own partition (`CASE#<reference>` / `TERM#<hash>`), so it goes with the case. Keys only: a hash and a
     * reference (core/search/search-terms.ts).
     */
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', include: [] },
  ],
} as const

/** The item of a case (`CASE#<reference>` / `CASE`): what the table stream's reader filters on. */
export const CASE_ITEM_KEY = { partitionPrefix: 'CASE#', sortKey: 'CASE' } as const

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
      Projection: indexProjection(index.include),
    })),
  }
}

/**
 * A case as the open-case index (gsi3) holds it: only the list's attributes. The in-memory fake returns this too, so
 * the workspace list's tests fail when the list reads a field the index does not carry.
 */
export function openCaseListItem<T extends object>(stored: T): T {
  const entries = Object.entries(stored).filter(([name]) =>
    (OPEN_CASE_LIST_ATTRIBUTES as readonly string[]).includes(name),
  )
  return Object.fromEntries(entries) as T
}

/** The DynamoDB projection of an index: its keys only, or these attributes with them. */
export function indexProjection(include: readonly string[]) {
  return include.length === 0
    ? { ProjectionType: 'KEYS_ONLY' as const }
    : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...include] }
}
