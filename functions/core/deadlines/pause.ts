import type { Case } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import type { CaseChanges } from '../ports/stores.ts'
import type { BusinessCalendar } from './business-calendar.ts'
import { type CaseWorkflowDependencies, pausedBusinessMinutes } from './case-workflow.ts'

/** The changes that end a case's pause: its business time counted, so every running deadline moves on by it. */
export function pauseEnded(current: Case, calendar: BusinessCalendar, now: Date): CaseChanges {
  return { pause: undefined, pausedBusinessMinutes: pausedBusinessMinutes(current, calendar, now) }
}

/** The audit event of a pause that ended: by an advisor (`advisorId`) or by the workflow when its `until` came. */
export function resumedEvent(stored: Case, now: Date, advisorId?: string) {
  return {
    id: `resumed:${now.toISOString()}`,
    at: now.toISOString(),
    type: 'resumed' as const,
    ...(advisorId === undefined ? {} : { advisorId }),
    detail: { pausedBusinessMinutes: Math.round(stored.pausedBusinessMinutes ?? 0) },
  }
}

/**
 * Use case: the workflow resumes a case whose pause's `until` has come — only if that pause still stands (a pause
 * replaced or ended since is left alone). Its run goes on planning from the moved deadlines.
 */
export async function resumeWhenPauseEnds(
  reference: string,
  pausedUntil: string,
  deps: Pick<CaseWorkflowDependencies, 'cases' | 'clock' | 'calendar'>,
) {
  const now = deps.clock.now()
  const { stored, changed } = await changeCase(deps.cases, reference, (latest) =>
    latest.pause === undefined || latest.pause.until !== pausedUntil
      ? undefined
      : pauseEnded(latest, deps.calendar, now),
  )
  if (changed) await deps.cases.recordEvent(reference, resumedEvent(stored, now))
  return { reference, status: stored.status }
}
