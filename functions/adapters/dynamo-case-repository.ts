import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { Case } from '../core/case.ts'
import type { CaseRepository, IdempotencyRecord } from '../core/ports.ts'

/**
 * Cases in the single table (see case-table.ts). Every write is one item with a condition — no transactions, so the
 * same code runs on dynalite, DynamoDB Local and DynamoDB.
 *
 *   CASE#<reference>         / CASE         the case
 *   IDEMPOTENCY#<sha256(key)> / IDEMPOTENCY  which reference an Idempotency-Key stands for, for 24 hours
 */
export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    const written = await this.putUnlessExists({
      ...newCase,
      ...caseKey(newCase.reference),
      entity: 'case',
      expiresAt: epochSeconds(newCase.retainUntil),
    })
    return written ? 'created' : 'exists'
  }

  async getCase(reference: string): Promise<Case | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(reference), ConsistentRead: true }),
    )
    if (Item === undefined) return undefined
    const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...stored } = Item
    return stored as Case
  }

  async claimIdempotencyKey(record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord> {
    const key = idempotencyKey(record.keyHash)
    for (;;) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              entity: 'idempotency',
              reference: record.reference,
              fingerprint: record.fingerprint,
              expiresAtIso: record.expiresAt,
              expiresAt: epochSeconds(record.expiresAt),
            },
            // TTL deletion is lazy (and absent in local engines): an expired claim is treated as free.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          }),
        )
        return record
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      )
      // Released between our attempt and this read: try to claim again.
      if (Item === undefined) continue
      return {
        keyHash: record.keyHash,
        reference: String(Item.reference),
        fingerprint: String(Item.fingerprint),
        expiresAt: String(Item.expiresAtIso),
      }
    }
  }

  async releaseIdempotencyKey(keyHash: string, reference: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: idempotencyKey(keyHash),
          ConditionExpression: 'reference = :reference',
          ExpressionAttributeValues: { ':reference': reference },
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  private async putUnlessExists(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }
}

function caseKey(reference: string) {
  return { pk: `CASE#${reference}`, sk: 'CASE' }
}

function idempotencyKey(keyHash: string) {
  return { pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}
