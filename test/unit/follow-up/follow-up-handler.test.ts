import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import type { WebCase } from '../../../functions/core/cases/case.ts'
import { hashReceipt } from '../../../functions/core/follow-up/receipt.ts'
import { createFollowUpHandler } from '../../../functions/follow-up/follow-up-handler.ts'
import { renderErrorPage, renderFollowUpPage } from '../../../functions/views/pages/index.ts'
import { InMemoryFollowUpAttempts } from '../../fakes/in-memory-follow-up-attempts.ts'
import { workflowDependencies } from '../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-7K2D-Q9XA'
const RECEIPT = '4F7K-Q2XD-9M3A-TR8C'
const SENTINEL_QUESTION = 'Sentinel vraag Qx7: mijn broer verheerlijkt geweld.'
const SENTINEL_TEXT = 'Sentinel antwoord Qx7 van de melder.'

function event(routeKey: string, body: string, contentType = 'application/json'): APIGatewayProxyEventV2 {
  const path = routeKey.split(' ')[1] as string
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': contentType, ...(contentType.includes('form') ? { accept: 'text/html' } : {}) },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path, sourceIp: '203.0.113.9' } },
  } as unknown as APIGatewayProxyEventV2
}

async function setUp() {
  const testbed = workflowDependencies({ now: '2026-12-07T09:00:00.000Z' })
  const anonymous: WebCase = {
    reference: REFERENCE,
    channel: 'web',
    status: 'assigned',
    urgency: 'normal',
    assignee: 'adv-01',
    requesterType: 'private',
    topic: 'question',
    anonymous: true,
    description: SENTINEL_QUESTION,
    language: 'nl',
    createdAt: '2026-12-07T08:00:00.000Z',
    consentedAt: '2026-12-07T08:00:00.000Z',
    retainUntil: '2028-12-07T08:00:00.000Z',
    version: 1,
    receiptHash: await hashReceipt(RECEIPT, randomBytes),
  }
  await testbed.cases.createCase(anonymous)
  const logger = new Logger({ logLevel: 'SILENT' })
  const logged = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')]
  const handler = createFollowUpHandler({
    ...testbed.deps,
    attempts: new InMemoryFollowUpAttempts(),
    maxBodyBytes: 65_536,
    allowedOrigins: () => ['https://mar.example.nl'],
    logger,
    pages: { followUp: renderFollowUpPage, error: renderErrorPage },
  })
  const logText = () => JSON.stringify(logged.flatMap((spy) => spy.mock.calls))
  return { handler, logText, testbed }
}

describe('Handler: POST /api/follow-up and /api/follow-up/messages', () => {
  it('logs neither the reference, the receipt, the question nor the message, whatever the outcome', async () => {
    const { handler, logText, testbed } = await setUp()
    const open = JSON.stringify({ reference: REFERENCE, receipt: RECEIPT })
    expect((await handler(event('POST /api/follow-up', open), {} as never)).statusCode).toBe(200)
    const write = JSON.stringify({ reference: REFERENCE, receipt: RECEIPT, text: SENTINEL_TEXT })
    expect((await handler(event('POST /api/follow-up/messages', write), {} as never)).statusCode).toBe(201)
    const wrong = JSON.stringify({ reference: REFERENCE, receipt: '0000-0000-0000-0000' })
    for (let attempt = 0; attempt < 6; attempt++) await handler(event('POST /api/follow-up', wrong), {} as never)
    const form = `reference=${REFERENCE}&receipt=${RECEIPT}&text=${encodeURIComponent(SENTINEL_TEXT)}`
    await handler(event('POST /api/follow-up/messages', form, 'application/x-www-form-urlencoded'), {} as never)

    const logs = logText()
    expect(logs).toContain('follow-up opened')
    expect(logs).toContain('too_many_attempts')
    for (const secret of [
      REFERENCE,
      RECEIPT,
      RECEIPT.replaceAll('-', ''),
      SENTINEL_QUESTION,
      SENTINEL_TEXT,
      '203.0.113.9',
    ]) {
      expect(logs).not.toContain(secret)
    }
    // The assignee's notice says that the requester wrote, never what.
    const notices = testbed.outbox.all().filter((entry) => entry.kind === 'new-message')
    expect(notices.map((notice) => notice.to)).toEqual([['a.verbeek@example.org']])
    expect(JSON.stringify(notices)).not.toContain('Sentinel')
  })

  it('echoes nothing that was sent in a refusal: not the receipt, not an unknown field’s name', async () => {
    const { handler } = await setUp()
    const response = await handler(
      event('POST /api/follow-up', JSON.stringify({ reference: REFERENCE, receipt: 'SECRET-Qx7', 'Sentinel-Qx7': 1 })),
      {} as never,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain('Qx7')
    expect(JSON.parse(response.body as string).error.fields).toEqual({ _unknown: 'Dit veld is onbekend.' })
  })

  it('answers a refused form post with the page, status and Retry-After as the API would', async () => {
    const { handler } = await setUp()
    const wrong = `reference=${REFERENCE}&receipt=0000000000000000&language=en`
    const statuses: number[] = []
    let last: Awaited<ReturnType<typeof handler>> | undefined
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await handler(event('POST /api/follow-up', wrong, 'application/x-www-form-urlencoded'), {} as never)
      statuses.push(last.statusCode)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(last?.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(Number(last?.headers['retry-after'])).toBe(3600)
    expect(last?.body).toContain('Too many attempts for this reference.')
  })
})
