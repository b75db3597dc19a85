import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillAsTeacher, launchBrowser, openPage, referenceOn, storedCase, submit, TEACHER } from './support.ts'

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
    const stored = await storedCase(await referenceOn(page))
    expect(stored).toMatchObject({ anonymous: true, urgency: 'urgent', language: 'en', requesterType: 'private' })
    for (const field of ['name', 'email', 'phone']) expect(stored).not.toHaveProperty(field)
    await context.close()
  })
})
