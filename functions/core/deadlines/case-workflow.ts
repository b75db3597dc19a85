import { type Case, deadlineTopic } from '../cases/case.ts'
import type { RandomBytes } from '../cases/reference.ts'
import type { Clock } from '../ports/clock.ts'
import type { MailOutbox, MailTemplates } from '../ports/mail.ts'
import type { AutoReplyLimiter, CaseRepository, RosterRepository, SigningKeySource } from '../ports/stores.ts'
import type { BusinessCalendar } from './business-calendar.ts'
import { deadlinePlan, type ResponseWindows } from './deadlines.ts'

/** What the use cases that move a case along (route, notify, acknowledge, deadlines) need from the outside. */
export interface CaseWorkflowDependencies {
  cases: CaseRepository
  outbox: MailOutbox
  rosters: RosterRepository
  clock: Clock
  randomBytes: RandomBytes
  calendar: BusinessCalendar
  windows: ResponseWindows
  /** The zone in which mail states times (the roster's and the calendar's). */
  timeZone: string
  /** Base of the one-click links in advisor mail, e.g. https://mar.rotterdam.nl */
  publicUrl: string
  signingKey: SigningKeySource
  /** The cap on automatic mail per requester address (a keyed hash of it), shared by every channel. */
  limiter: AutoReplyLimiter
  /** How the mail reads (functions/views/mail): core decides who is told what, and when. */
  templates: MailTemplates
}

/**
 * The case's deadlines, moved on by the business time it was paused. For a case paused now, `now` counts the pause
 * so far (the deadlines as they would stand if it resumed at `now`); without it, only pauses that ended count.
 */
export function planFor(source: Case, deps: Pick<CaseWorkflowDependencies, 'calendar' | 'windows'>, now?: Date) {
  return deadlinePlan(
    {
      receivedAt: new Date(source.createdAt),
      urgency: source.urgency,
      topic: deadlineTopic(source),
      pausedMinutes: pausedBusinessMinutes(source, deps.calendar, now),
      ...(source.respondFrom ? { respondFrom: new Date(source.respondFrom) } : {}),
    },
    deps.calendar,
    deps.windows,
  )
}

export function pausedBusinessMinutes(
  source: Pick<Case, 'pause' | 'pausedBusinessMinutes'>,
  calendar: BusinessCalendar,
  now?: Date,
): number {
  const ended = source.pausedBusinessMinutes ?? 0
  if (source.pause === undefined || now === undefined) return ended
  return ended + calendar.businessMinutesBetween(new Date(source.pause.since), now)
}
