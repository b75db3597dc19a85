import { describe, expect, it } from 'vitest'
import { readWorkload } from '../../../../functions/core/advisor-actions/workload.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { ForbiddenError } from '../../../../functions/core/shared/errors.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

/** January 2027 (CET, UTC+1). Thursday the 14th, 18:00: adv-02's dated evening shift (17:00–21:00) runs. */
const THURSDAY_18_00 = '2027-01-14T17:00:00.000Z'
const SATURDAY_12_00 = '2027-01-16T11:00:00.000Z'
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const THURSDAY_10_00 = '2027-01-14T09:00:00.000Z'
const THURSDAY_16_00 = '2027-01-14T15:00:00.000Z'
const ADV_03: ActingAdvisor = { id: 'adv-03', roles: ['advisor', 'coordinator'] }

let sequence = 0
const reference = () => `MAR-0000-000${++sequence}`

/**
 * The cases, and by hand what each counts for at Thursday 18:00:
 *   adv-01: a question received Monday 10:00, not acknowledged (deadline Tuesday 09:30): open, overdue
 *           a question acknowledged Thursday, its answer due next week: open
 *           a question received Monday, paused: open, not overdue (no clock runs)
 *   adv-02: an answered case: open, not overdue; a closed case: not counted
 *   adv-04: an urgent case received Thursday 16:00 (1 business hour: due 17:00, past): open, overdue
 *   nobody: a case waiting unassigned since Monday (overdue, but nobody's)
 */
function cases(): Case[] {
  return [
    storedCase({ reference: reference(), createdAt: MONDAY_10_00, status: 'assigned', assignee: 'adv-01' }),
    storedCase({
      reference: reference(),
      createdAt: THURSDAY_10_00,
      status: 'acknowledged',
      assignee: 'adv-01',
      acknowledgedAt: THURSDAY_10_00,
    }),
    storedCase({
      reference: reference(),
      createdAt: MONDAY_10_00,
      status: 'assigned',
      assignee: 'adv-01',
      pause: { since: MONDAY_10_00, reason: 'Wacht op de school', by: 'adv-01' },
    }),
    storedCase({ reference: reference(), createdAt: MONDAY_10_00, status: 'answered', assignee: 'adv-02' }),
    storedCase({
      reference: reference(),
      createdAt: MONDAY_10_00,
      status: 'closed',
      assignee: 'adv-02',
      outcome: 'referred',
    }),
    urgentCase({ reference: reference(), createdAt: THURSDAY_16_00, status: 'assigned', assignee: 'adv-04' }),
    storedCase({ reference: reference(), createdAt: MONDAY_10_00, status: 'unassigned' }),
  ]
}

async function setUp(now: string) {
  sequence = 0
  const testbed = workflowDependencies({ now })
  for (const one of cases()) await testbed.cases.createCase(one)
  return testbed
}

describe('Use case: who has how much (workload)', () => {
  it('counts each advisor’s open and overdue cases and says who is on a shift now', async () => {
    // Arrange
    const { deps } = await setUp(THURSDAY_18_00)

    // Act
    const workload = await readWorkload(ADV_03, deps)

    // Assert
    expect(workload).toEqual({
      advisors: [
        { id: 'adv-01', name: 'Anouk Verbeek', onDuty: false, open: 3, overdue: 1 },
        { id: 'adv-02', name: 'Youssef Bakkali', onDuty: true, open: 1, overdue: 0 },
        { id: 'adv-03', name: 'Marloes Kuipers', onDuty: false, open: 0, overdue: 0 },
        { id: 'adv-04', name: 'Daan Hoekstra', onDuty: false, open: 1, overdue: 1 },
        // A coordinator without a shift is not on duty (though reachable for alerts).
        { id: 'adv-05', name: 'Priya Ramdin', onDuty: false, open: 0, overdue: 0 },
      ],
    })
  })

  it('has nobody on duty on a Saturday, and counts the same cases', async () => {
    // Arrange
    const { deps } = await setUp(SATURDAY_12_00)

    // Act
    const { advisors } = await readWorkload({ id: 'adv-01', roles: ['advisor'] }, deps)

    // Assert: by Saturday adv-01's second question is not yet late either (due next week)
    expect(advisors.map(({ id, onDuty, open, overdue }) => [id, onDuty, open, overdue])).toEqual([
      ['adv-01', false, 3, 1],
      ['adv-02', false, 1, 0],
      ['adv-03', false, 0, 0],
      ['adv-04', false, 1, 1],
      ['adv-05', false, 0, 0],
    ])
  })

  it('reads the open cases with the one open-cases query, never a scan', async () => {
    // Arrange
    const testbed = await setUp(THURSDAY_18_00)
    let reads = 0
    const listOpenCases = testbed.cases.listOpenCases.bind(testbed.cases)
    testbed.cases.listOpenCases = async () => {
      reads++
      return listOpenCases()
    }

    // Act
    await readWorkload(ADV_03, testbed.deps)

    // Assert
    expect(reads).toBe(1)
  })

  it('refuses someone not on the roster', async () => {
    // Arrange
    const { deps } = await setUp(THURSDAY_18_00)

    // Act
    const reading = readWorkload({ id: 'adv-99', roles: ['coordinator'] }, deps)

    // Assert
    await expect(reading).rejects.toBeInstanceOf(ForbiddenError)
  })
})
