import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, baseUrl, launchBrowser, openPage } from './support.ts'

/**
 * "Find last week's closed case by the requester's surname", as an advisor does it in the browser: the search box,
 * a closed case among the results, the words kept out of the page's address, axe on the answer.
 */

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl()}${path}`, init)
  const text = await response.text()
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> }
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

describe('Advisor workspace: search', () => {
  let browser: Browser
  // A surname no other test's case has: letters only, with an accent the advisor does not type.
  const surname = `Çelik${randomBytes(4).readUInt32BE(0).toString(36).replace(/\d/g, 'x')}`
  let reference = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    const submitted = await call(
      '/api/requests',
      json({
        requesterType: 'private',
        topic: 'question',
        name: `Sanne ${surname}`,
        email: 'sanne.melder@example.nl',
        description: 'Mijn zoon kijkt filmpjes van een haatprediker. Wat kan ik doen?',
        consent: true,
      }),
    )
    expect(submitted.status).toBe(201)
    reference = String(submitted.body.reference)
    const token = String((await call('/_dev/token', json({ advisorId: 'adv-03' }))).body.token)
    const closed = await call(
      `/api/advisor/cases/${reference}/close`,
      json({ outcome: 'advice-given' }, { authorization: `Bearer ${token}`, origin: baseUrl() }),
    )
    expect(closed.status).toBe(200)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it("finds a closed case by the requester's surname typed without its accent, and shows it as closed", async () => {
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await page.getByRole('button', { name: /Marloes Kuipers/ }).click()
    await page.locator('#case-count:not(:empty)').waitFor()
    await expect.poll(() => page.locator('#case-rows th a').allTextContents()).not.toContain(reference)

    await page.getByLabel('Zoeken', { exact: true }).fill(surname.replace('Ç', 'c').toUpperCase())
    await page.getByRole('button', { name: 'Filter toepassen' }).click()

    await expect.poll(() => page.locator('#case-rows th a').allTextContents()).toEqual([reference])
    const row = page.locator('#case-rows tr', { has: page.getByRole('link', { name: reference }) })
    expect(await row.textContent()).toContain('Gesloten')
    expect(page.url().toLowerCase()).not.toContain(surname.slice(1).toLowerCase())
    expect(await accessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})
