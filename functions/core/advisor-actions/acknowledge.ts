import { AWAITING_ACKNOWLEDGEMENT, type Case } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import type { Clock } from '../ports/clock.ts'
import type { CaseRepository } from '../ports/stores.ts'
import { CaseStateConflictError } from '../shared/errors.ts'
import { defineAction } from './advisor-action.ts'

/** The changes that acknowledge a case for an advisor; a waiting case becomes theirs. */
export function acknowledgement(current: Case, advisorId: string, now: Date) {
  return {
    status: 'acknowledged' as const,
    acknowledgedAt: now.toISOString(),
    acknowledgedBy: advisorId,
    ...(current.assignee === undefined ? { assignee: advisorId } : {}),
  }
}

/** The audit event of an acknowledgement; one per case (its id), whichever way it came. */
export function acknowledgedEvent(advisorId: string, now: Date) {
  return { id: 'acknowledged', at: now.toISOString(), type: 'acknowledged' as const, advisorId }
}

export type AcknowledgeOutcome =
  | { kind: 'acknowledged'; reference: string; advisorId: string }
  /** Acknowledged before (by this advisor or another), answered or closed: nothing changes. */
  | { kind: 'already'; reference: string; status: Case['status'] }

/** Use case: an advisor acknowledges a case (from the workspace or the one-click link). Repeating it changes nothing. */
export async function acknowledgeAs(
  reference: string,
  advisorId: string,
  deps: { cases: CaseRepository; clock: Clock },
): Promise<AcknowledgeOutcome> {
  const now = deps.clock.now()
  const { stored, changed } = await changeCase(deps.cases, reference, (current) =>
    AWAITING_ACKNOWLEDGEMENT.includes(current.status) ? acknowledgement(current, advisorId, now) : undefined,
  )
  if (!changed) return { kind: 'already', reference, status: stored.status }
  await deps.cases.recordEvent(reference, acknowledgedEvent(advisorId, now))
  return { kind: 'acknowledged', reference, advisorId }
}

/** Acknowledge from the workspace; unlike the link, saying so twice is a conflict the advisor should see. */
export const acknowledge = defineAction({
  fields: {},
  moves: 'acknowledged',
  refusedAs: 'already_acknowledged',
  status: 200,
  run: async ({ reference, actor, deps }) => {
    const outcome = await acknowledgeAs(reference, actor.id, deps)
    if (outcome.kind === 'already') {
      throw new CaseStateConflictError(outcome.status === 'closed' ? 'case_closed' : 'already_acknowledged')
    }
    return { reference, status: 'acknowledged' as const }
  },
})
