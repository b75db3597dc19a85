/** `/advisor/stats/`: MAR's figures for a period, drawn as SVG bar charts with the same figures in tables; CSV. */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill, saveBlob } from '../shared/dom.ts'
import { api, errorText, fieldErrors, STATS_API } from './api.ts'
import type { StatisticsReport } from './api-types.ts'
import { copy, type LabelGroup, label } from './copy.ts'
import { showProblems } from './field-errors.ts'
import { announce, doneLoading, showAlert } from './page.ts'
import { authorization, goToSignIn, session, showStoredUser } from './session.ts'
import { ensureFreshToken } from './token-renewal.ts'

/** The download buttons: plain and published, as CSV and for Excel. */
const STATS_DOWNLOADS = [
  AdvisorId.statsDownload,
  AdvisorId.statsDownloadPublished,
  AdvisorId.statsDownloadExcel,
  AdvisorId.statsDownloadExcelPublished,
] as const

const SVG_NS = 'http://www.w3.org/2000/svg'
const numbers = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 })
const monthNames = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const dayNames = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** Builds an SVG element; text goes in as text nodes, never as markup. */
function svgEl(tag: string, attributes: Record<string, string | number> = {}, ...children: Array<Node | string>) {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value))
  for (const child of children) element.append(child)
  return element
}

/** "oktober 2026" for "2026-10". */
function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return monthNames.format(new Date(Date.UTC(year ?? 0, (number ?? 1) - 1, 1)))
}

/** "31 december 2026" for "2026-12-31". */
function dayLabel(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return dayNames.format(new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1)))
}

/** A count as the page shows it: a number, "<5" in a published report. */
function figureText(figure: unknown): string {
  if (typeof figure === 'number') return numbers.format(figure)
  if (typeof figure === 'string') return figure
  return copy.statistics.noFigure
}

function shareText(share: unknown): string {
  return typeof share === 'number' ? `${numbers.format(Math.round(share * 1000) / 10)} %` : copy.statistics.noFigure
}

/** The label of a value of a dimension; the buckets for "absent" have their own. */
function statLabel(dimension: string, value: string): string {
  const bucket = (copy.statistics.buckets as Readonly<Record<string, string>>)[value]
  return typeof bucket === 'string' ? bucket : label(dimension as LabelGroup, value)
}

export interface BarChart {
  id: string
  title: string
  desc: string
  max: number
  groups: Array<{ label: string; bars: Array<{ label: string; value: number | null; text: string; series: number }> }>
}

/**
 * A horizontal bar chart: `role="img"` named by its <title> and described by its <desc>; each bar has its label and
 * its value in text beside it, so no bar is told apart by its colour alone. Each label stands on its own line above
 * its bar, so the drawing is narrow (360 units): on a 390 px phone the text keeps about its CSS size instead of
 * shrinking with a wide drawing.
 */
export function barChart(chart: BarChart): SVGElement {
  const width = 360
  const barArea = 280
  const labelHeight = 18
  const barHeight = 16
  const rowGap = 8
  const headingHeight = 24
  const gap = 10
  let y = 0
  const parts: Element[] = []
  for (const group of chart.groups) {
    parts.push(svgEl('text', { x: 0, y: y + 16, class: 'stats-chart__group' }, group.label))
    y += headingHeight
    for (const bar of group.bars) {
      const length =
        bar.value === null || chart.max <= 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / chart.max) * barArea)
      parts.push(
        svgEl('text', { x: 0, y: y + 14, class: 'stats-chart__label' }, bar.label),
        svgEl('rect', {
          x: 0,
          y: y + labelHeight,
          width: Math.round(length * 10) / 10,
          height: barHeight,
          class: `stats-chart__bar stats-chart__bar--${bar.series}`,
        }),
        svgEl('text', { x: length + 6, y: y + labelHeight + 13, class: 'stats-chart__value' }, bar.text),
      )
      y += labelHeight + barHeight + rowGap
    }
    y += gap
  }
  const titleId = `${chart.id}-title`
  const descId = `${chart.id}-desc`
  return svgEl(
    'svg',
    {
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      viewBox: `0 0 ${width} ${Math.max(y, 1)}`,
      class: 'stats-chart__svg',
      focusable: 'false',
    },
    svgEl('title', { id: titleId }, chart.title),
    svgEl('desc', { id: descId }, chart.desc),
    ...parts,
  )
}

/**
 * A table with a caption, one header row and rows whose first cell is a row header. Each data cell carries its
 * column's name (`data-label`): on a phone the rows stand as cards, each figure with its name (advisor.css).
 */
function fillTable(table: HTMLTableElement, headers: string[], rows: string[][]): void {
  const caption = table.querySelector('caption')
  table.replaceChildren(
    ...(caption ? [caption] : []),
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
    el(
      'tbody',
      {},
      ...rows.map(([first = '', ...rest]) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, first),
          ...rest.map((cell, index) => el('td', { 'data-label': headers[index + 1] ?? '' }, cell)),
        ),
      ),
    ),
  )
}

const CLOCKS = ['acknowledge', 'respond'] as const
const DEADLINE_FIGURES = ['cases', 'stopped', 'inTime', 'breaches'] as const

export function renderStatistics(report: StatisticsReport): void {
  const t = copy.statistics
  const months = Array.isArray(report.months) ? report.months.map(String) : []
  const summary = byId(AdvisorId.statsSummary)
  if (summary) {
    summary.textContent = fill(report.published ? t.summaryPublished : t.summary, {
      from: dayLabel(String(report.from)),
      to: dayLabel(String(report.to)),
      open: figureText(report.openAtEnd),
    })
  }
  const rowsOf = (dimension: string) => {
    const rows = (report.counts as Partial<Record<string, StatisticsReport['counts']['channel']>> | undefined)?.[
      dimension
    ]
    return Array.isArray(rows) ? rows : []
  }
  const valuesOf = (dimension: string) => [...new Set(rowsOf(dimension).map((row) => String(row.value)))]
  const countOf = (dimension: string, month: string, value: string) =>
    rowsOf(dimension).find((row) => row.month === month && row.value === value)?.count

  const channels = valuesOf('channel')
  const volumeChart = byId(AdvisorId.statsVolumeChart)
  if (volumeChart) {
    const max = Math.max(0, ...rowsOf('channel').map((row) => (typeof row.count === 'number' ? row.count : 0)))
    volumeChart.replaceChildren(
      barChart({
        id: 'stats-volume-svg',
        title: t.volumeChartTitle,
        desc: t.volumeChartDesc,
        max,
        groups: months.map((month) => ({
          label: monthLabel(month),
          bars: channels.map((channel, series) => {
            const count = countOf('channel', month, channel)
            return {
              label: statLabel('channel', channel),
              value: typeof count === 'number' ? count : null,
              text: figureText(count),
              series,
            }
          }),
        })),
      }),
    )
  }
  const volumeTable = byId(AdvisorId.statsVolumeTable)
  if (volumeTable instanceof HTMLTableElement) {
    fillTable(
      volumeTable,
      [t.month, ...channels.map((channel) => statLabel('channel', channel)), t.total],
      months.map((month) => {
        const counts = channels.map((channel) => countOf('channel', month, channel))
        const total = counts.every((count) => typeof count === 'number')
          ? figureText(counts.reduce((sum, count) => sum + count, 0))
          : t.noFigure
        return [monthLabel(month), ...counts.map(figureText), total]
      }),
    )
  }

  const deadlines = Array.isArray(report.deadlines) ? report.deadlines : []
  const deadlinesChart = byId(AdvisorId.statsDeadlinesChart)
  if (deadlinesChart) {
    deadlinesChart.replaceChildren(
      barChart({
        id: 'stats-deadlines-svg',
        title: t.deadlinesChartTitle,
        desc: t.deadlinesChartDesc,
        max: 100,
        groups: months.map((month) => ({
          label: monthLabel(month),
          bars: CLOCKS.map((clock, series) => {
            const row = deadlines.find((item) => item.month === month && item.clock === clock)
            const share = typeof row?.inTimeShare === 'number' ? row.inTimeShare : null
            return {
              label: label('clock', clock),
              value: share === null ? null : share * 100,
              text: shareText(share),
              series,
            }
          }),
        })),
      }),
    )
  }
  const deadlinesTable = byId(AdvisorId.statsDeadlinesTable)
  if (deadlinesTable instanceof HTMLTableElement) {
    fillTable(
      deadlinesTable,
      [
        t.month,
        t.clock,
        ...DEADLINE_FIGURES.map((name) => t.figures[name]),
        t.figures.inTimeShare,
        t.figures.medianBusinessHours,
      ],
      deadlines.map((row) => [
        monthLabel(String(row.month)),
        label('clock', row.clock),
        ...DEADLINE_FIGURES.map((name) => figureText(row[name])),
        shareText(row.inTimeShare),
        typeof row.medianBusinessHours === 'number' ? numbers.format(row.medianBusinessHours) : t.noFigure,
      ]),
    )
  }

  byId(AdvisorId.statsDimensions)?.replaceChildren(
    ...(Object.keys(t.dimensions) as Array<keyof typeof t.dimensions>).map((dimension) => {
      const table = el('table', { className: 'stats-table' }, el('caption', {}, t.dimensions[dimension]))
      fillTable(
        table,
        [t.value, ...months.map(monthLabel)],
        valuesOf(dimension).map((value) => [
          statLabel(dimension, value),
          ...months.map((month) => figureText(countOf(dimension, month, value))),
        ]),
      )
      return el('div', { className: 'stats-table-wrap' }, table)
    }),
  )
  const result = byId(AdvisorId.statsResult)
  if (result) result.hidden = false
}

/**
 * Downloads the figures as CSV, the token in the header (never in a URL): fetched, then handed to the browser as a
 * short-lived Blob URL with the name the API gives. The button says which: `data-format` `csv` (RFC 4180, the API's
 * codes) or `excel` (for a Dutch spreadsheet: BOM, `;`, decimal commas, Dutch labels), `data-publish` small cells
 * hidden or not.
 */
export async function downloadStatistics(
  button: HTMLButtonElement,
  period: { from: string; to: string },
): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return
  const format = button.dataset.format === 'excel' ? 'excel' : 'csv'
  const query = new URLSearchParams({ from: period.from, to: period.to, format })
  if (button.dataset.publish === 'true') query.set('publish', 'true')
  showAlert('')
  button.setAttribute('aria-disabled', 'true')
  announce(copy.statistics.downloading)
  try {
    await ensureFreshToken()
    const response = await fetch(`${STATS_API}?${query}`, {
      headers: { ...authorization(), accept: 'text/csv' },
      cache: 'no-store',
    })
    if (response.status === 401) {
      goToSignIn()
      return
    }
    if (!response.ok) {
      announce('')
      showAlert(response.status === 403 ? copy.error.forbidden : copy.statistics.downloadFailed)
      return
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `mar-statistieken-${period.from}-${period.to}${format === 'excel' ? '-excel' : ''}.csv`
    saveBlob(new Blob([await response.arrayBuffer()], { type: 'text/csv' }), name)
    announce(copy.statistics.downloaded)
  } catch {
    announce('')
    showAlert(copy.error.network)
  } finally {
    button.removeAttribute('aria-disabled')
  }
}

/**
 * The page: the period in the address (`?from=&to=`, as the period form sends it), or else the current month by the
 * stack's clock — the API's `period=current-month` answers with the dates it took (locally the dev clock), never the
 * browser's date.
 */
export async function startStats(): Promise<void> {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  const form = byId(AdvisorId.statsPeriod)
  if (!(form instanceof HTMLFormElement)) return
  const params = new URLSearchParams(location.search)
  // A period in the address is sent as it is (the API's field messages say what is wrong with it).
  const asked = params.has('from') || params.has('to')
  const period = { from: params.get('from') ?? '', to: params.get('to') ?? '' }
  const showPeriod = () => {
    for (const name of ['from', 'to'] as const) {
      const input = form.elements.namedItem(name)
      if (input instanceof HTMLInputElement) input.value = period[name]
    }
  }
  showPeriod()
  for (const id of STATS_DOWNLOADS) {
    const button = byId(id)
    if (button instanceof HTMLButtonElement) button.addEventListener('click', () => downloadStatistics(button, period))
  }
  const query = asked ? new URLSearchParams(period) : new URLSearchParams({ period: 'current-month' })
  const result = await api<StatisticsReport>('GET', `${STATS_API}?${query}`)
  doneLoading()
  if (result.status === 401) return
  if (result.status === 200 && result.data && typeof result.data === 'object') {
    period.from = String(result.data.from)
    period.to = String(result.data.to)
    showPeriod()
    renderStatistics(result.data)
    return
  }
  const fields = fieldErrors(result)
  if (fields && showProblems(form, fields)) return
  showAlert(errorText(result))
}
