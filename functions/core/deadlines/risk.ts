/**
 * How late a case is: which of its clocks runs, until when, and where it stands on that clock's ladder now. The
 * workspace's list shows it per row and orders by it; the case page says it in words; the workload counts it.
 */
import { AWAITING_ACKNOWLEDGEMENT, AWAITING_RESPONSE, type Case } from '../cases/case.ts'
import { type CaseWorkflowDependencies, planFor } from './case-workflow.ts'
import type { DeadlineClock } from './deadlines.ts'

/**
 * `overdue`: the running clock's deadline (its 100 % rung, the breach) has come; `due-soon`: its reminder moment (the
 * 75 % rung) has come; `on-time`: neither yet; `paused`: a clock would run but the case is paused; `none`: no clock
 * runs (answered, or closed). A rung counts from its own moment on, as the workflow runs it at that moment.
 */
export const RISKS = ['overdue', 'due-soon', 'on-time', 'paused', 'none'] as const
export type Risk = (typeof RISKS)[number]

export function isRisk(value: unknown): value is Risk {
  return typeof value === 'string' && (RISKS as readonly string[]).includes(value)
}

/** Where a case stands now: its running clock (null when none runs, or while paused) and that clock's moments. */
export interface CaseRisk {
  risk: Risk
  clock: DeadlineClock | null
  /** The running clock's deadline (ISO, UTC); null when no clock runs. */
  dueAt: string | null
  /** When that clock's reminder goes (its 75 % rung); null when no clock runs. */
  remindAt: string | null
}

/**
 * The clock whose deadline is next for a case in its status: acknowledge while it waits for that (its deadline comes
 * before the answer's), else respond while it waits for an answer; none once answered or closed. Paused or not.
 */
export function pendingClock(source: Pick<Case, 'status'>): DeadlineClock | null {
  if (AWAITING_ACKNOWLEDGEMENT.includes(source.status)) return 'acknowledge'
  return AWAITING_RESPONSE.includes(source.status) ? 'respond' : null
}

/** Use case: how late the case is at `now` (the stack's clock). */
export function caseRisk(
  source: Case,
  now: Date,
  deps: Pick<CaseWorkflowDependencies, 'calendar' | 'windows'>,
): CaseRisk {
  const clock = pendingClock(source)
  if (clock === null) return { risk: 'none', clock: null, dueAt: null, remindAt: null }
  if (source.pause !== undefined) return { risk: 'paused', clock: null, dueAt: null, remindAt: null }
  const plan = planFor(source, deps, now)
  const rung = (step: 'reminder' | 'breach') =>
    plan.steps.find((candidate) => candidate.clock === clock && candidate.step === step)?.at as Date
  const dueAt = rung('breach')
  const remindAt = rung('reminder')
  const risk: Risk =
    now.getTime() >= dueAt.getTime() ? 'overdue' : now.getTime() >= remindAt.getTime() ? 'due-soon' : 'on-time'
  return { risk, clock, dueAt: dueAt.toISOString(), remindAt: remindAt.toISOString() }
}

/** What the workspace's order reads of a row. */
export interface RiskOrdered {
  risk: Risk
  dueAt: string | null
  urgency: Case['urgency']
  createdAt: string
  reference: string
}

/** Overdue first, then the other cases whose clock runs, then those where none runs (paused, answered). */
const GROUP: Record<Risk, number> = { overdue: 0, 'due-soon': 1, 'on-time': 1, paused: 2, none: 2 }
const urgencyRank = (entry: Pick<RiskOrdered, 'urgency'>) => (entry.urgency === 'urgent' ? 0 : 1)

/**
 * The workspace's order: overdue first, most overdue first; then urgent before normal, each nearest deadline first;
 * cases with no running clock (paused, answered) last, urgent first, then oldest first. Ties: oldest, then reference.
 */
export function byRisk(a: RiskOrdered, b: RiskOrdered): number {
  const group = GROUP[a.risk] - GROUP[b.risk]
  if (group !== 0) return group
  const overdue = GROUP[a.risk] === 0
  return (
    (overdue ? 0 : urgencyRank(a) - urgencyRank(b)) ||
    (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
    (overdue ? urgencyRank(a) - urgencyRank(b) : 0) ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.reference.localeCompare(b.reference)
  )
}
