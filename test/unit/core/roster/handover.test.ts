import { describe, expect, it } from 'vitest'
import { acknowledgeAs } from '../../../../functions/core/advisor-actions/acknowledge.ts'
import type { Case, WebCase } from '../../../../functions/core/cases/case.ts'
import { sendAdvisorReminder } from '../../../../functions/core/deadlines/advisor-reminders.ts'
import { planNextStep, runStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import { acknowledgeCase } from '../../../../functions/core/links/acknowledge-case.ts'
import { InvalidActionTokenError } from '../../../../functions/core/links/action-token.ts'
import { plannedHandover } from '../../../../functions/core/roster/handover.ts'
import { parseRoster } from '../../../../functions/core/roster/roster.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { exampleRoster, workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
/** January 2027, CET. Example roster: Mon/Tue adv-01, Wed/Thu adv-02, Fri adv-04 primary, 08:30–17:00. */
const FRIDAY_16_55 = '2027-01-15T15:55:00.000Z'
const MONDAY_08_30 = '2027-01-18T07:30:00.000Z'
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'

const ADDRESS = { 'adv-01': 'a.verbeek@example.org', 'adv-02': 'y.bakkali@example.org' } as const

function assigned(overrides: Partial<WebCase> = {}): WebCase {
  return storedCase({
    reference: REFERENCE,
    createdAt: FRIDAY_16_55,
    status: 'assigned',
    assignee: 'adv-04',
    routedAt: FRIDAY_16_55,
    version: 2,
    ...overrides,
  })
}

async function setUp(stored: Case, now: string) {
  const testbed = workflowDependencies({ now })
  await testbed.cases.createCase(stored)
  return testbed
}

const plan = (stored: Case, now: string, roster = exampleRoster()) =>
  plannedHandover(stored, roster, new Date(now), workflowDependencies({ now }).deps)

describe('Rule: when an unacknowledged case is handed over', () => {
  it("at Monday's shift start for a case Friday's primary did not acknowledge by 17:00", () => {
    expect(plan(assigned(), FRIDAY_16_55)).toEqual({
      id: `handover:adv-04:${MONDAY_08_30}`,
      from: 'adv-04',
      at: new Date(MONDAY_08_30),
    })
  })

  it('keeps it with an advisor who is the primary again at the next shift start (Monday, then Tuesday)', () => {
    const plan1 = plan(assigned({ createdAt: MONDAY_10_00, routedAt: MONDAY_10_00, assignee: 'adv-01' }), MONDAY_10_00)
    // Tuesday 17:00 ends adv-01's second day: Wednesday 08:30, adv-02.
    expect(plan1?.at).toEqual(new Date('2027-01-13T07:30:00.000Z'))
  })

  it('at once when another primary is on duty as the shift ends', () => {
    // Monday 11 January: adv-01 until 17:00; adv-02 on a dated evening shift from 16:00 to 21:00.
    const roster = exampleRoster()
    const evening = {
      advisorId: 'adv-02',
      role: 'primary',
      start: '2027-01-11T16:00:00+01:00',
      end: '2027-01-11T21:00:00+01:00',
    }
    const withEvening = parseRoster({ ...JSON.parse(JSON.stringify(roster)), shifts: [...roster.shifts, evening] })
    const stored = assigned({ createdAt: MONDAY_10_00, routedAt: MONDAY_10_00, assignee: 'adv-01' })
    expect(plan(stored, MONDAY_10_00, withEvening)?.at).toEqual(new Date('2027-01-11T16:00:00.000Z'))
  })

  it('stays through a dated evening shift of the same advisor, then goes to the next shift start', () => {
    // Thursday 14 January: adv-02 primary 08:30–17:00 and, dated, 17:00–21:00: one time on duty until 21:00.
    const thursday = '2027-01-14T10:00:00.000Z'
    const stored = assigned({ createdAt: thursday, routedAt: thursday, assignee: 'adv-02' })
    expect(plan(stored, thursday)?.at).toEqual(new Date('2027-01-15T07:30:00.000Z'))
  })

  it('counts from a reassignment: a case given on Monday to Wednesday’s advisor stays with them through Thursday', () => {
    const stored = assigned({
      createdAt: MONDAY_10_00,
      routedAt: MONDAY_10_00,
      assignee: 'adv-02',
      assignedAt: MONDAY_10_00,
    })
    expect(plan(stored, MONDAY_10_00)?.at).toEqual(new Date('2027-01-15T07:30:00.000Z'))
  })

  it('plans none for an acknowledged, unassigned or closed case, or when nobody will be on duty', () => {
    expect(plan(assigned({ status: 'acknowledged' }), FRIDAY_16_55)).toBeUndefined()
    expect(plan(assigned({ status: 'unassigned', assignee: undefined }), FRIDAY_16_55)).toBeUndefined()
    expect(plan(assigned({ status: 'closed' }), FRIDAY_16_55)).toBeUndefined()
    const noShifts = parseRoster({ ...JSON.parse(JSON.stringify(exampleRoster())), shifts: [] })
    expect(plan(assigned(), FRIDAY_16_55, noShifts)).toBeUndefined()
  })

  it('plans none after the case’s last escalation: a forgotten case does not wander forever', () => {
    // Received Monday 4 January: its ladder (60 business hours) ends on Tuesday 12 January.
    const early = '2027-01-04T09:00:00.000Z'
    const stored = assigned({
      createdAt: early,
      routedAt: early,
      assignee: 'adv-02',
      assignedAt: '2027-01-14T07:30:00Z',
    })
    expect(plan(stored, '2027-01-14T08:00:00.000Z')).toBeUndefined()
  })

  it('is planned by the workflow before a reminder due at the same moment or later', async () => {
    const { deps } = await setUp(assigned(), FRIDAY_16_55)
    expect(await planNextStep(REFERENCE, [], deps)).toEqual({
      id: `handover:adv-04:${MONDAY_08_30}`,
      kind: 'handover',
      at: MONDAY_08_30,
    })
  })
})

describe('Use case: the workflow hands a case over', () => {
  const step = { id: `handover:adv-04:${MONDAY_08_30}`, kind: 'handover' as const, at: MONDAY_08_30 }

  it('gives it to the primary on duty, tells them with a working acknowledge link, and records from, to and at', async () => {
    const testbed = await setUp(assigned(), MONDAY_08_30)

    expect(await runStep(REFERENCE, step, testbed.deps)).toBe('ran')

    expect(await testbed.cases.getCase(REFERENCE)).toMatchObject({
      status: 'assigned',
      assignee: 'adv-01',
      assignedAt: MONDAY_08_30,
    })
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([
      {
        id: `handed-over:${MONDAY_08_30}`,
        at: MONDAY_08_30,
        type: 'handed-over',
        advisorId: 'adv-01',
        detail: { from: 'adv-04', to: 'adv-01', at: MONDAY_08_30 },
      },
    ])
    const mails = testbed.outbox.entries(REFERENCE)
    expect(mails.map(({ id, kind, to }) => ({ id, kind, to }))).toEqual([
      { id: `handover:${MONDAY_08_30}:adv-01`, kind: 'assignment', to: [ADDRESS['adv-01']] },
    ])
    const link = /\/actions\/(\S+)/.exec(mails[0]?.text ?? '')?.[1] ?? ''
    expect(await acknowledgeCase(link, testbed.deps)).toEqual({
      kind: 'acknowledged',
      reference: REFERENCE,
      advisorId: 'adv-01',
    })
  })

  it('does it once however often the step runs', async () => {
    const testbed = await setUp(assigned(), MONDAY_08_30)
    await runStep(REFERENCE, step, testbed.deps)
    testbed.clock.advance(60_000)
    await runStep(REFERENCE, step, testbed.deps)

    expect(testbed.outbox.entries(REFERENCE)).toHaveLength(1)
    expect(await testbed.cases.listEvents(REFERENCE)).toHaveLength(1)
    expect((await testbed.cases.getCase(REFERENCE))?.version).toBe(3)
  })

  it('waits when woken before its moment (not done: planned again)', async () => {
    const testbed = await setUp(assigned(), '2027-01-18T07:00:00.000Z')
    expect(await runStep(REFERENCE, step, testbed.deps)).toBe('not-due')
    expect((await testbed.cases.getCase(REFERENCE))?.assignee).toBe('adv-04')
  })

  it('racing an acknowledgement that lands first: the acknowledgement wins, nothing is handed over or lost', async () => {
    // Arrange: the Friday advisor acknowledges between the handover's read and its write.
    const testbed = await setUp(assigned(), MONDAY_08_30)
    const update = testbed.cases.updateCase.bind(testbed.cases)
    let raced = false
    testbed.cases.updateCase = async (current, changes) => {
      if (!raced) {
        raced = true
        await acknowledgeAs(REFERENCE, 'adv-04', testbed.deps)
      }
      return update(current, changes)
    }

    // Act
    expect(await runStep(REFERENCE, step, testbed.deps)).toBe('ran')

    // Assert: one winner, and its write is whole.
    expect(await testbed.cases.getCase(REFERENCE)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'adv-04',
      assignee: 'adv-04',
      version: 3,
    })
    expect((await testbed.cases.listEvents(REFERENCE)).map((event) => event.type)).toEqual(['acknowledged'])
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
  })

  it('racing an acknowledgement that lands second: the handover stands, and the old assignee’s link no longer acts', async () => {
    // Arrange: Friday's assignment link of adv-04 (made before the handover).
    const testbed = await setUp(assigned(), FRIDAY_16_55)
    const { acknowledgeLinkMaker } = await import('../../../../functions/core/links/acknowledge-link.ts')
    const fridayLink = (await acknowledgeLinkMaker(assigned(), new Date(FRIDAY_16_55), testbed.deps))('adv-04')
    testbed.clock.set(MONDAY_08_30)

    // Act
    await runStep(REFERENCE, step, testbed.deps)
    const late = acknowledgeCase(fridayLink.split('/actions/')[1] ?? '', testbed.deps)

    // Assert
    await expect(late).rejects.toBeInstanceOf(InvalidActionTokenError)
    expect(await testbed.cases.getCase(REFERENCE)).toMatchObject({ status: 'assigned', assignee: 'adv-01' })
  })
})

describe('Use case: stand-in notices and advisor-set reminders', () => {
  it('alerts the backup of a breach and, as a stand-in, the primary on duty while the advisor is off duty', async () => {
    // Acknowledged on Wednesday 6 January by Wednesday's primary, adv-02.
    const wednesday = '2027-01-06T09:00:00.000Z'
    const stored = assigned({
      createdAt: wednesday,
      routedAt: wednesday,
      assignee: 'adv-02',
      status: 'acknowledged',
      acknowledgedAt: wednesday,
      acknowledgedBy: 'adv-02',
    })
    // 40 business hours from Wednesday 10:00: Tuesday 12 January 16:00 (adv-01 primary, adv-03 backup; adv-02 off).
    const breachAt = '2027-01-12T15:00:00.000Z'
    const testbed = await setUp(stored, breachAt)

    await runStep(REFERENCE, { id: 'breach:respond', kind: 'breach', clock: 'respond', at: breachAt }, testbed.deps)

    const mails = testbed.outbox.entries(REFERENCE)
    expect(mails.map(({ to, subject }) => ({ to, subject }))).toEqual([
      { to: ['m.kuipers@example.org'], subject: `[${REFERENCE}] termijn verstreken` },
      { to: [ADDRESS['adv-01']], subject: `[${REFERENCE}] termijn verstreken (waarneming)` },
    ])
    expect(mails[1]?.text).toContain('waarnemer')
  })

  it('sends a reminder once, without its note, to the assignee on duty or else the primary on duty', async () => {
    const note = 'Sentinel-notitie-Z9Q: school terugbellen'
    const reminders = [
      { id: 'aaaaaaaaaaaa', at: '2027-01-11T14:00:00.000Z', note, by: 'adv-01', setAt: MONDAY_10_00 },
      { id: 'bbbbbbbbbbbb', at: '2027-01-13T09:00:00.000Z', note, by: 'adv-01', setAt: MONDAY_10_00 },
    ]
    const stored = assigned({ createdAt: MONDAY_10_00, routedAt: MONDAY_10_00, assignee: 'adv-01', reminders })
    const testbed = await setUp(stored, '2027-01-13T09:00:00.000Z')

    for (const reminder of reminders) {
      const step = { id: `advisor-reminder:${reminder.id}`, at: reminder.at }
      expect(await sendAdvisorReminder(REFERENCE, step, testbed.deps)).toBe('ran')
      expect(await sendAdvisorReminder(REFERENCE, step, testbed.deps)).toBe('ran')
    }

    const mails = testbed.outbox.entries(REFERENCE)
    expect(mails.map(({ id, kind, to }) => ({ id, kind, to }))).toEqual([
      { id: 'advisor-reminder:aaaaaaaaaaaa:adv-01', kind: 'advisor-reminder', to: [ADDRESS['adv-01']] },
      { id: 'advisor-reminder:bbbbbbbbbbbb:adv-02', kind: 'advisor-reminder', to: [ADDRESS['adv-02']] },
    ])
    for (const mail of mails) expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('Sentinel-notitie')
    const after = await testbed.cases.getCase(REFERENCE)
    expect(after?.reminders?.every((reminder) => reminder.sentAt !== undefined)).toBe(true)
    expect(await planNextStep(REFERENCE, [], testbed.deps)).not.toMatchObject({ kind: 'advisor-reminder' })
  })
})
