import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { OutboxEntry, OutgoingMail } from '../core/mail/mail.ts'
import type { MailOutbox } from '../core/ports/mail.ts'
import { DAY_MS } from '../core/shared/clock.ts'
import { caseKey } from './dynamo-case-repository.ts'
import { queryAllItems } from './dynamo-query.ts'
import { itemBackstopDays } from './environment.ts'

/**
 * The mail outbox, kept under each case's partition (CASE#<reference> / MAIL#<id>): deleted with the case by the
 * retention purge; DynamoDB's TTL removes an entry `backstopDays` after it was queued, as a backstop only.
 */
export class DynamoMailOutbox implements MailOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly backstopDays: number = itemBackstopDays(),
  ) {}

  async enqueue(reference: string, mail: OutgoingMail, queuedAt: Date): Promise<void> {
    const entry: OutboxEntry = { ...mail, reference, queuedAt: queuedAt.toISOString(), status: 'pending' }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...entry,
            ...mailKey(reference, mail.id),
            entity: 'mail',
            expiresAt: Math.floor((queuedAt.getTime() + this.backstopDays * DAY_MS) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  async pending(reference: string): Promise<OutboxEntry[]> {
    // A case with many sent mails fills a page with entries the filter drops: read every page, or a pending one
    // behind them waits for the next run.
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':prefix': 'MAIL#', ':pending': 'pending' },
      ConsistentRead: true,
    })
    return items
      .map(({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...entry }) => entry as unknown as OutboxEntry)
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
  }

  async get(reference: string, mailId: string): Promise<OutboxEntry | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: mailKey(reference, mailId), ConsistentRead: true }),
    )
    if (Item === undefined) return undefined
    const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...entry } = Item
    return entry as OutboxEntry
  }

  async markSent(reference: string, mailId: string, receipt: { messageId: string; sentAt: Date }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: mailKey(reference, mailId),
        UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, messageId = :messageId',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sentAt': receipt.sentAt.toISOString(),
          ':messageId': receipt.messageId,
        },
      }),
    )
  }

  async markFailed(reference: string, mailId: string, failure: { reason: string; failedAt: Date }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: mailKey(reference, mailId),
        UpdateExpression: 'SET #status = :failed, failedAt = :failedAt, failureReason = :reason',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':failedAt': failure.failedAt.toISOString(),
          ':reason': failure.reason,
        },
      }),
    )
  }
}

function mailKey(reference: string, mailId: string) {
  return { pk: caseKey(reference).pk, sk: `MAIL#${mailId}` }
}
