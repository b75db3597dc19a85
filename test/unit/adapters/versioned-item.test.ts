import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { changeVersionedItem } from '../../../functions/adapters/versioned-item.ts'

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }))
const dynamo = mockClient(documents)
const KEY = { pk: 'AUTOREPLY#abc', sk: 'AUTOREPLY' }
const lostRace = () => new ConditionalCheckFailedException({ message: 'changed', $metadata: {} })

/** Counts one more each time: the answer is the count it wrote. */
const countOneMore = {
  attempts: 3,
  decide: (current: { count: number } | undefined) => {
    const count = (current?.count ?? 0) + 1
    return { answer: count, write: { count } }
  },
  exhausted: () => -1,
}

describe('Adapter: changing a versioned item with optimistic locking', () => {
  beforeEach(() => dynamo.reset())

  it('creates the item only if nobody did, as version 1', async () => {
    dynamo.on(GetCommand).resolves({})
    dynamo.on(PutCommand).resolves({})

    const answer = await changeVersionedItem(documents, 'cases', KEY, countOneMore)

    expect(answer).toBe(1)
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'cases',
      Item: { ...KEY, count: 1, version: 1 },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
  })

  it('reads again after a lost race and writes over the version it read then', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { ...KEY, count: 4, version: 4 } })
      .resolvesOnce({ Item: { ...KEY, count: 5, version: 5 } })
    dynamo.on(PutCommand).rejectsOnce(lostRace()).resolves({})

    const answer = await changeVersionedItem(documents, 'cases', KEY, countOneMore)

    expect(answer).toBe(6)
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([true, true])
    expect(dynamo.commandCalls(PutCommand)[1]?.args[0].input).toMatchObject({
      Item: { count: 6, version: 6 },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 5 },
    })
  })

  it('writes nothing when the decision needs no write, and answers as exhausted after every race lost', async () => {
    dynamo.on(GetCommand).resolves({ Item: { ...KEY, count: 1, version: 1 } })
    dynamo.on(PutCommand).rejects(lostRace())

    const unchanged = await changeVersionedItem(documents, 'cases', KEY, {
      ...countOneMore,
      decide: () => ({ answer: 0 }),
    })
    const putsBefore = dynamo.commandCalls(PutCommand).length
    const exhausted = await changeVersionedItem(documents, 'cases', KEY, countOneMore)

    expect(unchanged).toBe(0)
    expect(putsBefore).toBe(0)
    expect(exhausted).toBe(-1)
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(3)
  })

  it('passes on any other failure', async () => {
    dynamo.on(GetCommand).resolves({})
    dynamo.on(PutCommand).rejects(new Error('throttled'))

    await expect(changeVersionedItem(documents, 'cases', KEY, countOneMore)).rejects.toThrow('throttled')
  })
})
