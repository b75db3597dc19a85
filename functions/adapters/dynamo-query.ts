import { type DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'

/**
 * The one way the adapters read a Query to its end: lib-dynamodb's `paginateQuery`, which follows
 * `LastEvaluatedKey` page after page (a page stops at 1 MB, so any Query may have more than one). It writes each
 * page's `ExclusiveStartKey` into the input it is given, and starts from one already there: it gets a copy.
 */

/** Every item the Query matches, in the order of its pages. */
export async function queryAllItems(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  for await (const page of paginateQuery({ client }, { ...input })) items.push(...(page.Items ?? []))
  return items
}

/** How many items the Query matches (`Select: 'COUNT'`: no item is read out). */
export async function queryCount(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Select' | 'ProjectionExpression'>,
): Promise<number> {
  let count = 0
  for await (const page of paginateQuery({ client }, { ...input, Select: 'COUNT' })) count += page.Count ?? 0
  return count
}
