import { readFileSync } from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'

export const baseUrl = (): string => inject('baseUrl')

export const REFERENCE = /MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** A page that fails the test on any script error or CSP violation. */
export async function openPage(
  browser: Browser,
  path: string,
  options: { javaScript?: boolean; width?: number; withoutFormScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'nl-NL',
  })
  // The no-JavaScript experience in a browser that can still run axe-core: our script never loads.
  if (options.withoutFormScript) await context.route('**/assets/form.js', (route) => route.abort())
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      problems.push(`console: ${message.text()}`)
    }
  })
  await page.goto(new URL(path, baseUrl()).toString())
  return { context, page, problems }
}

export interface TeacherRequest {
  email: string
  description: string
}

export const TEACHER: TeacherRequest = {
  email: 'j.de.vries@school.example.nl',
  description:
    'Een leerling (15) uit 3B trekt zich sinds de herfst terug & zegt dat "ongelovigen" straf verdienen. Zoë, zijn zus, maakt zich ook zorgen — wat kan ik doen?',
}

/** Fills the form as a teacher: professional, education, a concern about a person, contact by e-mail. */
export async function fillAsTeacher(page: Page, request: TeacherRequest = TEACHER): Promise<void> {
  await page.getByLabel(/Voor mijn werk|For my work/).check()
  await page.getByLabel(/^(Onderwijs|Education)$/).check()
  await page.locator('#organisation').fill('Lyceum Zuid')
  await page.getByLabel(/Zorgen over een bepaald persoon|A concern about a specific person/).check()
  await page.locator('#name').fill('Jan de Vries')
  await page.locator('#email').fill(request.email)
  await page.locator('#description').fill(request.description)
  await page.locator('#signals-isolation').check()
  await page.locator('#signals-hostility').check()
  await page.locator('#ideology').selectOption('jihadism')
  await page.locator('#consent').check()
}

export async function submit(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Verstuur uw vraag|Send your request/ }).click()
}

/** The stored case, from the local-only dev endpoint. */
export async function storedCase(reference: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl()}/_dev/cases/${encodeURIComponent(reference)}`)
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

export async function referenceOn(page: Page): Promise<string> {
  const text = (await page.locator('.reference__value').first().textContent()) ?? ''
  const match = REFERENCE.exec(text)
  expect(match, `no reference in "${text}"`).not.toBeNull()
  return match?.[0] ?? ''
}

export async function activeElementId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '')
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules; returns the violations in a readable form. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  )
}

/** config/roster.example.json, as `npm start` loads it. */
export const EXAMPLE_ROSTER = JSON.parse(
  readFileSync(new URL('../../config/roster.example.json', import.meta.url), 'utf8'),
)

/** The example roster, with Anouk Verbeek on duty (Marloes Kuipers as backup) from now on, whatever day it is. */
export function rosterOnDutyFromNow(now: Date) {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
  const span = { start: iso(now.getTime() - 3_600_000), end: iso(now.getTime() + 90 * 86_400_000) }
  return {
    ...EXAMPLE_ROSTER,
    timeZone: 'UTC',
    shifts: [
      { advisorId: 'adv-01', role: 'primary', ...span },
      { advisorId: 'adv-03', role: 'backup', ...span },
    ],
    absences: [],
  }
}
