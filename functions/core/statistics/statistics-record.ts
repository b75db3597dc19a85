/**
 * The shape of a case's anonymised statistics record (made in `statistics.ts`, stored through the
 * `CaseStatisticsStore` port): the case's dimensions and deadline facts, never text, names, addresses or the
 * reference. A module of its own so that the port and the use case both import it, and not each other.
 */
import type { Channel, Outcome, Urgency } from '../cases/case.ts'
import type { IDEOLOGIES, REQUESTER_TYPES, SECTORS, SIGNALS, TOPICS } from '../cases/web-request.ts'
import type { DeadlineClock } from '../deadlines/deadlines.ts'

/** One case as the statistics keep it. */
export interface CaseStatisticsRecord {
  /** A one-way hash of the reference (`statisticsKey`): one record per case, never the reference itself. */
  caseKey: string
  /** The case's `version` the record was made from: an older image never overwrites a newer one. */
  caseVersion: number
  /** The month the case came in, `YYYY-MM` in the business calendar's zone. */
  month: string
  createdAt: string
  channel: Channel
  urgency: Urgency
  topic?: (typeof TOPICS)[number]
  requesterType?: (typeof REQUESTER_TYPES)[number]
  sector?: (typeof SECTORS)[number]
  ideology?: (typeof IDEOLOGIES)[number]
  signals: Array<(typeof SIGNALS)[number]>
  outcome?: Outcome
  acknowledgedAt?: string
  answeredAt?: string
  closedAt?: string
  pausedBusinessMinutes: number
  /** How many breaches the workflow recorded on each clock (a later respond round can add one). */
  breaches: Record<DeadlineClock, number>
}
