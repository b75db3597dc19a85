import { Readable } from 'node:stream'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDocumentClient, DYNAMODB_MAX_ATTEMPTS } from '../../../functions/adapters/dynamodb-client.ts'
import { TemporarilyUnavailableError } from '../../../functions/core/shared/errors.ts'

/** DynamoDB's HTTP answers (awsJson 1.0), read by the SDK's own deserializer and retry strategy. */
function answer(statusCode: number, body: unknown) {
  return {
    response: {
      statusCode,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: Readable.from([Buffer.from(JSON.stringify(body))]),
    },
  }
}
const dynamoError = (statusCode: number, type: string) =>
  answer(statusCode, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'from the test' })
const found = () => answer(200, { Item: { pk: { S: 'CASE#MAR-1' }, sk: { S: 'CASE' } } })

/** A document client whose "network" gives the answers in order. */
function clientAnswering(...answers: Array<() => ReturnType<typeof answer>>) {
  const handle = vi.fn(async () => {
    const next = answers.shift()
    if (next === undefined) throw new Error('no answer left')
    return next()
  })
  const client = createDocumentClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { handle },
  })
  return { client, handle }
}
const get = new GetCommand({ TableName: 'cases', Key: { pk: 'CASE#MAR-1', sk: 'CASE' } })

describe('Adapter: the DynamoDB client under throttling and outages', () => {
  // No back-off pauses in these tests: full jitter draws the delay from Math.random.
  beforeEach(() => vi.spyOn(Math, 'random').mockReturnValue(0))
  afterEach(() => vi.restoreAllMocks())

  it('absorbs two throttled answers in its own retries', async () => {
    const { client, handle } = clientAnswering(
      () => dynamoError(400, 'ThrottlingException'),
      () => dynamoError(400, 'ProvisionedThroughputExceededException'),
      found,
    )
    const { Item } = await client.send(get)
    expect(Item).toEqual({ pk: 'CASE#MAR-1', sk: 'CASE' })
    expect(handle).toHaveBeenCalledTimes(3)
  })

  it('raises TemporarilyUnavailableError once every attempt was throttled', async () => {
    expect(DYNAMODB_MAX_ATTEMPTS).toBe(3)
    const { client, handle } = clientAnswering(
      ...Array.from({ length: 5 }, () => () => dynamoError(400, 'ThrottlingException')),
    )
    const failure = await client.send(get).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TemporarilyUnavailableError)
    expect(failure).toMatchObject({ name: 'TemporarilyUnavailableError', retryAfterSeconds: 5 })
    expect(((failure as Error).cause as Error).name).toBe('ThrottlingException')
    expect(handle).toHaveBeenCalledTimes(DYNAMODB_MAX_ATTEMPTS)
  })

  it.each([
    ['an internal server error', () => dynamoError(500, 'InternalServerError')],
    ['service unavailable', () => dynamoError(503, 'ServiceUnavailable')],
    [
      'a connection reset',
      () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      },
    ],
  ])('raises TemporarilyUnavailableError for %s that outlasts the retries', async (_, failing) => {
    const { client, handle } = clientAnswering(failing, failing, failing)
    await expect(client.send(get)).rejects.toBeInstanceOf(TemporarilyUnavailableError)
    expect(handle).toHaveBeenCalledTimes(3)
  })

  it('passes a refused condition through unchanged, without retrying it', async () => {
    const { client, handle } = clientAnswering(() => dynamoError(400, 'ConditionalCheckFailedException'))
    const put = new PutCommand({ TableName: 'cases', Item: { pk: 'x', sk: 'y' }, ConditionExpression: 'x' })
    await expect(client.send(put)).rejects.toBeInstanceOf(ConditionalCheckFailedException)
    expect(handle).toHaveBeenCalledTimes(1)
  })
})
