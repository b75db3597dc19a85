import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { AWAITING_RESPONSE, type Case, type CaseEvent, type CaseMessage } from '../core/cases/case.ts'
import type { OutboxEntry } from '../core/mail/mail.ts'
import type {
  CaseChanges,
  CaseFile,
  CaseRepository,
  CaseRetentionStore,
  IdempotencyRecord,
  SearchKeySource,
  Tombstone,
} from '../core/ports/stores.ts'
import { caseTerms, messageTerms, searchIndexKey, searchTermHash } from '../core/search/search-terms.ts'
import { DAY_MS } from '../core/shared/clock.ts'
import { OPEN_CASE_LIST_ATTRIBUTES } from './case-table.ts'
import { queryAllItems, queryCount } from './dynamo-query.ts'
import { itemBackstopDays } from './environment.ts'

/**
 * Cases in the single table (see case-table.ts). Every write is one item with a condition — no transactions, so the
 * same code runs on dynalite, DynamoDB Local and DynamoDB.
 *
 *   CASE#<reference>          / CASE         the case
 *   CASE#<reference>          / EVENT#<id>   its audit trail, append-only
 *   CASE#<reference>          / MAIL#<id>    its mail outbox (dynamo-mail-outbox.ts)
 *   CASE#<reference>          / MSG#<id>     replies and notes, append-only (ids sort by time)
 *   CASE#<reference>          / TERM#<hash>  the search index: one item per term of the case (its keyed hash), written
 *                                            with the case and each message, sorted after everything else
 *   IDEMPOTENCY#<sha256(key)> / IDEMPOTENCY  which reference an Idempotency-Key stands for, for 24 hours
 *
 * Indexes, kept on the case item and derived from its status, so they can never disagree with it:
 *   gsi1  UNASSIGNED / <createdAt>#<reference>          cases waiting for an advisor
 *   gsi2  ASSIGNEE#<advisorId> / <createdAt>#<reference> open cases per advisor (not answered or closed)
 *   gsi3  OPEN / <createdAt>#<reference>                cases not closed (the advisor workspace's list)
 *         CLOSED / <closedAt>#<reference>             closed cases, by closing time (the retention purge's)
 *   gsi4  TERM#<hash> / <createdAt>#<reference>         on the TERM# items: the cases a term was found in (search)
 *
 * TTL (`expiresAt`) is the backstop behind the retention purge (core/retention/retention.ts), never the way a case normally
 * goes: an open case at its `retainUntil`, a closed one `backstopDays` after closing, every other item of the case
 * `backstopDays` after it was written.
 *
 * Writing text (a new case, a message) indexes it for search: the repository is built with the search key, or it
 * refuses to write text (a function that writes none is built without it).
 */
export class DynamoCaseRepository implements CaseRepository {
  private indexKey: Promise<Buffer> | undefined

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly backstopDays: number = itemBackstopDays(),
    private readonly searchKey?: SearchKeySource,
  ) {}

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    const hashes = await this.termHashes(caseTerms(newCase))
    const written = await this.putUnlessExists(caseItem(newCase, this.backstopDays))
    // Not when it existed: that may be another case under a colliding reference.
    if (!written) return 'exists'
    const expiresAt = this.keptUntil(newCase.retainUntil, newCase.createdAt)
    await this.putTerms(newCase.reference, newCase.createdAt, hashes, expiresAt)
    return 'created'
  }

  async updateCase(current: Case, changes: CaseChanges): Promise<Case | undefined> {
    const next: Case = { ...current, ...changes, version: current.version + 1 }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: caseItem(next, this.backstopDays),
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
      expiresAt: epochSeconds(event.at) + (this.backstopDays * DAY_MS) / 1000,
    })
  }

  async listEvents(reference: string): Promise<CaseEvent[]> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':prefix': 'EVENT#' },
    })
    return items
      .map(({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...event }) => event as unknown as CaseEvent)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
  }

  async addMessage(reference: string, message: CaseMessage, retainUntil: string): Promise<void> {
    const hashes = await this.termHashes(messageTerms(message))
    await this.putUnlessExists({
      pk: caseKey(reference).pk,
      sk: `MSG#${message.id}`,
      entity: 'message',
      ...message,
      expiresAt: this.keptUntil(retainUntil, message.at),
    })
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: caseKey(reference),
        ProjectionExpression: 'createdAt',
        ConsistentRead: true,
      }),
    )
    // A message of a case that is gone (erased meanwhile) adds nothing to the index.
    if (Item?.createdAt !== undefined) {
      await this.putTerms(reference, String(Item.createdAt), hashes, this.keptUntil(retainUntil, message.at))
    }
  }

  /** A child item's TTL: as long as its case, and at least the backstop after it was written. */
  private keptUntil(retainUntil: string, writtenAt: string): number {
    return Math.max(epochSeconds(retainUntil), epochSeconds(writtenAt) + (this.backstopDays * DAY_MS) / 1000)
  }

  private async termHashes(terms: readonly string[]): Promise<string[]> {
    if (this.searchKey === undefined) {
      throw new Error('This case repository was built without the search key: it cannot write text')
    }
    this.indexKey ??= this.searchKey().then(searchIndexKey)
    this.indexKey.catch(() => {
      this.indexKey = undefined
    })
    const key = await this.indexKey
    return terms.map((term) => searchTermHash(term, key))
  }

  /** One item per term, in the case's partition (so it goes with the case), keyed for gsi4 by the term's hash. */
  private async putTerms(reference: string, createdAt: string, hashes: string[], expiresAt: number): Promise<void> {
    const items = hashes.map((hash) => ({
      pk: caseKey(reference).pk,
      sk: `TERM#${hash}`,
      entity: 'term',
      gsi4pk: `TERM#${hash}`,
      gsi4sk: `${createdAt}#${reference}`,
      expiresAt,
    }))
    for (let start = 0; start < items.length; start += 25) {
      await batchWrite(
        this.client,
        this.tableName,
        items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
      )
    }
  }

  async getCaseFile(reference: string): Promise<CaseFile | undefined> {
    // Everything but the search index's items, which sort last (TERM#…).
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk < :terms',
      ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':terms': 'TERM#' },
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
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :open',
      ExpressionAttributeValues: { ':open': 'OPEN' },
    })
    return items.map(storedCase)
  }

  async listClosedCases(): Promise<Case[]> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :closed',
      ExpressionAttributeValues: { ':closed': 'CLOSED' },
      ScanIndexForward: false,
    })
    return items.map(storedCase)
  }

  async findCasesByTerms(terms: readonly string[], limit: number): Promise<Case[]> {
    if (terms.length === 0) return []
    const hashes = await this.termHashes([...new Set(terms)])
    const found = await Promise.all(
      hashes.map(async (hash) => {
        const items = await queryAllItems(this.client, {
          TableName: this.tableName,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :term',
          ExpressionAttributeValues: { ':term': `TERM#${hash}` },
        })
        return new Set(items.map((item) => String(item.gsi4sk)))
      }),
    )
    const [first, ...others] = found.sort((a, b) => a.size - b.size)
    const keys = [...(first ?? [])]
      .filter((key) => others.every((other) => other.has(key)))
      .sort()
      .reverse()
      .slice(0, limit)
    const references = keys.map((key) => key.slice(key.indexOf('#') + 1))
    return this.listEntries(references)
  }

  /** The list's fields of these cases (BatchGetItem, 100 at a time), in the order given; a case gone is left out. */
  private async listEntries(references: string[]): Promise<Case[]> {
    const byReference = new Map<string, Case>()
    const names = Object.fromEntries(OPEN_CASE_LIST_ATTRIBUTES.map((name, index) => [`#a${index}`, name]))
    for (let start = 0; start < references.length; start += 100) {
      let keys: Array<Record<string, unknown>> = references.slice(start, start + 100).map(caseKey)
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)))
        if (attempt >= 8) throw new Error('The table kept leaving case reads unprocessed')
        const { Responses, UnprocessedKeys } = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: Object.keys(names).join(', '),
                ExpressionAttributeNames: names,
              },
            },
          }),
        )
        for (const item of Responses?.[this.tableName] ?? []) byReference.set(String(item.reference), storedCase(item))
        keys = UnprocessedKeys?.[this.tableName]?.Keys ?? []
      }
    }
    return references.flatMap((reference) => byReference.get(reference) ?? [])
  }

  async countOpenCasesAssignedTo(advisorId: string): Promise<number> {
    return queryCount(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :assignee',
      ExpressionAttributeValues: { ':assignee': `ASSIGNEE#${advisorId}` },
    })
  }

  async listUnassignedCases(): Promise<string[]> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
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

function caseItem(stored: Case, backstopDays: number): Record<string, unknown> {
  const order = `${stored.createdAt}#${stored.reference}`
  const waiting = stored.status === 'unassigned'
  const openWithAssignee = stored.assignee !== undefined && AWAITING_RESPONSE.includes(stored.status)
  const closedAt = stored.status === 'closed' ? (stored.closedAt ?? stored.createdAt) : undefined
  // Closing moves the backstop past every purge date: the purge, not TTL, is what deletes a closed case.
  const expiresAt =
    closedAt === undefined
      ? epochSeconds(stored.retainUntil)
      : Math.max(epochSeconds(stored.retainUntil), epochSeconds(closedAt) + (backstopDays * DAY_MS) / 1000)
  return {
    ...stored,
    ...caseKey(stored.reference),
    entity: 'case',
    expiresAt,
    ...(waiting ? { gsi1pk: 'UNASSIGNED', gsi1sk: order } : {}),
    ...(openWithAssignee ? { gsi2pk: `ASSIGNEE#${stored.assignee}`, gsi2sk: order } : {}),
    ...(closedAt === undefined
      ? { gsi3pk: 'OPEN', gsi3sk: order }
      : { gsi3pk: 'CLOSED', gsi3sk: `${closedAt}#${stored.reference}` }),
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

/**
 * The retention purge's side of the table (core/retention/retention.ts):
 *
 *   TOMBSTONE#<reference> / TOMBSTONE   what is left of a removed case (no content); expires after tombstoneDays
 *
 * Closed cases come from gsi3 (`CLOSED / <closedAt>#<reference>`, read from the key alone, so the index may project
 * keys only); what a case holds under other keys is found from its partition: `LINK#…` items
 * (dynamo-mail-threads.ts), its idempotency key hash, the hash of its follow-up attempts key.
 */
export class DynamoCaseRetention implements CaseRetentionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async closedBefore(moment: Date): Promise<string[]> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :closed AND gsi3sk < :before',
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':before': moment.toISOString() },
    })
    return items.map((item) => String(item.gsi3sk).slice(String(item.gsi3sk).indexOf('#') + 1))
  }

  async rawMailKeys(reference: string): Promise<string[]> {
    const links = await this.partition(reference, 'LINK#RAW#')
    return links.map((item) => String(item.objectKey))
  }

  async deleteCase(
    reference: string,
    related: { idempotencyKeyHash?: string; followUpAttemptsKey: string },
  ): Promise<number> {
    const items = await this.partition(reference)
    const elsewhere: Array<{ key: Record<string, string>; reference?: string }> = [
      ...items
        .filter((item) => String(item.sk).startsWith('LINK#MSGID#'))
        .map((item) => ({ key: { pk: String(item.linkedPk), sk: 'MSGID' }, reference })),
      ...(related.idempotencyKeyHash === undefined
        ? []
        : [{ key: { pk: `IDEMPOTENCY#${related.idempotencyKeyHash}`, sk: 'IDEMPOTENCY' }, reference }]),
      { key: { pk: `FOLLOWUP#${related.followUpAttemptsKey}`, sk: 'ATTEMPTS' } },
    ]
    let deleted = 0
    for (const { key, reference: owner } of elsewhere) {
      // A Message-ID or key that another case claimed first stays that case's.
      if (await this.deleteItem(key, owner)) deleted++
    }
    const own = items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }))
    const children = own.filter((key) => key.sk !== 'CASE')
    // The search index's items (TERM#…) are children too: nothing finds the case once it is gone.
    for (let start = 0; start < children.length; start += 25) {
      await batchWrite(
        this.client,
        this.tableName,
        children.slice(start, start + 25).map((key) => ({ DeleteRequest: { Key: key } })),
      )
      deleted += Math.min(25, children.length - start)
    }
    // Last: while the case item is there, a rerun after a crash finds the case and finishes the job.
    if (own.some((key) => key.sk === 'CASE') && (await this.deleteItem(caseKey(reference)))) deleted++
    return deleted
  }

  async getTombstone(reference: string): Promise<Tombstone | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: tombstoneKey(reference), ConsistentRead: true }),
    )
    return Item === undefined ? undefined : storedTombstone(Item)
  }

  async putTombstone(tombstone: Tombstone): Promise<Tombstone> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...tombstone,
            ...tombstoneKey(tombstone.reference),
            entity: 'tombstone',
            expiresAtIso: tombstone.expiresAt,
            expiresAt: epochSeconds(tombstone.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      return tombstone
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      return (await this.getTombstone(tombstone.reference)) ?? tombstone
    }
  }

  async auditTombstone(reference: string, entry: Tombstone['audit'][number]): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: tombstoneKey(reference),
        UpdateExpression: 'SET audit = list_append(audit, :entry)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':entry': [entry] },
      }),
    )
  }

  private async partition(reference: string, prefix?: string): Promise<Record<string, unknown>[]> {
    return queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': caseKey(reference).pk,
        ...(prefix === undefined ? {} : { ':prefix': prefix }),
      },
      ConsistentRead: true,
    })
  }

  /** Deletes the item (only if it names `reference`, when given); says whether it was there to delete. */
  private async deleteItem(key: Record<string, string>, reference?: string): Promise<boolean> {
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ReturnValues: 'ALL_OLD',
          ...(reference === undefined
            ? {}
            : {
                ConditionExpression: 'attribute_not_exists(pk) OR #reference = :reference',
                ExpressionAttributeNames: { '#reference': 'reference' },
                ExpressionAttributeValues: { ':reference': reference },
              }),
        }),
      )
      return Attributes !== undefined
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }
}

function tombstoneKey(reference: string) {
  return { pk: `TOMBSTONE#${reference}`, sk: 'TOMBSTONE' }
}

function storedTombstone(item: Record<string, unknown>): Tombstone {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, expiresAtIso, ...stored } = item
  return { ...(stored as unknown as Omit<Tombstone, 'expiresAt'>), expiresAt: String(expiresAtIso) }
}

/** One BatchWriteItem of at most 25 requests, retried with back-off until the table took every one. */
async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: Array<
    { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } }
  >,
): Promise<void> {
  let pending = requests
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)))
    if (attempt >= 8) throw new Error('The table kept refusing writes of a case (unprocessed items)')
    const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
    pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending
  }
}
