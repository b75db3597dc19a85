import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { queryAllItems, queryCount } from '../../../functions/adapters/dynamo-query.ts'

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }))
const dynamo = mockClient(documents)

const QUERY = {
  TableName: 'cases',
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': 'CASE#MAR-0000-0001' },
}
const AFTER_FIRST = { pk: 'CASE#MAR-0000-0001', sk: 'EVENT#2' }
const AFTER_SECOND = { pk: 'CASE#MAR-0000-0001', sk: 'EVENT#4' }

/** Answers the Queries with these pages in turn (then fails); records each request's input as it was when sent. */
function answerWith(pages: Array<Record<string, unknown> | Error>): Array<Record<string, unknown>> {
  const sent: Array<Record<string, unknown>> = []
  dynamo.on(QueryCommand).callsFake((input: Record<string, unknown>) => {
    // The paginator reuses one input object from page to page: keep a copy of it as it is now.
    sent.push(structuredClone(input))
    const page = pages.shift() ?? new Error('more pages asked for than there are')
    if (page instanceof Error) throw page
    return page
  })
  return sent
}

describe('Adapter: reading a Query to its end', () => {
  beforeEach(() => dynamo.reset())

  it('returns the items of every page, asking for each next page from where the last one stopped', async () => {
    // Arrange
    const sent = answerWith([
      { Items: [{ sk: 'EVENT#1' }, { sk: 'EVENT#2' }], LastEvaluatedKey: AFTER_FIRST },
      { Items: [{ sk: 'EVENT#3' }, { sk: 'EVENT#4' }], LastEvaluatedKey: AFTER_SECOND },
      { Items: [{ sk: 'EVENT#5' }] },
    ])

    // Act
    const items = await queryAllItems(documents, QUERY)

    // Assert
    expect(items).toEqual([
      { sk: 'EVENT#1' },
      { sk: 'EVENT#2' },
      { sk: 'EVENT#3' },
      { sk: 'EVENT#4' },
      { sk: 'EVENT#5' },
    ])
    expect(sent).toEqual([
      QUERY,
      { ...QUERY, ExclusiveStartKey: AFTER_FIRST },
      { ...QUERY, ExclusiveStartKey: AFTER_SECOND },
    ])
  })

  it('returns no items, after one request, when the first page is empty and the last', async () => {
    const sent = answerWith([{ Items: [], Count: 0 }])

    const items = await queryAllItems(documents, QUERY)

    expect(items).toEqual([])
    expect(sent).toEqual([QUERY])
  })

  it('counts over every page with Select COUNT', async () => {
    const sent = answerWith([{ Count: 3, LastEvaluatedKey: AFTER_FIRST }, { Count: 2 }])

    const count = await queryCount(documents, { ...QUERY, IndexName: 'gsi2' })

    expect(count).toBe(5)
    expect(sent).toEqual([
      { ...QUERY, IndexName: 'gsi2', Select: 'COUNT' },
      { ...QUERY, IndexName: 'gsi2', Select: 'COUNT', ExclusiveStartKey: AFTER_FIRST },
    ])
  })

  it('passes a failed page on, rather than returning what it read so far', async () => {
    answerWith([{ Items: [{ sk: 'EVENT#1' }], LastEvaluatedKey: AFTER_FIRST }, new Error('throttled')])

    await expect(queryAllItems(documents, QUERY)).rejects.toThrow('throttled')
  })

  it('leaves the caller input as it was', async () => {
    answerWith([{ Items: [], LastEvaluatedKey: AFTER_FIRST }, { Items: [] }])
    const input = { TableName: 'cases', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'X' } }

    await queryAllItems(documents, input)

    expect(input).toStrictEqual({
      TableName: 'cases',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'X' },
    })
  })
})
