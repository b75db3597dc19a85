import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { DAY_MS } from '../core/clock.ts'
import { sha256Hex } from '../core/hash.ts'
import type { AutoReplyLimiter, MessageThreads } from '../core/ports.ts'

/**
 * Message-ID → case, in the single table: `MSGID#<sha256(id)>` / `MSGID` (hashed: ids are long and chosen by
 * senders). Written once per id (the first case stands); they expire with the case retention.
 */
export class DynamoMessageThreads implements MessageThreads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async link(messageId: string, reference: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...threadKey(messageId),
            entity: 'message-id',
            reference,
            expiresAt: Math.floor((this.now().getTime() + this.retentionDays * DAY_MS) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  async find(messageId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: threadKey(messageId), ConsistentRead: true }),
    )
    return Item === undefined ? undefined : String(Item.reference)
  }
}

function threadKey(messageId: string) {
  const hash = sha256Hex(messageId.trim().toLowerCase())
  return { pk: `MSGID#${hash}`, sk: 'MSGID' }
}

interface AutoReplyItem {
  sent: Array<{ key: string; at: string }>
  version: number
}

/**
 * The automatic-reply cap per sender: `AUTOREPLY#<senderKey>` / `AUTOREPLY` holds the replies of the last 24 hours
 * (message key and time), updated with optimistic locking; it expires a day after the last reply.
 */
export class DynamoAutoReplyLimiter implements AutoReplyLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async allow(senderKey: string, messageKey: string, now: Date, limit: number) {
    const key = { pk: `AUTOREPLY#${senderKey}`, sk: 'AUTOREPLY' }
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      )
      const current = (Item as AutoReplyItem | undefined) ?? { sent: [], version: 0 }
      if (current.sent.some((entry) => entry.key === messageKey)) return 'already' as const
      const recent = current.sent.filter((entry) => now.getTime() - Date.parse(entry.at) < DAY_MS)
      if (recent.length >= limit) return 'denied' as const
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              entity: 'auto-reply-count',
              sent: [...recent, { key: messageKey, at: now.toISOString() }],
              version: current.version + 1,
              expiresAt: Math.floor((now.getTime() + DAY_MS) / 1000) + 3600,
            },
            ConditionExpression: current.version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
            ...(current.version === 0 ? {} : { ExpressionAttributeValues: { ':expected': current.version } }),
          }),
        )
        return 'allowed' as const
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
    }
    // Under a storm of simultaneous mail from one sender, say no: a missing acknowledgement is the safe side.
    return 'denied' as const
  }
}
