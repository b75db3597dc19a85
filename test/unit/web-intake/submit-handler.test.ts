import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DynamoCaseRepository } from '../../../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../../../functions/adapters/dynamodb-client.ts'
import { businessCalendarFrom, DEFAULT_WORKFLOW_SETTINGS } from '../../../functions/adapters/workflow-settings.ts'
import { TemporarilyUnavailableError } from '../../../functions/core/shared/errors.ts'
import { createSubmitHandler } from '../../../functions/web-intake/submit-handler.ts'
import { testSearchKey } from '../../fakes/search-key.ts'

const documentClient = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
})
const dynamo = mockClient(DynamoDBDocumentClient)

const sentinels = {
  name: 'Sentinel Naam Qx7',
  email: 'sentinel.qx7@voorbeeld.nl',
  organisation: 'Sentinel School Qx7',
  description: 'Sentinel beschrijving Qx7 over een leerling die zich terugtrekt.',
}

function event(body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /api/requests',
    rawPath: '/api/requests',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { sourceIp: '203.0.113.9' } },
  } as unknown as APIGatewayProxyEventV2
}

function setUp() {
  const logger = new Logger({ logLevel: 'SILENT' })
  const logged = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')]
  const handler = createSubmitHandler({
    cases: new DynamoCaseRepository(documentClient, 'cases', undefined, testSearchKey),
    clock: { now: () => new Date('2026-11-27T15:55:00Z') },
    randomBytes,
    caseRetentionDays: 730,
    calendar: businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS),
    windows: DEFAULT_WORKFLOW_SETTINGS.responseWindows,
    maxBodyBytes: 65_536,
    logger,
    allowedOrigins: () => ['https://mar.example.nl'],
    pages: {
      requestForm: () => '<form>',
      confirmation: ({ reference }) => `<p>${reference}</p>`,
      error: ({ status }) => `<p>${status}</p>`,
    },
  })
  const logText = () => JSON.stringify(logged.flatMap((spy) => spy.mock.calls))
  return { handler, logText }
}

const valid = {
  requesterType: 'professional',
  sector: 'education',
  topic: 'case',
  consent: true,
  ...sentinels,
}

describe('Handler: POST /api/requests', () => {
  beforeEach(() => {
    dynamo.reset()
    // The case's search index items (keyed hashes): written after the case, taken whole.
    dynamo.on(BatchWriteCommand).resolves({})
  })

  it('stores the case once, answers 201 with the reference, and logs nothing personal', async () => {
    dynamo.on(PutCommand).resolves({})
    const { handler, logText } = setUp()
    const response = await handler(event(valid), {} as never)
    expect(response.statusCode).toBe(201)
    expect(JSON.parse(response.body ?? '')).toEqual({
      reference: expect.stringMatching(/^MAR-/),
      status: 'received',
      // A case (16 business hours) from Friday 16:55: 5 minutes, Monday 8.5 hours, then Tuesday until 15:55.
      respondBy: '2026-12-01T14:55:00.000Z',
    })
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1)
    const stored = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item
    expect(JSON.stringify(stored)).not.toContain('203.0.113.9')
    for (const value of Object.values(sentinels)) expect(logText()).not.toContain(value)
    expect(logText()).toContain(JSON.parse(response.body ?? '').reference)
  })

  it('answers 503 with Retry-After when the case store is unavailable, and stores nothing half', async () => {
    // What the DynamoDB adapter raises once its retries are spent (test/unit/adapters/dynamodb-client.test.ts).
    dynamo.on(PutCommand).rejects(new TemporarilyUnavailableError())
    const { handler } = setUp()
    const response = await handler(event(valid), {} as never)
    expect(response.statusCode).toBe(503)
    expect(response.headers?.['retry-after']).toBe('5')
    expect(JSON.parse(response.body ?? '').error.code).toBe('temporarily_unavailable')
  })

  it('answers 500 without any detail of the failure when the table is unreachable', async () => {
    dynamo.on(PutCommand).rejects(new Error(`socket hang up near ${sentinels.email}`))
    const { handler, logText } = setUp()
    const response = await handler(event(valid), {} as never)
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toContain('socket')
    expect(response.body).not.toContain(sentinels.email)
    expect(logText()).not.toContain(sentinels.email)
  })

  it('draws a new reference when the conditional write finds the reference taken', async () => {
    dynamo
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ $metadata: {}, message: 'taken' }))
      .resolves({})
    dynamo.on(GetCommand).resolves({ Item: { pk: 'CASE#x', sk: 'CASE', reference: 'x', status: 'received' } })
    const { handler } = setUp()
    const response = await handler(event(valid), {} as never)
    expect(response.statusCode).toBe(201)
    const references = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.reference)
    expect(references).toHaveLength(2)
    expect(references[0]).not.toBe(references[1])
  })

  it('refuses an invalid request with field messages and never touches the table', async () => {
    const { handler, logText } = setUp()
    const response = await handler(event({ ...valid, email: 'geen adres' }), {} as never)
    expect(response.statusCode).toBe(400)
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), fields: { email: expect.any(String) } },
    })
    expect(response.body).not.toContain('geen adres')
    expect(dynamo).not.toHaveReceivedCommand(PutCommand)
    expect(logText()).not.toContain(sentinels.name)
  })

  it('answers a plain form post with a page: the confirmation, or the form with its errors', async () => {
    dynamo.on(PutCommand).resolves({})
    const { handler } = setUp()
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }
    const body = new URLSearchParams({ ...valid, consent: 'on' }).toString()
    const accepted = await handler(event(body, form), {} as never)
    expect(accepted.statusCode).toBe(200)
    expect(accepted.headers?.['content-type']).toContain('text/html')
    expect(accepted.body).toMatch(/<p>MAR-[0-9A-Z]{4}-[0-9A-Z]{4}<\/p>/)
    const refused = await handler(event(body.replace('consent=on', ''), form), {} as never)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toBe('<form>')
  })

  it('answers a form post that asks for JSON with JSON', async () => {
    dynamo.on(PutCommand).resolves({})
    const { handler } = setUp()
    const body = new URLSearchParams({ ...valid, consent: 'on' }).toString()
    const response = await handler(
      event(body, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }),
      {} as never,
    )
    expect(response.statusCode).toBe(201)
    expect(response.headers?.['content-type']).toContain('application/json')
  })
})
