/**
 * Use case: an advisor asks for MAR's figures of a period (GET /api/advisor/stats). The query is checked field by
 * field; the records are read with one Query per month — the period's months, and the earlier months that have
 * records (from the index of months) for the cases still open at its end — never a scan.
 */

import type { BusinessCalendar } from '../deadlines/business-calendar.ts'
import type { Clock } from '../ports/clock.ts'
import type { CaseStatisticsStore, RosterRepository } from '../ports/stores.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { ValidationError } from '../shared/errors.ts'
import type { FieldProblem } from '../shared/field-problems.ts'
import { localDateOf } from '../shared/zoned-time.ts'
import type { CaseStatisticsRecord } from './statistics-record.ts'
import { monthsBetween, publishable, type StatisticsReport, statisticsReport } from './statistics-report.ts'

/** The longest period one request may ask for: one Query per month, so a request cannot query for ever. */
export const MAX_PERIOD_MONTHS = 60

/** `csv`: RFC 4180 with the API's codes; `excel`: for a Dutch spreadsheet (BOM, `;`, decimal commas, Dutch labels). */
export const STATISTICS_FORMATS = ['json', 'csv', 'excel'] as const

/** `period=current-month`: from the 1st of this month through today, by the stack's clock in the calendar's zone. */
export const STATISTICS_PERIODS = ['current-month'] as const

export interface StatisticsQuery {
  from: string
  to: string
  format: (typeof STATISTICS_FORMATS)[number]
  /** Small cells hidden, for a table that leaves MAR. */
  publish: boolean
}

const QUERY_FIELDS = ['from', 'to', 'period', 'format', 'publish'] as const
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** Months read at once. */
const PARALLEL_QUERIES = 6

/** A real calendar date written as `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text)
  if (match === null) return false
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/**
 * The query string of a statistics request, or a ValidationError naming each field that is wrong (unknown parameters
 * are counted, never named: a name can carry data). `period=current-month` stands for `from` = the 1st of the month
 * of `today` and `to` = `today` (the stack's date, which the caller gives), and goes with neither.
 */
export function parseStatisticsQuery(
  parameters: Record<string, string | undefined> | undefined,
  today?: string,
): StatisticsQuery {
  const { period, ...rest } = parameters ?? {}
  const problems: FieldProblem[] = []
  let given: Record<string, string | undefined> = rest
  const periodRefused = () => problems.some((problem) => problem.path === 'period')
  if (period !== undefined) {
    if (!(STATISTICS_PERIODS as readonly string[]).includes(period) || today === undefined) {
      problems.push({ path: 'period', rule: 'choose_one_of', params: { choices: STATISTICS_PERIODS } })
    } else if (rest.from !== undefined || rest.to !== undefined) {
      problems.push({ path: 'period', rule: 'period_with_dates' })
    } else {
      given = { ...rest, from: `${today.slice(0, 7)}-01`, to: today }
    }
  }
  const unknown = Object.keys(given).filter((key) => !(QUERY_FIELDS as readonly string[]).includes(key)).length
  if (unknown > 0) {
    problems.push({
      path: '_query',
      rule: 'query_unknown_parameters',
      params: { count: unknown, choices: QUERY_FIELDS },
    })
  }
  for (const field of periodRefused() ? [] : (['from', 'to'] as const)) {
    const value = given[field]
    if (value === undefined || value === '') problems.push({ path: field, rule: 'date_required' })
    else if (!isCalendarDate(value)) problems.push({ path: field, rule: 'date_invalid' })
  }
  const from = given.from ?? ''
  const to = given.to ?? ''
  if (!problems.some((problem) => ['from', 'to', 'period'].includes(problem.path))) {
    if (from > to) problems.push({ path: 'to', rule: 'period_inverted' })
    else if (monthsBetween(from, to).length > MAX_PERIOD_MONTHS) {
      problems.push({ path: 'to', rule: 'period_too_long', params: { max: MAX_PERIOD_MONTHS } })
    }
  }
  const format = given.format ?? 'json'
  if (!(STATISTICS_FORMATS as readonly string[]).includes(format)) {
    problems.push({ path: 'format', rule: 'choose_one_of', params: { choices: STATISTICS_FORMATS } })
  }
  const publish = given.publish ?? 'false'
  if (publish !== 'true' && publish !== 'false') problems.push({ path: 'publish', rule: 'true_or_false' })
  if (problems.length > 0) throw new ValidationError(problems)
  return { from, to, format: format as StatisticsQuery['format'], publish: publish === 'true' }
}

export interface StatisticsDependencies {
  rosters: RosterRepository
  statistics: CaseStatisticsStore
  calendar: BusinessCalendar
  /** The business calendar's zone: a case counts in the month it came in there. */
  timeZone: string
  /** The stack's clock: what "this month" is (`period=current-month`); locally the dev clock. */
  clock: Clock
}

/** The stack's date in the calendar's zone, `YYYY-MM-DD`. */
export function todayOf(deps: Pick<StatisticsDependencies, 'clock' | 'timeZone'>): string {
  const { year, month, day } = localDateOf(deps.clock.now(), deps.timeZone)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Use case: the figures of a period, for an advisor on the roster in force; published: small cells hidden. */
export async function readStatistics(
  parameters: Record<string, string | undefined> | undefined,
  actor: ActingAdvisor,
  deps: StatisticsDependencies,
): Promise<{ query: StatisticsQuery; report: StatisticsReport }> {
  await rosterMember(actor, deps)
  const query = parseStatisticsQuery(parameters, todayOf(deps))
  const months = monthsBetween(query.from, query.to)
  const first = months[0] as string
  const earlier = (await deps.statistics.months()).filter((month) => month < first)
  const toRead = [...earlier, ...months]
  const records: CaseStatisticsRecord[] = []
  for (let index = 0; index < toRead.length; index += PARALLEL_QUERIES) {
    const batch = toRead.slice(index, index + PARALLEL_QUERIES)
    for (const found of await Promise.all(batch.map((month) => deps.statistics.recordsOf(month)))) {
      records.push(...found)
    }
  }
  const report = statisticsReport(records, query, deps)
  return { query, report: query.publish ? publishable(report) : report }
}
