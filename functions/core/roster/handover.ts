/**
 * Unacknowledged cases follow the roster: when the assignee's time on duty ends before they acknowledged a case, the
 * case is handed over to the primary on duty at the start of the next shift that has one (at once, if one is on
 * duty then). The workflow plans it as a step (core/deadlines/deadline-steps.ts) and runs it here.
 */
import type { Case } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import { type CaseWorkflowDependencies, planFor } from '../deadlines/case-workflow.ts'
import { acknowledgeLinkMaker } from '../links/acknowledge-link.ts'
import { assignmentNotice } from '../mail/assignment-notice.ts'
import { dutyStretchEnd, nextShiftStart, onDutyAt } from './on-duty.ts'
import type { Roster } from './roster.ts'
import { leastLoaded } from './route-case.ts'

/** A planned handover: at `at`, the case leaves `from`. */
export interface PlannedHandover {
  id: string
  from: string
  at: Date
}

/** How many shift starts in a row the same advisor may keep the case before the plan gives up looking. */
const MAX_SHIFTS_KEPT = 60

/**
 * The next handover of a case still waiting for acknowledgement, or undefined (acknowledged, waiting unassigned —
 * routing assigns those — or nobody will be on duty). Planned from when the assignee got the case, so every plan
 * of the same case and roster gives the same moment: the end of the assignee's time on duty then (or of their next
 * one, when a coordinator gave the case to someone off duty), moved to the next shift start with a primary when
 * nobody is on duty at that moment. When the assignee is a primary on duty again then, the case stays with them
 * and the next end counts. An assignee without time on duty in the horizon hands it over at `now`. None after the
 * case's last escalation.
 */
export function plannedHandover(
  current: Case,
  roster: Roster | undefined,
  now: Date,
  deps: Pick<CaseWorkflowDependencies, 'calendar' | 'windows'>,
): PlannedHandover | undefined {
  const from = current.assignee
  if (roster === undefined || current.status !== 'assigned' || from === undefined) return undefined
  // While its ladder lasts: a case nobody acknowledged by its last escalation stays where it is (the coordinators
  // know of it), so a forgotten case does not wander from shift to shift for as long as it is kept.
  const ladderEnds = planFor(current, deps).steps.at(-1)?.at.getTime() ?? 0
  let since = new Date(current.assignedAt ?? current.routedAt ?? current.createdAt)
  for (let kept = 0; kept < MAX_SHIFTS_KEPT; kept++) {
    const end = dutyStretchEnd(roster, from, since) ?? (since.getTime() > now.getTime() ? since : now)
    const at = onDutyAt(roster, end).primaries.length > 0 ? end : nextShiftStart(roster, end, 'primary')
    if (at === undefined || at.getTime() > ladderEnds) return undefined
    if (!onDutyAt(roster, at).primaries.some((primary) => primary.id === from)) {
      return { id: `handover:${from}:${at.toISOString()}`, from, at }
    }
    since = at
  }
  return undefined
}

/**
 * Use case: the workflow hands a case over at a shift's start — only if it still waits for acknowledgement and still
 * has the assignee the step was planned for (an acknowledgement or a reassignment in between wins; one write, by
 * optimistic locking). The primary on duty at the step's moment with the fewest open cases gets it, and the
 * content-free assignment notice with a one-click acknowledge link; the event `handed-over` says from, to and at.
 * A step retried after its change was stored queues the same mail and event (their ids derive from the step).
 */
export async function handOver(
  reference: string,
  step: { id: string; at: string },
  deps: CaseWorkflowDependencies,
): Promise<'ran' | 'not-due'> {
  const current = await deps.cases.getCase(reference)
  if (current === undefined) return 'ran'
  const roster = await deps.rosters.getRoster()
  const now = deps.clock.now()
  const at = new Date(step.at)
  let stored = current
  let from: string | undefined
  if (current.assignedAt === step.at && current.assignee !== undefined) {
    // Retried after the change was stored: the previous assignee is the one in the step's id.
    from = step.id.slice('handover:'.length, -(step.at.length + 1))
  } else {
    const planned = plannedHandover(current, roster, now, deps)
    if (planned === undefined) return 'ran'
    // The plan moved (the roster changed, or its moment has not come): the next plan offers it as it is now.
    if (planned.id !== step.id || planned.at.getTime() > now.getTime()) return 'not-due'
    from = planned.from
    const primaries = roster ? onDutyAt(roster, at).primaries.filter((primary) => primary.id !== from) : []
    if (primaries.length === 0) return 'ran'
    const to = await leastLoaded(primaries, deps)
    const result = await changeCase(deps.cases, reference, (latest) =>
      latest.status === 'assigned' && latest.assignee === from ? { assignee: to.id, assignedAt: step.at } : undefined,
    )
    if (!result.changed) return 'ran'
    stored = result.stored
  }
  const to = roster?.advisors.find((advisor) => advisor.id === stored.assignee)
  if (to === undefined || from === undefined) return 'ran'
  await deps.cases.recordEvent(reference, {
    id: `handed-over:${step.at}`,
    at: step.at,
    type: 'handed-over',
    advisorId: to.id,
    detail: { from, to: to.id, at: step.at },
  })
  const link = await acknowledgeLinkMaker(stored, at, deps)
  await deps.outbox.enqueue(
    reference,
    assignmentNotice(
      stored,
      {
        id: `handover:${step.at}:${to.id}`,
        kind: 'assignment',
        to,
        role: 'assignee',
        acknowledgeBy: planFor(stored, deps).acknowledgeBy,
        acknowledgeUrl: link(to.id),
      },
      deps,
    ),
    now,
  )
  return 'ran'
}
