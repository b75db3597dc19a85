import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, baseUrl, launchBrowser, openPage, submit } from './support.ts'

const TEXT = {
  nl: {
    path: '/',
    private: 'Als particulier',
    question: 'Een algemene vraag over radicalisering',
    anonymous: 'Ik wil anoniem blijven',
    consent: 'Ik ga akkoord met de privacyverklaring',
    received: 'We hebben uw vraag ontvangen',
    danger: 'Iemand is nu in direct gevaar',
    followUp: '/follow-up',
  },
  en: {
    path: '/en/',
    private: 'As a private person',
    question: 'A general question about radicalisation',
    anonymous: 'I want to stay anonymous',
    consent: 'I agree with the privacy statement',
    received: 'We have received your request',
    danger: 'Someone is in immediate danger now',
    followUp: '/en/follow-up',
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

  /** No sideways scrolling: everything fits the phone's width. */
  const fitsWidth = async (page: Page, width: number) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)

  it.each([
    { kind: 'named', width: 1280, withoutFormScript: false },
    { kind: 'named', width: 390, withoutFormScript: false },
    { kind: 'named', width: 390, withoutFormScript: true },
    { kind: 'anonymous', width: 1280, withoutFormScript: true },
    { kind: 'anonymous', width: 390, withoutFormScript: false },
    { kind: 'anonymous', width: 390, withoutFormScript: true },
  ])(
    'has no violations on the $kind confirmation ($width px, without form.js: $withoutFormScript)',
    async ({ kind, width, withoutFormScript }) => {
      const { context, page } = await openPage(browser, t.path, { width, withoutFormScript })
      await page.getByLabel(t.private).check()
      await page.getByLabel(t.question).check()
      if (kind === 'anonymous') await page.getByLabel(t.anonymous).check()
      else await page.locator('#email').fill(`a11y-${width}-${withoutFormScript}@example.nl`)
      await page.locator('#description').fill(`A question about polarisation at ${width} px, ${kind}.`)
      await page.getByLabel(t.consent).check()
      await submit(page)
      await page.getByRole('heading', { level: 1, name: t.received }).waitFor()
      expect(await page.locator('[data-receipt]').count()).toBe(kind === 'anonymous' ? 1 : 0)
      expect(await accessibilityViolations(page)).toEqual([])
      await fitsWidth(page, width)
      await context.close()
    },
  )

  it('has no violations on the follow-up page at 390 px', async () => {
    const { context, page } = await openPage(browser, t.followUp, { width: 390, withoutFormScript: true })
    expect(await accessibilityViolations(page)).toEqual([])
    await fitsWidth(page, 390)
    await context.close()
  })

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

describe('Accessibility (axe-core) of the acknowledge link’s page, in the workspace’s style', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each([1280, 390])('has no violations on a refused link at %i px, and leads on to the workspace', async (width) => {
    const { context, page, problems } = await openPage(browser, '/actions/not-a-token', { width })
    await page.getByRole('heading', { level: 1, name: 'Deze link werkt niet' }).waitFor()
    expect(await page.locator('body.advisor').count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Naar de werkplek' }).getAttribute('href')).toBe('/advisor/')
    expect(await accessibilityViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    expect(problems).toEqual([])
    expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin)
    await context.close()
  })
})
