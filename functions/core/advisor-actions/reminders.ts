/**
 * Reminders an advisor sets on a case ("bel de school woensdag terug"): `POST …/{reference}/reminders` sets one,
 * `DELETE …/{reference}/reminders/{id}` removes one. The workflow fires each once at its moment
 * (core/deadlines/advisor-reminders.ts); setting or removing one starts a new run, which plans anew. The note stays
 * on the case item (internal, like a note): never in the audit events, mail or logs.
 */
import type { AdvisorReminder, Case } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { pendingReminders } from '../deadlines/advisor-reminders.ts'
import type { CaseChanges } from '../ports/stores.ts'
import type { ActingAdvisor } from '../roster/staff.ts'
import { rosterMember } from '../roster/staff.ts'
import { CaseNotFoundError, CaseStateConflictError, ValidationError } from '../shared/errors.ts'
import {
  advisorTextUpTo,
  type CaseActionDependencies,
  defineAction,
  futureMoment,
  refuseUnlessAllowed,
  requiredMoment,
} from './advisor-action.ts'
import { statusRefusal } from './allowed-actions.ts'

export const REMINDER_NOTE_MAX_LENGTH = 500
/** Reminders still to fire on one case, at most: the case item and the workflow's memory stay small. */
export const MAX_PENDING_REMINDERS = 20

/** The reminders as the advisor API answers them: every one set and not removed, in the order they were set. */
function remindersOf(source: Pick<Case, 'reminders'>): AdvisorReminder[] {
  return source.reminders ?? []
}

/** Set a reminder: at `at` (in the future) the assignee, or the primary on duty, is reminded of the case. */
export const setReminder = defineAction({
  moves: 'keep',
  fields: { at: requiredMoment, note: advisorTextUpTo(REMINDER_NOTE_MAX_LENGTH) },
  status: 201,
  run: async ({ reference, actor, input: { at: moment, note }, deps }) => {
    const now = deps.clock.now()
    const at = futureMoment('at', moment, now) as Date
    const reminder: AdvisorReminder = {
      id: Buffer.from(deps.randomBytes(6)).toString('hex'),
      at: at.toISOString(),
      note,
      by: actor.id,
      setAt: now.toISOString(),
    }
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(setReminder, latest)
      if (pendingReminders(latest).length >= MAX_PENDING_REMINDERS) {
        throw new ValidationError([{ path: 'at', rule: 'reminders_limit', params: { max: MAX_PENDING_REMINDERS } }])
      }
      return { reminders: [...remindersOf(latest), reminder], ...nextWorkflowRun(latest) }
    })
    await deps.cases.recordEvent(reference, {
      id: `reminder-set:${reminder.id}`,
      at: now.toISOString(),
      type: 'reminder-set',
      advisorId: actor.id,
      detail: { reminderId: reminder.id, remindAt: reminder.at },
    })
    return { reference, status: stored.status, reminder, reminders: remindersOf(stored) }
  },
})

/**
 * Use case: remove one reminder (`DELETE …/{reference}/reminders/{id}`), fired or not; 404 for an id the case does
 * not have. Answers the case's reminders as they are after it.
 */
export async function removeReminder(
  reference: string,
  reminderId: string,
  actor: ActingAdvisor,
  deps: CaseActionDependencies,
) {
  await rosterMember(actor, deps)
  const now = deps.clock.now()
  const { stored } = await changeCase(deps.cases, reference, (latest): CaseChanges => {
    const reminders = remindersOf(latest)
    if (!reminders.some((reminder) => reminder.id === reminderId)) throw new CaseNotFoundError()
    // Any case but a closed one (closing cancelled its reminders already): the status table's `keep`.
    const refusal = statusRefusal('keep', latest)
    if (refusal !== undefined) throw new CaseStateConflictError(refusal)
    return { reminders: reminders.filter((reminder) => reminder.id !== reminderId), ...nextWorkflowRun(latest) }
  })
  await deps.cases.recordEvent(reference, {
    id: `reminder-removed:${reminderId}`,
    at: now.toISOString(),
    type: 'reminder-removed',
    advisorId: actor.id,
    detail: { reminderId },
  })
  return { reference, status: stored.status, reminders: remindersOf(stored) }
}

/** The changes that cancel a case's reminders still to fire: closing does this. */
export function remindersCancelled(current: Pick<Case, 'reminders'>, now: Date): Pick<CaseChanges, 'reminders'> {
  if (pendingReminders(current).length === 0) return {}
  return {
    reminders: remindersOf(current).map((reminder) =>
      reminder.sentAt === undefined && !reminder.cancelledAt
        ? { ...reminder, cancelledAt: now.toISOString() }
        : reminder,
    ),
  }
}
