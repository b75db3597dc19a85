import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDocumentClient } from '../../../functions/adapters/dynamodb-client.ts'
import {
  type DynamoEngine,
  ensureCaseTable,
  LOCAL_AWS,
  LOCAL_TABLE_NAME,
  startDynalite,
} from '../../../local/dynamo-engine.ts'
import { emulateCaseStream } from '../../../local/dynamo-stream.ts'

let engine: DynamoEngine
beforeAll(async () => {
  engine = await startDynalite()
  await ensureCaseTable(engine.endpoint)
})
afterAll(async () => engine.stop())

/** A client whose stream delivers to a list (every record, or only what the case stream's filter lets through). */
function streamed(filter?: (record: DynamoDBRecord) => boolean) {
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  const delivered: Array<{ eventName: string; pk: string; sk: string; view: string }> = []
  const handler = async (event: DynamoDBStreamEvent) => {
    for (const record of event.Records) {
      const keys = record.dynamodb?.Keys as Record<string, { S: string }>
      delivered.push({
        eventName: String(record.eventName),
        pk: keys.pk?.S ?? '',
        sk: keys.sk?.S ?? '',
        view: String(record.dynamodb?.StreamViewType),
      })
    }
  }
  emulateCaseStream(client, handler, () => undefined, filter)
  return { client, delivered }
}

const Table = LOCAL_TABLE_NAME
const everything = () => true

describe('Local runtime: the table stream stand-in', () => {
  it('delivers every write of an item with the event name DynamoDB gives it, keys only', async () => {
    const { client, delivered } = streamed(everything)
    const Key = { pk: 'CASE#MAR-STRM-0001', sk: 'CASE' }

    await client.send(new PutCommand({ TableName: Table, Item: { ...Key, status: 'received', version: 1 } }))
    await client.send(new PutCommand({ TableName: Table, Item: { ...Key, status: 'assigned', version: 2 } }))
    await client.send(
      new UpdateCommand({
        TableName: Table,
        Key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'acknowledged' },
      }),
    )
    await client.send(new DeleteCommand({ TableName: Table, Key }))
    await client.send(new DeleteCommand({ TableName: Table, Key })) // nothing left to remove: no record

    expect(delivered).toEqual([
      { eventName: 'INSERT', ...Key, view: 'KEYS_ONLY' },
      { eventName: 'MODIFY', ...Key, view: 'KEYS_ONLY' },
      { eventName: 'MODIFY', ...Key, view: 'KEYS_ONLY' },
      { eventName: 'REMOVE', ...Key, view: 'KEYS_ONLY' },
    ])
  })

  it('delivers conditional writes that succeed, and nothing for one that fails its condition', async () => {
    const { client, delivered } = streamed(everything)
    const Key = { pk: 'CASE#MAR-STRM-0002', sk: 'CASE' }

    await client.send(
      new PutCommand({
        TableName: Table,
        Item: { ...Key, version: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    await expect(
      client.send(
        new PutCommand({
          TableName: Table,
          Item: { ...Key, version: 9 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow(/conditional/i)
    await client.send(
      new UpdateCommand({
        TableName: Table,
        Key,
        UpdateExpression: 'SET version = :v',
        ConditionExpression: 'version = :old',
        ExpressionAttributeValues: { ':v': 2, ':old': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    )
    await client.send(
      new DeleteCommand({
        TableName: Table,
        Key,
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': 2 },
      }),
    )

    expect(delivered.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
  })

  it("gives the caller the write's own answer (no return values it did not ask for)", async () => {
    const { client } = streamed(everything)
    const Key = { pk: 'CASE#MAR-STRM-0003', sk: 'CASE' }
    await client.send(new PutCommand({ TableName: Table, Item: { ...Key, version: 1 } }))

    const put = await client.send(new PutCommand({ TableName: Table, Item: { ...Key, version: 2 } }))
    const update = await client.send(
      new UpdateCommand({
        TableName: Table,
        Key,
        UpdateExpression: 'SET version = :v',
        ExpressionAttributeValues: { ':v': 3 },
        ReturnValues: 'UPDATED_NEW',
      }),
    )

    expect(put.Attributes).toBeUndefined()
    expect(update.Attributes).toEqual({ version: 3 })
  })

  it('delivers the requests of a batch write', async () => {
    const { client, delivered } = streamed(everything)
    const first = { pk: 'CASE#MAR-STRM-0004', sk: 'CASE' }
    const second = { pk: 'CASE#MAR-STRM-0005', sk: 'CASE' }
    await client.send(new PutCommand({ TableName: Table, Item: { ...first } }))

    await client.send(
      new BatchWriteCommand({
        RequestItems: { [Table]: [{ DeleteRequest: { Key: first } }, { PutRequest: { Item: second } }] },
      }),
    )

    expect(delivered.map(({ eventName, pk }) => [eventName, pk])).toEqual([
      ['INSERT', first.pk],
      ['REMOVE', first.pk],
      ['INSERT', second.pk],
    ])
  })

  it("lets through what the event source mapping's filter does: INSERT and MODIFY of case items only", async () => {
    const { client, delivered } = streamed()
    const Key = { pk: 'CASE#MAR-STRM-0006', sk: 'CASE' }

    await client.send(new PutCommand({ TableName: Table, Item: { ...Key } }))
    await client.send(new PutCommand({ TableName: Table, Item: { pk: Key.pk, sk: 'EVENT#1' } }))
    await client.send(new PutCommand({ TableName: Table, Item: { pk: 'STATS#2026-12', sk: 'RECORD#x' } }))
    await client.send(
      new UpdateCommand({
        TableName: Table,
        Key,
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': 1 },
      }),
    )
    await client.send(new DeleteCommand({ TableName: Table, Key }))

    expect(delivered.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY'])
  })

  it('delivers the records of one key in the order of its writes, also when written at once', async () => {
    const order: number[] = []
    const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    let handled = 0
    emulateCaseStream(
      client,
      async () => {
        const mine = handled++
        // The first record is handled slowly: the second must still wait for it.
        await new Promise((resolve) => setTimeout(resolve, mine === 0 ? 60 : 1))
        order.push(mine)
      },
      () => undefined,
      everything,
    )
    const Key = { pk: 'CASE#MAR-STRM-0007', sk: 'CASE' }

    await Promise.all(
      [1, 2, 3].map((version) => client.send(new PutCommand({ TableName: Table, Item: { ...Key, version } }))),
    )

    expect(order).toEqual([0, 1, 2])
  })
})
