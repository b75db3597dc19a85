import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeElementId, launchBrowser, openPage, referenceOn, submit } from './support.ts'

describe.each([
  { mode: 'with JavaScript', javaScript: true },
  { mode: 'without JavaScript', javaScript: false },
])('Form errors $mode', ({ javaScript }) => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows a summary that links to each field, marks the fields and keeps what was typed', async () => {
    // Arrange: a professional without a sector, a broken address, too short a description, no consent.
    const { context, page, problems } = await openPage(browser, '/', { javaScript })
    await page.getByLabel('Voor mijn werk (professional)').check()
    await page.getByLabel('Zorgen over een bepaald persoon').check()
    await page.locator('#email').fill('docent@')
    await page.locator('#description').fill('te kort <b>&amp;</b>')

    // Act
    await submit(page)
    const summary = page.locator('#error-summary')
    await summary.waitFor()

    // Assert
    expect(await summary.getAttribute('role')).toBe('alert')
    await expect.poll(() => activeElementId(page)).toBe('error-summary-title')
    expect(await page.title()).toMatch(/^Fout: /)
    const hrefs = await summary.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))
    expect(hrefs).toEqual(['#sector-care', '#email', '#description', '#consent'])
    for (const href of hrefs) expect(await page.locator(href ?? '').count()).toBe(1)

    expect(await page.locator('#email').inputValue()).toBe('docent@')
    expect(await page.locator('#description').inputValue()).toBe('te kort <b>&amp;</b>')
    expect(await page.getByLabel('Voor mijn werk (professional)').isChecked()).toBe(true)
    expect(await page.getByLabel('Zorgen over een bepaald persoon').isChecked()).toBe(true)

    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#email').getAttribute('aria-describedby')).toContain('email-error')
    expect(await page.locator('#email-error').textContent()).toContain('e-mailadres')
    expect(await page.locator('fieldset[data-field="sector"]').getAttribute('aria-describedby')).toContain(
      'sector-error',
    )

    await summary.locator('a[href="#email"]').click()
    expect(await activeElementId(page)).toBe('email')
    await summary.locator('a[href="#sector-care"]').click()
    expect(await activeElementId(page)).toBe('sector-care')

    // Fixing the problems and sending again works.
    await page.getByLabel('Onderwijs').check()
    await page.locator('#email').fill('docent@school.example.nl')
    await page.locator('#description').fill('Een leerling deelt filmpjes die geweld verheerlijken.')
    await page.locator('#consent').check()
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
    expect(await referenceOn(page)).toBeTruthy()
    expect(problems).toEqual([])
    await context.close()
  })

  it('reports a problem with the contact details in English', async () => {
    const { context, page } = await openPage(browser, '/en/', { javaScript })
    await page.getByLabel('As a private person').check()
    await page.getByLabel('A general question about radicalisation').check()
    await page.locator('#description').fill('What are signs that a teenager is radicalising online?')
    await page.getByLabel('I agree with the privacy statement').check()

    await submit(page)
    await page.locator('#error-summary').waitFor()

    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    const text = (await page.locator('#error-summary').textContent()) ?? ''
    expect(text).toContain('Please check the following')
    expect(text).toMatch(/e-mail address or phone number/)
    expect(await page.locator('#description').inputValue()).toBe(
      'What are signs that a teenager is radicalising online?',
    )
    await context.close()
  })
})
