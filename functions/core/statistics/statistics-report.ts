/**
 * MAR's figures for a period, from the cases' statistics records (statistics.ts): counts per month by every
 * dimension, deadline compliance per month and clock, and the cases still open at the end of the period. Pure: the
 * records come in, the report goes out; `publishable` hides the small cells of a report that leaves MAR.
 */
import type { BusinessCalendar } from '../deadlines/business-calendar.ts'
import type { DeadlineClock } from '../deadlines/deadlines.ts'
import { addDays, type LocalDate, zonedInstant } from '../shared/zoned-time.ts'
import {
  DEADLINE_CLOCKS,
  DIMENSION_NAMES,
  DUPLICATE_OUTCOME,
  STATISTICS_DIMENSIONS,
  type StatisticsDimension,
} from './statistics.ts'
import type { CaseStatisticsRecord } from './statistics-record.ts'

/** A count; in a published report a count from 1 to 4 is `"<5"` (0 stays 0). */
export type Figure = number | '<5'

/** Counts from 1 up to this are hidden in a published report. */
export const SMALL_CELL_LIMIT = 4

export interface CountRow {
  month: string
  value: string
  count: Figure
}

/**
 * One clock's figures for the cases that came in in one month. `cases`: all of them; `stopped`: those whose clock
 * stopped (acknowledged — for `respond`: answered — or, without that, closed); `breaches`: those on which the
 * workflow recorded a breach of the clock; `inTime`: stopped without a breach. `inTimeShare` is inTime /
 * (inTime + breaches): the cases decided so far (a clock still running within its window counts in neither);
 * `medianBusinessHours` the median business time from receipt to the stop, over the stopped cases. Both null when
 * there is nothing to compute them from, and in a published report when they rest on a small count.
 */
export interface DeadlineRow {
  month: string
  clock: DeadlineClock
  cases: Figure
  stopped: Figure
  inTime: Figure
  breaches: Figure
  inTimeShare: number | null
  medianBusinessHours: number | null
}

export interface StatisticsReport {
  /** The period, both days included, `YYYY-MM-DD` in the business calendar's zone. */
  from: string
  to: string
  /** Small cells hidden (`publishable`). */
  published: boolean
  /** Every month the period touches, `YYYY-MM`, in order. */
  months: string[]
  /** Per dimension: every month × every value, zeros included, months in order and values in the vocabulary's. */
  counts: Record<StatisticsDimension, CountRow[]>
  /** Per month, then per clock (acknowledge, respond). */
  deadlines: DeadlineRow[]
  /** Cases that came in on or before `to` (also before `from`) and were not closed at the end of `to`. */
  openAtEnd: Figure
}

export interface StatisticsPeriod {
  from: string
  to: string
}

/** `YYYY-MM-DD` → the local date. */
export function parseLocalDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

/** Every month from the one of `from` to the one of `to`, as `YYYY-MM`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = parseLocalDate(from)
  const end = parseLocalDate(to)
  const months: string[] = []
  for (let { year, month } = start; year * 12 + month <= end.year * 12 + end.month; month++) {
    if (month > 12) {
      year++
      month = 1
    }
    months.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`)
  }
  return months
}

/** The value a record counts under in a dimension (several for signals). */
function valuesOf(record: CaseStatisticsRecord, dimension: StatisticsDimension): string[] {
  switch (dimension) {
    case 'channel':
      return [record.channel]
    case 'topic':
      return [record.topic ?? 'unclassified']
    case 'requesterType':
      return [record.requesterType ?? 'not-given']
    case 'sector':
      return [record.sector ?? 'not-given']
    case 'ideology':
      return [record.ideology ?? 'not-given']
    case 'signals':
      return record.signals.length === 0 ? ['none'] : record.signals
    case 'urgency':
      return [record.urgency]
    case 'outcome':
      return [record.outcome ?? 'open']
  }
}

/** When the clock stopped: acknowledged (answered), or closed without that; undefined while it runs. */
function stoppedAt(record: CaseStatisticsRecord, clock: DeadlineClock): string | undefined {
  return (clock === 'acknowledge' ? record.acknowledgedAt : record.answeredAt) ?? record.closedAt
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals

/**
 * The exact figures of the period from every record that might count: those of the period's months and, for the
 * cases open at its end, those of earlier months. A case counts in the month it came in (`record.month`, the
 * business calendar's zone). A case closed as a duplicate of another counts nowhere: the pair is one request, counted
 * as the other case (volumes, deadlines and the cases open at the end alike).
 */
export function statisticsReport(
  allRecords: readonly CaseStatisticsRecord[],
  period: StatisticsPeriod,
  deps: { calendar: Pick<BusinessCalendar, 'businessMinutesBetween'>; timeZone: string },
): StatisticsReport {
  const records = allRecords.filter((record) => record.outcome !== DUPLICATE_OUTCOME)
  const midnight = { hour: 0, minute: 0 }
  const start = zonedInstant(parseLocalDate(period.from), midnight, deps.timeZone).getTime()
  const end = zonedInstant(addDays(parseLocalDate(period.to), 1), midnight, deps.timeZone).getTime()
  const months = monthsBetween(period.from, period.to)
  const inPeriod = records.filter((record) => {
    const at = Date.parse(record.createdAt)
    return start <= at && at < end
  })
  const byMonth = new Map(months.map((month) => [month, inPeriod.filter((record) => record.month === month)]))

  const counts = Object.fromEntries(
    DIMENSION_NAMES.map((dimension) => [
      dimension,
      months.flatMap((month) =>
        (STATISTICS_DIMENSIONS[dimension] as readonly string[]).map((value) => ({
          month,
          value,
          count: (byMonth.get(month) ?? []).filter((record) => valuesOf(record, dimension).includes(value)).length,
        })),
      ),
    ]),
  ) as Record<StatisticsDimension, CountRow[]>

  const deadlines = months.flatMap((month) =>
    DEADLINE_CLOCKS.map((clock): DeadlineRow => {
      const cases = byMonth.get(month) ?? []
      const stopped = cases.flatMap((record) => {
        const at = stoppedAt(record, clock)
        return at === undefined ? [] : [{ record, at }]
      })
      const breached = cases.filter((record) => record.breaches[clock] > 0)
      const inTime = stopped.filter(({ record }) => record.breaches[clock] === 0)
      const decided = inTime.length + breached.length
      const hours = median(
        stopped.map(
          ({ record, at }) => deps.calendar.businessMinutesBetween(new Date(record.createdAt), new Date(at)) / 60,
        ),
      )
      return {
        month,
        clock,
        cases: cases.length,
        stopped: stopped.length,
        inTime: inTime.length,
        breaches: breached.length,
        inTimeShare: decided === 0 ? null : round(inTime.length / decided, 3),
        medianBusinessHours: hours === null ? null : round(hours, 2),
      }
    }),
  )

  const openAtEnd = records.filter(
    (record) =>
      Date.parse(record.createdAt) < end && (record.closedAt === undefined || Date.parse(record.closedAt) >= end),
  ).length

  return { from: period.from, to: period.to, published: false, months, counts, deadlines, openAtEnd }
}

const isSmall = (figure: Figure) => typeof figure === 'number' && figure >= 1 && figure <= SMALL_CELL_LIMIT
const hidden = (figure: Figure): Figure => (isSmall(figure) ? '<5' : figure)

/**
 * The report as it may leave MAR: every count from 1 to 4 becomes `"<5"` (0 stays 0: it points at nobody), and a
 * share or median computed from such a count is left out (null) — a share next to its other count would give the
 * hidden one away.
 */
export function publishable(report: StatisticsReport): StatisticsReport {
  return {
    ...report,
    published: true,
    counts: Object.fromEntries(
      DIMENSION_NAMES.map((dimension) => [
        dimension,
        report.counts[dimension].map((row) => ({ ...row, count: hidden(row.count) })),
      ]),
    ) as Record<StatisticsDimension, CountRow[]>,
    deadlines: report.deadlines.map((row) => ({
      ...row,
      cases: hidden(row.cases),
      stopped: hidden(row.stopped),
      inTime: hidden(row.inTime),
      breaches: hidden(row.breaches),
      inTimeShare: isSmall(row.inTime) || isSmall(row.breaches) ? null : row.inTimeShare,
      medianBusinessHours: isSmall(row.stopped) ? null : row.medianBusinessHours,
    })),
    openAtEnd: hidden(report.openAtEnd),
  }
}
