import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { newCaseVerdict, type SenderCases } from '../core/mail/sender-flood.ts'
import type { AutoReplyLimiter, MessageThreads, NewCaseVerdict } from '../core/ports/stores.ts'
import { DAY_MS } from '../core/shared/clock.ts'
import { sha256Hex } from '../core/shared/hash.ts'
import { caseKey } from './dynamo-case-repository.ts'
import { changeVersionedItem } from './versioned-item.ts'

/**
 * Message-ID → case, in the single table: `MSGID#<sha256(id)>` / `MSGID` (hashed: ids are long and chosen by
 * senders). Written once per id (the first case stands); they expire with the case retention.
 *
 * So that the retention purge finds them from the case without a scan, each link is also kept under the case:
 *   CASE#<reference> / LINK#MSGID#<sha256(id)>   a Message-ID linked to the case (written before the MSGID item)
 *   CASE#<reference> / LINK#RAW#<object key>     a raw message (inbound/…) filed with the case
 */
export class DynamoMessageThreads implements MessageThreads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async link(messageId: string, reference: string): Promise<void> {
    const key = threadKey(messageId)
    await this.linkToCase(reference, `LINK#MSGID#${key.hash}`, { linkedPk: key.pk })
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: key.pk, sk: key.sk, entity: 'message-id', reference, expiresAt: this.expiresAt() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  async linkRawMail(key: string, reference: string): Promise<void> {
    await this.linkToCase(reference, `LINK#RAW#${key}`, { objectKey: key })
  }

  /** A link item under the case's partition; writing it again only renews it. */
  private async linkToCase(reference: string, sk: string, attributes: Record<string, string>) {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: caseKey(reference).pk, sk, entity: 'link', ...attributes, expiresAt: this.expiresAt() },
      }),
    )
  }

  private expiresAt(): number {
    return Math.floor((this.now().getTime() + this.retentionDays * DAY_MS) / 1000)
  }

  async find(messageId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: threadItemKey(messageId), ConsistentRead: true }),
    )
    return Item === undefined ? undefined : String(Item.reference)
  }
}

function threadKey(messageId: string) {
  const hash = sha256Hex(messageId.trim().toLowerCase())
  return { pk: `MSGID#${hash}`, sk: 'MSGID', hash }
}

function threadItemKey(messageId: string) {
  const { pk, sk } = threadKey(messageId)
  return { pk, sk }
}

interface AutoReplyItem {
  sent: Array<{ key: string; at: string }>
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
    return changeVersionedItem<AutoReplyItem, 'allowed' | 'already' | 'denied'>(
      this.client,
      this.tableName,
      { pk: `AUTOREPLY#${senderKey}`, sk: 'AUTOREPLY' },
      {
        attempts: 5,
        decide: (current) => {
          const sent = current?.sent ?? []
          if (sent.some((entry) => entry.key === messageKey)) return { answer: 'already' }
          const recent = sent.filter((entry) => now.getTime() - Date.parse(entry.at) < DAY_MS)
          if (recent.length >= limit) return { answer: 'denied' }
          return {
            answer: 'allowed',
            write: {
              entity: 'auto-reply-count',
              sent: [...recent, { key: messageKey, at: now.toISOString() }],
              expiresAt: Math.floor((now.getTime() + DAY_MS) / 1000) + 3600,
            },
          }
        },
        // Under a storm of simultaneous mail from one sender, say no: a missing acknowledgement is the safe side.
        exhausted: () => 'denied',
      },
    )
  }

  /**
   * The new mail cases of a sender: `AUTOREPLY#cases:<senderKey>` / `AUTOREPLY` (the same partition family as the
   * cap, so the same grants), `entries` of the last hour and of summaries still to be sent, with optimistic locking;
   * it expires two hours after the last write.
   */
  async recordNewCase(
    senderKey: string,
    reference: string,
    now: Date,
    limits: { allowance: number; windowMs: number; summaryWindowMs: number },
  ): Promise<NewCaseVerdict> {
    return changeVersionedItem<{ entries: SenderCases }, NewCaseVerdict>(
      this.client,
      this.tableName,
      newCasesKey(senderKey),
      {
        attempts: 10,
        decide: (current) => {
          const { verdict, next } = newCaseVerdict(current?.entries ?? [], reference, now, limits)
          if (next === undefined) return { answer: verdict }
          const expiresAt = Math.floor((now.getTime() + 2 * limits.windowMs) / 1000)
          return { answer: verdict, write: { entity: 'sender-new-cases', entries: next, expiresAt } }
        },
        // Lost every race in a storm from one sender: the case gets its own notice (the safe side: nothing unseen).
        exhausted: () => ({ excess: false }),
      },
    )
  }

  async excessCases(senderKey: string, holder: string): Promise<string[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: newCasesKey(senderKey), ConsistentRead: true }),
    )
    const entries = ((Item as { entries?: SenderCases } | undefined)?.entries ?? []) as SenderCases
    return entries.filter((entry) => entry.holder === holder).map((entry) => entry.reference)
  }
}

function newCasesKey(senderKey: string) {
  return { pk: `AUTOREPLY#cases:${senderKey}`, sk: 'AUTOREPLY' }
}
