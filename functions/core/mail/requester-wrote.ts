/**
 * What happens when a requester writes again on their case, by mail or in the anonymous follow-up box: whoever works
 * the case is told that (never what) they wrote, and an answered or closed case re-opens with a new respond round.
 *
 * Notices coalesce: at most one per case per ACTIVITY_NOTICE_WINDOW_MS of requester activity. The first activity
 * after a quiet window is told at once; what follows within the window is collected into that notice (the advisor
 * it sends to the case finds every message there) or the next one. Two things always tell at once, so nothing that
 * needs an advisor waits: a message that re-opens an answered or closed case (each re-opening follows an advisor's
 * answer, so a requester cannot repeat it at will), and activity on an urgent case (immediate danger).
 */
import type { Case } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import type { CaseWorkflowDependencies } from '../deadlines/case-workflow.ts'
import { onDutyAt } from '../roster/on-duty.ts'
import type { OutgoingMail } from './mail.ts'
import { caseLink, caseSummary } from './notifications.ts'

/**
 * `key` names this message (unique per case, the same on a retry), so a retried call queues no second notice and
 * records no second event. The message itself is stored by the caller first.
 */
type Dependencies = Pick<CaseWorkflowDependencies, 'cases' | 'outbox' | 'rosters' | 'clock' | 'templates' | 'publicUrl'>

/** Requester activity on one case tells its advisor at most once in this long (urgent cases and re-openings apart). */
export const ACTIVITY_NOTICE_WINDOW_MS = 15 * 60_000

export async function requesterWroteAgain(
  current: Case,
  key: string,
  deps: Dependencies,
): Promise<{ stored: Case; reopened: boolean }> {
  const now = deps.clock.now()
  const reopens = current.status === 'answered' || current.status === 'closed'
  // The window is claimed on the case (optimistic locking): of simultaneous messages exactly one tells. A retry of
  // the same message finds its own claim and queues the same notice again (same mail id: a no-op).
  const { stored: claimed } = await changeCase(deps.cases, current.reference, (latest) => noticeClaim(latest, key, now))
  const tells = claimed.requesterNotice?.key === key
  if (!tells && !reopens) return { stored: claimed, reopened: false }
  // Queued before the change that starts the next run, so that run delivers it.
  if (tells) {
    for (const mail of await newMessageNotices(current, key, reopens, deps)) {
      await deps.outbox.enqueue(current.reference, mail, now)
    }
  }
  const { stored } = await changeCase(deps.cases, current.reference, (latest) => ({
    ...(latest.status === 'answered' || latest.status === 'closed'
      ? {
          status: latest.acknowledgedAt
            ? ('acknowledged' as const)
            : latest.assignee
              ? ('assigned' as const)
              : ('unassigned' as const),
          respondRound: (latest.respondRound ?? 1) + 1,
          respondFrom: now.toISOString(),
          pausedBusinessMinutes: 0,
          pause: undefined,
          closedAt: undefined,
          closedBy: undefined,
          outcome: undefined,
        }
      : {}),
    ...nextWorkflowRun(latest),
  }))
  if (reopens) {
    await deps.cases.recordEvent(current.reference, {
      id: `reopened:${key}`,
      at: now.toISOString(),
      type: 'reopened',
      detail: { round: stored.respondRound ?? 1 },
    })
  }
  return { stored, reopened: reopens }
}

/** The change that makes this message the one that tells, or undefined when the window's notice went already. */
function noticeClaim(latest: Case, key: string, now: Date): Pick<Case, 'requesterNotice'> | undefined {
  if (latest.requesterNotice?.key === key) return undefined
  const immediate = latest.status === 'answered' || latest.status === 'closed' || latest.urgency === 'urgent'
  const last = latest.requesterNotice === undefined ? undefined : Date.parse(latest.requesterNotice.at)
  if (!immediate && last !== undefined && now.getTime() - last < ACTIVITY_NOTICE_WINDOW_MS) return undefined
  return { requesterNotice: { at: now.toISOString(), key } }
}

/** The assignee is told that the requester wrote (never what); with nobody assigned, the coordinators on duty. */
async function newMessageNotices(current: Case, key: string, reopened: boolean, deps: Dependencies) {
  const roster = await deps.rosters.getRoster()
  if (roster === undefined) return []
  const assignee = roster.advisors.find((advisor) => advisor.id === current.assignee)
  const recipients = assignee ? [assignee] : onDutyAt(roster, deps.clock.now()).coordinators
  const content = deps.templates.newMessage({
    summary: caseSummary(current),
    reopened,
    caseUrl: caseLink(deps.publicUrl, current.reference),
  })
  return recipients.map(
    (recipient): OutgoingMail => ({
      id: `new-message:${key}:${recipient.id}`,
      kind: 'new-message',
      to: [recipient.email],
      ...content,
    }),
  )
}
