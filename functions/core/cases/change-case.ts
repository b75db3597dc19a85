import type { CaseChanges, CaseRepository } from '../ports/stores.ts'
import { CaseNotFoundError, CaseStateConflictError } from '../shared/errors.ts'
import type { Case } from './case.ts'

/** How often a change is tried again when another writer changed the case in between (optimistic locking). */
const DEFAULT_ATTEMPTS = 5

/**
 * Reads the case, asks `decide` what to change, and stores that unless someone else changed the case since it was
 * read — then reads again and asks again, so two advisors acting at once never lose a write. `decide` refuses by
 * throwing (e.g. CaseStateConflictError) and may return undefined when nothing needs to change; it may read more
 * (routing asks for the advisors' loads); whatever else it writes must be safe to repeat, as it runs again on a retry.
 * Returns the case as stored (or as read, when nothing changed), and whether this call changed it.
 */
export async function changeCase(
  cases: CaseRepository,
  reference: string,
  decide: (current: Case) => CaseChanges | undefined | Promise<CaseChanges | undefined>,
  attempts = DEFAULT_ATTEMPTS,
): Promise<{ stored: Case; changed: boolean }> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    const changes = await decide(current)
    if (changes === undefined) return { stored: current, changed: false }
    const stored = await cases.updateCase(current, changes)
    if (stored !== undefined) return { stored, changed: true }
  }
  throw new CaseStateConflictError('conflict', 'The case kept changing; please try again.')
}

/** The next workflow run: the table stream replaces the running execution with a fresh one that plans anew. */
export function nextWorkflowRun(current: Pick<Case, 'workflowRun'>): Pick<CaseChanges, 'workflowRun'> {
  return { workflowRun: (current.workflowRun ?? 1) + 1 }
}
