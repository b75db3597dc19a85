import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { type ActionPages, createActionHandler } from '../../../functions/actions/action-handler.ts'
import { signActionToken } from '../../../functions/core/links/action-token.ts'
import { TemporarilyUnavailableError } from '../../../functions/core/shared/errors.ts'
import { InMemoryCaseRepository } from '../../fakes/in-memory-case-repository.ts'
import { InMemoryRosterRepository } from '../../fakes/in-memory-roster-repository.ts'
import { storedCase } from '../../fakes/stored-case.ts'
import { exampleRoster, PUBLIC_URL, SettableClock, SIGNING_KEY } from '../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
/** Monday 11 January 2027, 10:20 (CET): adv-01 is primary on duty. */
const CLICKED_AT = '2027-01-11T09:20:00.000Z'
const pages: ActionPages = {
  confirm: ({ reference }) => `confirm ${reference}`,
  done: ({ reference, outcome }) => `done ${reference} ${outcome}`,
  invalid: ({ reason }) => `invalid ${reason}`,
  failed: () => 'failed',
}

async function setUp(linkGeneration?: number) {
  const cases = new InMemoryCaseRepository()
  await cases.createCase(
    storedCase({
      reference: REFERENCE,
      createdAt: '2027-01-11T09:00:00.000Z',
      status: 'assigned',
      assignee: 'adv-01',
      ...(linkGeneration === undefined ? {} : { linkGeneration }),
    }),
  )
  const handler = createActionHandler({
    cases,
    rosters: new InMemoryRosterRepository(exampleRoster()),
    signingKey: async () => SIGNING_KEY,
    clock: new SettableClock(CLICKED_AT),
    logger: new Logger({ logLevel: 'SILENT' }),
    pages,
    allowedOrigins: () => [PUBLIC_URL],
  })
  const token = signActionToken(
    {
      reference: REFERENCE,
      advisorId: 'adv-01',
      action: 'acknowledge',
      expiresAt: new Date('2027-01-25T09:00:00.000Z'),
      generation: 0,
    },
    SIGNING_KEY,
  )
  const call = (method: 'GET' | 'POST', headers: Record<string, string> = {}) =>
    handler({
      headers,
      pathParameters: { token },
      requestContext: { http: { method } },
    } as unknown as APIGatewayProxyEventV2)
  return { cases, call }
}

describe('Door: GET|POST /actions/{token}', () => {
  it('acknowledges on a POST from its own confirmation page', async () => {
    const { cases, call } = await setUp()
    const response = await call('POST', { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL })
    expect({ status: response.statusCode, body: response.body }).toEqual({
      status: 200,
      body: `done ${REFERENCE} acknowledged`,
    })
    expect(cases.cases.get(REFERENCE)?.status).toBe('acknowledged')
  })

  it.each([
    ['a cross-site page', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
  ])('refuses a POST from %s with 403 and changes nothing', async (_what, headers) => {
    const { cases, call } = await setUp()
    const response = await call('POST', headers)
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 403, body: 'invalid cross-site' })
    expect(cases.cases.get(REFERENCE)?.status).toBe('assigned')
  })

  it('answers 503 with Retry-After and the failure page when the case store is unavailable', async () => {
    const { cases, call } = await setUp()
    cases.getCase = async () => {
      throw new TemporarilyUnavailableError()
    }
    const response = await call('POST', { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL })
    expect({ status: response.statusCode, body: response.body, retryAfter: response.headers?.['retry-after'] }).toEqual(
      {
        status: 503,
        body: 'failed',
        retryAfter: '5',
      },
    )
  })

  it('shows a revoked link as such on GET (410), before anyone acts on it', async () => {
    const { call } = await setUp(1)
    const response = await call('GET')
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 410, body: 'invalid revoked' })
  })

  it('refuses a revoked link on POST (410) and changes nothing', async () => {
    const { cases, call } = await setUp(1)
    const response = await call('POST')
    expect(response.statusCode).toBe(410)
    expect(cases.cases.get(REFERENCE)?.status).toBe('assigned')
  })
})
