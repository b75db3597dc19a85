/**
 * Use case: an advisor asks for MAR's figures of a period (GET /api/advisor/stats). The query is checked field by
 * field; the records are read with one Query per month — the period's months, and the earlier months that have
 * records (from the index of months) for the cases still open at its end — never a scan.
 */

import { type ActingAdvisor, rosterMember } from '../advisor-actions/case-actions.ts'
import type { BusinessCalendar } from '../deadlines/business-calendar.ts'
import type { CaseStatisticsStore, RosterRepository } from '../ports/stores.ts'
import { ValidationError } from '../shared/errors.ts'
import type { CaseStatisticsRecord } from './statistics-record.ts'
import { monthsBetween, publishable, type StatisticsReport, statisticsReport } from './statistics-report.ts'

/** The longest period one request may ask for: one Query per month, so a request cannot query for ever. */
export const MAX_PERIOD_MONTHS = 60

export const STATISTICS_FORMATS = ['json', 'csv'] as const

export interface StatisticsQuery {
  from: string
  to: string
  format: (typeof STATISTICS_FORMATS)[number]
  /** Small cells hidden, for a table that leaves MAR. */
  publish: boolean
}

const QUERY_FIELDS = ['from', 'to', 'format', 'publish'] as const
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
 * are counted, never named: a name can carry data).
 */
export function parseStatisticsQuery(parameters: Record<string, string | undefined> | undefined): StatisticsQuery {
  const given = parameters ?? {}
  const problems: Record<string, string> = {}
  const unknown = Object.keys(given).filter((key) => !(QUERY_FIELDS as readonly string[]).includes(key)).length
  if (unknown > 0) {
    problems._query = `${unknown} onbekende parameter(s); toegestaan: ${QUERY_FIELDS.join(', ')}.`
  }
  for (const field of ['from', 'to'] as const) {
    const value = given[field]
    if (value === undefined || value === '') problems[field] = 'Vul een datum in als JJJJ-MM-DD.'
    else if (!isCalendarDate(value))
      problems[field] = 'Geef een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2026-12-31.'
  }
  const from = given.from ?? ''
  const to = given.to ?? ''
  if (problems.from === undefined && problems.to === undefined) {
    if (from > to) problems.to = 'De einddatum ligt vóór de begindatum.'
    else if (monthsBetween(from, to).length > MAX_PERIOD_MONTHS) {
      problems.to = `Kies een periode van hoogstens ${MAX_PERIOD_MONTHS} maanden.`
    }
  }
  const format = given.format ?? 'json'
  if (!(STATISTICS_FORMATS as readonly string[]).includes(format)) {
    problems.format = `Kies een van: ${STATISTICS_FORMATS.join(', ')}.`
  }
  const publish = given.publish ?? 'false'
  if (publish !== 'true' && publish !== 'false') problems.publish = 'Kies true of false.'
  if (Object.keys(problems).length > 0) throw new ValidationError(problems)
  return { from, to, format: format as StatisticsQuery['format'], publish: publish === 'true' }
}

export interface StatisticsDependencies {
  rosters: RosterRepository
  statistics: CaseStatisticsStore
  calendar: BusinessCalendar
  /** The business calendar's zone: a case counts in the month it came in there. */
  timeZone: string
}

/** Use case: the figures of a period, for an advisor on the roster in force; published: small cells hidden. */
export async function readStatistics(
  parameters: Record<string, string | undefined> | undefined,
  actor: ActingAdvisor,
  deps: StatisticsDependencies,
): Promise<{ query: StatisticsQuery; report: StatisticsReport }> {
  await rosterMember(actor, deps)
  const query = parseStatisticsQuery(parameters)
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
