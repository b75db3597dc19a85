import type { BusinessCalendar } from './business-calendar.ts'
import type { Case } from './case.ts'
import type { Clock } from './clock.ts'
import { deadlinePlan, type ResponseWindows } from './deadlines.ts'
import type { MailOutbox } from './mail.ts'
import type { CaseRepository, RosterRepository, SigningKeySource } from './ports.ts'
import type { RandomBytes } from './reference.ts'

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
}

export function planFor(source: Case, deps: Pick<CaseWorkflowDependencies, 'calendar' | 'windows'>) {
  return deadlinePlan(
    { receivedAt: new Date(source.createdAt), urgency: source.urgency, topic: source.topic },
    deps.calendar,
    deps.windows,
  )
}
