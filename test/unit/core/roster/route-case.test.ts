import { describe, expect, it } from 'vitest'
import type { Case } from '../../../../functions/core/cases/case.ts'
import { planFor } from '../../../../functions/core/deadlines/case-workflow.ts'
import { acknowledgeCase } from '../../../../functions/core/links/acknowledge-case.ts'
import { ACTION_TOKEN_LIFETIME_DAYS, signActionToken } from '../../../../functions/core/links/action-token.ts'
import { parseRoster, type Roster } from '../../../../functions/core/roster/roster.ts'
import { assignWaitingCases, routeCase } from '../../../../functions/core/roster/route-case.ts'
import { CaseNotFoundError } from '../../../../functions/core/shared/errors.ts'
import { IMMEDIATE_DANGER_GUIDANCE } from '../../../../functions/views/guidance.ts'
import { formatMoment } from '../../../../functions/views/mail/notifications.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { exampleRoster, SIGNING_KEY, TIME_ZONE, workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

/** Example roster, January 2027 (CET, UTC+1): Mon/Tue adv-01 primary and adv-03 backup; coordinators adv-03, adv-05. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_08_30 = '2027-01-11T07:30:00.000Z'
const SUNDAY_23_00 = '2027-01-10T22:00:00.000Z'
const SATURDAY_11_00 = '2027-01-16T10:00:00.000Z'
const REFERENCE = 'MAR-0000-0001'

const ADDRESS = {
  'adv-01': 'a.verbeek@example.org',
  'adv-02': 'y.bakkali@example.org',
  'adv-03': 'm.kuipers@example.org',
  'adv-04': 'd.hoekstra@example.org',
  'adv-05': 'p.ramdin@example.org',
} as const

/** The example roster with more shifts. */
function rosterWith(...shifts: Roster['shifts']): Roster {
  const base = exampleRoster()
  return parseRoster({ ...base, shifts: [...base.shifts, ...shifts] })
}

/** Mondays and Tuesdays, adv-04 is primary as well as adv-01 (adv-01 comes first in the roster). */
const twoPrimaries = () =>
  rosterWith({ advisorId: 'adv-04', role: 'primary', weekdays: ['mon', 'tue'], from: '08:30', to: '17:00' })

async function setUp(options: { now: string; roster?: Roster | null; stored: Case[]; randomBytes?: number[] }) {
  const testbed = workflowDependencies(options)
  for (const stored of options.stored) await testbed.cases.createCase(stored)
  return testbed
}

/** The mail queued for the case, without the requester's acknowledgement: who got which kind. */
function advisorMail(testbed: Awaited<ReturnType<typeof setUp>>, reference = REFERENCE) {
  return testbed.outbox
    .entries(reference)
    .filter((mail) => mail.kind !== 'requester-acknowledgement')
    .map((mail) => ({ kind: mail.kind, to: mail.to }))
}

describe('Use case: route a case', () => {
  it('assigns the case to the primary on duty with the fewest open cases', async () => {
    // Arrange: adv-01 has two open cases, adv-04 none; the draw (0) would pick adv-01 in a tie
    const testbed = await setUp({
      now: MONDAY_10_00,
      roster: twoPrimaries(),
      randomBytes: [0],
      stored: [
        storedCase({
          reference: 'MAR-0000-0002',
          createdAt: '2027-01-04T09:00:00Z',
          status: 'assigned',
          assignee: 'adv-01',
        }),
        storedCase({
          reference: 'MAR-0000-0003',
          createdAt: '2027-01-05T09:00:00Z',
          status: 'acknowledged',
          assignee: 'adv-01',
        }),
        storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00 }),
      ],
    })

    // Act
    const outcome = await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(outcome).toEqual({ kind: 'assigned', reference: REFERENCE, assignee: 'adv-04' })
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({
      status: 'assigned',
      assignee: 'adv-04',
      routedAt: MONDAY_10_00,
      version: 2,
    })
  })

  it.each([
    { draw: 0, assignee: 'adv-01' },
    { draw: 1, assignee: 'adv-04' },
  ])(
    'breaks a tie between equally loaded primaries by the random draw ($draw → $assignee)',
    async ({ draw, assignee }) => {
      // Arrange
      const testbed = await setUp({
        now: MONDAY_10_00,
        roster: twoPrimaries(),
        randomBytes: [draw],
        stored: [storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00 })],
      })

      // Act
      const outcome = await routeCase(REFERENCE, testbed.deps)

      // Assert
      expect(outcome).toEqual({ kind: 'assigned', reference: REFERENCE, assignee })
      expect(advisorMail(testbed)).toEqual([{ kind: 'assignment', to: [ADDRESS[assignee as keyof typeof ADDRESS]] }])
    },
  )

  it('alerts the backup on duty and every coordinator of an urgent case, each once', async () => {
    // Arrange: adv-03 is both the backup on duty and a coordinator
    const testbed = await setUp({
      now: MONDAY_10_00,
      stored: [urgentCase({ reference: REFERENCE, createdAt: MONDAY_10_00 })],
    })

    // Act
    await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(advisorMail(testbed)).toEqual([
      { kind: 'assignment', to: [ADDRESS['adv-01']] },
      { kind: 'urgent-alert', to: [ADDRESS['adv-03']] },
      { kind: 'urgent-alert', to: [ADDRESS['adv-05']] },
    ])
    const [, backup, coordinator] = testbed.outbox
      .entries(REFERENCE)
      .filter((mail) => mail.kind !== 'requester-acknowledgement')
    expect(backup?.subject).toBe(`[${REFERENCE}] URGENT: nieuwe melding (zorg over een persoon)`)
    expect(backup?.text).toContain('U bent achterwacht.')
    expect(coordinator?.text).toContain('Ter informatie voor de coördinator.')
  })

  it('does not alert an assignee of an urgent case a second time because they are also a coordinator', async () => {
    // Arrange: on Saturday adv-03 (advisor and coordinator) is the only one on duty; no backup
    const testbed = await setUp({
      now: SATURDAY_11_00,
      roster: rosterWith({
        advisorId: 'adv-03',
        role: 'primary',
        start: '2027-01-16T10:00:00+01:00',
        end: '2027-01-16T14:00:00+01:00',
      }),
      stored: [urgentCase({ reference: REFERENCE, createdAt: SATURDAY_11_00 })],
    })

    // Act
    const outcome = await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(outcome).toEqual({ kind: 'assigned', reference: REFERENCE, assignee: 'adv-03' })
    expect(advisorMail(testbed)).toEqual([
      { kind: 'assignment', to: [ADDRESS['adv-03']] },
      { kind: 'urgent-alert', to: [ADDRESS['adv-05']] },
    ])
  })

  it('leaves a case unassigned when nobody is on duty and alerts every coordinator with the next shift start', async () => {
    // Arrange
    const testbed = await setUp({
      now: SUNDAY_23_00,
      stored: [storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 })],
    })

    // Act
    const outcome = await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(outcome).toEqual({ kind: 'unassigned', reference: REFERENCE })
    const stored = testbed.cases.cases.get(REFERENCE)
    expect(stored).toMatchObject({ status: 'unassigned', routedAt: SUNDAY_23_00 })
    expect(stored?.assignee).toBeUndefined()
    expect(advisorMail(testbed)).toEqual([
      { kind: 'unassigned-alert', to: [ADDRESS['adv-03']] },
      { kind: 'unassigned-alert', to: [ADDRESS['adv-05']] },
    ])
    for (const alert of testbed.outbox.entries(REFERENCE).filter((mail) => mail.kind === 'unassigned-alert')) {
      expect(alert.text).toContain(
        'De melding gaat automatisch naar de adviseur die maandag 11 januari om 08:30 dienst heeft.',
      )
    }
  })

  it('records the routing in the audit trail: who got the case, or that nobody was on duty', async () => {
    // Arrange
    const assigned = await setUp({
      now: MONDAY_10_00,
      stored: [storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00 })],
    })
    const waiting = await setUp({
      now: SUNDAY_23_00,
      stored: [storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 })],
    })

    // Act
    await routeCase(REFERENCE, assigned.deps)
    await routeCase(REFERENCE, waiting.deps)

    // Assert
    expect(await assigned.cases.listEvents(REFERENCE)).toEqual([
      { id: 'assigned:adv-01', at: MONDAY_10_00, type: 'assigned', advisorId: 'adv-01' },
    ])
    expect(await waiting.cases.listEvents(REFERENCE)).toEqual([
      { id: 'unassigned', at: SUNDAY_23_00, type: 'unassigned' },
    ])
  })

  it('changes nothing and queues no mail twice when it runs again', async () => {
    // Arrange: a second run would draw another advisor if it drew again
    const testbed = await setUp({
      now: MONDAY_10_00,
      roster: twoPrimaries(),
      randomBytes: [0, 1],
      stored: [urgentCase({ reference: REFERENCE, createdAt: MONDAY_10_00 })],
    })
    const first = await routeCase(REFERENCE, testbed.deps)
    const caseAfterFirst = testbed.cases.cases.get(REFERENCE)
    const mailAfterFirst = testbed.outbox.entries(REFERENCE)
    testbed.clock.advance(60_000)

    // Act
    const second = await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(second).toEqual(first)
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(caseAfterFirst)
    expect(testbed.outbox.entries(REFERENCE)).toEqual(mailAfterFirst)
    expect(await testbed.cases.listEvents(REFERENCE)).toHaveLength(1)
  })

  it('refuses a reference that names no case', async () => {
    // Arrange
    const testbed = await setUp({ now: MONDAY_10_00, stored: [] })

    // Act
    const routing = routeCase('MAR-ZZZZ-ZZZZ', testbed.deps)

    // Assert
    await expect(routing).rejects.toBeInstanceOf(CaseNotFoundError)
    expect(testbed.outbox.all()).toEqual([])
  })

  it('queues no mail for an urgent case that a coordinator acknowledged while it waited for a shift', async () => {
    // Arrange: routed Sunday night (nobody on duty), acknowledged by coordinator adv-05 from the alert
    const testbed = await setUp({
      now: SUNDAY_23_00,
      stored: [urgentCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 })],
    })
    await routeCase(REFERENCE, testbed.deps)
    const token = signActionToken(
      {
        reference: REFERENCE,
        advisorId: 'adv-05',
        action: 'acknowledge',
        expiresAt: new Date(Date.parse(SUNDAY_23_00) + ACTION_TOKEN_LIFETIME_DAYS * 86_400_000),
        generation: 0,
      },
      SIGNING_KEY,
    )
    await acknowledgeCase(token, testbed.deps)
    const mailBefore = testbed.outbox.entries(REFERENCE)
    testbed.clock.set(MONDAY_08_30)

    // Act: the assign step planned on Sunday night runs at the shift start
    const outcome = await routeCase(REFERENCE, testbed.deps)

    // Assert
    expect(outcome).toEqual({ kind: 'settled', reference: REFERENCE })
    expect(testbed.outbox.entries(REFERENCE)).toEqual(mailBefore)
  })
})

describe('Use case: assign waiting cases', () => {
  it('at Monday 08:30 hands a case that waited since Sunday night to the primary then on duty and mails them', async () => {
    // Arrange
    const testbed = await setUp({
      now: SUNDAY_23_00,
      stored: [storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 })],
    })
    await routeCase(REFERENCE, testbed.deps)
    testbed.clock.set(MONDAY_08_30)

    // Act
    const outcomes = await assignWaitingCases(testbed.deps)

    // Assert
    expect(outcomes).toEqual([{ kind: 'assigned', reference: REFERENCE, assignee: 'adv-01' }])
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({
      status: 'assigned',
      assignee: 'adv-01',
      routedAt: MONDAY_08_30,
    })
    const assignment = testbed.outbox.entries(REFERENCE).filter((mail) => mail.kind === 'assignment')
    expect(assignment.map((mail) => ({ to: mail.to, queuedAt: mail.queuedAt }))).toEqual([
      { to: [ADDRESS['adv-01']], queuedAt: MONDAY_08_30 },
    ])
    expect(await testbed.cases.listUnassignedCases()).toEqual([])
  })

  it('leaves waiting cases waiting while still nobody is on duty', async () => {
    // Arrange
    const testbed = await setUp({
      now: SUNDAY_23_00,
      stored: [storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 })],
    })
    await routeCase(REFERENCE, testbed.deps)
    const mailBefore = testbed.outbox.entries(REFERENCE)
    testbed.clock.set('2027-01-11T07:29:59.999Z')

    // Act
    const outcomes = await assignWaitingCases(testbed.deps)

    // Assert
    expect(outcomes).toEqual([{ kind: 'unassigned', reference: REFERENCE }])
    expect(testbed.outbox.entries(REFERENCE)).toEqual(mailBefore)
  })
})

describe('Use case: route a case — the requester', () => {
  it.each([
    {
      language: 'nl' as const,
      subject: `[${REFERENCE}] Uw vraag aan MAR is ontvangen`,
      reference: `Uw zaaknummer is ${REFERENCE}.`,
    },
    {
      language: 'en' as const,
      subject: `[${REFERENCE}] Your request to MAR has been received`,
      reference: `Your reference is ${REFERENCE}.`,
    },
  ])(
    'acknowledges receipt in the requester’s language ($language) with the reference and the 112 guidance',
    async ({ language, subject, reference }) => {
      // Arrange
      const submitted = storedCase({
        reference: REFERENCE,
        createdAt: MONDAY_10_00,
        language,
        email: 'melder@example.org',
      })
      const testbed = await setUp({ now: MONDAY_10_00, stored: [submitted] })

      // Act
      await routeCase(REFERENCE, testbed.deps)

      // Assert
      const mails = testbed.outbox.entries(REFERENCE).filter((mail) => mail.kind === 'requester-acknowledgement')
      expect(mails).toHaveLength(1)
      const [mail] = mails
      expect(mail?.to).toEqual(['melder@example.org'])
      // From the intake address, so that a reply to it comes back to MAR.
      expect(mail?.from).toBe('intake')
      expect(mail?.subject).toBe(subject)
      expect(mail?.text).toContain(reference)
      expect(mail?.text).toContain(IMMEDIATE_DANGER_GUIDANCE[language])
      expect(mail?.text).toContain(formatMoment(planFor(submitted, testbed.deps).respondBy, TIME_ZONE, language))
      expect(mail?.html).toContain(`<html lang="${language}">`)
    },
  )

  it('sends nothing to an anonymous requester', async () => {
    // Arrange
    const { email: _email, ...withoutAddress } = storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00 })
    const testbed = await setUp({ now: MONDAY_10_00, stored: [{ ...withoutAddress, anonymous: true }] })

    // Act
    await routeCase(REFERENCE, testbed.deps)

    // Assert
    const kinds = testbed.outbox.entries(REFERENCE).map((mail) => mail.kind)
    expect(kinds).toEqual(['assignment'])
  })
})
