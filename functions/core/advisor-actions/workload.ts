/**
 * Who has how much: per advisor on the roster in force, the open cases assigned to them and how many of those are
 * overdue, and whether they are on duty now. Read from the one query of open cases the list reads (no Scan).
 */
import { caseRisk } from '../deadlines/risk.ts'
import { onDutyAt } from '../roster/on-duty.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import type { CaseActionDependencies } from './advisor-action.ts'

export interface AdvisorWorkload {
  id: string
  name: string
  /**
   * On a primary or backup shift now, by the roster in force (absences counted). Coordinators are reachable for
   * alerts whenever they are not absent, but that is not a shift: a coordinator without one is not on duty.
   */
  onDuty: boolean
  /** Cases not closed that are assigned to them. */
  open: number
  /** Of those, the ones whose running clock's deadline has passed (risk `overdue`). */
  overdue: number
}

/** Use case: the workload of every advisor on the roster in force, in roster order. Any staff member may read it. */
export async function readWorkload(
  actor: ActingAdvisor,
  deps: CaseActionDependencies,
): Promise<{ advisors: AdvisorWorkload[] }> {
  const { roster } = await rosterMember(actor, deps)
  const now = deps.clock.now()
  const duty = onDutyAt(roster, now)
  const onDuty = new Set([...duty.primaries, ...duty.backups].map((advisor) => advisor.id))
  const counts = new Map<string, { open: number; overdue: number }>()
  for (const stored of await deps.cases.listOpenCases()) {
    if (stored.assignee === undefined) continue
    const count = counts.get(stored.assignee) ?? { open: 0, overdue: 0 }
    count.open += 1
    if (caseRisk(stored, now, deps).risk === 'overdue') count.overdue += 1
    counts.set(stored.assignee, count)
  }
  return {
    advisors: roster.advisors.map((advisor) => ({
      id: advisor.id,
      name: advisor.name,
      onDuty: onDuty.has(advisor.id),
      ...(counts.get(advisor.id) ?? { open: 0, overdue: 0 }),
    })),
  }
}
