import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { CASE_ITEM_KEY } from '../functions/adapters/case-table.ts'
import { functionScope, LOCAL_RUNTIME_SCOPE } from './function-scope.ts'

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<void>

type Keys = { pk: unknown; sk: unknown }
type EventName = 'INSERT' | 'MODIFY' | 'REMOVE'

/**
 * The stream's event source filter, as lib/constructs/case-workflow.ts gives it to Lambda (an infrastructure test
 * compares the two): INSERT or MODIFY of the case item `CASE#…` / `CASE`.
 */
export const CASE_STREAM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: {
    Keys: {
      pk: { S: [{ prefix: CASE_ITEM_KEY.partitionPrefix }] },
      sk: { S: [CASE_ITEM_KEY.sortKey] },
    },
  },
} as const

/**
 * dynalite has no streams. This stands in for the table's KEYS_ONLY stream and its one event source mapping: every
 * write that changes an item — PutItem, UpdateItem, DeleteItem (conditional or not, document or low-level client)
 * and each request of a BatchWriteItem — becomes a record with the item's keys only and the event name DynamoDB gives
 * it (INSERT when the item did not exist, MODIFY when it did, REMOVE when a delete removed it; a write that fails its
 * condition, or a delete of nothing, makes none). Records of one key reach the handler in the order of their writes,
 * each after the one before it was handled; the mapping's filter (CASE_STREAM_FILTER) decides which reach it at all.
 * Like the real event source it retries a failing handler; the write itself is never undone or failed by it.
 * One difference: DynamoDB writes no record for a Put or Update that changes nothing; here it is a MODIFY.
 */
export function emulateCaseStream(
  client: DynamoDBDocumentClient,
  handler: StreamHandler,
  onGiveUp: (error: unknown) => void,
  filter: (record: DynamoDBRecord) => boolean = (record) => matchesStreamFilter(record, CASE_STREAM_FILTER),
): void {
  const queues = new Map<string, Promise<void>>()
  const inOrder = (keys: Keys, work: () => Promise<void>) => {
    const id = JSON.stringify([keys.pk, keys.sk])
    const next = (queues.get(id) ?? Promise.resolve()).then(work)
    queues.set(id, next)
    return next.finally(() => {
      if (queues.get(id) === next) queues.delete(id)
    })
  }
  // Only a record that could pass the filter needs its event name: other writes are not looked at further.
  const relevant = (keys: Keys) =>
    (['INSERT', 'MODIFY', 'REMOVE'] as const).some((eventName) => filter(streamRecord(eventName, keys)))
  const emit = (eventName: EventName, keys: Keys) => {
    const record = streamRecord(eventName, keys)
    if (!filter(record)) return Promise.resolve()
    return inOrder(keys, () => deliver(handler, { Records: [record] }, onGiveUp))
  }

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Item(Command)$/, '$1')
      const input = args.input as WriteInput
      if (command === 'PutCommand' || command === 'DeleteCommand' || command === 'UpdateCommand') {
        const keys = command === 'PutCommand' ? keysOf(decoded(input.Item)) : keysOf(decoded(input.Key))
        // Whether the item was there before the write: asked of the write itself (ALL_OLD), or, when the caller wants
        // other return values from an update, read just before it.
        if (!relevant(keys)) return next(args)
        const askOld = input.ReturnValues === undefined || input.ReturnValues === 'NONE'
        const existedBefore = askOld ? undefined : await exists(client, input.TableName, keys)
        if (askOld) input.ReturnValues = 'ALL_OLD'
        const result = await next(args)
        const output = result.output as { Attributes?: unknown }
        const existed = existedBefore ?? output.Attributes !== undefined
        if (askOld) delete output.Attributes
        const eventName: EventName | undefined =
          command === 'DeleteCommand' ? (existed ? 'REMOVE' : undefined) : existed ? 'MODIFY' : 'INSERT'
        if (eventName) await emit(eventName, keys)
        return result
      }
      if (command === 'BatchWriteCommand') {
        const writes = Object.entries(input.RequestItems ?? {})
          .flatMap(([table, requests]) =>
            requests.map((request) => ({
              table,
              put: request.PutRequest !== undefined,
              keys: keysOf(decoded(request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
            })),
          )
          .filter((write) => relevant(write.keys))
        if (writes.length === 0) return next(args)
        const before = await Promise.all(writes.map((write) => exists(client, write.table, write.keys)))
        const result = await next(args)
        const unprocessed = JSON.stringify((result.output as { UnprocessedItems?: unknown }).UnprocessedItems ?? {})
        for (const [index, write] of writes.entries()) {
          if (unprocessed.includes(JSON.stringify(write.keys.pk))) continue // not written (yet): the caller retries it
          const eventName = write.put ? (before[index] ? 'MODIFY' : 'INSERT') : before[index] ? 'REMOVE' : undefined
          if (eventName) await emit(eventName, write.keys)
        }
        return result
      }
      return next(args)
    },
    { step: 'initialize', name: 'localCaseStream' },
  )
}

interface WriteInput {
  TableName?: string
  Item?: Record<string, unknown>
  Key?: Record<string, unknown>
  ReturnValues?: string
  RequestItems?: Record<
    string,
    Array<{ PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }>
  >
}

/** A document client's plain value, or a low-level client's attribute value (`{S: …}`), as the plain value. */
function decoded(item: Record<string, unknown> | undefined): Record<string, unknown> {
  const plain = (value: unknown) =>
    value && typeof value === 'object' && 'S' in value ? (value as { S: string }).S : value
  return { pk: plain(item?.pk), sk: plain(item?.sk) }
}

function keysOf(item: Record<string, unknown>): Keys {
  return { pk: item.pk, sk: item.sk }
}

async function exists(client: DynamoDBDocumentClient, table: string | undefined, keys: Keys): Promise<boolean> {
  const read = new GetCommand({ TableName: table, Key: keys, ConsistentRead: true, ProjectionExpression: 'pk' })
  // The stand-in's own read, which no function makes in AWS: the local runtime's (check:iam does not evaluate it).
  const found = await functionScope.run(LOCAL_RUNTIME_SCOPE, () => client.send(read))
  return found.Item !== undefined
}

async function deliver(handler: StreamHandler, event: DynamoDBStreamEvent, onGiveUp: (error: unknown) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler(event)
    } catch (error) {
      if (attempt >= 5) return onGiveUp(error)
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt))
    }
  }
}

function streamRecord(eventName: EventName, keys: Keys): DynamoDBRecord {
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: { Keys: marshall(keys) as never, StreamViewType: 'KEYS_ONLY' },
  }
}

/**
 * Lambda's event filtering, for what the stream's filter uses: a list of allowed values or `{prefix}` matchers at a
 * leaf, objects matched field by field.
 */
export function matchesStreamFilter(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((allowed) =>
      allowed && typeof allowed === 'object' && 'prefix' in allowed
        ? typeof value === 'string' && value.startsWith(String((allowed as { prefix: string }).prefix))
        : value === allowed,
    )
  }
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false
    return Object.entries(pattern).every(([key, inner]) =>
      matchesStreamFilter((value as Record<string, unknown>)[key], inner),
    )
  }
  return value === pattern
}
