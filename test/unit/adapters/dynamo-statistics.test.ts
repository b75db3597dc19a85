import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { DynamoCaseStatistics } from '../../../functions/adapters/dynamo-statistics.ts'

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }))
const dynamo = mockClient(documents)

describe('the index of statistics months', () => {
  beforeEach(() => {
    dynamo.reset()
    dynamo.on(UpdateCommand).resolves({})
  })

  it('is written once per month by a container, however many images of that month it records', async () => {
    const statistics = new DynamoCaseStatistics(documents, 'cases')

    await statistics.addMonth('2027-01')
    await statistics.addMonth('2027-01')
    await statistics.addMonth('2027-02')

    const months = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':month'] as Set<string> | undefined)
      .map((added) => [...(added ?? [])])
    expect(months).toEqual([['2027-01'], ['2027-02']])
  })

  it('is tried again after a failed write, not remembered as added', async () => {
    const statistics = new DynamoCaseStatistics(documents, 'cases')
    dynamo.on(UpdateCommand).rejectsOnce(new Error('throttled')).resolves({})

    await expect(statistics.addMonth('2027-01')).rejects.toThrow('throttled')
    await statistics.addMonth('2027-01')

    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(2)
  })
})
