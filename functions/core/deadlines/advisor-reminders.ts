/**
 * The reminders advisors set on a case (core/advisor-actions/reminders.ts), as the workflow runs them: each is a step
 * at its own moment — no clock moves it, a pause included — and fires once: a content-free mail that links to the
 * case, to the assignee, or while they are off duty to the primary on duty then.
 */
import type { AdvisorReminder, Case } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import { caseLink, caseSummary } from '../mail/notifications.ts'
import { isOnDutyAt, onDutyAt } from '../roster/on-duty.ts'
import type { Advisor, Roster } from '../roster/roster.ts'
import type { CaseWorkflowDependencies } from './case-workflow.ts'

const STEP_PREFIX = 'advisor-reminder:'

/** Still to fire: not sent, not cancelled by a close. */
export function pendingReminders(source: Pick<Case, 'reminders'>): AdvisorReminder[] {
  return (source.reminders ?? []).filter((reminder) => reminder.sentAt === undefined && !reminder.cancelledAt)
}

/** The workflow's steps for the reminders still to fire. */
export function advisorReminderSteps(source: Case): Array<{ id: string; at: string }> {
  return pendingReminders(source).map((reminder) => ({ id: `${STEP_PREFIX}${reminder.id}`, at: reminder.at }))
}

/**
 * Who gets a reminder at its moment: the assignee on duty; else the primaries on duty (standing in); with nobody on
 * duty, the assignee all the same, or every coordinator for a case nobody holds.
 */
export function reminderRecipients(
  source: Pick<Case, 'assignee'>,
  roster: Roster | undefined,
  at: Date,
): Array<{ advisor: Advisor; standIn: boolean }> {
  if (roster === undefined) return []
  const assignee = roster.advisors.find((advisor) => advisor.id === source.assignee)
  if (assignee && isOnDutyAt(roster, assignee.id, at)) return [{ advisor: assignee, standIn: false }]
  const duty = onDutyAt(roster, at)
  if (duty.primaries.length > 0) return duty.primaries.map((advisor) => ({ advisor, standIn: assignee !== undefined }))
  if (assignee) return [{ advisor: assignee, standIn: false }]
  return duty.coordinators.map((advisor) => ({ advisor, standIn: false }))
}

/**
 * Use case: a reminder's moment has come. The mail is queued first (its id derives from the reminder and the
 * recipient, so a retried step queues nothing twice), then the reminder is marked sent and the event recorded.
 * A reminder removed or cancelled meanwhile, or a closed case, sends nothing.
 */
export async function sendAdvisorReminder(
  reference: string,
  step: { id: string; at: string },
  deps: CaseWorkflowDependencies,
): Promise<'ran' | 'not-due'> {
  const reminderId = step.id.slice(STEP_PREFIX.length)
  const current = await deps.cases.getCase(reference)
  if (current === undefined || current.status === 'closed') return 'ran'
  const reminder = pendingReminders(current).find((candidate) => candidate.id === reminderId)
  if (reminder === undefined) return 'ran'
  const now = deps.clock.now()
  if (Date.parse(reminder.at) > now.getTime()) return 'not-due'
  const at = new Date(reminder.at)
  const roster = await deps.rosters.getRoster()
  for (const { advisor, standIn } of reminderRecipients(current, roster, at)) {
    await deps.outbox.enqueue(
      reference,
      {
        id: `${step.id}:${advisor.id}`,
        kind: 'advisor-reminder',
        to: [advisor.email],
        ...deps.templates.advisorReminder({
          summary: caseSummary(current),
          at,
          caseUrl: caseLink(deps.publicUrl, reference),
          timeZone: deps.timeZone,
          ...(standIn ? { standIn: true } : {}),
        }),
      },
      now,
    )
  }
  const { changed } = await changeCase(deps.cases, reference, (latest) => {
    const reminders = latest.reminders ?? []
    if (!reminders.some((candidate) => candidate.id === reminderId && candidate.sentAt === undefined)) return undefined
    return {
      reminders: reminders.map((candidate) =>
        candidate.id === reminderId ? { ...candidate, sentAt: now.toISOString() } : candidate,
      ),
    }
  })
  if (changed) {
    await deps.cases.recordEvent(reference, {
      id: `reminder-sent:${reminderId}`,
      at: now.toISOString(),
      type: 'reminder-sent',
      detail: { reminderId },
    })
  }
  return 'ran'
}
