/**
 * MAR's figures as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed), for spreadsheet programs —
 * which run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so such a cell is
 * written with a leading `'`.
 *
 * One table of four columns, `month,dimension,value,figure`:
 *   2026-10,channel,web,3                     a count: month × dimension × value, for every value (zeros too)
 *   2026-10,deadline:acknowledge,inTime,2     a deadline figure: cases, stopped, inTime, breaches, inTimeShare,
 *                                             medianBusinessHours (an empty cell when there is none)
 *   2026-12,open-at-end,2026-12-31,4          the cases still open at the end of the period (the month of `to`)
 * A published report has `<5` where a count from 1 to 4 was.
 */
import { DEADLINE_CLOCKS, DIMENSION_NAMES } from '../../core/statistics/statistics.ts'
import type { DeadlineRow, StatisticsReport } from '../../core/statistics/statistics-report.ts'

export const CSV_HEADER = ['month', 'dimension', 'value', 'figure'] as const
const DEADLINE_FIGURES = ['cases', 'stopped', 'inTime', 'breaches', 'inTimeShare', 'medianBusinessHours'] as const

/** Characters that make a spreadsheet program read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: defused against formulas, then quoted (with `"` doubled) when it holds a quote, comma or line end. */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  const defused = FORMULA_START.test(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused
}

export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

export function statisticsCsv(report: StatisticsReport): string {
  const rows: string[] = [csvRow(CSV_HEADER)]
  for (const dimension of DIMENSION_NAMES) {
    for (const row of report.counts[dimension]) rows.push(csvRow([row.month, dimension, row.value, row.count]))
  }
  for (const month of report.months) {
    for (const clock of DEADLINE_CLOCKS) {
      const row = report.deadlines.find((candidate) => candidate.month === month && candidate.clock === clock)
      if (row === undefined) continue
      for (const figure of DEADLINE_FIGURES) {
        rows.push(csvRow([month, `deadline:${clock}`, figure, (row as DeadlineRow)[figure]]))
      }
    }
  }
  rows.push(csvRow([report.to.slice(0, 7), 'open-at-end', report.to, report.openAtEnd]))
  return rows.join('')
}

/** `mar-statistieken-2026-10-01-2026-12-31.csv`; a published one ends in `-publicatie.csv`. */
export function statisticsCsvFileName(report: Pick<StatisticsReport, 'from' | 'to' | 'published'>): string {
  return `mar-statistieken-${report.from}-${report.to}${report.published ? '-publicatie' : ''}.csv`
}
