import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser, openPage, submit } from './support.ts'

const TEXT = {
  nl: {
    path: '/',
    private: 'Als particulier',
    question: 'Een algemene vraag over radicalisering',
    anonymous: 'Ik wil anoniem blijven',
    consent: 'Ik ga akkoord met de privacyverklaring',
    received: 'We hebben uw vraag ontvangen',
    danger: 'Iemand is nu in direct gevaar',
  },
  en: {
    path: '/en/',
    private: 'As a private person',
    question: 'A general question about radicalisation',
    anonymous: 'I want to stay anonymous',
    consent: 'I agree with the privacy statement',
    received: 'We have received your request',
    danger: 'Someone is in immediate danger now',
  },
}

describe.each(['nl', 'en'] as const)('Accessibility (axe-core, WCAG 2.1 A and AA) in %s', (lang) => {
  const t = TEXT[lang]
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function fillValid(page: Page) {
    await page.getByLabel(t.private).check()
    await page.getByLabel(t.question).check()
    await page.getByLabel(t.anonymous).check()
    await page.locator('#description').fill('A question about polarisation in our neighbourhood, please.')
    await page.getByLabel(t.danger).check()
    await page.getByLabel(t.consent).check()
  }

  // axe-core runs as a script, so "without JavaScript" here means: form.js does not load (a plain form post).
  it.each([
    { width: 1280, withoutFormScript: false },
    { width: 390, withoutFormScript: false },
    { width: 390, withoutFormScript: true },
  ])(
    'has no violations on the empty form ($width px, without form.js: $withoutFormScript)',
    async ({ width, withoutFormScript }) => {
      const { context, page } = await openPage(browser, t.path, { width, withoutFormScript })
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    },
  )

  it.each([false, true])(
    'has no violations on the form with errors (without form.js: %s)',
    async (withoutFormScript) => {
      const { context, page } = await openPage(browser, t.path, { withoutFormScript })
      await page.locator('#email').fill('not-an-address')
      await submit(page)
      await page.locator('#error-summary').waitFor()
      expect(new URL(page.url()).pathname).toBe(withoutFormScript ? '/api/requests' : t.path)
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    },
  )

  it.each([false, true])(
    'has no violations on the urgent confirmation (without form.js: %s)',
    async (withoutFormScript) => {
      const { context, page } = await openPage(browser, t.path, { withoutFormScript })
      await fillValid(page)
      await submit(page)
      await page.getByRole('heading', { level: 1, name: t.received }).waitFor()
      expect(new URL(page.url()).pathname).toBe(withoutFormScript ? '/api/requests' : t.path)
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    },
  )
})
