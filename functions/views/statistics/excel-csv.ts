/**
 * MAR's figures for a Dutch spreadsheet (`GET /api/advisor/stats?…&format=excel`): the same table as the RFC 4180
 * CSV (csv.ts), written the way Excel with Dutch regional settings opens it by double-click — a UTF-8 byte-order mark
 * (else "coördinator" turns into mojibake), `;` between cells (the Dutch list separator), decimal commas, CRLF line
 * ends — with Dutch labels instead of the API's codes. Cells that a spreadsheet would run as a formula are defused
 * as in csv.ts.
 *
 *   Maand;Indeling;Waarde;Aantal
 *   oktober 2026;Kanaal;Webformulier;3
 *   oktober 2026;Termijn ontvangst bevestigen;Deel op tijd (%);93,3
 *   december 2026;Open aan het eind van de periode;31 december 2026;4
 */
import { DEADLINE_CLOCKS, DIMENSION_NAMES, type StatisticsDimension } from '../../core/statistics/statistics.ts'
import type { DeadlineRow, Figure, StatisticsReport } from '../../core/statistics/statistics-report.ts'
import { SCRIPT_COPY } from '../advisor/copy.ts'

export const BYTE_ORDER_MARK = '\uFEFF'

export const EXCEL_HEADER = ['Maand', 'Indeling', 'Waarde', 'Aantal'] as const

const FIGURES = ['cases', 'stopped', 'inTime', 'breaches', 'inTimeShare', 'medianBusinessHours'] as const

/** The labels of the deadline figures in the download (a share is written as a percentage). */
export const EXCEL_FIGURE_LABELS: Record<(typeof FIGURES)[number], string> = {
  cases: 'Meldingen',
  stopped: 'Termijn gestopt',
  inTime: 'Op tijd',
  breaches: 'Verstreken',
  inTimeShare: 'Deel op tijd (%)',
  medianBusinessHours: 'Mediaan (werkuren)',
}

export const EXCEL_OPEN_AT_END = 'Open aan het eind van de periode'

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const

/** "oktober 2026" for "2026-10". */
export function dutchMonth(month: string): string {
  const [year, number] = month.split('-')
  return `${MONTHS[Number(number) - 1] ?? number} ${year}`
}

/** "31 december 2026" for "2026-12-31". */
function dutchDay(day: string): string {
  const [year, month, date] = day.split('-')
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month} ${year}`
}

/** A number with a decimal comma and no thousands separator (Excel would read `1.234` as 1234 or as a date). */
export function decimalComma(value: number): string {
  return String(value).replace('.', ',')
}

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[";\r\n]/

function cell(value: string): string {
  const defused = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused
}

function row(cells: readonly string[]): string {
  return `${cells.map(cell).join(';')}\r\n`
}

/** A count: the number, or `<5` in a published report. */
function figureCell(figure: Figure): string {
  return typeof figure === 'number' ? decimalComma(figure) : figure
}

/** The Dutch label of a value of a dimension: the buckets for "absent" first, then the dimension's vocabulary. */
export function valueLabel(dimension: StatisticsDimension, value: string): string {
  const buckets: Readonly<Record<string, string>> = SCRIPT_COPY.statistics.buckets
  const bucket = buckets[value]
  if (bucket !== undefined) return bucket
  const labels = SCRIPT_COPY[dimension] as Readonly<Record<string, string>>
  return labels[value] ?? value
}

function deadlineCell(row: DeadlineRow, figure: (typeof FIGURES)[number]): string {
  const value = row[figure]
  if (value === null) return ''
  if (figure === 'inTimeShare' && typeof value === 'number') return decimalComma(Math.round(value * 1000) / 10)
  return figureCell(value)
}

export function statisticsExcelCsv(report: StatisticsReport): string {
  const rows: string[] = [BYTE_ORDER_MARK + row(EXCEL_HEADER)]
  for (const dimension of DIMENSION_NAMES) {
    const name = SCRIPT_COPY.statistics.dimensions[dimension]
    for (const count of report.counts[dimension]) {
      rows.push(row([dutchMonth(count.month), name, valueLabel(dimension, count.value), figureCell(count.count)]))
    }
  }
  for (const month of report.months) {
    for (const clock of DEADLINE_CLOCKS) {
      const found = report.deadlines.find((candidate) => candidate.month === month && candidate.clock === clock)
      if (found === undefined) continue
      const name = `Termijn ${SCRIPT_COPY.clock[clock].toLowerCase()}`
      for (const figure of FIGURES) {
        rows.push(row([dutchMonth(month), name, EXCEL_FIGURE_LABELS[figure], deadlineCell(found, figure)]))
      }
    }
  }
  rows.push(
    row([dutchMonth(report.to.slice(0, 7)), EXCEL_OPEN_AT_END, dutchDay(report.to), figureCell(report.openAtEnd)]),
  )
  return rows.join('')
}

/** `mar-statistieken-2026-10-01-2026-12-31-excel.csv`; a published one ends in `-publicatie-excel.csv`. */
export function statisticsExcelFileName(report: Pick<StatisticsReport, 'from' | 'to' | 'published'>): string {
  return `mar-statistieken-${report.from}-${report.to}${report.published ? '-publicatie' : ''}-excel.csv`
}
