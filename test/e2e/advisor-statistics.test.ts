import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dutchNumber, parseDutchCsv } from '../support/dutch-csv.ts'
import { accessibilityViolations, baseUrl, launchBrowser, openPage } from './support.ts'

/**
 * The statistics page of the workspace in a browser, against the local stack: a signed-in advisor reads the charts
 * (SVG images with a name and a description) and the tables, and downloads the CSV, plain and published, with the
 * token in the header.
 */
describe('Workspace: the statistics page', () => {
  let browser: Browser
  let period: { from: string; to: string }

  beforeAll(async () => {
    browser = await launchBrowser()
    const response = await fetch(`${baseUrl()}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requesterType: 'private',
        topic: 'question',
        email: 'statistiek@example.nl',
        description: 'Ik maak me zorgen over wat mijn buurjongen online deelt.',
        consent: true,
      }),
    })
    expect(response.status).toBe(201)
    const now = String(((await (await fetch(`${baseUrl()}/_dev/clock`)).json()) as { now: string }).now)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(now))
    period = { from: `${today.slice(0, 7)}-01`, to: today }
  })

  afterAll(async () => {
    await browser?.close()
  })

  async function onStatistics(): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await page.getByRole('button', { name: /Anouk Verbeek/ }).click()
    await page.locator('#case-count:not(:empty)').waitFor()
    await page.goto(new URL(`/advisor/stats/?from=${period.from}&to=${period.to}`, baseUrl()).toString())
    await page.locator('#stats-result:not([hidden])').waitFor()
    return { page, problems, close: () => context.close() }
  }

  it('draws both charts as named SVG images, with the numbers also in tables, and passes axe', async () => {
    const { page, problems, close } = await onStatistics()

    const volume = page.getByRole('img', { name: /^Meldingen per maand, per kanaal/ })
    const deadlines = page.getByRole('img', { name: /^Deel op tijd per maand, per termijn/ })
    await expect.poll(() => volume.count()).toBe(1)
    await expect.poll(() => deadlines.count()).toBe(1)
    expect(await volume.locator('desc').textContent()).toContain('De cijfers staan ook in de tabel')
    // Every bar has its label and its value in text.
    expect(await volume.locator('text.stats-chart__label').allTextContents()).toEqual([
      'Webformulier',
      'E-mail',
      'Telefoon',
    ])
    const [webBar] = await volume.locator('text.stats-chart__value').allTextContents()
    expect(Number(webBar)).toBeGreaterThanOrEqual(1)

    const headers = await page.locator('#stats-volume-table thead th').allTextContents()
    expect(headers).toEqual(['Maand', 'Webformulier', 'E-mail', 'Telefoon', 'Totaal'])
    const firstRow = await page.locator('#stats-volume-table tbody tr').first().locator('td').allTextContents()
    expect(firstRow[0]).toBe(webBar)
    expect(await page.locator('#stats-deadlines-table tbody tr').count()).toBe(2)
    expect(await page.locator('#stats-dimensions table').count()).toBe(8)
    expect(await page.getByRole('link', { name: 'Statistieken' }).getAttribute('aria-current')).toBe('page')

    expect(await accessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await close()
  })

  it.each([
    ['CSV downloaden', '', 'false'],
    ['CSV voor publicatie downloaden', '-publicatie', 'true'],
  ])('downloads “%s” with the token in the header, never in the address', async (button, suffix, publish) => {
    const { page, problems, close } = await onStatistics()

    const requested = page.waitForRequest((request) => request.url().includes('format=csv'))
    const downloaded = page.waitForEvent('download')
    await page.getByRole('button', { name: button, exact: true }).click()
    const [request, download] = await Promise.all([requested, downloaded])

    expect(download.suggestedFilename()).toBe(`mar-statistieken-${period.from}-${period.to}${suffix}.csv`)
    expect(download.url()).toMatch(/^blob:/)
    const text = await readFile((await download.path()) ?? '', 'utf8')
    expect(text.split('\r\n')[0]).toBe('month,dimension,value,figure')
    expect(text).toContain(`${period.from.slice(0, 7)},channel,web,`)
    const url = new URL(request.url())
    expect(url.pathname).toBe('/api/advisor/stats')
    expect(url.searchParams.get('publish') ?? 'false').toBe(publish)
    expect(url.search).not.toMatch(/eyJ|token/)
    expect(request.headers().authorization).toMatch(/^Bearer eyJ/)
    expect(problems).toEqual([])
    await close()
  })

  it('downloads for Excel: a byte-order mark, semicolons, decimal commas and Dutch labels, read back by a parser', async () => {
    const { page, problems, close } = await onStatistics()

    const requested = page.waitForRequest((request) => request.url().includes('format=excel'))
    const downloaded = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Downloaden voor Excel', exact: true }).click()
    const [request, download] = await Promise.all([requested, downloaded])

    expect(download.suggestedFilename()).toBe(`mar-statistieken-${period.from}-${period.to}-excel.csv`)
    expect(request.headers().authorization).toMatch(/^Bearer eyJ/)
    const bytes = await readFile((await download.path()) ?? '')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const { byteOrderMark, rows } = parseDutchCsv(bytes.toString('utf8'))
    expect(byteOrderMark).toBe(true)
    expect(rows[0]).toEqual(['Maand', 'Indeling', 'Waarde', 'Aantal'])
    const month = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${period.from}T12:00:00Z`),
    )
    // The same number of web cases as the page's table shows.
    const web = rows.find((row) => row[0] === month && row[1] === 'Kanaal' && row[2] === 'Webformulier')
    const shown = await page.locator('#stats-volume-table tbody tr').first().locator('td').first().textContent()
    expect(dutchNumber(web?.[3] ?? '')).toBe(Number(shown))
    expect(dutchNumber(web?.[3] ?? '')).toBeGreaterThanOrEqual(1)
    expect(rows.some((row) => row[1] === 'Termijn ontvangst bevestigen' && row[2] === 'Deel op tijd (%)')).toBe(true)
    expect(rows.flat().some((cell) => /^\d+\.\d+$/.test(cell))).toBe(false)
    expect(problems).toEqual([])
    await close()
  })

  it('shows the current month by the stack’s clock, not the browser’s date, readable at 390 px (axe, no sideways scroll)', async () => {
    // The browser's own date is years away from the stack's: the page must not use it.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' })
    await context.clock.install({ time: new Date('2031-05-10T10:00:00.000Z') })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    await page.goto(new URL('/advisor/', baseUrl()).toString())
    await page.getByRole('button', { name: /Anouk Verbeek/ }).click()
    await page.locator('#case-count:not(:empty)').waitFor()
    await page.goto(new URL('/advisor/stats/', baseUrl()).toString())
    await page.locator('#stats-result:not([hidden])').waitFor()

    expect(await page.locator('#stats-from').inputValue()).toBe(period.from)
    expect(await page.locator('#stats-to').inputValue()).toBe(period.to)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    for (const table of await page.locator('table.stats-table').all()) {
      const box = await table.boundingBox()
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390)
    }
    // The chart's words are drawn at a readable size (not shrunk with a wide drawing): at least 12 px high.
    const heights = await page
      .locator('#stats-volume-chart text.stats-chart__label, #stats-volume-chart text.stats-chart__value')
      .evaluateAll((texts) => texts.map((text) => text.getBoundingClientRect().height))
    expect(heights.length).toBeGreaterThan(0)
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(12)
    // Each figure in a table says what it is.
    const firstCell = page.locator('#stats-deadlines-table tbody tr').first().locator('td').first()
    expect(await firstCell.getAttribute('data-label')).toBe('Termijn')
    expect(problems).toEqual([])
    await context.close()
  })
})
