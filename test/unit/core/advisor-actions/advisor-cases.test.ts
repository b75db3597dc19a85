import { describe, expect, it } from 'vitest'
import { listOpenCases, readCase } from '../../../../functions/core/advisor-actions/advisor-cases.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import type { CaseFile } from '../../../../functions/core/ports/stores.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { CaseNotFoundError, ForbiddenError, ValidationError } from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'
import { addNote, replyToRequester } from '../../../support/advisor-actions.ts'

/** What a test may override of the stored case (the fake's own parameter type). */
type CaseOverrides = Omit<Parameters<typeof storedCase>[0], 'createdAt'> & { createdAt?: string }

/** January 2027 (CET, UTC+1): Monday the 11th. */
const MONDAY_09_00 = '2027-01-11T08:00:00.000Z'
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_13_00 = '2027-01-11T12:00:00.000Z'
const MONDAY_13_30 = '2027-01-11T12:30:00.000Z'

const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }
const ADV_03: ActingAdvisor = { id: 'adv-03', roles: ['advisor', 'coordinator'] }

const STAFF = {
  me: { id: 'adv-03', name: 'Marloes Kuipers', roles: ['advisor', 'coordinator'] },
  advisors: [
    { id: 'adv-01', name: 'Anouk Verbeek' },
    { id: 'adv-02', name: 'Youssef Bakkali' },
    { id: 'adv-03', name: 'Marloes Kuipers' },
    { id: 'adv-04', name: 'Daan Hoekstra' },
    { id: 'adv-05', name: 'Priya Ramdin' },
  ],
}

function assigned(reference: string, overrides: CaseOverrides = {}): Case {
  return storedCase({
    reference,
    createdAt: MONDAY_10_00,
    status: 'assigned',
    assignee: 'adv-01',
    routedAt: MONDAY_10_00,
    version: 2,
    ...overrides,
  })
}

/**
 * Open cases on Monday 13:30, and one closed:
 *   0001 question, waits for acknowledgement until Tuesday 09:30 (08:30Z)
 *   0002 case (4 h), received 10:00: acknowledge by 14:00 (13:00Z)
 *   0003 urgent (1 h), received 13:00: acknowledge by 14:00 too — the tie goes to the urgent one
 *   0004 question, acknowledged: respond by Friday 16:00 (15:00Z)
 *   0005 paused: no clock runs
 *   0006 answered, received earlier: no clock runs
 *   0007 closed: not listed
 */
function openCases(): Case[] {
  return [
    assigned('MAR-0000-0001'),
    assigned('MAR-0000-0002', { topic: 'case', assignee: 'adv-02' }),
    urgentCase({
      reference: 'MAR-0000-0003',
      createdAt: MONDAY_13_00,
      status: 'assigned',
      assignee: 'adv-01',
      routedAt: MONDAY_13_00,
      version: 2,
    }),
    assigned('MAR-0000-0004', { status: 'acknowledged', acknowledgedAt: MONDAY_10_00, acknowledgedBy: 'adv-01' }),
    assigned('MAR-0000-0005', { pause: { since: MONDAY_13_00, reason: 'Wachten op de school', by: 'adv-01' } }),
    assigned('MAR-0000-0006', {
      createdAt: MONDAY_09_00,
      status: 'answered',
      assignee: 'adv-02',
      answeredAt: MONDAY_10_00,
      requesterType: 'private',
      sector: undefined,
    }),
    assigned('MAR-0000-0007', { status: 'closed', closedAt: MONDAY_13_00, outcome: 'advice-given' }),
  ]
}

async function setUp(stored: Case[], now = MONDAY_13_30) {
  const testbed = workflowDependencies({ now, randomBytes: [0xde, 0xad, 0xbe, 0xef] })
  for (const one of stored) await testbed.cases.createCase(structuredClone(one))
  return testbed
}

async function fieldsOfRefusal(action: Promise<unknown>) {
  try {
    await action
  } catch (error) {
    if (error instanceof ValidationError) return fieldMessages(error)
    throw error
  }
  throw new Error('expected a ValidationError')
}

describe('Use case: list the open cases', () => {
  it('lists every open case, nearest deadline first, urgent first on a tie, cases without a running clock last', async () => {
    // Arrange
    const { deps } = await setUp(openCases())

    // Act
    const answer = await listOpenCases(ADV_03, {}, deps)

    // Assert
    const entry = (reference: string, fields: Record<string, unknown>) => ({
      reference,
      status: 'assigned',
      topic: 'question',
      urgency: 'normal',
      channel: 'web',
      assignee: 'adv-01',
      paused: false,
      createdAt: MONDAY_10_00,
      requesterType: 'professional',
      sector: 'welfare',
      ...fields,
    })
    expect(answer).toEqual({
      cases: [
        entry('MAR-0000-0003', {
          topic: 'case',
          urgency: 'urgent',
          createdAt: MONDAY_13_00,
          dueAt: '2027-01-11T13:00:00.000Z',
          clock: 'acknowledge',
          // Reminded at 13:45 (75 % of 1 h): not yet.
          risk: 'on-time',
        }),
        entry('MAR-0000-0002', {
          topic: 'case',
          assignee: 'adv-02',
          dueAt: '2027-01-11T13:00:00.000Z',
          clock: 'acknowledge',
          // Reminded at 13:00 (75 % of 4 h from 10:00): due soon at 13:30.
          risk: 'due-soon',
        }),
        entry('MAR-0000-0001', { dueAt: '2027-01-12T08:30:00.000Z', clock: 'acknowledge', risk: 'on-time' }),
        entry('MAR-0000-0004', {
          status: 'acknowledged',
          dueAt: '2027-01-15T15:00:00.000Z',
          clock: 'respond',
          risk: 'on-time',
        }),
        entry('MAR-0000-0006', {
          status: 'answered',
          assignee: 'adv-02',
          createdAt: MONDAY_09_00,
          requesterType: 'private',
          sector: null,
          dueAt: null,
          clock: null,
          risk: 'none',
        }),
        entry('MAR-0000-0005', { paused: true, dueAt: null, clock: null, risk: 'paused' }),
      ],
      now: MONDAY_13_30,
      audit: { searched: false, filters: [] },
      ...STAFF,
    })
  })

  it('carries no request text, name or address of any case', async () => {
    // Arrange
    const secret = assigned('MAR-0000-0001', {
      description: 'Sentinel beschrijving Qx7 over een leerling.',
      name: 'Sentinel Naam Qx7',
      email: 'sentinel.qx7@voorbeeld.nl',
      phone: '+31 10 765 4321',
      organisation: 'Sentinel Stichting Qx7',
    })
    const { deps } = await setUp([secret])

    // Act
    const answer = JSON.stringify(await listOpenCases(ADV_03, {}, deps))

    // Assert
    for (const value of ['Sentinel beschrijving', 'Sentinel Naam', 'sentinel.qx7', '765 4321', 'Sentinel Stichting']) {
      expect(answer).not.toContain(value)
    }
  })

  it('shows a case waiting unassigned with assignee null', async () => {
    // Arrange
    const { assignee: _assignee, ...waiting } = assigned('MAR-0000-0001', { status: 'unassigned' })
    const { deps } = await setUp([waiting])

    // Act
    const { cases } = await listOpenCases(ADV_03, {}, deps)

    // Assert
    expect(cases.map(({ reference, status, assignee, clock }) => ({ reference, status, assignee, clock }))).toEqual([
      { reference: 'MAR-0000-0001', status: 'unassigned', assignee: null, clock: 'acknowledge' },
    ])
  })

  it('lists only the advisor’s own cases with assignee=me', async () => {
    // Arrange
    const { deps } = await setUp(openCases())

    // Act
    const { cases } = await listOpenCases(ADV_01, { assignee: 'me' }, deps)

    // Assert
    expect(cases.map((entry) => entry.reference)).toEqual([
      'MAR-0000-0003',
      'MAR-0000-0001',
      'MAR-0000-0004',
      'MAR-0000-0005',
    ])
  })

  it('lists only the cases in a status, and combines the filters', async () => {
    // Arrange
    const { deps } = await setUp(openCases())

    // Act
    const acknowledged = await listOpenCases(ADV_03, { status: 'acknowledged' }, deps)
    const mineAndAssigned = await listOpenCases(ADV_01, { assignee: 'me', status: 'assigned' }, deps)
    const closed = await listOpenCases(ADV_03, { status: 'closed' }, deps)
    const othersAssigned = await listOpenCases(ADV_01, { assignee: 'adv-02', status: 'assigned' }, deps)

    // Assert
    expect(acknowledged.cases.map((entry) => entry.reference)).toEqual(['MAR-0000-0004'])
    expect(mineAndAssigned.cases.map((entry) => entry.reference)).toEqual([
      'MAR-0000-0003',
      'MAR-0000-0001',
      'MAR-0000-0005',
    ])
    expect(closed.cases.map((entry) => [entry.reference, entry.status, entry.dueAt])).toEqual([
      ['MAR-0000-0007', 'closed', null],
    ])
    expect(othersAssigned.cases.map((entry) => entry.reference)).toEqual(['MAR-0000-0002'])
  })

  it.each([
    [
      'an assignee not on the roster',
      { assignee: 'adv-99' },
      { assignee: 'Gebruik assignee=me of de id van een adviseur op het rooster.' },
    ],
    ['an unknown channel', { channel: 'fax' }, { channel: 'Kies een kanaal: web, email, phone.' }],
    ['an unknown topic', { topic: 'Question' }, { topic: 'Kies een onderwerp: question, case, training.' }],
    [
      'a query of articles only',
      { q: 'de het' },
      {
        q: 'Zoek op een zaaknummer, naam, e-mailadres, telefoonnummer of woord (minstens 2 tekens, geen lidwoord).',
      },
    ],
    ['a query too long', { q: 'woord '.repeat(40) }, { q: 'Zoek met hoogstens 200 tekens.' }],
    [
      'an unknown status',
      { status: 'open' },
      { status: 'Kies een status: received, assigned, unassigned, acknowledged, answered, closed.' },
    ],
    [
      'both at once',
      { assignee: '', status: 'ASSIGNED' },
      {
        assignee: 'Gebruik assignee=me of de id van een adviseur op het rooster.',
        status: 'Kies een status: received, assigned, unassigned, acknowledged, answered, closed.',
      },
    ],
  ])('refuses a filter with %s, naming the filter', async (_kind, filters, fields) => {
    // Arrange
    const { deps } = await setUp(openCases())

    // Act
    const refused = await fieldsOfRefusal(listOpenCases(ADV_03, filters, deps))

    // Assert
    expect(refused).toEqual(fields)
  })

  it.each([
    ['someone not on the roster', { id: 'adv-99', roles: ['advisor'] }],
    ['a roster advisor without a role', { id: 'adv-01', roles: [] }],
  ] satisfies Array<[string, ActingAdvisor]>)('refuses %s with ForbiddenError', async (_kind, actor) => {
    // Arrange
    const { deps } = await setUp(openCases())

    // Act
    const listing = listOpenCases(actor, {}, deps)

    // Assert
    await expect(listing).rejects.toBeInstanceOf(ForbiddenError)
  })
})

/** The repository as the DynamoDB one reads a case file: with the state of its mail (the fake leaves that out). */
function withMailStates(testbed: Awaited<ReturnType<typeof setUp>>) {
  const { cases, outbox } = testbed
  const getCaseFile = cases.getCaseFile.bind(cases)
  cases.getCaseFile = async (reference): Promise<CaseFile | undefined> => {
    const file = await getCaseFile(reference)
    return (
      file && {
        ...file,
        mail: outbox.entries(reference).map(({ id, kind, status, messageId, sentAt }) => ({
          id,
          kind,
          status,
          ...(messageId === undefined ? {} : { messageId }),
          ...(sentAt === undefined ? {} : { sentAt }),
        })),
      }
    )
  }
  return testbed
}

describe('Use case: read a case', () => {
  it('answers every stored field but the internal ones, records the read naming the advisor, and shows it', async () => {
    // Arrange
    const stored = assigned('MAR-0000-0001', {
      name: 'Zoë de Vries',
      phone: '0612345678',
      organisation: 'Stichting Buurtwerk',
      idempotencyKeyHash: 'a'.repeat(64),
      workflowRun: 3,
      pausedBusinessMinutes: 30,
    })
    const { deps, cases } = await setUp([stored])
    const { idempotencyKeyHash: _k, workflowRun: _w, pausedBusinessMinutes: _p, ...visible } = stored

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_03, deps)

    // Assert
    const read = { id: `read:adv-03:${MONDAY_13_30}:deadbeef`, at: MONDAY_13_30, type: 'read', advisorId: 'adv-03' }
    expect(answer).toEqual({
      case: {
        ...visible,
        attachments: [],
        followUpBox: false,
        breaches: [],
        messages: [],
        events: [read],
        deadlines: {
          // The 30 business minutes paused before move both deadlines on.
          acknowledge: { dueAt: '2027-01-12T09:00:00.000Z', state: 'running' },
          respond: { dueAt: '2027-01-15T15:30:00.000Z', state: 'running' },
          // Acknowledge runs: its reminder (75 % of 8 h, + the 30 minutes) Monday 16:30, not yet at 13:30.
          running: {
            risk: 'on-time',
            clock: 'acknowledge',
            dueAt: '2027-01-12T09:00:00.000Z',
            remindAt: '2027-01-11T15:30:00.000Z',
          },
        },
      },
      // Assigned, not paused, with an address: everything but resume.
      allowedActions: ['acknowledge', 'replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
      now: MONDAY_13_30,
      ...STAFF,
    })
    expect(await cases.listEvents('MAR-0000-0001')).toEqual([read])
  })

  it('records every read, one event per read', async () => {
    // Arrange
    const { deps, cases, clock } = await setUp([assigned('MAR-0000-0001')])
    await readCase('MAR-0000-0001', ADV_03, deps)
    clock.advance(60_000)

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_01, deps)

    // Assert
    const reads = [
      // The random part of the id: the scripted bytes, then zeros.
      { id: `read:adv-03:${MONDAY_13_30}:deadbeef`, at: MONDAY_13_30, type: 'read', advisorId: 'adv-03' },
      {
        id: 'read:adv-01:2027-01-11T12:31:00.000Z:00000000',
        at: '2027-01-11T12:31:00.000Z',
        type: 'read',
        advisorId: 'adv-01',
      },
    ]
    expect(answer.case.events).toEqual(reads)
    expect(await cases.listEvents('MAR-0000-0001')).toEqual(reads)
  })

  it('shows assignee null for a case nobody has yet', async () => {
    // Arrange
    const { assignee: _assignee, ...waiting } = assigned('MAR-0000-0001', { status: 'unassigned' })
    const { deps } = await setUp([waiting])

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_03, deps)

    // Assert
    expect(answer.case.assignee).toBeNull()
  })

  it('shows the messages oldest first, each reply with how its mail fared, without the internal mail id', async () => {
    // Arrange
    const testbed = withMailStates(await setUp([assigned('MAR-0000-0001')], MONDAY_10_00))
    const { deps, clock, random, outbox } = testbed
    await replyToRequester('MAR-0000-0001', ADV_01, { text: 'Eerste antwoord' }, deps)
    clock.set('2027-01-11T09:05:00.000Z')
    random.script(0x01, 0x02, 0x03, 0x04)
    await addNote('MAR-0000-0001', ADV_01, { text: 'Gebeld' }, deps)
    clock.set('2027-01-11T09:10:00.000Z')
    random.script(0x0a, 0x0b, 0x0c, 0x0d)
    await replyToRequester('MAR-0000-0001', ADV_01, { text: 'Tweede antwoord' }, deps)
    await outbox.markSent('MAR-0000-0001', `reply:${MONDAY_10_00}-deadbeef`, {
      messageId: '0102018f-ses-1',
      sentAt: new Date('2027-01-11T09:01:00.000Z'),
    })
    clock.set(MONDAY_13_30)

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_03, deps)

    // Assert
    expect(answer.case.messages).toEqual([
      {
        id: `${MONDAY_10_00}-deadbeef`,
        kind: 'reply',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Eerste antwoord',
        at: MONDAY_10_00,
        signature: { name: 'Anouk' },
        delivery: { status: 'sent', messageId: '0102018f-ses-1' },
      },
      {
        id: '2027-01-11T09:05:00.000Z-01020304',
        kind: 'note',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Gebeld',
        at: '2027-01-11T09:05:00.000Z',
      },
      {
        id: '2027-01-11T09:10:00.000Z-0a0b0c0d',
        kind: 'reply',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Tweede antwoord',
        at: '2027-01-11T09:10:00.000Z',
        signature: { name: 'Anouk' },
        delivery: { status: 'pending' },
      },
    ])
    expect(answer.case.status).toBe('answered')
    expect(answer.case.deadlines).toEqual({
      acknowledge: { dueAt: '2027-01-12T08:30:00.000Z', state: 'stopped' },
      respond: { dueAt: '2027-01-15T15:00:00.000Z', state: 'stopped' },
      running: { risk: 'none', clock: null, dueAt: null, remindAt: null },
    })
  })

  it('shows a reply the mail service refused as failed', async () => {
    // Arrange
    const { deps, outbox } = withMailStates(await setUp([assigned('MAR-0000-0001')]))
    await replyToRequester('MAR-0000-0001', ADV_01, { text: 'Antwoord' }, deps)
    await outbox.markFailed('MAR-0000-0001', `reply:${MONDAY_13_30}-deadbeef`, {
      reason: 'MessageRejected',
      failedAt: new Date(MONDAY_13_30),
    })

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_03, deps)

    // Assert
    expect(answer.case.messages.map((message) => ('delivery' in message ? message.delivery : undefined))).toEqual([
      { status: 'failed' },
    ])
  })

  it('shows the deadlines of a paused case as paused, as they would stand if it resumed now, and the pause', async () => {
    // Arrange: paused at 13:00, read at 13:30
    const pause = { since: MONDAY_13_00, reason: 'Wachten op de school', by: 'adv-01' }
    const { deps } = await setUp([assigned('MAR-0000-0001', { pause })])

    // Act
    const answer = await readCase('MAR-0000-0001', ADV_03, deps)

    // Assert
    expect(answer.case.pause).toEqual(pause)
    expect(answer.case.deadlines).toEqual({
      acknowledge: { dueAt: '2027-01-12T09:00:00.000Z', state: 'paused' },
      respond: { dueAt: '2027-01-15T15:30:00.000Z', state: 'paused' },
      running: { risk: 'paused', clock: null, dueAt: null, remindAt: null },
    })
  })

  it('refuses a case that does not exist, and records no read', async () => {
    // Arrange
    const { deps, cases } = await setUp([assigned('MAR-0000-0001')])

    // Act
    const reading = readCase('MAR-0000-ZZZZ', ADV_03, deps)

    // Assert
    await expect(reading).rejects.toBeInstanceOf(CaseNotFoundError)
    expect(cases.events.size).toBe(0)
  })

  it('refuses someone not on the roster, and records no read', async () => {
    // Arrange
    const { deps, cases } = await setUp([assigned('MAR-0000-0001')])

    // Act
    const reading = readCase('MAR-0000-0001', { id: 'adv-99', roles: ['coordinator'] }, deps)

    // Assert
    await expect(reading).rejects.toBeInstanceOf(ForbiddenError)
    expect(cases.events.size).toBe(0)
  })
})

describe('Use case: search the cases (q, with the filters)', () => {
  /** Three cases: two open, one closed last week, each with its own requester and words. */
  function searchable(): Case[] {
    return [
      assigned('MAR-0000-0011', {
        name: 'Jan Müller',
        email: 'Jan.Muller@School.example',
        phone: '+31 6 1234 5678',
        description: 'Een leerling deelt filmpjes die geweld verheerlijken.',
      }),
      assigned('MAR-0000-0012', {
        topic: 'case',
        assignee: 'adv-02',
        name: 'Fatima el Amrani',
        email: 'f.amrani@example.org',
        description: 'Mijn neef praat over een groep online en wil geen school meer.',
      }),
      assigned('MAR-0000-0013', {
        name: 'Kees de Groot',
        description: 'Zorgen over een buurman die filmpjes van geweld deelt.',
        status: 'closed',
        closedAt: '2027-01-05T10:00:00.000Z',
        outcome: 'advice-given',
      }),
    ]
  }
  const found = async (filters: Parameters<typeof listOpenCases>[1], actor = ADV_03) => {
    const { deps } = await setUp(searchable())
    return (await listOpenCases(actor, filters, deps)).cases.map((entry) => entry.reference).sort()
  }

  it.each([
    ['the reference', 'MAR-0000-0012', ['MAR-0000-0012']],
    ['the reference in lower case', 'mar-0000-0012', ['MAR-0000-0012']],
    ["the requester's surname without its accent", 'muller', ['MAR-0000-0011']],
    ["the requester's surname with it, in capitals", 'MÜLLER', ['MAR-0000-0011']],
    ['the e-mail address in another case', 'jan.muller@school.EXAMPLE', ['MAR-0000-0011']],
    ['the phone number as written otherwise', '06-12345678', ['MAR-0000-0011']],
    ['a word of the description, in open and closed cases', 'Filmpjes', ['MAR-0000-0011', 'MAR-0000-0013']],
    ['two words, both needed', 'filmpjes buurman', ['MAR-0000-0013']],
    ['a word no case has', 'tractor', []],
    ['part of a word (whole words only)', 'film', []],
  ])('finds a case by %s', async (_kind, q, references) => {
    expect(await found({ q })).toEqual(references)
  })

  it('finds a case by the words of a message added later, and of a note', async () => {
    // Arrange
    const { deps } = await setUp(searchable())
    await addNote('MAR-0000-0012', ADV_01, { text: 'Gebeld met de mentor van het Erasmiaans.' }, deps)

    // Act
    const answer = await listOpenCases(ADV_03, { q: 'erasmiaans mentor' }, deps)

    // Assert
    expect(answer.cases.map((entry) => entry.reference)).toEqual(['MAR-0000-0012'])
    expect(answer.audit).toEqual({ searched: true, filters: ['q'] })
  })

  it('combines a search with status, assignee, channel and topic', async () => {
    expect(await found({ q: 'filmpjes', status: 'closed' })).toEqual(['MAR-0000-0013'])
    expect(await found({ q: 'filmpjes', status: 'assigned' })).toEqual(['MAR-0000-0011'])
    expect(await found({ q: 'school', assignee: 'adv-02' })).toEqual(['MAR-0000-0012'])
    expect(await found({ q: 'school', assignee: 'me' }, ADV_01)).toEqual([])
    expect(await found({ q: 'school', topic: 'case', channel: 'web' })).toEqual(['MAR-0000-0012'])
    expect(await found({ q: 'school', channel: 'email' })).toEqual([])
  })

  it('lists the closed cases with status=closed, and filters them', async () => {
    expect(await found({ status: 'closed' })).toEqual(['MAR-0000-0013'])
    expect(await found({ status: 'closed', assignee: 'adv-02' })).toEqual([])
  })

  it('finds nothing of a case that is gone (erased or purged)', async () => {
    // Arrange
    const { deps, cases } = await setUp(searchable())
    cases.deleteCase('MAR-0000-0011')

    // Act
    const answer = await listOpenCases(ADV_03, { q: 'muller' }, deps)

    // Assert
    expect(answer.cases).toEqual([])
  })

  it('answers a search with the list fields only, never text, name or address', async () => {
    // Arrange
    const { deps } = await setUp(searchable())

    // Act
    const answer = JSON.stringify(await listOpenCases(ADV_03, { q: 'muller' }, deps))

    // Assert
    for (const value of ['Müller', 'Muller', 'filmpjes', '1234']) expect(answer).not.toContain(value)
  })
})
