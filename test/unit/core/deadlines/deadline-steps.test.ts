import { describe, expect, it } from 'vitest'
import type { Case, WebCase } from '../../../../functions/core/cases/case.ts'
import {
  clockRunning,
  type DeadlineDependencies,
  planNextStep,
  runStep,
  type WorkflowStep,
} from '../../../../functions/core/deadlines/deadline-steps.ts'
import { deadlinePlan } from '../../../../functions/core/deadlines/deadlines.ts'
import { verifyActionToken } from '../../../../functions/core/links/action-token.ts'
import { parseRoster, type Roster } from '../../../../functions/core/roster/roster.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { exampleRoster, SIGNING_KEY, workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
/** January 2027 (CET, UTC+1). Mon/Tue: adv-01 primary, adv-03 backup; coordinators adv-03 and adv-05. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const SUNDAY_23_00 = '2027-01-10T22:00:00.000Z'
const FRIDAY_16_30 = '2027-01-15T15:30:00.000Z'

const ADDRESS = {
  'adv-01': 'a.verbeek@example.org',
  'adv-03': 'm.kuipers@example.org',
  'adv-05': 'p.ramdin@example.org',
} as const

/** A question received Monday 10:00 and assigned to adv-01 at once. */
function assignedQuestion(overrides: Partial<WebCase> = {}): WebCase {
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

async function setUp(stored: Case, options: { now?: string; roster?: Roster } = {}) {
  const testbed = workflowDependencies({ now: options.now ?? stored.createdAt, roster: options.roster })
  await testbed.cases.createCase(stored)
  return testbed
}

/** Every step the workflow would take, asking planNextStep again after each one as the state machine does. */
async function plannedSteps(deps: DeadlineDependencies, done: string[] = []): Promise<WorkflowStep[]> {
  const steps: WorkflowStep[] = []
  for (let next = await planNextStep(REFERENCE, done, deps); next; next = await planNextStep(REFERENCE, done, deps)) {
    steps.push(next)
    done.push(next.id)
    if (steps.length > 20) throw new Error('planNextStep does not run out of steps')
  }
  return steps
}

/** The ladder deadlinePlan gives the case, as workflow steps. */
function ladderOf(source: Case, deps: DeadlineDependencies): WorkflowStep[] {
  return deadlinePlan(
    { receivedAt: new Date(source.createdAt), urgency: source.urgency, topic: source.topic ?? 'case' },
    deps.calendar,
    deps.windows,
  ).steps.map((step) => ({
    id: `${step.step}:${step.clock}`,
    kind: step.step,
    clock: step.clock,
    at: step.at.toISOString(),
  }))
}

function stepOf(steps: WorkflowStep[], id: string): WorkflowStep {
  const found = steps.find((step) => step.id === id)
  if (found === undefined) throw new Error(`no step ${id}`)
  return found
}

describe('Use case: plan the next step of a case', () => {
  it('returns the ladder of both clocks in order, one step at a time', async () => {
    // Arrange
    const source = assignedQuestion()
    const { deps } = await setUp(source)

    // Act
    const steps = await plannedSteps(deps)

    // Assert: the ladder, and the handover of the unacknowledged case when adv-01's Tuesday shift ends (Wednesday
    // 08:30, adv-02's shift start; Monday to Tuesday the case stays with adv-01, Tuesday's primary again).
    expect(steps.map((step) => step.id)).toEqual([
      'reminder:acknowledge',
      'breach:acknowledge',
      'escalation:acknowledge',
      'handover:adv-01:2027-01-13T07:30:00.000Z',
      'reminder:respond',
      'breach:respond',
      'escalation:respond',
    ])
    expect(steps.filter((step) => step.kind !== 'handover')).toEqual(ladderOf(source, deps))
  })

  it('skips the steps already done, whichever they are', async () => {
    // Arrange
    const { deps } = await setUp(assignedQuestion())

    // Act
    const afterReminder = await planNextStep(REFERENCE, ['reminder:acknowledge'], deps)
    const withBreachDone = await planNextStep(REFERENCE, ['breach:acknowledge'], deps)

    // Assert
    expect(afterReminder?.id).toBe('breach:acknowledge')
    expect(withBreachDone?.id).toBe('reminder:acknowledge')
  })

  it('returns a step whose moment has passed, so the workflow runs it at once', async () => {
    // Arrange: planned on Wednesday for a case received on Monday
    const source = assignedQuestion()
    const { deps } = await setUp(source, { now: '2027-01-13T09:00:00.000Z' })

    // Act
    const next = await planNextStep(REFERENCE, [], deps)

    // Assert
    expect(next).toEqual(ladderOf(source, deps)[0])
  })

  it('leaves only the respond steps once the case is acknowledged in time', async () => {
    // Arrange
    const source = assignedQuestion({ status: 'acknowledged', acknowledgedAt: '2027-01-11T09:20:00.000Z' })
    const { deps } = await setUp(source, { now: '2027-01-11T09:20:00.000Z' })

    // Act
    const steps = await plannedSteps(deps)

    // Assert
    expect(steps.map((step) => step.id)).toEqual(['reminder:respond', 'breach:respond', 'escalation:respond'])
    expect(steps).toEqual(ladderOf(source, deps).filter((step) => step.clock === 'respond'))
  })

  it.each(['answered', 'closed'] as const)('plans nothing once the case is %s', async (status) => {
    // Arrange
    const { deps } = await setUp(assignedQuestion({ status }))

    // Act
    const next = await planNextStep(REFERENCE, [], deps)

    // Assert
    expect(next).toBeUndefined()
  })

  it('plans nothing for a case that is gone (deleted after its retention)', async () => {
    // Arrange
    const { deps } = await setUp(assignedQuestion())

    // Act
    const next = await planNextStep('MAR-ZZZZ-ZZZZ', [], deps)

    // Assert
    expect(next).toBeUndefined()
  })

  it('puts an assign step at the next shift start first for a case waiting unassigned', async () => {
    // Arrange: received Sunday 23:00, nobody on duty until Monday 08:30
    const { deps } = await setUp(storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 }))
    await routeCase(REFERENCE, deps)

    // Act
    const steps = await plannedSteps(deps)

    // Assert
    expect(steps[0]).toEqual({ id: 'assign:2027-01-11T07:30:00.000Z', kind: 'assign', at: '2027-01-11T07:30:00.000Z' })
    expect(steps.slice(1).map((step) => step.id)).toEqual([
      'reminder:acknowledge',
      'breach:acknowledge',
      'escalation:acknowledge',
      'reminder:respond',
      'breach:respond',
      'escalation:respond',
    ])
  })

  it('plans the assign step at once for a waiting case when a primary is already on duty', async () => {
    // Arrange: routed one second before adv-01's shift (nobody on duty), planned five seconds into the shift
    const { deps, clock } = await setUp(storedCase({ reference: REFERENCE, createdAt: '2027-01-11T07:29:59.000Z' }))
    await routeCase(REFERENCE, deps)
    clock.set('2027-01-11T07:30:05.000Z')

    // Act
    const steps = await plannedSteps(deps)

    // Assert
    const assign = steps.find((step) => step.kind === 'assign')
    expect(assign?.at).toBeDefined()
    expect(Date.parse(assign?.at ?? '')).toBeLessThanOrEqual(Date.parse('2027-01-11T07:30:05.000Z'))
  })

  it('gives a question received Friday 16:30 its steps at the right business moments', async () => {
    // Arrange: 30 open minutes on Friday, then Monday 18 January onwards (08:30–17:00)
    const source = storedCase({
      reference: REFERENCE,
      createdAt: FRIDAY_16_30,
      status: 'assigned',
      assignee: 'adv-04',
      routedAt: FRIDAY_16_30,
    })
    const { deps } = await setUp(source)

    // Act
    const steps = await plannedSteps(deps)

    // Assert
    expect(steps.map(({ id, at }) => ({ id, at }))).toEqual([
      // adv-04's Friday shift ends at 17:00: handed over at Monday's shift start, 08:30.
      { id: 'handover:adv-04:2027-01-18T07:30:00.000Z', at: '2027-01-18T07:30:00.000Z' },
      { id: 'reminder:acknowledge', at: '2027-01-18T13:00:00.000Z' }, // 6 h: Mon 14:00
      { id: 'breach:acknowledge', at: '2027-01-18T15:00:00.000Z' }, // 8 h: Mon 16:00
      { id: 'escalation:acknowledge', at: '2027-01-19T10:30:00.000Z' }, // 12 h: Tue 11:30
      { id: 'reminder:respond', at: '2027-01-21T11:30:00.000Z' }, // 30 h: Thu 12:30
      { id: 'breach:respond', at: '2027-01-22T13:00:00.000Z' }, // 40 h: Fri 14:00
      { id: 'escalation:respond', at: '2027-01-26T16:00:00.000Z' }, // 60 h: Tue 17:00, closing time
    ])
    expect(steps.filter((step) => step.kind !== 'handover')).toEqual(ladderOf(source, deps))
  })
})

describe('Use case: run a step', () => {
  it('reminds the assignee only, with a link to acknowledge', async () => {
    // Arrange
    const source = assignedQuestion()
    const testbed = await setUp(source)
    const reminder = stepOf(ladderOf(source, testbed.deps), 'reminder:acknowledge')
    testbed.clock.set(reminder.at)

    // Act
    await runStep(REFERENCE, reminder, testbed.deps)

    // Assert
    const mails = testbed.outbox.entries(REFERENCE)
    expect(mails.map(({ id, kind, to }) => ({ id, kind, to }))).toEqual([
      { id: 'reminder:acknowledge:adv-01', kind: 'reminder', to: [ADDRESS['adv-01']] },
    ])
    expect(mails[0]?.subject).toBe(`[${REFERENCE}] herinnering`)
    const token = /https:\/\/mar\.example\.nl\/actions\/(\S+)/.exec(mails[0]?.text ?? '')?.[1] ?? ''
    expect(verifyActionToken(token, SIGNING_KEY, new Date(reminder.at))).toMatchObject({
      reference: REFERENCE,
      advisorId: 'adv-01',
      action: 'acknowledge',
    })
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(source)
  })

  it('reminds the assignee of the answer without a link to acknowledge, and the primary on duty standing in', async () => {
    // Arrange
    const source = assignedQuestion({ status: 'acknowledged', acknowledgedAt: MONDAY_10_00, acknowledgedBy: 'adv-01' })
    const testbed = await setUp(source)
    const reminder = stepOf(ladderOf(source, testbed.deps), 'reminder:respond')
    testbed.clock.set(reminder.at)

    // Act
    await runStep(REFERENCE, reminder, testbed.deps)

    // Assert: Thursday 14:30, adv-01 (Mon/Tue) is off duty: Thursday's primary adv-02 stands in.
    const mails = testbed.outbox.entries(REFERENCE)
    expect(mails.map(({ kind, to }) => ({ kind, to }))).toEqual([
      { kind: 'reminder', to: [ADDRESS['adv-01']] },
      { kind: 'reminder', to: ['y.bakkali@example.org'] },
    ])
    for (const mail of mails) expect(mail.text).not.toContain('/actions/')
  })

  it('records a breach once, with an event and a metric, and alerts the backup on duty, however often it runs', async () => {
    // Arrange
    const source = assignedQuestion()
    const testbed = await setUp(source)
    const breach = stepOf(ladderOf(source, testbed.deps), 'breach:acknowledge')
    testbed.clock.set(breach.at)

    // Act
    await runStep(REFERENCE, breach, testbed.deps)
    testbed.clock.advance(60_000)
    await runStep(REFERENCE, breach, testbed.deps)

    // Assert
    expect(breach.at).toBe('2027-01-12T08:30:00.000Z') // 8 business hours: Tuesday 09:30
    expect(testbed.cases.cases.get(REFERENCE)?.breaches).toEqual([
      { clock: 'acknowledge', dueAt: breach.at, recordedAt: breach.at },
    ])
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([
      {
        id: `breach:acknowledge:${breach.at}`,
        at: breach.at,
        type: 'deadline-breached',
        detail: { clock: 'acknowledge', dueAt: breach.at },
      },
    ])
    expect(testbed.metrics.breaches).toEqual(['acknowledge'])
    expect(testbed.outbox.entries(REFERENCE).map(({ id, kind, to }) => ({ id, kind, to }))).toEqual([
      { id: 'breach:acknowledge:adv-03', kind: 'breach-alert', to: [ADDRESS['adv-03']] },
    ])
  })

  it('alerts every coordinator of a breach when no backup is on duty', async () => {
    // Arrange: a roster without backups
    const base = exampleRoster()
    const roster = parseRoster({ ...base, shifts: base.shifts.filter((shift) => shift.role !== 'backup') })
    const source = assignedQuestion()
    const testbed = await setUp(source, { roster })
    const breach = stepOf(ladderOf(source, testbed.deps), 'breach:respond')
    testbed.clock.set(breach.at)

    // Act
    await runStep(REFERENCE, breach, testbed.deps)

    // Assert
    expect(testbed.outbox.entries(REFERENCE).map(({ kind, to }) => ({ kind, to }))).toEqual([
      { kind: 'breach-alert', to: [ADDRESS['adv-03']] },
      { kind: 'breach-alert', to: [ADDRESS['adv-05']] },
    ])
    expect(testbed.cases.cases.get(REFERENCE)?.breaches?.map((recorded) => recorded.clock)).toEqual(['respond'])
    expect(testbed.metrics.breaches).toEqual(['respond'])
  })

  it('escalates to every coordinator', async () => {
    // Arrange
    const source = assignedQuestion()
    const testbed = await setUp(source)
    const escalation = stepOf(ladderOf(source, testbed.deps), 'escalation:acknowledge')
    testbed.clock.set(escalation.at)

    // Act
    await runStep(REFERENCE, escalation, testbed.deps)

    // Assert
    expect(testbed.outbox.entries(REFERENCE).map(({ id, kind, to }) => ({ id, kind, to }))).toEqual([
      { id: 'escalation:acknowledge:adv-03', kind: 'escalation', to: [ADDRESS['adv-03']] },
      { id: 'escalation:acknowledge:adv-05', kind: 'escalation', to: [ADDRESS['adv-05']] },
    ])
    expect(testbed.metrics.breaches).toEqual([])
  })

  it.each([
    { step: 'reminder:acknowledge', status: 'acknowledged' as const },
    { step: 'breach:acknowledge', status: 'acknowledged' as const },
    { step: 'escalation:acknowledge', status: 'answered' as const },
    { step: 'breach:respond', status: 'answered' as const },
    { step: 'escalation:respond', status: 'closed' as const },
  ])('does nothing for $step once the case is $status', async ({ step, status }) => {
    // Arrange: the step was planned while the clock ran; the case moved on before it was due
    const source = assignedQuestion({ status, acknowledgedAt: MONDAY_10_00, acknowledgedBy: 'adv-01' })
    const testbed = await setUp(source)
    const due = stepOf(ladderOf(source, testbed.deps), step)
    testbed.clock.set(due.at)

    // Act
    await runStep(REFERENCE, due, testbed.deps)

    // Assert
    expect(testbed.outbox.entries(REFERENCE)).toEqual([])
    expect(testbed.cases.cases.get(REFERENCE)).toEqual(source)
    expect(await testbed.cases.listEvents(REFERENCE)).toEqual([])
    expect(testbed.metrics.breaches).toEqual([])
  })

  it('assigns a waiting case at the shift start', async () => {
    // Arrange
    const testbed = await setUp(storedCase({ reference: REFERENCE, createdAt: SUNDAY_23_00 }))
    await routeCase(REFERENCE, testbed.deps)
    const [assign] = await plannedSteps(testbed.deps)
    if (assign === undefined) throw new Error('no assign step')
    testbed.clock.set(assign.at)

    // Act
    await runStep(REFERENCE, assign, testbed.deps)

    // Assert
    expect(testbed.cases.cases.get(REFERENCE)).toMatchObject({ status: 'assigned', assignee: 'adv-01' })
    expect(testbed.outbox.entries(REFERENCE).filter((mail) => mail.kind === 'assignment')).toHaveLength(1)
  })
})

describe('Deadline clocks', () => {
  it.each([
    { status: 'received', acknowledge: true, respond: true },
    { status: 'assigned', acknowledge: true, respond: true },
    { status: 'unassigned', acknowledge: true, respond: true },
    { status: 'acknowledged', acknowledge: false, respond: true },
    { status: 'answered', acknowledge: false, respond: false },
    { status: 'closed', acknowledge: false, respond: false },
  ] as const)(
    'run for a $status case: acknowledge $acknowledge, respond $respond',
    ({ status, acknowledge, respond }) => {
      // Act
      const running = {
        acknowledge: clockRunning({ status }, 'acknowledge'),
        respond: clockRunning({ status }, 'respond'),
      }

      // Assert
      expect(running).toEqual({ acknowledge, respond })
    },
  )
})
