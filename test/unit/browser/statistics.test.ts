// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StatisticsReport } from '../../../functions/core/statistics/statistics-report.ts'
import { renderStatisticsPage } from '../../../functions/views/advisor/index.ts'
import { json, loadPage } from './page.ts'

const TOKEN = 'eyJ.stats.sig'

function report(published = false): StatisticsReport {
  const zeros = (values: string[]) =>
    ['2026-11', '2026-12'].flatMap((month) => values.map((value) => ({ month, value, count: 0 as const })))
  return {
    from: '2026-11-01',
    to: '2026-12-31',
    published,
    months: ['2026-11', '2026-12'],
    counts: {
      channel: [
        { month: '2026-11', value: 'web', count: 12 },
        { month: '2026-11', value: 'email', count: published ? '<5' : 3 },
        { month: '2026-12', value: 'web', count: 7 },
        { month: '2026-12', value: 'email', count: 0 },
      ],
      topic: zeros(['case', 'unclassified']),
      requesterType: zeros(['private', 'not-given']),
      sector: zeros(['education']),
      ideology: zeros(['none']),
      signals: zeros(['isolation']),
      urgency: zeros(['normal']),
      outcome: zeros(['open']),
    },
    deadlines: [
      {
        month: '2026-11',
        clock: 'acknowledge',
        cases: 15,
        stopped: 15,
        inTime: 14,
        breaches: 1,
        inTimeShare: 14 / 15,
        medianBusinessHours: 1.5,
      },
      {
        month: '2026-11',
        clock: 'respond',
        cases: 15,
        stopped: 10,
        inTime: 10,
        breaches: 0,
        inTimeShare: 1,
        medianBusinessHours: null,
      },
    ],
    openAtEnd: 4,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: statistics', () => {
  beforeEach(() => loadPage(renderStatisticsPage(), '/advisor/stats/'))

  it('draws each chart as an SVG image named by its title and description, every bar with its label and value in text', async () => {
    const { renderStatistics } = await import('../../../web/src/advisor/statistics.ts')
    renderStatistics(report())
    const svg = document.querySelector('#stats-volume-chart svg')
    expect(svg?.getAttribute('role')).toBe('img')
    expect(svg?.getAttribute('aria-labelledby')).toBe('stats-volume-svg-title stats-volume-svg-desc')
    expect(document.getElementById('stats-volume-svg-title')?.textContent).toBe('Meldingen per maand, per kanaal')
    expect(document.getElementById('stats-volume-svg-desc')?.textContent).toMatch(/^Staafdiagram: per maand/)
    const labels = Array.from(svg?.querySelectorAll('.stats-chart__label') ?? [], (node) => node.textContent)
    const values = Array.from(svg?.querySelectorAll('.stats-chart__value') ?? [], (node) => node.textContent)
    expect(labels).toEqual(['Webformulier', 'E-mail', 'Webformulier', 'E-mail'])
    expect(values).toEqual(['12', '3', '7', '0'])
    expect(svg?.querySelectorAll('rect')).toHaveLength(4)
    const shares = Array.from(
      document.querySelectorAll('#stats-deadlines-chart .stats-chart__value'),
      (node) => node.textContent,
    )
    expect(shares.slice(0, 2)).toEqual(['93,3 %', '100 %'])
  })

  it('fills the summary, tables and dimensions from the copy (no text missing), "<5" as published', async () => {
    const { renderStatistics } = await import('../../../web/src/advisor/statistics.ts')
    renderStatistics(report(true))
    const result = document.getElementById('stats-result')
    expect(result?.hidden).toBe(false)
    expect(document.getElementById('stats-summary')?.textContent).toBe(
      'Van 1 november 2026 tot en met 31 december 2026, kleine aantallen verborgen. Open aan het eind van de periode: 4.',
    )
    expect(result?.textContent).not.toMatch(/undefined|null|NaN|\{\w+\}/)
    const volume = Array.from(document.querySelectorAll('#stats-volume-table tbody tr'), (row) =>
      Array.from(row.children, (cell) => cell.textContent),
    )
    expect(volume[0]).toEqual(['november 2026', '12', '<5', 'geen gegevens'])
    expect(document.querySelectorAll('#stats-dimensions table')).toHaveLength(8)
    expect(document.getElementById('stats-dimensions')?.textContent).toContain('Nog niet ingedeeld')
  })

  it('downloads the CSV with the token in the header, through a Blob URL it revokes, never a token in a URL', async () => {
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    const calls: Array<{ url: string; init: RequestInit }> = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ url, init })
        return new Response('maand;kanaal\n', {
          status: 200,
          headers: { 'content-disposition': 'attachment; filename="mar-2026.csv"' },
        })
      }),
    )
    const created: Blob[] = []
    const revoked: string[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:mar/csv'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
      revoked.push(url)
    })
    const downloads: Array<string | null> = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.getAttribute('download'))
    })
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => undefined)
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const { downloadStatistics } = await import('../../../web/src/advisor/statistics.ts')
    const button = document.getElementById('stats-download-published') as HTMLButtonElement
    await downloadStatistics(button, { from: '2026-11-01', to: '2026-12-31' })
    expect(calls).toHaveLength(1)
    const url = new URL(calls[0]?.url ?? '', 'http://localhost')
    expect(url.pathname).toBe('/api/advisor/stats')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2026-11-01',
      to: '2026-12-31',
      format: 'csv',
      publish: 'true',
    })
    expect(calls[0]?.url).not.toContain(TOKEN)
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(created[0]?.type).toBe('text/csv')
    expect(downloads).toEqual(['mar-2026.csv'])
    vi.advanceTimersByTime(2_000)
    expect(revoked).toEqual(['blob:mar/csv'])
    expect(assign).not.toHaveBeenCalled()
    vi.useRealTimers()
  })

  it('asks for a statistics page answer with the period, and shows the field messages of a refusal', async () => {
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(400, { error: { code: 'validation_failed', fields: { from: 'Vul een datum in.' } } })),
    )
    const { startStats } = await import('../../../web/src/advisor/statistics.ts')
    await startStats()
    expect(document.getElementById('stats-from-error')?.textContent).toBe('Fout: Vul een datum in.')
    expect(document.getElementById('error-summary')?.textContent).toContain('Vul een datum in.')
  })

  it('without a period in the address asks the API for the current month by the stack’s clock, and shows its dates', async () => {
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    const calls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(url)
        if (url.startsWith('/api/advisor/stats?period='))
          return json(200, { ...report(), from: '2027-01-01', to: '2027-01-31', months: ['2027-01'] })
        return new Response('x', { status: 200 })
      }),
    )
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:mar/csv')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const { startStats } = await import('../../../web/src/advisor/statistics.ts')

    await startStats()

    expect(calls).toEqual(['/api/advisor/stats?period=current-month'])
    expect((document.getElementById('stats-from') as HTMLInputElement).value).toBe('2027-01-01')
    expect((document.getElementById('stats-to') as HTMLInputElement).value).toBe('2027-01-31')
    // The downloads take the period the API answered with, for Excel as format=excel.
    ;(document.getElementById('stats-download-excel') as HTMLButtonElement).click()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const download = new URL(calls[1] ?? '', 'http://localhost')
    expect(Object.fromEntries(download.searchParams)).toEqual({ from: '2027-01-01', to: '2027-01-31', format: 'excel' })
  })

  it('asks for the period in the address when it has one', async () => {
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    history.replaceState(null, '', '/advisor/stats/?from=2026-11-01&to=2026-12-31')
    const calls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(url)
        return json(200, report())
      }),
    )
    const { startStats } = await import('../../../web/src/advisor/statistics.ts')
    await startStats()
    expect(calls).toEqual(['/api/advisor/stats?from=2026-11-01&to=2026-12-31'])
  })

  it('names the column of every figure in the tables, for the cards a phone shows', async () => {
    const { renderStatistics } = await import('../../../web/src/advisor/statistics.ts')
    renderStatistics(report())
    const firstRow = document.querySelector('#stats-deadlines-table tbody tr')
    expect(Array.from(firstRow?.querySelectorAll('td') ?? [], (cell) => cell.dataset.label)).toEqual([
      'Termijn',
      'Meldingen',
      'Termijn gestopt',
      'Op tijd',
      'Verstreken',
      'Deel op tijd',
      'Mediaan (werkuren)',
    ])
    const dimension = document.querySelector('#stats-dimensions table tbody tr td')
    expect(dimension?.getAttribute('data-label')).toBe('november 2026')
  })

  it('sends a period from the address as it is, and shows what the API says is wrong with it', async () => {
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    history.replaceState(null, '', '/advisor/stats/?from=2026-11-01&to=')
    const calls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(url)
        return json(400, { error: { code: 'validation_failed', fields: { to: 'Vul een datum in als JJJJ-MM-DD.' } } })
      }),
    )
    const { startStats } = await import('../../../web/src/advisor/statistics.ts')
    await startStats()
    expect(calls).toEqual(['/api/advisor/stats?from=2026-11-01&to='])
    expect(document.getElementById('stats-to-error')?.textContent).toBe('Fout: Vul een datum in als JJJJ-MM-DD.')
    expect((document.getElementById('stats-from') as HTMLInputElement).value).toBe('2026-11-01')
  })
})
