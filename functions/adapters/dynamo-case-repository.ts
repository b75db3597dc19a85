import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { AWAITING_RESPONSE, type Case, type CaseEvent, type CaseMessage } from '../core/case.ts'
import type { OutboxEntry } from '../core/mail.ts'
import type { CaseChanges, CaseFile, CaseRepository, IdempotencyRecord } from '../core/ports.ts'

/**
 * Cases in the single table (see case-table.ts). Every write is one item with a condition — no transactions, so the
 * same code runs on dynalite, DynamoDB Local and DynamoDB.
 *
 *   CASE#<reference>          / CASE         the case
 *   CASE#<reference>          / EVENT#<id>   its audit trail, append-only
 *   CASE#<reference>          / MAIL#<id>    its mail outbox (dynamo-mail-outbox.ts)
 *   CASE#<reference>          / MSG#<id>     replies and notes, append-only (ids sort by time)
 *   IDEMPOTENCY#<sha256(key)> / IDEMPOTENCY  which reference an Idempotency-Key stands for, for 24 hours
 *
 * Indexes, kept on the case item and derived from its status, so they can never disagree with it:
 *   gsi1  UNASSIGNED / <createdAt>#<reference>          cases waiting for an advisor
 *   gsi2  ASSIGNEE#<advisorId> / <createdAt>#<reference> open cases per advisor (not answered or closed)
 *   gsi3  OPEN / <createdAt>#<reference>                cases not closed (the advisor workspace's list)
 */
export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    const written = await this.putUnlessExists(caseItem(newCase))
    return written ? 'created' : 'exists'
  }

  async updateCase(current: Case, changes: CaseChanges): Promise<Case | undefined> {
    const next: Case = { ...current, ...changes, version: current.version + 1 }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: caseItem(next),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        }),
      )
      return next
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined
      throw error
    }
  }

  async recordEvent(reference: string, event: CaseEvent): Promise<void> {
    await this.putUnlessExists({
      pk: caseKey(reference).pk,
      sk: `EVENT#${event.id}`,
      entity: 'event',
      ...event,
    })
  }

  async listEvents(reference: string): Promise<CaseEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':prefix': 'EVENT#' },
    })
    return items
      .map(({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...event }) => event as unknown as CaseEvent)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
  }

  async addMessage(reference: string, message: CaseMessage, retainUntil: string): Promise<void> {
    await this.putUnlessExists({
      pk: caseKey(reference).pk,
      sk: `MSG#${message.id}`,
      entity: 'message',
      ...message,
      expiresAt: epochSeconds(retainUntil),
    })
  }

  async getCaseFile(reference: string): Promise<CaseFile | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': caseKey(reference).pk },
      ConsistentRead: true,
    })
    const caseItem = items.find((item) => item.sk === 'CASE')
    if (caseItem === undefined) return undefined
    const withPrefix = (prefix: string) =>
      items
        .filter((item) => String(item.sk).startsWith(prefix))
        .map(({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...rest }) => rest)
    const events = (withPrefix('EVENT#') as unknown as CaseEvent[]).sort(
      (a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id),
    )
    const messages = (withPrefix('MSG#') as unknown as CaseMessage[]).sort((a, b) => a.id.localeCompare(b.id))
    const mail = (withPrefix('MAIL#') as unknown as OutboxEntry[]).map(({ id, kind, status, messageId, sentAt }) => ({
      id,
      kind,
      status,
      ...(messageId === undefined ? {} : { messageId }),
      ...(sentAt === undefined ? {} : { sentAt }),
    }))
    return { case: storedCase(caseItem), events, messages, mail }
  }

  async listOpenCases(): Promise<Case[]> {
    const items = await this.queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :open',
      ExpressionAttributeValues: { ':open': 'OPEN' },
    })
    return items.map(storedCase)
  }

  async countOpenCasesAssignedTo(advisorId: string): Promise<number> {
    let count = 0
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :assignee',
          ExpressionAttributeValues: { ':assignee': `ASSIGNEE#${advisorId}` },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      )
      count += page.Count ?? 0
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return count
  }

  async listUnassignedCases(): Promise<string[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :waiting',
      ExpressionAttributeValues: { ':waiting': 'UNASSIGNED' },
    })
    return items.map((item) => String(item.reference))
  }

  async getCase(reference: string): Promise<Case | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(reference), ConsistentRead: true }),
    )
    return Item === undefined ? undefined : storedCase(Item)
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
          ConditionExpression: '#reference = :reference',
          ExpressionAttributeNames: { '#reference': 'reference' },
          ExpressionAttributeValues: { ':reference': reference },
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return items
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

/** The case as the domain knows it: the item without its keys and index attributes. */
function storedCase(item: Record<string, unknown>): Case {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    expiresAt: _expiresAt,
    gsi1pk: _gsi1pk,
    gsi1sk: _gsi1sk,
    gsi2pk: _gsi2pk,
    gsi2sk: _gsi2sk,
    gsi3pk: _gsi3pk,
    gsi3sk: _gsi3sk,
    ...stored
  } = item
  return stored as unknown as Case
}

function caseItem(stored: Case): Record<string, unknown> {
  const order = `${stored.createdAt}#${stored.reference}`
  const waiting = stored.status === 'unassigned'
  const openWithAssignee = stored.assignee !== undefined && AWAITING_RESPONSE.includes(stored.status)
  return {
    ...stored,
    ...caseKey(stored.reference),
    entity: 'case',
    expiresAt: epochSeconds(stored.retainUntil),
    ...(waiting ? { gsi1pk: 'UNASSIGNED', gsi1sk: order } : {}),
    ...(openWithAssignee ? { gsi2pk: `ASSIGNEE#${stored.assignee}`, gsi2sk: order } : {}),
    ...(stored.status === 'closed' ? {} : { gsi3pk: 'OPEN', gsi3sk: order }),
  }
}

export function caseKey(reference: string) {
  return { pk: `CASE#${reference}`, sk: 'CASE' }
}

function idempotencyKey(keyHash: string) {
  return { pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}
