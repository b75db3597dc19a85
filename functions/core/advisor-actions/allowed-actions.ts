import type { Case, CaseStatus } from '../cases/case.ts'
import type { ConflictCode } from '../shared/errors.ts'

/**
 * The status changes an advisor's action may make: the one table of allowed transitions (as Signalen keeps
 * `ALLOWED_STATUS_CHANGES`). An action that moves a case to a status is allowed where this table allows that move;
 * an action that keeps the status is allowed on every case that is not closed (a note: on every case). An action's
 * own guard (advisor-action.ts) may refuse more — pausing a paused case, replying where there is no address — but
 * never allows what this table does not.
 */
export const ALLOWED_STATUS_CHANGES: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['assigned', 'unassigned', 'acknowledged', 'answered', 'closed'],
  assigned: ['acknowledged', 'answered', 'closed'],
  unassigned: ['assigned', 'acknowledged', 'answered', 'closed'],
  acknowledged: ['answered', 'closed'],
  /** Answered again (a second answer) or closed. */
  answered: ['answered', 'closed'],
  /** Only the requester re-opens a closed case (by writing again); no advisor action moves it. */
  closed: [],
}

/** Where an action takes a case: to a status, or nowhere (`keep`: open cases only; `keep-any`: closed ones too). */
export type StatusChange = CaseStatus | 'keep' | 'keep-any'

/** Why the table refuses the move now, or undefined; `refusedAs` names a refusal other than a closed case's. */
export function statusRefusal(
  moves: StatusChange,
  current: Pick<Case, 'status'>,
  refusedAs: ConflictCode = 'conflict',
): ConflictCode | undefined {
  if (moves === 'keep-any') return undefined
  if (current.status === 'closed') return 'case_closed'
  if (moves === 'keep' || ALLOWED_STATUS_CHANGES[current.status].includes(moves)) return undefined
  return refusedAs
}
