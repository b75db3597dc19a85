import type { Case, CaseStatus } from '../cases/case.ts'
import type { ConflictCode } from '../shared/errors.ts'
import type { AdvisorActionName } from './action-names.ts'

/**
 * Which actions a case allows in each status: the one table of allowed transitions (as Signalen keeps
 * `ALLOWED_STATUS_CHANGES`). An action's own guard (advisor-action.ts) may refuse more — pausing a paused case,
 * replying where there is no address — but never allows what this table does not.
 */
const WHILE_OPEN = ['replies', 'notes', 'assign', 'pause', 'resume', 'close', 'classify'] as const
export const ACTIONS_BY_STATUS: Record<CaseStatus, readonly AdvisorActionName[]> = {
  received: ['acknowledge', ...WHILE_OPEN],
  assigned: ['acknowledge', ...WHILE_OPEN],
  unassigned: ['acknowledge', ...WHILE_OPEN],
  acknowledged: WHILE_OPEN,
  answered: WHILE_OPEN,
  /** A closed case keeps its notes (a call after closing, a consultation); a requester's message re-opens it. */
  closed: ['notes'],
}

/** What a status that does not allow an action answers, when it is not "the case is closed". */
const REFUSED_BY_STATUS: Partial<Record<AdvisorActionName, ConflictCode>> = { acknowledge: 'already_acknowledged' }

export function statusRefusal(name: AdvisorActionName, current: Pick<Case, 'status'>): ConflictCode | undefined {
  if (ACTIONS_BY_STATUS[current.status].includes(name)) return undefined
  return current.status === 'closed' ? 'case_closed' : (REFUSED_BY_STATUS[name] ?? 'conflict')
}
