import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'

type Key = { pk: string; sk: string }

/** What a change decides from the item as read: its answer, and the item's new fields when it writes (else none). */
export type VersionedDecision<R> = { answer: R; write?: Record<string, unknown> }

/**
 * Optimistic locking on one item that carries a `version` (a counter kept beside a case, not a case: those go
 * through core's changeCase): read it consistently, let `decide` answer from it, write the new fields only if nobody
 * wrote since (else read again), at most `attempts` times; `exhausted` answers when every race was lost.
 */
export async function changeVersionedItem<T extends object, R>(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Key,
  options: { attempts: number; decide: (current: T | undefined) => VersionedDecision<R>; exhausted: () => R },
): Promise<R> {
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
    const version = (Item?.version as number | undefined) ?? 0
    const { answer, write } = options.decide(Item as T | undefined)
    if (write === undefined) return answer
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, ...write, version: version + 1 },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':expected': version } }),
        }),
      )
      return answer
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }
  return options.exhausted()
}
