/** The advisor API's answers, typed by the modules the server builds them with (type-only: nothing is bundled). */

import type {
  AdvisorCaseView,
  CaseListEntry,
  StaffView,
} from '../../../functions/core/advisor-actions/advisor-cases.ts'
import type { AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import type { StatisticsReport } from '../../../functions/core/statistics/statistics-report.ts'

export type { AdvisorActionName, AdvisorCaseView, CaseListEntry, StaffView, StatisticsReport }

/** `GET /api/advisor/cases`. */
export interface CaseListResponse extends StaffView {
  cases: CaseListEntry[]
  /** The stack's clock, which `risk` was judged by. */
  now?: string
}

/** `GET /api/advisor/workload`. */
export type { AdvisorWorkload } from '../../../functions/core/advisor-actions/workload.ts'

/**
 * `GET /api/advisor/cases/{reference}`: the case, who reads it, and `allowedActions` — the route names of the
 * actions this advisor may take on this case now (the page shows exactly those).
 */
export interface CaseResponse extends StaffView {
  case: AdvisorCaseView & { allowedActions?: readonly AdvisorActionName[] }
  allowedActions?: readonly AdvisorActionName[]
  /** The stack's clock, which the lateness was judged by. */
  now?: string
}

/** What the server allows on this case now (none when the answer names none). */
export function allowedActionsOf(data: CaseResponse): ReadonlySet<AdvisorActionName> {
  return new Set(data.allowedActions ?? data.case.allowedActions ?? [])
}

/** A message of a case as the workspace reads it. */
export type CaseMessageView = AdvisorCaseView['messages'][number]

/** `POST …/{reference}/{action}`: the case as changed (assign names the new assignee; a reply says how it went). */
export interface ActionAnswer {
  assignee?: string
  via?: string
}
