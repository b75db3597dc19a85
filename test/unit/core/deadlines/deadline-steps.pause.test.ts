import { describe, expect, it } from 'vitest'
import type { Case } from '../../../../functions/core/cases/case.ts'
import {
  type DeadlineDependencies,
  planNextStep,
  runStep,
  type WorkflowStep,
} from '../../../../functions/core/deadlines/deadline-steps.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'
import { closeCase, pauseCase, resumeCase } from '../../../support/advisor-actions.ts'

/** What a test may override of the stored case (the fake's own parameter type). */
type CaseOverrides = Omit<Parameters<typeof storedCase>[0], 'createdAt'> & { createdAt?: string }

const REFERENCE = 'MAR-0000-0001'
/**
 * January 2027 (CET, UTC+1). A question received Thursday 14th 10:00 and acknowledged: its respond ladder is
 * reminder Tuesday 19th 14:30, breach Wednesday 20th 16:00, escalation Monday 25th 10:30.
 */
const THURSDAY_10_00 = '2027-01-14T09:00:00.000Z'
const FRIDAY_16_00 = '2027-01-15T15:00:00.000Z'
const SATURDAY_12_00 = '2027-01-16T11:00:00.000Z'
const MONDAY_10_00 = '2027-01-18T09:00:00.000Z'
const MONDAY_10_00_OFFSET = '2027-01-18T10:00:00+01:00'
const ORIGINAL_BREACH = '2027-01-20T15:00:00.000Z'
/** Paused Friday 16:00 to Monday 10:00: 150 business minutes, so every step moves on by that. */
const MOVED = {
  reminder: '2027-01-19T16:00:00.000Z',
  breach: '2027-01-21T09:00:00.000Z',
  escalation: '2027-01-25T12:00:00.000Z',
}

const ADV_02: ActingAdvisor = { id: 'adv-02', roles: ['advisor'] }

function acknowledgedQuestion(overrides: CaseOverrides = {}): Case {
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

async function setUp(stored: Case = acknowledgedQuestion(), now = FRIDAY_16_00) {
  const testbed = workflowDependencies({ now })
  await testbed.cases.createCase(stored)
  return testbed
}

/** Every step the workflow would take from here, asking planNextStep again after each as the state machine does. */
async function plannedSteps(deps: DeadlineDependencies, done: string[] = []): Promise<WorkflowStep[]> {
  const steps: WorkflowStep[] = []
  for (let next = await planNextStep(REFERENCE, done, deps); next; next = await planNextStep(REFERENCE, done, deps)) {
    steps.push(next)
    done.push(next.id)
    if (steps.length > 20) throw new Error('planNextStep does not run out of steps')
  }
  return steps
}

describe('Use case: plan the next step of a paused case', () => {
  it('plans only the resume at the pause’s end, even when a deadline falls inside the pause', async () => {
    // Arrange: paused Friday 16:00 until Monday 10:00, planned on Monday after the end
    const { deps, clock } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: MONDAY_10_00_OFFSET }, deps)
    clock.set('2027-01-25T12:00:00.000Z')

    // Act
    const next = await planNextStep(REFERENCE, [], deps)

    // Assert
    expect(next).toEqual({ id: `resume:${MONDAY_10_00}`, kind: 'resume', at: MONDAY_10_00 })
  })

  it('plans nothing for a case paused without an end: an advisor’s resume starts a new run', async () => {
    // Arrange
    const { deps } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)

    // Act
    const next = await planNextStep(REFERENCE, [], deps)

    // Assert
    expect(next).toBeUndefined()
  })

  it('plans nothing once the resume has run and the pause still stands', async () => {
    // Arrange
    const { deps } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: MONDAY_10_00_OFFSET }, deps)

    // Act
    const next = await planNextStep(REFERENCE, [`resume:${MONDAY_10_00}`], deps)

    // Assert
    expect(next).toBeUndefined()
  })

  it('plans the whole respond ladder moved on by the paused business time once resumed', async () => {
    // Arrange
    const { deps, clock } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)
    clock.set(MONDAY_10_00)
    await resumeCase(REFERENCE, ADV_02, deps)

    // Act
    const steps = await plannedSteps(deps)

    // Assert
    expect(steps).toEqual([
      { id: 'reminder:respond', kind: 'reminder', clock: 'respond', at: MOVED.reminder },
      { id: 'breach:respond', kind: 'breach', clock: 'respond', at: MOVED.breach },
      { id: 'escalation:respond', kind: 'escalation', clock: 'respond', at: MOVED.escalation },
    ])
  })
})

describe('Use case: run a step of a paused case', () => {
  it('resumes the case by itself at the pause’s end, in the same run, and plans the moved ladder next', async () => {
    // Arrange
    const { deps, cases, clock } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: MONDAY_10_00_OFFSET }, deps)
    const resume = (await planNextStep(REFERENCE, [], deps)) as WorkflowStep
    clock.set(MONDAY_10_00)

    // Act
    const outcome = await runStep(REFERENCE, resume, deps)

    // Assert
    expect(outcome).toBe('ran')
    expect(cases.cases.get(REFERENCE)).toEqual({
      ...acknowledgedQuestion(),
      pause: undefined,
      pausedBusinessMinutes: 150,
      workflowRun: 2,
      version: 5,
    })
    expect((await cases.listEvents(REFERENCE)).at(-1)).toEqual({
      id: `resumed:${MONDAY_10_00}`,
      at: MONDAY_10_00,
      type: 'resumed',
      detail: { pausedBusinessMinutes: 150 },
    })
    expect(await planNextStep(REFERENCE, [resume.id], deps)).toEqual({
      id: 'reminder:respond',
      kind: 'reminder',
      clock: 'respond',
      at: MOVED.reminder,
    })
  })

  it('leaves a pause alone that replaced the one the resume was planned for', async () => {
    // Arrange: paused until Monday; resumed by an advisor on Saturday and paused again until Tuesday
    const { deps, cases, clock } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Eerste', until: MONDAY_10_00_OFFSET }, deps)
    const plannedResume = (await planNextStep(REFERENCE, [], deps)) as WorkflowStep
    clock.set(SATURDAY_12_00)
    await resumeCase(REFERENCE, ADV_02, deps)
    await pauseCase(REFERENCE, ADV_02, { reason: 'Tweede', until: '2027-01-19T10:00:00+01:00' }, deps)
    const before = cases.cases.get(REFERENCE)
    clock.set(MONDAY_10_00)

    // Act
    const outcome = await runStep(REFERENCE, plannedResume, deps)

    // Assert
    expect(outcome).toBe('ran')
    expect(cases.cases.get(REFERENCE)).toEqual(before)
    expect(before?.pause).toEqual({
      since: SATURDAY_12_00,
      until: '2027-01-19T09:00:00.000Z',
      reason: 'Tweede',
      by: 'adv-02',
    })
    expect((await cases.listEvents(REFERENCE)).map((event) => event.type)).toEqual(['paused', 'resumed', 'paused'])
  })

  it('changes nothing when an advisor resumed the case before the planned resume came', async () => {
    // Arrange
    const { deps, cases, clock } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: MONDAY_10_00_OFFSET }, deps)
    const plannedResume = (await planNextStep(REFERENCE, [], deps)) as WorkflowStep
    clock.set(SATURDAY_12_00)
    await resumeCase(REFERENCE, ADV_02, deps)
    const before = cases.cases.get(REFERENCE)
    clock.set(MONDAY_10_00)

    // Act
    const outcome = await runStep(REFERENCE, plannedResume, deps)

    // Assert
    expect(outcome).toBe('ran')
    expect(cases.cases.get(REFERENCE)).toEqual(before)
    expect(before?.pausedBusinessMinutes).toBe(60)
  })

  it('answers not-due for a step planned before the pause while the case is paused, and sends nothing', async () => {
    // Arrange: the reminder was planned for Tuesday 19th; the case was paused before and still is
    const { deps, cases, clock, outbox } = await setUp()
    const reminder = (await planNextStep(REFERENCE, [], deps)) as WorkflowStep
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)
    clock.set(reminder.at)

    // Act
    const outcome = await runStep(REFERENCE, reminder, deps)

    // Assert
    expect(reminder.at).toBe('2027-01-19T13:30:00.000Z')
    expect(outcome).toBe('not-due')
    expect(outbox.all()).toEqual([])
    expect(cases.cases.get(REFERENCE)?.breaches).toBeUndefined()
  })

  it('answers not-due for a breach a pause moved later, and records it only at its new time', async () => {
    // Arrange: paused Friday 16:00 to Monday 10:00; the breach planned before for Wednesday 16:00
    const { deps, cases, clock, outbox, metrics } = await setUp()
    const planned: WorkflowStep = { id: 'breach:respond', kind: 'breach', clock: 'respond', at: ORIGINAL_BREACH }
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten' }, deps)
    clock.set(MONDAY_10_00)
    await resumeCase(REFERENCE, ADV_02, deps)
    clock.set(ORIGINAL_BREACH)

    // Act
    const early = await runStep(REFERENCE, planned, deps)
    const replanned = await planNextStep(REFERENCE, ['reminder:respond'], deps)
    clock.set(MOVED.breach)
    const onTime = await runStep(REFERENCE, replanned as WorkflowStep, deps)

    // Assert
    expect(early).toBe('not-due')
    expect(replanned).toEqual({ id: 'breach:respond', kind: 'breach', clock: 'respond', at: MOVED.breach })
    expect(onTime).toBe('ran')
    expect(cases.cases.get(REFERENCE)?.breaches).toEqual([
      { clock: 'respond', dueAt: MOVED.breach, recordedAt: MOVED.breach },
    ])
    expect(metrics.breaches).toEqual(['respond'])
    // The backup on duty on Thursday 21st is adv-04.
    expect(outbox.all().map((mail) => `${mail.id} → ${mail.to.join()}`)).toEqual([
      'breach:respond:adv-04 → d.hoekstra@example.org',
    ])
  })

  it('plans nothing for a case closed while it was paused', async () => {
    // Arrange
    const { deps } = await setUp()
    await pauseCase(REFERENCE, ADV_02, { reason: 'Wachten', until: MONDAY_10_00_OFFSET }, deps)
    await closeCase(REFERENCE, ADV_02, { outcome: 'withdrawn' }, deps)

    // Act
    const next = await planNextStep(REFERENCE, [], deps)

    // Assert
    expect(next).toBeUndefined()
  })
})
