import { readFileSync } from 'node:fs'
import { Logger } from '@aws-lambda-powertools/logger'
import type { SNSEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import type { CaseEvent } from '../../../functions/core/cases/case.ts'
import { createMailEventsHandler } from '../../../functions/mail-events/mail-events-handler.ts'
import { InMemoryCaseRepository } from '../../fakes/in-memory-case-repository.ts'
import { storedCase } from '../../fakes/stored-case.ts'

const fixture = (): SNSEvent =>
  JSON.parse(readFileSync(new URL('../../fixtures/ses-events/sns-bounce.json', import.meta.url), 'utf8'))
/** The id SES gave the acknowledgement in the fixture, linked to its case when it was delivered. */
const SES_MESSAGE_ID = 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000'
const REFERENCE = 'MAR-0000-0001'

/** The fixture's SES record with `change` applied, in the same SNS envelope. */
interface SesRecord {
  eventType: string
  mail: { messageId: string }
  bounce?: {
    bounceType: string
    bounceSubType: string
    timestamp: string
    bouncedRecipients: { emailAddress: string }[]
  }
}
function withSesEvent(change: (record: SesRecord) => void): SNSEvent {
  const event = fixture()
  const sns = event.Records[0]?.Sns
  if (sns === undefined) throw new Error('fixture without a record')
  const record = JSON.parse(sns.Message)
  change(record)
  sns.Message = JSON.stringify(record)
  return event
}

function setUp(requesterEmail = 'melder@example.org') {
  const cases = new InMemoryCaseRepository()
  cases.cases.set(REFERENCE, storedCase({ createdAt: '2027-02-08T09:00:00Z', email: requesterEmail }))
  const links = new Map([[SES_MESSAGE_ID, REFERENCE]])
  const lines: string[] = []
  const logger = new Logger({ serviceName: 'test' })
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)))
  }
  const handler = createMailEventsHandler({ cases, threads: { find: async (id) => links.get(id) }, logger })
  const bounceEvents = (): CaseEvent[] =>
    (cases.events.get(REFERENCE) ?? []).filter((event) => event.type === 'requester-address-bounced')
  return { cases, handler, lines, bounceEvents }
}

describe('Handler: SES bounce and complaint events', () => {
  it("records a permanent bounce of the requester's address on the case, with an audit event", async () => {
    const { cases, handler, bounceEvents } = setUp()
    await handler(fixture())
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced).toEqual({
      at: '2027-02-08T09:41:02.669Z',
      type: 'permanent',
    })
    expect(bounceEvents()).toEqual([
      {
        id: 'requester-address-bounced:2027-02-08T09:41:02.669Z',
        at: '2027-02-08T09:41:02.669Z',
        type: 'requester-address-bounced',
        detail: { bounceType: 'permanent' },
      },
    ])
  })

  it('logs the outcome and the reference, never the address or the diagnostic', async () => {
    const { handler, lines } = setUp()
    await handler(fixture())
    expect(lines).toEqual([
      JSON.stringify(['mail bounced', { outcome: 'recorded', reason: 'permanent', count: 1, reference: REFERENCE }]),
    ])
    expect(lines.join('\n')).not.toContain('melder@example.org')
  })

  it('compares the address case-insensitively and changes nothing when the same bounce comes again', async () => {
    const { cases, handler, bounceEvents } = setUp('Melder@Example.org')
    await handler(fixture())
    const version = cases.cases.get(REFERENCE)?.version
    await handler(fixture())
    expect(cases.cases.get(REFERENCE)?.version).toBe(version)
    expect(bounceEvents()).toHaveLength(1)
  })

  it('records a transient bounce as transient, and a later one does not soften a permanent bounce', async () => {
    const { cases, handler } = setUp()
    await handler(
      withSesEvent((record) => {
        if (record.bounce) Object.assign(record.bounce, { bounceType: 'Transient', bounceSubType: 'MailboxFull' })
      }),
    )
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced?.type).toBe('transient')
    await handler(
      withSesEvent((record) => {
        if (record.bounce) record.bounce.timestamp = '2027-02-09T10:00:00.000Z'
      }),
    )
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced).toEqual({
      at: '2027-02-09T10:00:00.000Z',
      type: 'permanent',
    })
    await handler(
      withSesEvent((record) => {
        if (record.bounce)
          Object.assign(record.bounce, { bounceType: 'Transient', timestamp: '2027-02-10T10:00:00.000Z' })
      }),
    )
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced?.type).toBe('permanent')
  })

  it("leaves the case alone when another address bounced (an advisor's notification)", async () => {
    const { cases, handler, bounceEvents, lines } = setUp()
    await handler(
      withSesEvent((record) => {
        if (record.bounce) record.bounce.bouncedRecipients = [{ emailAddress: 'a.verbeek@example.org' }]
      }),
    )
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced).toBe(undefined)
    expect(bounceEvents()).toEqual([])
    expect(JSON.parse(lines[0] ?? '[]')[1]).toMatchObject({ outcome: 'not-requester' })
  })

  it('skips mail that belongs to no case, complaints, and records that are not SES events', async () => {
    const { cases, handler, lines } = setUp()
    await handler(
      withSesEvent((record) => {
        record.mail.messageId = 'unknown-000000'
      }),
    )
    await handler(
      withSesEvent((record) => {
        record.eventType = 'Complaint'
        delete record.bounce
      }),
    )
    const garbled = fixture()
    if (garbled.Records[0]) garbled.Records[0].Sns.Message = 'not json'
    await handler(garbled)
    expect(cases.cases.get(REFERENCE)?.requesterAddressBounced).toBe(undefined)
    expect(lines.map((line) => JSON.parse(line)[1].outcome)).toEqual(['no-case', 'counted', 'skipped'])
  })
})
