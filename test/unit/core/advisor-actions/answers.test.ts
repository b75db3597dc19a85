import { describe, expect, it } from 'vitest'
import { performAdvisorAction } from '../../../../functions/core/advisor-actions/registry.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import { planNextStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import { openFollowUp } from '../../../../functions/core/follow-up/follow-up.ts'
import { hashReceipt } from '../../../../functions/core/follow-up/receipt.ts'
import { requesterWroteAgain } from '../../../../functions/core/mail/requester-wrote.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { ValidationError } from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

type CaseOverrides = Omit<Parameters<typeof storedCase>[0], 'createdAt'> & { createdAt?: string }

const REFERENCE = 'MAR-0000-0001'
/** January 2027 (CET, UTC+1): a question received Monday the 11th 10:00. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_10_20 = '2027-01-11T09:20:00.000Z'
const MONDAY_11_00 = '2027-01-11T10:00:00.000Z'
const TUESDAY_11_00 = '2027-01-12T10:00:00.000Z'
const WEDNESDAY_10_00 = '2027-01-13T09:00:00.000Z'
const MESSAGE_ID = `${WEDNESDAY_10_00}-deadbeef`
const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }

function assignedQuestion(overrides: CaseOverrides = {}): Case {
  return storedCase({
    reference: REFERENCE,
    createdAt: MONDAY_10_00,
    status: 'assigned',
    assignee: 'adv-01',
    routedAt: MONDAY_10_00,
    version: 2,
    ...overrides,
  })
}

/** A phone call registered without an e-mail address: the requester can be reached by phone only. */
function phoneOnly(overrides: CaseOverrides = {}): Case {
  const { email: _email, ...withoutAddress } = storedCase({
    reference: REFERENCE,
    createdAt: MONDAY_10_00,
    status: 'assigned',
    assignee: 'adv-01',
    routedAt: MONDAY_10_00,
    version: 2,
    channel: 'phone',
    phone: '0612345678',
    ...overrides,
  })
  return withoutAddress as Case
}

/**
 * Answered on Monday 10:20, then the requester wrote again on Tuesday 11:00: acknowledged, respond round 2 (40
 * business hours from Tuesday 11:00, reminded after 30), version 5.
 */
function wroteAgain(overrides: CaseOverrides = {}): Case {
  return assignedQuestion({
    status: 'acknowledged',
    acknowledgedAt: MONDAY_10_20,
    acknowledgedBy: 'adv-01',
    answeredAt: MONDAY_10_20,
    answeredBy: 'adv-01',
    respondRound: 2,
    respondFrom: TUESDAY_11_00,
    workflowRun: 3,
    version: 5,
    ...overrides,
  })
}

async function setUp(stored: Case, now = WEDNESDAY_10_00) {
  const testbed = workflowDependencies({ now, randomBytes: [0xde, 0xad, 0xbe, 0xef] })
  await testbed.cases.createCase(structuredClone(stored))
  return testbed
}

type Testbed = Awaited<ReturnType<typeof setUp>>

async function act(name: 'replies' | 'no-reply-needed', body: unknown, testbed: Testbed) {
  return performAdvisorAction(name, REFERENCE, ADV_01, body, testbed.deps)
}

async function refusal(action: Promise<unknown>): Promise<unknown> {
  try {
    await action
  } catch (error) {
    return error instanceof ValidationError ? { fields: fieldMessages(error) } : error
  }
  throw new Error('expected the action to be refused')
}

const conflict = (code: string) => expect.objectContaining({ name: 'CaseStateConflictError', code })

describe('Use case: answer the requester by phone (replies, via "phone")', () => {
  it('keeps what was said as a reply marked by phone, sends nothing, answers the case and stops every clock', async () => {
    // Arrange: a phone-only requester, still waiting for acknowledgement (its acknowledge clock runs)
    const testbed = await setUp(phoneOnly(), MONDAY_11_00)
    const before = await planNextStep(REFERENCE, [], testbed.deps)
    const text = 'Gebeld: uitgelegd wat de school kan doen, en dat zij ons altijd mag bellen.'

    // Act
    const { status, answer } = await act('replies', { text, via: 'phone' }, testbed)

    // Assert
    const message = {
      id: `${MONDAY_11_00}-deadbeef`,
      kind: 'reply',
      author: 'advisor',
      advisorId: 'adv-01',
      text,
      at: MONDAY_11_00,
      via: 'phone',
    }
    expect(before).toMatchObject({ kind: 'reminder', clock: 'acknowledge' })
    expect(status).toBe(201)
    expect(answer).toEqual({ reference: REFERENCE, status: 'answered', message, via: 'phone' })
    expect(testbed.cases.messages.get(REFERENCE)).toEqual([message])
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
    expect(testbed.cases.cases.get(REFERENCE)).toEqual({
      ...phoneOnly(),
      status: 'answered',
      // The first answer ever given: what tells a case answered from one never answered.
      answeredAt: MONDAY_11_00,
      answeredBy: 'adv-01',
      acknowledgedAt: MONDAY_11_00,
      acknowledgedBy: 'adv-01',
      workflowRun: 2,
      version: 3,
    })
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([
      { id: 'acknowledged', at: MONDAY_11_00, type: 'acknowledged', advisorId: 'adv-01' },
      {
        id: `replied:${MONDAY_11_00}-deadbeef`,
        at: MONDAY_11_00,
        type: 'replied',
        advisorId: 'adv-01',
        detail: { messageId: `${MONDAY_11_00}-deadbeef`, via: 'phone' },
      },
    ])
    // Neither clock runs: the new run plans nothing.
    expect(await planNextStep(REFERENCE, [], testbed.deps)).toBeUndefined()
  })

  it('answers by phone a requester who also has an address, and mails nothing', async () => {
    // Arrange
    const testbed = await setUp(assignedQuestion({ status: 'acknowledged', acknowledgedAt: MONDAY_10_20 }))

    // Act
    const { answer } = await act('replies', { text: 'Teruggebeld.', via: 'phone' }, testbed)

    // Assert
    expect(answer).toMatchObject({ status: 'answered', via: 'phone' })
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
    expect(testbed.cases.cases.get(REFERENCE)?.answeredAt).toBe(WEDNESDAY_10_00)
  })

  it('keeps the first answer when a case answered by mail is answered again by phone', async () => {
    // Arrange
    const testbed = await setUp(wroteAgain())

    // Act
    await act('replies', { text: 'Teruggebeld over het nieuwe bericht.', via: 'phone' }, testbed)

    // Assert
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({
      status: 'answered',
      answeredAt: MONDAY_10_20,
      respondRound: 2,
    })
    expect(await planNextStep(REFERENCE, [], testbed.deps)).toBeUndefined()
  })

  it('ends a pause that stood, counting its business time', async () => {
    // Arrange: paused Tuesday 11:00, answered by phone Wednesday 10:00 (6 + 1.5 business hours)
    const pause = { since: TUESDAY_11_00, reason: 'Wacht op terugbellen', by: 'adv-01' }
    const testbed = await setUp(assignedQuestion({ status: 'acknowledged', acknowledgedAt: MONDAY_10_20, pause }))

    // Act
    await act('replies', { text: 'Teruggebeld.', via: 'phone' }, testbed)

    // Assert
    const stored = testbed.cases.cases.get(REFERENCE)
    expect(stored?.pause).toBeUndefined()
    expect(stored?.pausedBusinessMinutes).toBe(450)
  })

  it('leaves a phone answer out of the anonymous requester’s follow-up box (it is a record of a call)', async () => {
    // Arrange: an anonymous web request whose box holds a written answer already
    const receipt = 'K7QM-4XPD-9TRV-2HWN'
    const anonymous = assignedQuestion({
      anonymous: true,
      email: undefined,
      receiptHash: await hashReceipt(receipt, (length) => new Uint8Array(length).fill(7)),
    })
    const testbed = await setUp(anonymous)
    await act('replies', { text: 'Geschreven antwoord.' }, testbed)
    testbed.random.script(0x01, 0x02, 0x03, 0x04)
    await act('replies', { text: 'Notitie van een telefoongesprek.', via: 'phone' }, testbed)

    // Act
    const box = await openFollowUp({ reference: REFERENCE, receipt }, { ...testbed.deps, attempts: noAttempts() })

    // Assert
    expect(box.messages.map((message) => message.text)).toEqual([
      'Hoe herken ik polarisatie in mijn buurthuis?',
      'Geschreven antwoord.',
    ])
  })

  it.each([
    ['mail to a requester without an address', phoneOnly(), 'mail', 'no_mail_address'],
    [
      'mail to an anonymous requester with a box',
      assignedQuestion({ anonymous: true, email: undefined, receiptHash: 'x' }),
      'mail',
      'no_mail_address',
    ],
    ['the follow-up box of a requester who has none', assignedQuestion(), 'follow-up', 'no_follow_up_box'],
    ['the written way (no via) to a phone-only requester', phoneOnly(), undefined, 'no_mail_address'],
  ] as const)('refuses %s with a conflict, and stores nothing', async (_kind, stored, via, code) => {
    // Arrange
    const testbed = await setUp(stored)

    // Act
    const error = await refusal(act('replies', { text: 'Hallo', ...(via ? { via } : {}) }, testbed))

    // Assert
    expect(error).toEqual(conflict(code))
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(stored)
    expect(testbed.cases.messages.get(REFERENCE)).toBeUndefined()
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([])
  })

  it.each([['fax'], [''], [null], [7], ['PHONE']])('refuses via %j with a message naming the ways', async (via) => {
    // Arrange
    const testbed = await setUp(assignedQuestion())

    // Act
    const error = await refusal(act('replies', { text: 'Hallo', via }, testbed))

    // Assert
    expect(error).toEqual({ fields: { via: 'Kies een van: mail, follow-up, phone.' } })
    expect(testbed.cases.messages.get(REFERENCE)).toBeUndefined()
  })
})

describe('Use case: the requester’s latest message needs no answer (no-reply-needed)', () => {
  it('stops the respond round the message opened, answers the case again, keeps the reason as a note', async () => {
    // Arrange: round 2 runs (30 business hours from Tuesday 11:00: its reminder Friday 15:30)
    const testbed = await setUp(wroteAgain())
    const before = await planNextStep(REFERENCE, [], testbed.deps)
    const reason = 'Alleen een bevestiging van de afspraak: "Ja, morgen 11 uur is goed, dank u".'

    // Act
    const { status, answer } = await act('no-reply-needed', { reason }, testbed)

    // Assert
    const note = {
      id: MESSAGE_ID,
      kind: 'note',
      author: 'advisor',
      advisorId: 'adv-01',
      text: reason,
      at: WEDNESDAY_10_00,
    }
    expect(before).toMatchObject({ id: 'reminder:respond#2', clock: 'respond', at: '2027-01-15T14:30:00.000Z' })
    expect(status).toBe(201)
    expect(answer).toEqual({ reference: REFERENCE, status: 'answered', message: note })
    expect(testbed.cases.messages.get(REFERENCE)).toEqual([note])
    // Nothing reached the requester: the first answer stays the one of Monday; nothing is mailed.
    expect(testbed.cases.cases.get(REFERENCE)).toEqual({
      ...wroteAgain(),
      status: 'answered',
      workflowRun: 4,
      version: 6,
    })
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
    // Audited without the reason (events hold no content).
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([
      {
        id: `no-reply-needed:${MESSAGE_ID}`,
        at: WEDNESDAY_10_00,
        type: 'no-reply-needed',
        advisorId: 'adv-01',
        detail: { messageId: MESSAGE_ID, round: 2 },
      },
    ])
    expect(await planNextStep(REFERENCE, [], testbed.deps)).toBeUndefined()
  })

  it('opens the next round when the requester writes again afterwards', async () => {
    // Arrange
    const testbed = await setUp(wroteAgain())
    await act('no-reply-needed', { reason: 'Een bedankje.' }, testbed)
    const answered = testbed.cases.cases.get(REFERENCE) as Case

    // Act
    await requesterWroteAgain(answered, 'mail:3', testbed.deps)

    // Assert
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({ status: 'acknowledged', respondRound: 3 })
    expect(await planNextStep(REFERENCE, [], testbed.deps)).toMatchObject({ id: 'reminder:respond#3' })
  })

  it('ends a pause that stood, counting its business time', async () => {
    // Arrange: paused Tuesday 11:00 (after the requester wrote), marked Wednesday 10:00: 7.5 business hours
    const pause = { since: TUESDAY_11_00, reason: 'Even afwachten', by: 'adv-01' }
    const testbed = await setUp(wroteAgain({ pause }))

    // Act
    await act('no-reply-needed', { reason: 'Een bedankje.' }, testbed)

    // Assert
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({ status: 'answered', pausedBusinessMinutes: 450 })
    expect(testbed.cases.cases.get(REFERENCE)?.pause).toBeUndefined()
  })

  it.each([
    [
      'waits for its first answer',
      assignedQuestion({ status: 'acknowledged', acknowledgedAt: MONDAY_10_20 }),
      'no_reply_awaited',
    ],
    ['is answered', wroteAgain({ status: 'answered' }), 'no_reply_awaited'],
    [
      'waits for acknowledgement after the requester wrote again',
      wroteAgain({ status: 'assigned', acknowledgedAt: undefined }),
      'no_reply_awaited',
    ],
    ['is closed', wroteAgain({ status: 'closed', closedAt: MONDAY_11_00, outcome: 'advice-given' }), 'case_closed'],
  ] as const)('refuses a case that %s, and stores nothing', async (_kind, stored, code) => {
    // Arrange
    const testbed = await setUp(stored)

    // Act
    const error = await refusal(act('no-reply-needed', { reason: 'Een bedankje.' }, testbed))

    // Assert
    expect(error).toEqual(conflict(code))
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(stored)
    expect(testbed.cases.messages.get(REFERENCE)).toBeUndefined()
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([])
  })

  it.each([
    ['no reason', {}, { reason: 'Vul een tekst in.' }],
    ['an empty reason', { reason: '  ' }, { reason: 'Vul een tekst in.' }],
  ])('refuses %s, naming the field', async (_kind, body, fields) => {
    // Arrange
    const testbed = await setUp(wroteAgain())

    // Act
    const error = await refusal(act('no-reply-needed', body, testbed))

    // Assert
    expect(error).toEqual({ fields })
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(wroteAgain())
  })
})

/** Follow-up attempts that never lock the box (the box's own limits are tested elsewhere). */
function noAttempts() {
  return {
    count: async (_key: string, now: Date) => ({ attempts: 1, windowStart: now }),
    giveBack: async () => undefined,
  }
}
