import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { FollowUpAttempts } from '../core/ports/stores.ts'

/**
 * Attempts to open a follow-up box, one item per (hashed) reference, in the single table:
 *
 *   FOLLOWUP#<sha256>  / ATTEMPTS   attempts, windowStart (ISO); expires with its window (TTL as clean-up only)
 *
 * A window starts with the first attempt and lasts `windowMs`; an attempt after it starts a new one. Each step is
 * one conditional write, so attempts at the same moment are all counted.
 */
export class DynamoFollowUpAttempts implements FollowUpAttempts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async count(key: string, now: Date, windowMs: number): Promise<{ attempts: number; windowStart: Date }> {
    const windowOpenSince = new Date(now.getTime() - windowMs).toISOString()
    for (;;) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: itemKey(key),
            UpdateExpression: 'SET attempts = attempts + :one',
            ConditionExpression: 'attribute_exists(pk) AND windowStart > :openSince',
            ExpressionAttributeValues: { ':one': 1, ':openSince': windowOpenSince },
            ReturnValues: 'ALL_NEW',
          }),
        )
        return { attempts: Number(Attributes?.attempts), windowStart: new Date(String(Attributes?.windowStart)) }
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
      try {
        // No window running: this attempt starts one (unless another attempt just did; then count in that one).
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...itemKey(key),
              entity: 'follow-up-attempts',
              attempts: 1,
              windowStart: now.toISOString(),
              expiresAt: Math.ceil((now.getTime() + windowMs) / 1000) + 3600,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :openSince',
            ExpressionAttributeValues: { ':openSince': windowOpenSince },
          }),
        )
        return { attempts: 1, windowStart: now }
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
    }
  }

  async giveBack(key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(key),
          UpdateExpression: 'SET attempts = attempts - :one',
          ConditionExpression: 'attempts > :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        }),
      )
    } catch (error) {
      // Nothing left to give back (the window ended and a new one started at zero): nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }
}

function itemKey(key: string) {
  return { pk: `FOLLOWUP#${key}`, sk: 'ATTEMPTS' }
}
