import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  fillAsTeacher,
  launchBrowser,
  openPage,
  referenceOn,
  storedCase,
  submit,
  TEACHER,
} from './support.ts'

/** "dinsdag 8 december om 12:30" / "Tuesday 8 December at 12:30": the acknowledgement mail's way of giving a date. */
const ANSWER_DATE = {
  nl: /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ om \d{2}:\d{2}/,
  en: /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ at \d{2}:\d{2}/,
}

describe('Web intake without JavaScript (plain form post)', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('posts a teacher’s request and answers with a confirmation page that shows the reference', async () => {
    const { context, page, problems } = await openPage(browser, '/', { javaScript: false })
    // Without the script every block is visible, the sector included.
    expect(await page.locator('#professional-details').isVisible()).toBe(true)
    await fillAsTeacher(page)

    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()

    expect(new URL(page.url()).pathname).toBe('/api/requests')
    expect(await page.locator('html').getAttribute('lang')).toBe('nl')
    expect(await page.getByText('Acuut gevaar? Bel 112').isVisible()).toBe(true)
    const reference = await referenceOn(page)
    expect(await page.locator('.notice--urgent').count()).toBe(0)
    expect(await storedCase(reference)).toMatchObject({
      reference,
      channel: 'web',
      requesterType: 'professional',
      sector: 'education',
      topic: 'case',
      anonymous: false,
      email: TEACHER.email,
      description: TEACHER.description,
      signals: ['isolation', 'hostility'],
      ideology: 'jihadism',
      urgency: 'normal',
    })
    expect(problems).toEqual([])
    await context.close()
  })

  it('tells a named requester the answer date, without the anonymous texts; a reload files nothing new', async () => {
    const { context, page, problems } = await openPage(browser, '/', { javaScript: false })
    await fillAsTeacher(page, { email: 'reload@school.example.nl', description: `${TEACHER.description} (herladen)` })
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
    const reference = await referenceOn(page)
    const main = page.locator('main')
    expect(await main.textContent()).toMatch(new RegExp(`U krijgt uiterlijk ${ANSWER_DATE.nl.source} antwoord`))
    expect(await main.locator('a[href="/follow-up"]').count()).toBe(0)
    expect(await main.textContent()).not.toMatch(/anoniem|ontvangstcode/i)
    // MAR's own number and address, and the emergency numbers, are a tap away.
    for (const href of ['tel:112', 'tel:09008844', 'tel:0623660386', 'mailto:mar_bsd@rotterdam.nl']) {
      expect(await page.locator(`a[href="${href}"]`).count(), href).toBeGreaterThan(0)
    }

    // The browser sends the very same form post again: the same case answers, no second one is filed.
    const reloaded = await page.reload()
    expect(reloaded?.request().method()).toBe('POST')
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
    expect(await referenceOn(page)).toBe(reference)
    expect(await storedCase(reference)).toMatchObject({ reference, email: 'reload@school.example.nl' })
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the receipt code on one line on a phone, says when to look, and a reload gives the same case', async () => {
    // form.js never loads (the plain form post), but the page may run the test's own checks and axe-core.
    const { context, page } = await openPage(browser, '/en/', { withoutFormScript: true, width: 390 })
    await page.getByLabel('As a private person').check()
    await page.getByLabel('A general question about radicalisation').check()
    await page.getByLabel('I want to stay anonymous').check()
    await page.locator('#description').fill('My cousin shares videos of a militia and wants to join them.')
    await page.getByLabel('I agree with the privacy statement').check()
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We have received your request' }).waitFor()

    const receipt = page.locator('[data-receipt]')
    const code = ((await receipt.textContent()) ?? '').trim()
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    const lines = await receipt.evaluate((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
    })
    expect(lines).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    // Without JavaScript there is no copy button: the code is text to write down.
    expect(await page.getByRole('button', { name: 'Copy code' }).count()).toBe(0)
    expect(await page.locator('main').textContent()).toMatch(new RegExp(`Look after ${ANSWER_DATE.en.source}`))
    expect(await page.locator('main').textContent()).not.toContain('You get an answer by')
    const reference = await referenceOn(page)

    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'We have received your request' }).waitFor()
    expect(await referenceOn(page)).toBe(reference)
    // The same content is no proof of the same person: no new code (which would open the first one's box).
    expect(await page.locator('main').textContent()).toContain('Use the receipt code you got the first time')
    expect(await page.locator('[data-receipt]').count()).toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })

  it('answers an anonymous, urgent request in English with the 112 guidance first', async () => {
    const { context, page } = await openPage(browser, '/en/', { javaScript: false })
    await page.getByLabel('As a private person').check()
    await page.getByLabel('A concern about a specific person').check()
    await page.getByLabel('I want to stay anonymous').check()
    await page.locator('#description').fill('My brother talks about attacking a mosque this weekend.')
    await page.getByLabel('Someone is in immediate danger now').check()
    await page.getByLabel('I agree with the privacy statement').check()

    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We have received your request' }).waitFor()

    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    const urgent = page.locator('.notice--urgent')
    expect(await urgent.textContent()).toContain('Call 112 straight away')
    // What to do now, each number a tap-to-call link.
    expect(await urgent.textContent()).toContain('What to do now')
    for (const href of ['tel:112', 'tel:09008844', 'tel:0623660386']) {
      expect(await urgent.locator(`a[href="${href}"]`).count(), href).toBeGreaterThan(0)
    }
    const stored = await storedCase(await referenceOn(page))
    expect(stored).toMatchObject({ anonymous: true, urgency: 'urgent', language: 'en', requesterType: 'private' })
    for (const field of ['name', 'email', 'phone']) expect(stored).not.toHaveProperty(field)
    await context.close()
  })
})
