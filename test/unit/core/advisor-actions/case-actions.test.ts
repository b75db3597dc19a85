import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { type AdvisorAction, parseActionInput } from '../../../../functions/core/advisor-actions/advisor-action.ts'
import { readCase } from '../../../../functions/core/advisor-actions/advisor-cases.ts'
import { pause } from '../../../../functions/core/advisor-actions/pause.ts'
import { type Case, OUTCOMES } from '../../../../functions/core/cases/case.ts'
import { planNextStep, runStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import { verifyActionToken } from '../../../../functions/core/links/action-token.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import { type ActingAdvisor, rosterMember } from '../../../../functions/core/roster/staff.ts'
import {
  CaseNotFoundError,
  type CaseStateConflictError,
  ForbiddenError,
  ValidationError,
} from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { IMMEDIATE_DANGER_GUIDANCE } from '../../../../functions/views/guidance.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { exampleRoster, SIGNING_KEY, workflowDependencies } from '../../../fakes/workflow-dependencies.ts'
import {
  acknowledgeFromWorkspace,
  addNote,
  assignCase,
  closeCase,
  pauseCase,
  replyToRequester,
  resumeCase,
} from '../../../support/advisor-actions.ts'

/** What a test may override of the stored case (the fake's own parameter type). */
type CaseOverrides = Omit<Parameters<typeof storedCase>[0], 'createdAt'> & { createdAt?: string }

const REFERENCE = 'MAR-0000-0001'
/** January 2027 (CET, UTC+1). A question received Monday 10:00 must be acknowledged by Tuesday 09:30. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_10_20 = '2027-01-11T09:20:00.000Z'
const MONDAY_11_00 = '2027-01-11T10:00:00.000Z'
/** Four random bytes that every test scripts for the message id: 0xde 0xad 0xbe 0xef. */
const MESSAGE_ID = `${MONDAY_11_00}-deadbeef`
/** Why an outbox mail was given up on (the outbox keeps it beside the entry). */
const failureOf = (entry: object) => (entry as { failureReason?: string }).failureReason

const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }
const ADV_02: ActingAdvisor = { id: 'adv-02', roles: ['advisor'] }
const ADV_03: ActingAdvisor = { id: 'adv-03', roles: ['advisor', 'coordinator'] }

/** Values that must never travel in advisor mail. */
const SENTINELS = {
  name: 'Sentinel Naam Qx7',
  email: 'sentinel.qx7@voorbeeld.nl',
  phone: '+31 10 765 4321',
  organisation: 'Sentinel Stichting Qx7',
  description: 'Sentinel beschrijving Qx7: een leerling trekt zich terug.',
}

/** A question received Monday 10:00 and assigned to adv-01 at once (version 2, first workflow run). */
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

/** The case without one of its fields (whatever the channel's shape of case). */
function withoutField(source: Case, field: string): Case {
  const copy = structuredClone(source) as unknown as Record<string, unknown>
  delete copy[field]
  return copy as unknown as Case
}

function acknowledgedQuestion(overrides: CaseOverrides = {}): Case {
  return assignedQuestion({
    status: 'acknowledged',
    acknowledgedAt: MONDAY_10_20,
    acknowledgedBy: 'adv-01',
    version: 3,
    ...overrides,
  })
}

async function setUp(stored: Case, now = MONDAY_11_00) {
  const testbed = workflowDependencies({ now, randomBytes: [0xde, 0xad, 0xbe, 0xef] })
  await testbed.cases.createCase(stored)
  return testbed
}

/** What an action threw: the error itself, to compare its fields and code. */
async function refusal(action: Promise<unknown>): Promise<unknown> {
  try {
    await action
  } catch (error) {
    return error
  }
  throw new Error('expected the action to be refused')
}

function conflict(code: CaseStateConflictError['code']) {
  return expect.objectContaining({ name: 'CaseStateConflictError', code })
}

function fieldsOf(error: unknown) {
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`)
  return fieldMessages(error)
}

/** After the advisor's text: how to reply, the guidance, and the one signature the system adds (adv-01 is Anouk). */
const REPLY_CLOSING_NL = [
  'U kunt op deze e-mail antwoorden. Laat het zaaknummer in de onderwerpregel staan.',
  IMMEDIATE_DANGER_GUIDANCE.nl,
  'Met vriendelijke groet,\nAnouk\nMeld- en Adviespunt Radicalisering, gemeente Rotterdam',
].join('\n\n')

describe('Use case: reply to the requester', () => {
  it('keeps the text as a message, queues it as mail from the intake address threaded under the acknowledgement, and answers the case', async () => {
    // Arrange
    const text = 'Beste melder,\n\nDank voor uw vraag. Wij bellen u morgen.\n\nMet groet,\nAnouk'
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    const answer = await replyToRequester(REFERENCE, ADV_01, { text }, deps)

    // Assert
    const message = {
      id: MESSAGE_ID,
      kind: 'reply',
      author: 'advisor',
      advisorId: 'adv-01',
      text,
      at: MONDAY_11_00,
      signature: { name: 'Anouk' },
      mailId: `reply:${MESSAGE_ID}`,
    }
    // The answer leaves out which outbox mail carries the reply (the workflow's business) and the signature.
    const { mailId: _mailId, signature: _signature, ...answered } = message
    expect(answer).toEqual({ reference: REFERENCE, status: 'answered', message: answered, via: 'mail' })
    expect(cases.messages.get(REFERENCE)).toEqual([message])
    expect(outbox.entries(REFERENCE)).toEqual([
      {
        id: `reply:${MESSAGE_ID}`,
        kind: 'reply',
        to: ['melder@example.org'],
        from: 'intake',
        inReplyToMailId: 'requester-acknowledgement',
        subject: '[MAR-0000-0001] Antwoord op uw vraag aan MAR',
        text: `${text}\n\n${REPLY_CLOSING_NL}`,
        html: expect.stringContaining('<title>[MAR-0000-0001] Antwoord op uw vraag aan MAR</title>'),
        reference: REFERENCE,
        queuedAt: MONDAY_11_00,
        status: 'pending',
      },
    ])
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...assignedQuestion(),
      status: 'answered',
      answeredAt: MONDAY_11_00,
      answeredBy: 'adv-01',
      acknowledgedAt: MONDAY_11_00,
      acknowledgedBy: 'adv-01',
      workflowRun: 2,
      version: 3,
    })
    expect(await cases.listEvents(REFERENCE)).toEqual([
      { id: 'acknowledged', at: MONDAY_11_00, type: 'acknowledged', advisorId: 'adv-01' },
      {
        id: `replied:${MESSAGE_ID}`,
        at: MONDAY_11_00,
        type: 'replied',
        advisorId: 'adv-01',
        detail: { messageId: MESSAGE_ID, via: 'mail' },
      },
    ])
  })

  it.each([
    ['tabs and newlines', 'Regel 1\n\tingesprongen\n\nRegel 3\t\t'],
    ['CRLF line ends (a form post)', 'Regel 1\r\nRegel 2\r\n'],
    ['emoji, joiners and astral characters', 'Dank! 😀👨‍👩‍👧‍👦 𝕏 𠜎 — “fijn”'],
    ['combining marks and right-to-left text', 'e\u0301 é; مرحبا; שלום'],
    ['markup and template syntax', "<script>alert('x')</script> {{7*7}} %s \\"],
  ])('stores and mails text with %s exactly as written', async (_kind, text) => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    await replyToRequester(REFERENCE, ADV_01, { text }, deps)

    // Assert
    expect(cases.messages.get(REFERENCE)?.[0]?.text === text).toBe(true)
    expect(outbox.entries(REFERENCE)[0]?.text.startsWith(`${text}\n\n`)).toBe(true)
  })

  it('writes to a requester who asked in English in English', async () => {
    // Arrange
    const { deps, outbox } = await setUp(assignedQuestion({ language: 'en' }))

    // Act
    await replyToRequester(REFERENCE, ADV_01, { text: 'Dear requester, thank you.' }, deps)

    // Assert
    expect(outbox.entries(REFERENCE)[0]?.subject).toBe('[MAR-0000-0001] Answer to your request to MAR')
  })

  it('keeps the first acknowledgement and the first answer when a case is answered again, and starts a new run each time', async () => {
    // Arrange
    const answered = acknowledgedQuestion({
      status: 'answered',
      answeredAt: MONDAY_10_20,
      answeredBy: 'adv-01',
      workflowRun: 3,
      version: 6,
    })
    const { deps, cases } = await setUp(answered)

    // Act
    const answer = await replyToRequester(REFERENCE, ADV_03, { text: 'Nog een aanvulling.' }, deps)

    // Assert
    expect(answer.status).toBe('answered')
    expect(cases.cases.get(REFERENCE)).toEqual({ ...answered, workflowRun: 4, version: 7 })
    expect((await cases.listEvents(REFERENCE)).map((event) => event.type)).toEqual(['replied'])
  })

  it.each([
    ['anonymous', { anonymous: true, email: undefined }],
    ['left only a phone number', { email: undefined, phone: '0612345678' }],
  ] as const)('refuses with no_mail_address when the requester is %s, and stores nothing', async (_kind, contact) => {
    // Arrange
    const withoutEmail = withoutField(assignedQuestion(contact), 'email')
    const { deps, cases, outbox } = await setUp(withoutEmail)

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, { text: 'Hallo' }, deps))

    // Assert
    expect(error).toEqual(conflict('no_mail_address'))
    expect(cases.cases.get(REFERENCE)).toEqual(withoutEmail)
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
    expect(outbox.entries(REFERENCE)).toEqual([])
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it('leaves the answer to an anonymous web request in its follow-up box: no mail, the case answered', async () => {
    // Arrange
    const anonymous = withoutField(
      assignedQuestion({ anonymous: true, email: undefined, receiptHash: 'scrypt$16384$8$1$c2FsdA$a2V5' }),
      'email',
    )
    const { deps, cases, outbox } = await setUp(anonymous)

    // Act
    const answer = await replyToRequester(REFERENCE, ADV_01, { text: 'Ons advies: …' }, deps)

    // Assert
    expect(answer.status).toBe('answered')
    expect(cases.messages.get(REFERENCE)).toEqual([
      {
        id: MESSAGE_ID,
        kind: 'reply',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Ons advies: …',
        at: MONDAY_11_00,
        signature: { name: 'Anouk' },
      },
    ])
    expect(outbox.entries(REFERENCE)).toEqual([])
    expect(cases.cases.get(REFERENCE)?.status).toBe('answered')
    expect((await cases.listEvents(REFERENCE)).find((event) => event.type === 'replied')?.detail).toEqual({
      messageId: MESSAGE_ID,
      via: 'follow-up',
    })
  })

  it('refuses a closed case with case_closed and stores nothing', async () => {
    // Arrange
    const closed = acknowledgedQuestion({ status: 'closed', closedAt: MONDAY_10_20, outcome: 'advice-given' })
    const { deps, cases, outbox } = await setUp(closed)

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, { text: 'Hallo' }, deps))

    // Assert
    expect(error).toEqual(conflict('case_closed'))
    expect(cases.cases.get(REFERENCE)).toEqual(closed)
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
    expect(outbox.entries(REFERENCE)).toEqual([])
  })

  it('refuses a case that does not exist', async () => {
    // Arrange
    const { deps } = await setUp(assignedQuestion())

    // Act
    const replying = replyToRequester('MAR-ZZZZ-ZZZZ', ADV_01, { text: 'Hallo' }, deps)

    // Assert
    await expect(replying).rejects.toBeInstanceOf(CaseNotFoundError)
  })

  it.each([
    ['empty', '', 'Vul een tekst in.'],
    ['whitespace only', ' \n\t\r\n ', 'Vul een tekst in.'],
    ['only invisible characters', '\u200B\u200D', 'Vul een tekst in.'],
    ['10,001 characters', 'x'.repeat(10_001), 'De tekst is langer dan 10000 tekens.'],
    ['a NUL character', 'Hallo\u0000daar', 'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.'],
    [
      'an escape character',
      'Hallo \u001B[31mrood',
      'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.',
    ],
    [
      'a C1 control character',
      'Hallo\u0085daar',
      'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.',
    ],
    [
      'a carriage return not before a line feed',
      'Hallo\rdaar',
      'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.',
    ],
    ['a lone high surrogate', 'Hallo \uD83D daar', 'De tekst bevat tekens die niet opgeslagen kunnen worden.'],
    ['a lone low surrogate', '\uDE00 Hallo', 'De tekst bevat tekens die niet opgeslagen kunnen worden.'],
    ['a number instead of text', 42, 'Vul een tekst in.'],
    ['no text at all', undefined, 'Vul een tekst in.'],
  ])('refuses a reply that is %s with a message on text, and stores nothing', async (_kind, text, message) => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, text === undefined ? {} : { text }, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ text: message })
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
    expect(outbox.entries(REFERENCE)).toEqual([])
    expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
  })

  it.each([
    ['10,000 characters', 'x'.repeat(10_000)],
    ['10,000 emoji (characters are code points, not UTF-16 units)', '😀'.repeat(10_000)],
    ['a single full stop', '.'],
  ])('accepts a reply of %s', async (_kind, text) => {
    // Arrange
    const { deps, cases } = await setUp(assignedQuestion())

    // Act
    const answer = await replyToRequester(REFERENCE, ADV_01, { text }, deps)

    // Assert
    expect(answer.status).toBe('answered')
    expect(cases.messages.get(REFERENCE)?.[0]?.text === text).toBe(true)
  })

  it('refuses a body with fields it does not know, counting them without naming them', async () => {
    // Arrange
    const { deps, cases } = await setUp(assignedQuestion())
    const body = { text: 'Hallo', 'Jan de Vries': 'x', 'jan@example.org': 'y' }

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, body, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ _body: '2 onbekend(e) veld(en); toegestaan: text, via.' })
    expect(JSON.stringify(error)).not.toContain('Jan')
    expect((error as Error).message).not.toContain('jan@example.org')
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
  })

  it.each([
    ['an array', ['Hallo']],
    ['null', null],
    ['a string', 'Hallo'],
  ])('refuses a body that is %s on _body', async (_kind, body) => {
    // Arrange
    const { deps } = await setUp(assignedQuestion())

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, body, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ _body: 'Stuur een JSON-object.' })
  })

  it('refuses with case_closed when the case is closed between its read and its write: the reply is kept, its mail withdrawn', async () => {
    // Arrange: another advisor closes the case while this reply is being written
    const { deps, cases, outbox } = await setUp(assignedQuestion())
    const updateCase = cases.updateCase.bind(cases)
    let closedMeanwhile = false
    cases.updateCase = async (current, changes) => {
      if (!closedMeanwhile) {
        closedMeanwhile = true
        await closeCase(REFERENCE, ADV_03, { outcome: 'withdrawn' }, deps)
      }
      return updateCase(current, changes)
    }

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, { text: 'Hallo' }, deps))

    // Assert
    expect(error).toEqual(conflict('case_closed'))
    expect(cases.cases.get(REFERENCE)?.status).toBe('closed')
    // The advisor is told the reply failed: its mail never goes out (marked failed, so no later run sends it) and
    // what they wrote is not lost — the case shows it as a reply that was not sent.
    expect(
      outbox.entries(REFERENCE).map(({ id, status, ...rest }) => ({ id, status, failureReason: failureOf(rest) })),
    ).toEqual([{ id: `reply:${MESSAGE_ID}`, status: 'failed', failureReason: 'withdrawn: case_closed' }])
    expect((cases.messages.get(REFERENCE) ?? []).map((message) => message.text)).toEqual(['Hallo'])
  })
})

describe('Use case: add a note', () => {
  it('keeps the note exactly, mails nobody, and leaves the case and its workflow run as they are', async () => {
    // Arrange
    const text = 'Gebeld met de melder 📞\n\tterugbellen na de vakantie'
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    const answer = await addNote(REFERENCE, ADV_01, { text }, deps)

    // Assert
    const message = { id: MESSAGE_ID, kind: 'note', author: 'advisor', advisorId: 'adv-01', text, at: MONDAY_11_00 }
    expect(answer).toEqual({ reference: REFERENCE, status: 'assigned', message })
    expect(cases.messages.get(REFERENCE)).toEqual([message])
    expect(outbox.all()).toEqual([])
    expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
    expect(await cases.listEvents(REFERENCE)).toEqual([
      {
        id: `note-added:${MESSAGE_ID}`,
        at: MONDAY_11_00,
        type: 'note-added',
        advisorId: 'adv-01',
        detail: { messageId: MESSAGE_ID },
      },
    ])
  })

  it('adds a note to a closed case', async () => {
    // Arrange
    const closed = acknowledgedQuestion({ status: 'closed', closedAt: MONDAY_10_20, outcome: 'referred' })
    const { deps, cases } = await setUp(closed)

    // Act
    const answer = await addNote(REFERENCE, ADV_03, { text: 'Na sluiting: school belde terug.' }, deps)

    // Assert
    expect(answer.status).toBe('closed')
    expect(cases.messages.get(REFERENCE)?.map((message) => message.text)).toEqual(['Na sluiting: school belde terug.'])
  })

  it('adds a note to an anonymous case (the phone call a reply cannot be)', async () => {
    // Arrange
    const anonymous = withoutField(assignedQuestion({ anonymous: true }), 'email')
    const { deps, cases } = await setUp(anonymous)

    // Act
    await addNote(REFERENCE, ADV_01, { text: 'Melder belde anoniem terug.' }, deps)

    // Assert
    expect(cases.messages.get(REFERENCE)?.map((message) => message.kind)).toEqual(['note'])
  })

  it.each([
    ['empty', '', 'Vul een tekst in.'],
    ['10,001 characters', 'x'.repeat(10_001), 'De tekst is langer dan 10000 tekens.'],
    ['a lone surrogate', '\uD800', 'De tekst bevat tekens die niet opgeslagen kunnen worden.'],
  ])('refuses a note that is %s on text', async (_kind, text, message) => {
    // Arrange
    const { deps, cases } = await setUp(assignedQuestion())

    // Act
    const error = await refusal(addNote(REFERENCE, ADV_01, { text }, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ text: message })
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
  })
})

describe('Use case: acknowledge from the workspace', () => {
  it('acknowledges a waiting case for the advisor, without a new workflow run', async () => {
    // Arrange
    const { deps, cases } = await setUp(assignedQuestion())

    // Act
    const answer = await acknowledgeFromWorkspace(REFERENCE, ADV_03, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'acknowledged' })
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...assignedQuestion(),
      status: 'acknowledged',
      acknowledgedAt: MONDAY_11_00,
      acknowledgedBy: 'adv-03',
      version: 3,
    })
  })

  it('makes a case that waited unassigned the acknowledging advisor’s', async () => {
    // Arrange
    const { assignee: _assignee, ...waiting } = assignedQuestion({ status: 'unassigned' })
    const { deps, cases } = await setUp(waiting)

    // Act
    await acknowledgeFromWorkspace(REFERENCE, ADV_03, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)).toMatchObject({ status: 'acknowledged', assignee: 'adv-03' })
  })

  it.each([
    ['acknowledged', acknowledgedQuestion(), 'already_acknowledged'],
    ['answered', acknowledgedQuestion({ status: 'answered' }), 'already_acknowledged'],
    ['closed', acknowledgedQuestion({ status: 'closed' }), 'case_closed'],
  ] as const)('refuses an %s case with %s and changes nothing', async (_status, stored, code) => {
    // Arrange
    const { deps, cases } = await setUp(stored)

    // Act
    const error = await refusal(acknowledgeFromWorkspace(REFERENCE, ADV_01, deps))

    // Assert
    expect(error).toEqual(conflict(code))
    expect(cases.cases.get(REFERENCE)).toEqual(stored)
  })
})

describe('Use case: assign the case to another advisor', () => {
  it('hands a waiting case to the new advisor and tells them, content-free, with the case link and an acknowledge link', async () => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion(SENTINELS))

    // Act
    const answer = await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'assigned', assignee: 'adv-02' })
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...assignedQuestion(SENTINELS),
      assignee: 'adv-02',
      // The next handover at a shift's end counts from here (core/roster/handover.ts).
      assignedAt: '2027-01-11T10:00:00.000Z',
      linkGeneration: 1,
      workflowRun: 2,
      version: 3,
    })
    const [mail, ...others] = outbox.entries(REFERENCE)
    expect(others).toEqual([])
    expect(mail).toMatchObject({
      id: 'assignment:adv-02',
      kind: 'assignment',
      to: ['y.bakkali@example.org'],
      subject: '[MAR-0000-0001] nieuwe melding (algemene vraag)',
    })
    expect(mail?.text).toContain('Openen in MAR Intake: https://mar.example.nl/advisor/cases/MAR-0000-0001')
    expect(mail?.text).toContain('Bevestig de ontvangst uiterlijk dinsdag 12 januari om 09:30.')
    const token = /Ontvangst bevestigen: https:\/\/mar\.example\.nl\/actions\/(\S+)/.exec(mail?.text ?? '')?.[1] ?? ''
    expect(verifyActionToken(token, SIGNING_KEY, new Date(MONDAY_11_00))).toEqual({
      reference: REFERENCE,
      advisorId: 'adv-02',
      action: 'acknowledge',
      expiresAt: new Date('2027-01-25T10:00:00.000Z'),
      // The reassignment revoked the links sent before; this one is of the generation it started.
      generation: 1,
    })
    for (const value of Object.values(SENTINELS)) {
      expect(`${mail?.subject}\n${mail?.text}\n${mail?.html}`).not.toContain(value)
    }
    expect(await cases.listEvents(REFERENCE)).toEqual([
      {
        id: `reassigned:adv-02:${MONDAY_11_00}`,
        at: MONDAY_11_00,
        type: 'reassigned',
        advisorId: 'adv-02',
        detail: { by: 'adv-03', from: 'adv-01' },
      },
    ])
  })

  it('queues the notice under the routing’s mail id, so the new run’s routing does not tell the advisor twice', async () => {
    // Arrange: routed Monday 10:00 to adv-01, the primary on duty
    const { assignee: _a, routedAt: _r, ...received } = assignedQuestion({ status: 'received', version: 1 })
    const { deps, cases, outbox, clock } = await setUp(received, MONDAY_10_00)
    await routeCase(REFERENCE, deps)
    clock.set(MONDAY_11_00)
    await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps)

    // Act: the run the assignment started routes the case again, as every run does first
    await routeCase(REFERENCE, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)?.assignee).toBe('adv-02')
    expect(outbox.entries(REFERENCE).map((mail) => mail.id)).toEqual([
      'requester-acknowledgement',
      'assignment:adv-01',
      'assignment:adv-02',
    ])
  })

  it('tells an advisor again when the case is assigned back to them, under an id bound to the version', async () => {
    // Arrange
    const { assignee: _a, routedAt: _r, ...received } = assignedQuestion({ status: 'received', version: 1 })
    const { deps, cases, outbox, clock } = await setUp(received, MONDAY_10_00)
    await routeCase(REFERENCE, deps)
    clock.set(MONDAY_11_00)
    await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps)

    // Act
    await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-01' }, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)).toMatchObject({ assignee: 'adv-01', version: 4, workflowRun: 3 })
    expect(outbox.entries(REFERENCE).map((mail) => `${mail.id} → ${mail.to.join()}`)).toEqual([
      'requester-acknowledgement → melder@example.org',
      'assignment:adv-01 → a.verbeek@example.org',
      'assignment:adv-02 → y.bakkali@example.org',
      'assignment:adv-01:v3 → a.verbeek@example.org',
    ])
  })

  it('sends no acknowledge link for a case that is acknowledged already', async () => {
    // Arrange
    const { deps, outbox } = await setUp(acknowledgedQuestion())

    // Act
    const answer = await assignCase(REFERENCE, ADV_01, { advisorId: 'adv-04' }, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'acknowledged', assignee: 'adv-04' })
    const mail = outbox.entries(REFERENCE)[0]
    expect(mail?.to).toEqual(['d.hoekstra@example.org'])
    expect(mail?.text).toContain('Openen in MAR Intake: https://mar.example.nl/advisor/cases/MAR-0000-0001')
    expect(mail?.text).not.toContain('/actions/')
    expect(mail?.text).not.toContain('Bevestig de ontvangst')
  })

  it('routes a case that was never routed: it becomes assigned, routed now', async () => {
    // Arrange
    const { assignee: _a, routedAt: _r, ...received } = assignedQuestion({ status: 'received', version: 1 })
    const { deps, cases } = await setUp(received)

    // Act
    await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)).toMatchObject({ status: 'assigned', assignee: 'adv-02', routedAt: MONDAY_11_00 })
    expect((await cases.listEvents(REFERENCE))[0]?.detail).toEqual({ by: 'adv-03' })
  })

  it('changes nothing and mails nobody when the case has that assignee already', async () => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    const answer = await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-01' }, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'assigned', assignee: 'adv-01' })
    expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
    expect(outbox.all()).toEqual([])
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it.each([
    ['an advisor who is not on the roster', { advisorId: 'adv-99' }],
    ['no advisor', {}],
    ['an id that is not text', { advisorId: 1 }],
  ])('refuses %s on advisorId', async (_kind, body) => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())

    // Act
    const error = await refusal(assignCase(REFERENCE, ADV_03, body, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ advisorId: 'Kies een adviseur uit het rooster.' })
    expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
    expect(outbox.all()).toEqual([])
  })

  it('refuses a closed case with case_closed', async () => {
    // Arrange
    const { deps, outbox } = await setUp(acknowledgedQuestion({ status: 'closed' }))

    // Act
    const error = await refusal(assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps))

    // Assert
    expect(error).toEqual(conflict('case_closed'))
    expect(outbox.all()).toEqual([])
  })

  it('sends the later reminders to the new assignee', async () => {
    // Arrange
    const { deps, clock, outbox } = await setUp(assignedQuestion())
    await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-02' }, deps)
    const reminder = await planNextStep(REFERENCE, [], deps)
    clock.set(reminder?.at ?? '')

    // Act
    const outcome = await runStep(REFERENCE, reminder ?? { id: '', kind: 'reminder', at: '' }, deps)

    // Assert
    expect(reminder).toEqual({
      id: 'reminder:acknowledge',
      kind: 'reminder',
      clock: 'acknowledge',
      at: '2027-01-11T15:00:00.000Z',
    })
    expect(outcome).toBe('ran')
    expect(
      outbox
        .entries(REFERENCE)
        .filter((mail) => mail.kind === 'reminder')
        .map((mail) => ({ id: mail.id, to: mail.to })),
    ).toEqual([{ id: 'reminder:acknowledge:adv-02', to: ['y.bakkali@example.org'] }])
  })
})

/** A question received Thursday 10:00 and acknowledged: to be answered by Wednesday 2027-01-20 16:00. */
const THURSDAY_10_00 = '2027-01-14T09:00:00.000Z'
const FRIDAY_16_00 = '2027-01-15T15:00:00.000Z'
const FRIDAY_16_30 = '2027-01-15T15:30:00.000Z'
const MONDAY_18TH_09_30 = '2027-01-18T08:30:00.000Z'
const MONDAY_18TH_10_00 = '2027-01-18T09:00:00.000Z'
const MONDAY_18TH_11_00 = '2027-01-18T10:00:00.000Z'

function thursdayQuestion(overrides: CaseOverrides = {}): Case {
  return storedCase({
    reference: REFERENCE,
    createdAt: THURSDAY_10_00,
    status: 'acknowledged',
    assignee: 'adv-02',
    routedAt: THURSDAY_10_00,
    acknowledgedAt: '2027-01-14T09:30:00.000Z',
    acknowledgedBy: 'adv-02',
    version: 3,
    ...overrides,
  })
}

describe('Use case: pause the clocks', () => {
  it('pauses the case for the advisor, with the reason and when it resumes by itself, and starts a new run', async () => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)

    // Act
    const answer = await pauseCase(
      REFERENCE,
      ADV_02,
      { reason: 'Wachten op de school\n(mentor belt terug)', until: '2027-01-18T10:00:00+01:00' },
      deps,
    )

    // Assert
    const pause = {
      since: FRIDAY_16_00,
      until: MONDAY_18TH_10_00,
      reason: 'Wachten op de school\n(mentor belt terug)',
      by: 'adv-02',
    }
    expect(answer).toEqual({ reference: REFERENCE, status: 'acknowledged', pause })
    expect(cases.cases.get(REFERENCE)).toEqual({ ...thursdayQuestion(), pause, workflowRun: 2, version: 4 })
    expect(await cases.listEvents(REFERENCE)).toEqual([
      {
        id: `paused:${FRIDAY_16_00}`,
        at: FRIDAY_16_00,
        type: 'paused',
        advisorId: 'adv-02',
        detail: { until: MONDAY_18TH_10_00 },
      },
    ])
  })

  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
  ])('pauses without an end when until is %s', async (_kind, until) => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)

    // Act
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', ...(until === undefined ? {} : { until }) }, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)?.pause).toEqual({ since: FRIDAY_16_00, reason: 'Wachten', by: 'adv-02' })
  })

  it.each([
    ['missing', {}, 'Vul een tekst in.'],
    ['whitespace only', { reason: '  \n ' }, 'Vul een tekst in.'],
    ['10,001 characters', { reason: 'x'.repeat(10_001) }, 'De tekst is langer dan 10000 tekens.'],
  ])('refuses a reason that is %s on reason', async (_kind, body, message) => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_02, body, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ reason: message })
    expect(cases.cases.get(REFERENCE)).toEqual(thursdayQuestion())
  })

  const FORMAT = 'Geef een datum en tijd met tijdzone, bijvoorbeeld 2027-01-15T09:00:00+01:00.'
  const FUTURE = 'Kies een moment in de toekomst.'
  it.each([
    ['an hour ago', '2027-01-15T15:00:00+01:00', FUTURE],
    ['exactly now', '2027-01-15T16:00:00+01:00', FUTURE],
    ['without a time zone', '2027-01-18T10:00:00', FORMAT],
    ['a date that does not exist', '2027-02-30T10:00:00+01:00', FORMAT],
    ['words', 'maandag', FORMAT],
    ['a number', 1_800_000_000_000, FORMAT],
  ])('refuses an until that is %s on until', async (_kind, until, message) => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until }, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({ until: message })
    expect(cases.cases.get(REFERENCE)).toEqual(thursdayQuestion())
  })

  it('refuses a case that is paused already with already_paused', async () => {
    // Arrange
    const paused = thursdayQuestion({ pause: { since: FRIDAY_16_00, reason: 'Wachten', by: 'adv-02' } })
    const { deps, cases } = await setUp(paused, FRIDAY_16_30)

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_03, { reason: 'Nog eens' }, deps))

    // Assert
    expect(error).toEqual(conflict('already_paused'))
    expect(cases.cases.get(REFERENCE)).toEqual(paused)
  })

  it('refuses an answered case with no_running_clock', async () => {
    // Arrange
    const answered = thursdayQuestion({ status: 'answered', answeredAt: FRIDAY_16_00 })
    const { deps, cases } = await setUp(answered, FRIDAY_16_30)

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps))

    // Assert
    expect(error).toEqual(conflict('no_running_clock'))
    expect(cases.cases.get(REFERENCE)).toEqual(answered)
  })

  it('refuses a closed case with case_closed', async () => {
    // Arrange
    const { deps } = await setUp(thursdayQuestion({ status: 'closed' }), FRIDAY_16_30)

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps))

    // Assert
    expect(error).toEqual(conflict('case_closed'))
  })
})

describe('Use case: resume the clocks', () => {
  it('moves the deadline on by exactly the business time paused: Friday 16:00 to Monday 10:00 is 150 minutes', async () => {
    // Arrange
    const { deps, cases, clock } = await setUp(thursdayQuestion(), FRIDAY_16_00)
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten op de school' }, deps)
    clock.set(MONDAY_18TH_10_00)

    // Act
    const answer = await resumeCase(REFERENCE, ADV_03, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'acknowledged' })
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...thursdayQuestion(),
      pause: undefined,
      pausedBusinessMinutes: 150,
      workflowRun: 3,
      version: 5,
    })
    expect((await cases.listEvents(REFERENCE)).at(-1)).toEqual({
      id: `resumed:${MONDAY_18TH_10_00}`,
      at: MONDAY_18TH_10_00,
      type: 'resumed',
      advisorId: 'adv-03',
      detail: { pausedBusinessMinutes: 150 },
    })
    // Wednesday 16:00 + 150 business minutes = Thursday 10:00.
    const read = await readCase(REFERENCE, ADV_02, deps)
    expect(read.case.deadlines.respond).toEqual({ dueAt: '2027-01-21T09:00:00.000Z', state: 'running' })
  })

  it('moves the deadline on by 90 minutes for a pause from Friday 16:30 to Monday 09:30, and adds later pauses to it', async () => {
    // Arrange
    const { deps, clock } = await setUp(thursdayQuestion(), FRIDAY_16_30)
    await pauseCase(REFERENCE, ADV_02, { reason: 'Eerste pauze' }, deps)
    clock.set(MONDAY_18TH_09_30)
    await resumeCase(REFERENCE, ADV_02, deps)
    const afterFirst = (await readCase(REFERENCE, ADV_02, deps)).case.deadlines.respond.dueAt
    clock.set(MONDAY_18TH_10_00)
    await pauseCase(REFERENCE, ADV_02, { reason: 'Tweede pauze' }, deps)
    clock.set(MONDAY_18TH_11_00)

    // Act
    await resumeCase(REFERENCE, ADV_02, deps)

    // Assert
    expect(afterFirst).toBe('2027-01-21T08:00:00.000Z')
    const read = await readCase(REFERENCE, ADV_02, deps)
    expect(read.case.deadlines.respond.dueAt).toBe('2027-01-21T09:00:00.000Z')
  })

  it('moves both deadlines of a case that still waits for acknowledgement', async () => {
    // Arrange: received Thursday 10:00, to be acknowledged by Friday 09:30; paused Thursday 16:00 to Friday 09:00
    const waiting = thursdayQuestion({ status: 'assigned', acknowledgedAt: undefined, acknowledgedBy: undefined })
    const { deps, clock } = await setUp(waiting, '2027-01-14T15:00:00.000Z')
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)
    clock.set('2027-01-15T08:00:00.000Z')

    // Act
    await resumeCase(REFERENCE, ADV_02, deps)

    // Assert: 60 + 30 = 90 business minutes
    const { deadlines } = (await readCase(REFERENCE, ADV_02, deps)).case
    expect(deadlines).toEqual({
      acknowledge: { dueAt: '2027-01-15T10:00:00.000Z', state: 'running' },
      respond: { dueAt: '2027-01-21T08:00:00.000Z', state: 'running' },
      // Its reminder (75 % of 8 h: Thursday 16:00, + 90 minutes) is Friday 09:00: now, so it is due soon.
      running: {
        risk: 'due-soon',
        clock: 'acknowledge',
        dueAt: '2027-01-15T10:00:00.000Z',
        remindAt: '2027-01-15T08:00:00.000Z',
      },
    })
  })

  it('refuses a case that is not paused with not_paused', async () => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)

    // Act
    const error = await refusal(resumeCase(REFERENCE, ADV_02, deps))

    // Assert
    expect(error).toEqual(conflict('not_paused'))
    expect(cases.cases.get(REFERENCE)).toEqual(thursdayQuestion())
  })
})

describe('Use case: close the case', () => {
  // A duplicate names the case it repeats: test/unit/core/advisor-actions/close-duplicate.test.ts.
  const outcomesOnTheirOwn = OUTCOMES.filter((outcome) => outcome !== 'duplicate')
  it.each(outcomesOnTheirOwn)('closes the case with the outcome %s and ends its workflow', async (outcome) => {
    // Arrange
    const { deps, cases } = await setUp(acknowledgedQuestion())

    // Act
    const answer = await closeCase(REFERENCE, ADV_01, { outcome }, deps)

    // Assert
    expect(answer).toEqual({ reference: REFERENCE, status: 'closed' })
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...acknowledgedQuestion(),
      status: 'closed',
      closedAt: MONDAY_11_00,
      closedBy: 'adv-01',
      outcome,
      pause: undefined,
      linkGeneration: 1,
      workflowRun: 2,
      version: 4,
    })
    expect(await cases.listEvents(REFERENCE)).toEqual([
      { id: `closed:${MONDAY_11_00}`, at: MONDAY_11_00, type: 'closed', advisorId: 'adv-01', detail: { outcome } },
    ])
    expect(await planNextStep(REFERENCE, [], deps)).toBeUndefined()
  })

  it.each([
    ['not one of the choices', { outcome: 'solved' }],
    ['missing', {}],
  ])('refuses an outcome that is %s on outcome', async (_kind, body) => {
    // Arrange
    const { deps, cases } = await setUp(acknowledgedQuestion())

    // Act
    const error = await refusal(closeCase(REFERENCE, ADV_01, body, deps))

    // Assert
    expect(fieldsOf(error)).toEqual({
      outcome: 'Kies een uitkomst: advice-given, referred, no-concern, training-info, withdrawn, duplicate.',
    })
    expect(cases.cases.get(REFERENCE)).toEqual(acknowledgedQuestion())
  })

  it('refuses to close a case twice with case_closed, and keeps the first close', async () => {
    // Arrange
    const { deps, cases, clock } = await setUp(acknowledgedQuestion())
    await closeCase(REFERENCE, ADV_01, { outcome: 'advice-given' }, deps)
    const closed = cases.cases.get(REFERENCE)
    clock.advance(60_000)

    // Act
    const error = await refusal(closeCase(REFERENCE, ADV_03, { outcome: 'referred' }, deps))

    // Assert
    expect(error).toEqual(conflict('case_closed'))
    expect(cases.cases.get(REFERENCE)).toEqual(closed)
  })

  it('closes a paused case: the pause ends, and no resume is planned', async () => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: '2027-01-18T10:00:00+01:00' }, deps)

    // Act
    await closeCase(REFERENCE, ADV_02, { outcome: 'no-concern' }, deps)

    // Assert
    expect(cases.cases.get(REFERENCE)?.pause).toBeUndefined()
    expect(cases.cases.get(REFERENCE)?.status).toBe('closed')
    expect(await planNextStep(REFERENCE, [], deps)).toBeUndefined()
  })
})

describe('Two advisors acting on one case at once', () => {
  it('loses neither write when another advisor’s change lands between this one’s read and write', async () => {
    // Arrange: adv-02 pauses the case; between its read and its write adv-03 reassigns it to adv-04
    const { deps, cases, outbox } = await setUp(thursdayQuestion(), FRIDAY_16_00)
    const updateCase = cases.updateCase.bind(cases)
    const writes: string[] = []
    let interleaved = false
    cases.updateCase = async (current, changes) => {
      if (!interleaved) {
        interleaved = true
        await assignCase(REFERENCE, ADV_03, { advisorId: 'adv-04' }, deps)
      }
      const stored = await updateCase(current, changes)
      writes.push(`${Object.keys(changes).sort().join(',')}@v${current.version}:${stored ? 'stored' : 'lost'}`)
      return stored
    }

    // Act
    const answer = await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)

    // Assert
    expect(writes).toEqual([
      'assignedAt,assignee,linkGeneration,workflowRun@v3:stored',
      'pause,workflowRun@v3:lost',
      'pause,workflowRun@v4:stored',
    ])
    expect(answer.pause).toEqual({ since: FRIDAY_16_00, reason: 'Wachten', by: 'adv-02' })
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...thursdayQuestion(),
      assignee: 'adv-04',
      assignedAt: FRIDAY_16_00,
      pause: { since: FRIDAY_16_00, reason: 'Wachten', by: 'adv-02' },
      linkGeneration: 1,
      workflowRun: 3,
      version: 5,
    })
    expect((await cases.listEvents(REFERENCE)).map((event) => event.type)).toEqual(['reassigned', 'paused'])
    expect(outbox.entries(REFERENCE).map((mail) => mail.id)).toEqual(['assignment:adv-04'])
  })

  it('answers conflict when the case changes under it five times in a row, and changes nothing itself', async () => {
    // Arrange
    const { deps, cases } = await setUp(thursdayQuestion(), FRIDAY_16_00)
    const updateCase = cases.updateCase.bind(cases)
    let attempts = 0
    cases.updateCase = async (current, changes) => {
      attempts++
      const latest = cases.cases.get(REFERENCE) as Case
      cases.cases.set(REFERENCE, { ...latest, version: latest.version + 1 })
      return updateCase(current, changes)
    }

    // Act
    const error = await refusal(pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps))

    // Assert
    expect(error).toEqual(conflict('conflict'))
    expect(attempts).toBe(5)
    expect(cases.cases.get(REFERENCE)).toEqual({ ...thursdayQuestion(), version: 8 })
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it('withdraws the reply mail when its write answers conflict (the advisor will send it again)', async () => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())
    const updateCase = cases.updateCase.bind(cases)
    cases.updateCase = async (current, changes) => {
      const latest = cases.cases.get(REFERENCE) as Case
      cases.cases.set(REFERENCE, { ...latest, version: latest.version + 1 })
      return updateCase(current, changes)
    }

    // Act
    const error = await refusal(replyToRequester(REFERENCE, ADV_01, { text: 'Hallo' }, deps))

    // Assert
    expect(error).toEqual(conflict('conflict'))
    expect(
      outbox.entries(REFERENCE).map(({ status, ...rest }) => ({ status, failureReason: failureOf(rest) })),
    ).toEqual([{ status: 'failed', failureReason: 'withdrawn: conflict' }])
  })
})

describe('Who may act on cases', () => {
  it.each([
    ['someone not on the roster in force', { id: 'adv-99', roles: ['advisor'] }],
    ['a roster advisor whose sign-in grants no role', { id: 'adv-01', roles: [] }],
  ] as const)('refuses %s with ForbiddenError, storing nothing', async (_kind, actor) => {
    // Arrange
    const { deps, cases, outbox } = await setUp(assignedQuestion())
    const who: ActingAdvisor = { id: actor.id, roles: [...actor.roles] }

    // Act
    const outcomes = await Promise.allSettled([
      replyToRequester(REFERENCE, who, { text: 'Hallo' }, deps),
      addNote(REFERENCE, who, { text: 'Hallo' }, deps),
      assignCase(REFERENCE, who, { advisorId: 'adv-02' }, deps),
      pauseCase(REFERENCE, who, { reason: 'Wachten' }, deps),
      resumeCase(REFERENCE, who, deps),
      closeCase(REFERENCE, who, { outcome: 'withdrawn' }, deps),
      acknowledgeFromWorkspace(REFERENCE, who, deps),
    ])

    // Assert
    expect(
      outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ForbiddenError),
    ).toEqual(Array(7).fill(true))
    expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
    expect(cases.messages.get(REFERENCE)).toBeUndefined()
    expect(outbox.all()).toEqual([])
  })

  it('refuses everyone when no roster is stored', async () => {
    // Arrange
    const testbed = workflowDependencies({ now: MONDAY_11_00, roster: null })

    // Act
    const checking = rosterMember(ADV_01, testbed.deps)

    // Assert
    await expect(checking).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('knows the advisor as the roster in force has them', async () => {
    // Arrange
    const { deps } = await setUp(assignedQuestion())

    // Act
    const { member, roster } = await rosterMember(ADV_03, deps)

    // Assert
    expect(member).toEqual({
      id: 'adv-03',
      name: 'Marloes Kuipers',
      email: 'm.kuipers@example.org',
      roles: ['advisor', 'coordinator'],
    })
    expect(roster).toEqual(exampleRoster())
  })
})

describe('Rule: advisor texts and action bodies', () => {
  it('returns the text it accepts unchanged, naming the field it refuses', () => {
    // Act
    const accepted = parseActionInput(pause, { reason: '\tWachten\r\n' }).reason
    const refused = (() => {
      try {
        parseActionInput(pause, { reason: '\u0007' })
      } catch (error) {
        return fieldsOf(error)
      }
    })()

    // Assert
    expect(accepted).toBe('\tWachten\r\n')
    expect(refused).toEqual({ reason: 'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.' })
  })

  it('takes the fields an action allows, and none other', () => {
    // Act
    const takesTwo = { fields: { reason: z.unknown(), until: z.unknown() } } as unknown as AdvisorAction
    const fields = parseActionInput(takesTwo, { reason: 'x', until: 'y' })
    const tooMany = (() => {
      try {
        parseActionInput(takesTwo, { reason: 'x', secret: 'geheim' })
      } catch (error) {
        return fieldsOf(error)
      }
    })()

    // Assert
    expect(fields).toEqual({ reason: 'x', until: 'y' })
    expect(tooMany).toEqual({ _body: '1 onbekend(e) veld(en); toegestaan: reason, until.' })
  })
})
