import * as z from 'zod/mini'
import { type Case, OUTCOMES } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { isReference } from '../cases/reference.ts'
import { revokedLinks } from '../links/action-token.ts'
import { CaseNotFoundError, ValidationError } from '../shared/errors.ts'
import type { ProblemRule } from '../shared/field-problems.ts'
import { type CaseActionDependencies, defineAction, oneOf, refuseUnlessAllowed } from './advisor-action.ts'
import { remindersCancelled } from './reminders.ts'

/**
 * Close the case with its outcome. Its clocks stop and its workflow ends; nothing is sent after. Closed as a
 * `duplicate` it names the case it repeats (`duplicateOf`), and the two link both ways: the duplicate keeps
 * `duplicateOf`, the other case lists it in `duplicates`. The duplicate stays readable on its own page (messages,
 * attachments) until its retention ends, and the statistics leave it out (the pair counts once).
 */
export const close = defineAction({
  moves: 'closed',
  fields: {
    outcome: oneOf(OUTCOMES, 'choose_outcome'),
    duplicateOf: z.optional(z.string('duplicate_of_format')),
  },
  status: 200,
  run: async ({ reference, actor, input: { outcome, duplicateOf }, deps }) => {
    const original = await duplicatedCase(reference, outcome, duplicateOf, deps)
    const now = deps.clock.now()
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(close, latest)
      return {
        status: 'closed',
        closedAt: now.toISOString(),
        closedBy: actor.id,
        outcome,
        duplicateOf: original?.reference,
        pause: undefined,
        ...revokedLinks(latest),
        ...remindersCancelled(latest, now),
        ...nextWorkflowRun(latest),
      }
    })
    await deps.cases.recordEvent(reference, {
      id: `closed:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'closed',
      advisorId: actor.id,
      detail: { outcome, ...(original ? { duplicateOf: original.reference } : {}) },
    })
    if (original !== undefined) await linkDuplicate(original.reference, reference, actor.id, now, deps)
    return { reference, status: stored.status, ...(original ? { duplicateOf: original.reference } : {}) }
  },
})

const refused = (rule: ProblemRule) => new ValidationError([{ path: 'duplicateOf', rule }])

/**
 * The case a duplicate repeats, checked: it exists (not erased or purged), is another case, and is not itself a
 * duplicate (so links never run in a circle and every pair has one case that counts). Undefined for other outcomes.
 */
async function duplicatedCase(
  reference: string,
  outcome: (typeof OUTCOMES)[number],
  duplicateOf: string | undefined,
  deps: CaseActionDependencies,
): Promise<Case | undefined> {
  if (outcome !== 'duplicate') {
    if (duplicateOf !== undefined) throw refused('duplicate_of_only_for_duplicate')
    return undefined
  }
  const typed = duplicateOf?.trim().toUpperCase() ?? ''
  if (typed === '') throw refused('duplicate_of_required')
  if (!isReference(typed)) throw refused('duplicate_of_format')
  if (typed === reference) throw refused('duplicate_of_itself')
  const original = await deps.cases.getCase(typed)
  if (original === undefined) throw refused('duplicate_of_unknown')
  if (original.outcome === 'duplicate') throw refused('duplicate_of_duplicate')
  return original
}

/** The other way of the link: the case repeated lists its duplicate (once), with an event in its trail. */
async function linkDuplicate(
  original: string,
  duplicate: string,
  advisorId: string,
  now: Date,
  deps: CaseActionDependencies,
): Promise<void> {
  try {
    await changeCase(deps.cases, original, (latest) =>
      latest.duplicates?.includes(duplicate) ? undefined : { duplicates: [...(latest.duplicates ?? []), duplicate] },
    )
  } catch (error) {
    // Erased in the moment between the check and now: the duplicate keeps its one-way link, to a removed case.
    if (error instanceof CaseNotFoundError) return
    throw error
  }
  await deps.cases.recordEvent(original, {
    id: `duplicate-linked:${duplicate}`,
    at: now.toISOString(),
    type: 'duplicate-linked',
    advisorId,
    detail: { duplicate },
  })
}
