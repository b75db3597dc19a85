import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  baseUrl,
  EXAMPLE_ROSTER,
  launchBrowser,
  openPage,
  rosterOnDutyFromNow,
  storedCase,
} from './support.ts'

const REQUEST = {
  requesterType: 'professional',
  sector: 'education',
  organisation: 'Lyceum Zuid',
  topic: 'question',
  name: 'Jan de Vries',
  email: 'j.de.vries@school.example.nl',
  description: 'Een leerling deelt filmpjes die geweld verheerlijken. Wat kan ik als mentor doen?',
  consent: true,
}

async function call<T = Record<string, unknown>>(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl()}${path}`, init)
  const text = await response.text()
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T }
}

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

async function newCase(): Promise<string> {
  const answer = await call<{ reference: string }>('/api/requests', json(REQUEST))
  expect(answer.status).toBe(201)
  return answer.body.reference
}

/** The case page at `width`, signed in as Anouk Verbeek through the dev sign-in. */
async function onCase(
  browser: Browser,
  reference: string,
  width: number,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const opened = await openPage(browser, '/advisor/', { width })
  await opened.page.getByRole('button', { name: /Anouk Verbeek/ }).click()
  await opened.page.locator('#case-count:not(:empty)').waitFor()
  await opened.page.goto(new URL(`/advisor/cases/${reference}`, baseUrl()).toString())
  await opened.page.locator('#case-view:not([hidden])').waitFor()
  return opened
}

async function activeId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '')
}

/** Where an element is on the screen (its top, in CSS px from the top of the viewport). */
async function screenTop(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((element) => element.getBoundingClientRect().top)
}

/** Whether the element is wholly on the screen. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect()
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
  })
}

/** Until the page stops scrolling (styles.css scrolls smoothly: Playwright's own scrolling into view animates). */
async function scrollSettled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = Number.NaN
        let still = 0
        const frame = () => {
          still = window.scrollY === last ? still + 1 : 0
          last = window.scrollY
          if (still >= 5) resolve()
          else requestAnimationFrame(frame)
        }
        requestAnimationFrame(frame)
      }),
  )
}

/** Scrolls the element to the middle of the screen, once the page stands still. */
async function inMiddle(page: Page, selector: string): Promise<void> {
  await scrollSettled(page)
  await page.locator(selector).evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }))
  await scrollSettled(page)
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/**
 * The visible controls of the case that are smaller than 44 × 44 CSS px. A radio or checkbox's target is its whole
 * row (`.choice`: the label covers it), as on the public form.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        '#case-view button, #case-view select, #case-view input, #case-view textarea, .advisor-back a',
      ),
    ]
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ element, box: (element.closest('.choice') ?? element).getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ element, box }) => `${element.id || element.textContent?.trim()}: ${box.width}×${box.height}`),
  )
}

const expanded = (page: Page, title: string) =>
  page.getByRole('button', { name: title, exact: true }).getAttribute('aria-expanded')

describe('Advisor case page: closing safely, and on a phone', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
    const now = new Date(String((await call<{ now: string }>('/_dev/clock')).body.now))
    expect((await call('/_dev/roster', json(rosterOnDutyFromNow(now), 'PUT'))).status).toBe(200)
  })

  afterAll(async () => {
    await call('/_dev/roster', json(EXAMPLE_ROSTER, 'PUT'))
    await browser?.close()
  })

  describe.each([1280, 390])('at %i px', (width) => {
    it('has no accessibility violations, and nothing wider than the screen', async () => {
      const { context, page, problems } = await onCase(browser, await newCase(), width)
      expect(await accessibilityViolations(page)).toEqual([])
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      if (width === 390) {
        expect(await smallTargets(page)).toEqual([])
        // With an action open, and with the close question asked.
        await page.getByRole('button', { name: 'Antwoorden aan de melder', exact: true }).click()
        expect(await accessibilityViolations(page)).toEqual([])
        expect(await overflow(page)).toBeLessThanOrEqual(0)
        expect(await smallTargets(page)).toEqual([])
        await page.getByRole('button', { name: 'Sluiten', exact: true }).click()
      }
      await page.getByLabel('Uitkomst').selectOption({ label: 'Doorverwezen' })
      await page.getByRole('button', { name: 'Melding sluiten' }).click()
      await page.getByRole('group', { name: /Weet u zeker/ }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      if (width === 390) expect(await smallTargets(page)).toEqual([])
      expect(problems).toEqual([])
      await context.close()
    })

    it('asks before closing and warns that the requester never got an answer; "Nee" leaves it open, "Ja, sluiten" closes', async () => {
      const reference = await newCase()
      const { context, page, problems } = await onCase(browser, reference, width)
      if (width === 390) await page.getByRole('button', { name: 'Sluiten', exact: true }).click()
      await page.getByLabel('Uitkomst').selectOption({ label: 'Advies gegeven' })
      await page.getByRole('button', { name: 'Melding sluiten' }).click()

      const question = page.getByRole('group', { name: /Weet u zeker/ })
      await question.waitFor()
      expect(await activeId(page)).toBe('close-confirm')
      await expect.poll(() => onScreen(page, '#close-confirm')).toBe(true)
      expect(await page.locator('#close-confirm-question').textContent()).toBe(
        'Weet u zeker dat u deze melding wilt sluiten, met de uitkomst ‘Advies gegeven’?',
      )
      expect(await page.locator('#close-unanswered').textContent()).toMatch(/^Let op: de melder heeft nog nooit/)
      expect(await page.locator('#close-unanswered').isVisible()).toBe(true)
      expect((await storedCase(reference)).status).not.toBe('closed')

      await page.getByRole('button', { name: 'Nee, niet sluiten' }).click()
      expect(await question.isHidden()).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Melding sluiten')
      expect((await storedCase(reference)).status).not.toBe('closed')

      // With the keyboard: Enter on the close button asks; Enter on "Ja, sluiten" closes.
      await page.getByRole('button', { name: 'Melding sluiten' }).focus()
      await page.keyboard.press('Enter')
      await question.waitFor()
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, sluiten')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.locator('#case-done').textContent(), { timeout: 10_000 }).toBe('Melding gesloten.')
      expect(await activeId(page)).toBe('case-done')
      await expect.poll(() => onScreen(page, '#case-done')).toBe(true)
      expect(await page.locator('#case-closed').textContent()).toBe('Deze melding is gesloten (Advies gegeven).')
      expect((await storedCase(reference)).outcome).toBe('advice-given')
      expect(problems).toEqual([])
      await context.close()
    })

    it('does not warn when the requester was answered', async () => {
      const reference = await newCase()
      const { context, page, problems } = await onCase(browser, reference, width)
      if (width === 390) await page.getByRole('button', { name: 'Antwoorden aan de melder', exact: true }).click()
      await page.getByLabel('Uw antwoord').fill('Goedemiddag, wij bellen u morgen.')
      await page.getByRole('button', { name: 'Antwoord versturen' }).click()
      await expect.poll(() => page.locator('#reply-done').textContent(), { timeout: 10_000 }).toMatch(/verstuurd/)
      if (width === 390) await page.getByRole('button', { name: 'Sluiten', exact: true }).click()
      await page.getByLabel('Uitkomst').selectOption({ label: 'Advies gegeven' })
      await page.getByRole('button', { name: 'Melding sluiten' }).click()
      await page.getByRole('group', { name: /Weet u zeker/ }).waitFor()
      expect(await page.locator('#close-unanswered').isHidden()).toBe(true)
      expect(problems).toEqual([])
      await context.close()
    })

    it('moves focus to the outcome of an action, where the action was: the page does not jump', async () => {
      const { context, page, problems } = await onCase(browser, await newCase(), width)
      // Without Chromium's scroll anchoring, as in Safari (the iPhone), which has none: the page itself keeps its place.
      await page.evaluate(() => {
        document.documentElement.style.overflowAnchor = 'none'
        document.body.style.overflowAnchor = 'none'
      })
      if (width === 390) await page.getByRole('button', { name: 'Notitie toevoegen', exact: true }).click()
      await page.getByLabel('Notitie', { exact: true }).fill('Gebeld met de mentor: hij stuurt morgen meer informatie.')
      // The advisor looks at the button they press, in the middle of the screen.
      await inMiddle(page, '#note-form button[type="submit"]')
      const before = await screenTop(page, '#note-block')
      await page.getByRole('button', { name: 'Notitie opslaan' }).click()
      await expect.poll(() => activeId(page), { timeout: 10_000 }).toBe('note-done')
      expect(await page.locator('#note-done').textContent()).toBe('Notitie toegevoegd.')
      // The note was added above the form (messages, history): the form stayed where it was on the screen.
      expect(await page.locator('#case-messages > li').count()).toBe(1)
      await scrollSettled(page)
      expect(Math.abs((await screenTop(page, '#note-block')) - before)).toBeLessThanOrEqual(1)
      await expect.poll(() => onScreen(page, '#note-done')).toBe(true)

      // An action whose form goes away: its outcome shows at the top of the actions, in view, with focus.
      if (width === 390) await page.getByRole('button', { name: 'Ontvangst bevestigen', exact: true }).click()
      await inMiddle(page, '#acknowledge-form button[type="submit"]')
      await page.locator('#acknowledge-form button[type="submit"]').click()
      await expect.poll(() => activeId(page), { timeout: 10_000 }).toBe('case-done')
      expect(await page.locator('#case-done').textContent()).toBe('Ontvangst bevestigd.')
      expect(await page.locator('#acknowledge-block').isHidden()).toBe(true)
      await expect.poll(() => onScreen(page, '#case-done')).toBe(true)
      expect(problems).toEqual([])
      await context.close()
    })
  })

  it('on a phone, lists the actions as buttons and opens one at a time, with the keyboard', async () => {
    const { context, page, problems } = await onCase(browser, await newCase(), 390)
    const titles = await page.locator('.case-action:not([hidden]) .case-action__toggle').allTextContents()
    expect(titles).toEqual([
      'Ontvangst bevestigen',
      'Indelen',
      'Antwoorden aan de melder',
      'Notitie toevoegen',
      'Toewijzen',
      'Pauzeren',
      'Herinnering zetten',
      'Sluiten',
    ])
    expect(await page.locator('.case-form:visible').count()).toBe(0)

    await page.getByRole('button', { name: 'Antwoorden aan de melder', exact: true }).focus()
    await page.keyboard.press('Enter')
    expect(await expanded(page, 'Antwoorden aan de melder')).toBe('true')
    expect(await page.getByLabel('Uw antwoord').isVisible()).toBe(true)
    // Tab leads into the open form: its first control, how to answer.
    await page.keyboard.press('Tab')
    expect(await activeId(page)).toBe('reply-via-mail')

    await page.getByRole('button', { name: 'Notitie toevoegen', exact: true }).focus()
    await page.keyboard.press('Space')
    expect(await expanded(page, 'Notitie toevoegen')).toBe('true')
    expect(await expanded(page, 'Antwoorden aan de melder')).toBe('false')
    expect(await page.getByLabel('Uw antwoord').isHidden()).toBe(true)
    expect(await page.locator('.case-form:visible').count()).toBe(1)

    await page.keyboard.press('Enter')
    expect(await expanded(page, 'Notitie toevoegen')).toBe('false')
    expect(await page.locator('.case-form:visible').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('collapses repeated reads in the history: "Ingezien 3×", with the first and last time', async () => {
    const reference = await newCase()
    const { context, page, problems } = await onCase(browser, reference, 390)
    for (let again = 0; again < 2; again++) {
      await page.reload()
      await page.locator('#case-view:not([hidden])').waitFor()
    }
    const reads = page.locator('#case-events > li.history__reads')
    expect(await reads.count()).toBe(1)
    expect(await reads.locator('.history__what').textContent()).toBe('Ingezien 3×3 keer')
    expect(await reads.locator('[aria-hidden="true"]').textContent()).toBe('3×')
    expect(await reads.locator('.visually-hidden').textContent()).toBe('3 keer')
    expect(await reads.textContent()).toMatch(/door Anouk Verbeek \(u\)$/)
    const stored = (await storedCase(reference)).events as Array<{ type: string; at: string }>
    const readTimes = stored.filter((event) => event.type === 'read').map((event) => event.at)
    expect(readTimes).toHaveLength(3)
    expect(
      await reads.locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
    ).toEqual([readTimes[0], readTimes[2]])
    expect(problems).toEqual([])
    await context.close()
  })
})
