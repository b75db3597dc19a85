import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, baseUrl, launchBrowser, openPage, referenceOn, submit } from './support.ts'

/**
 * The anonymous requester's follow-up, in a browser, as a new user would: ask anonymously without JavaScript, write
 * the receipt down, let an advisor answer, open /follow-up without JavaScript, read the answer and reply; guess
 * receipts and be stopped. axe-core needs script to run, so its checks load the pages without form.js instead.
 */
const RECEIPT_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/

async function advisorReplies(reference: string, text: string): Promise<void> {
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const { token } = (await (await fetch(`${baseUrl()}/_dev/token`, json({ advisorId: 'adv-01' }))).json()) as {
    token: string
  }
  const answer = await fetch(
    `${baseUrl()}/api/advisor/cases/${reference}/replies`,
    json({ text }, { authorization: `Bearer ${token}` }),
  )
  expect(answer.status).toBe(201)
}

async function askAnonymously(page: Page, description: string): Promise<{ reference: string; receipt: string }> {
  await page.getByLabel('Als particulier').check()
  await page.getByLabel('Een algemene vraag over radicalisering').check()
  await page.getByLabel('Ik wil anoniem blijven').check()
  await page.locator('#description').fill(description)
  await page.getByLabel('Ik ga akkoord met de privacyverklaring').check()
  await submit(page)
  await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
  const receipt = ((await page.locator('[data-receipt]').textContent()) ?? '').trim()
  return { reference: await referenceOn(page), receipt }
}

async function openBox(page: Page, reference: string, receipt: string): Promise<void> {
  await page.getByLabel('Zaaknummer').fill(reference)
  await page.getByLabel('Ontvangstcode').fill(receipt)
  await page.getByRole('button', { name: 'Gesprek openen' }).click()
}

describe('Anonymous follow-up in the browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('asks anonymously, reads the advisor’s answer on /follow-up and replies, all without JavaScript', async () => {
    const { context, page, problems } = await openPage(browser, '/', { javaScript: false })
    const { reference, receipt } = await askAnonymously(page, 'Mijn zus praat over een strijd die zij moet voeren.')
    expect(receipt).toMatch(RECEIPT_SHAPE)
    expect(await page.getByText('Schrijf deze code nu op').isVisible()).toBe(true)

    await advisorReplies(reference, 'Dank voor uw vraag. Wat bedoelt zij met die strijd?')

    await page.getByRole('link', { name: 'Uw vraag volgen' }).click()
    await page.getByRole('heading', { level: 1, name: 'Uw vraag volgen' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/follow-up')
    await openBox(page, reference.toLowerCase(), receipt.replaceAll('-', ''))
    await page.getByRole('heading', { level: 1, name: 'Uw gesprek met het MAR' }).waitFor()
    expect(await page.getByText('Dank voor uw vraag. Wat bedoelt zij met die strijd?').isVisible()).toBe(true)
    expect(await page.getByText('beantwoord').isVisible()).toBe(true)

    await page.getByLabel('Uw bericht').fill('Zij zegt dat ze naar het buitenland wil.')
    await page.getByRole('button', { name: 'Bericht versturen' }).click()
    await page.getByText('Uw bericht is verstuurd. Een adviseur leest het.').waitFor()
    // Confirmed as a success (green), not with the warning's red bar.
    expect(await page.locator('.notice--success[role="status"]').textContent()).toBe(
      'Uw bericht is verstuurd. Een adviseur leest het.',
    )
    expect(await page.getByText('Zij zegt dat ze naar het buitenland wil.').isVisible()).toBe(true)
    expect(await page.getByText('een adviseur werkt aan uw vraag').isVisible()).toBe(true)

    // The receipt was typed into a form and posted in a body: it is in no address the browser went to.
    expect(page.url()).not.toContain(receipt.replaceAll('-', ''))
    expect(page.url()).not.toContain(receipt)
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows the receipt once on the confirmation the script builds, and the receipt opens the box', async () => {
    const { context, page, problems } = await openPage(browser, '/')
    const { reference, receipt } = await askAnonymously(page, 'Mijn buurjongen deelt haatdragende filmpjes.')
    expect(receipt).toMatch(RECEIPT_SHAPE)
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.getByRole('link', { name: 'Uw vraag volgen' }).getAttribute('href')).toBe('/follow-up')
    const opened = await fetch(`${baseUrl()}/api/follow-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, receipt }),
    })
    expect(opened.status).toBe(200)
    expect(problems).toEqual([])
    await context.close()
  })

  it('stops a guesser after five wrong receipts, also when the sixth try is right', async () => {
    const asked = await openPage(browser, '/', { javaScript: false })
    const { reference, receipt } = await askAnonymously(asked.page, 'Ik maak me zorgen om een vriend van mijn zoon.')
    await asked.context.close()

    const { context, page } = await openPage(browser, '/follow-up', { javaScript: false })
    for (let attempt = 1; attempt <= 5; attempt++) {
      await openBox(page, reference, `0000-0000-0000-000${attempt}`)
      await page.getByText('Met dit zaaknummer en deze ontvangstcode kunnen we geen gesprek openen.').first().waitFor()
      // The reference is kept for the next try, the receipt never filled in again.
      expect(await page.getByLabel('Zaaknummer').inputValue()).toBe(reference)
      expect(await page.getByLabel('Ontvangstcode').inputValue()).toBe('')
    }
    await openBox(page, reference, receipt)
    await page.getByRole('heading', { name: 'Te veel pogingen' }).waitFor()
    // When to try again, as a time of day an hour after the first attempt at most.
    const lockedUntil = page.locator('.notice--urgent time')
    expect(await page.locator('.notice--urgent').textContent()).toMatch(/Probeer het na \d{2}:\d{2} opnieuw\./)
    const retryAt = new Date((await lockedUntil.getAttribute('datetime')) ?? '')
    // The stack's clock (other test files move the dev clock), not this machine's.
    const { now } = (await (await fetch(new URL('/_dev/clock', baseUrl()))).json()) as { now: string }
    expect(retryAt.getTime() - Date.parse(now)).toBeGreaterThan(50 * 60_000)
    expect(retryAt.getTime() - Date.parse(now)).toBeLessThanOrEqual(60 * 60_000)
    await context.close()
  })

  it.each([
    ['/follow-up', 'Uw vraag volgen'],
    ['/en/follow-up', 'Follow your request'],
  ])('has no accessibility violations on %s, empty and refused', async (path, heading) => {
    const { context, page } = await openPage(browser, path, { withoutFormScript: true })
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    const english = path.startsWith('/en/')
    await page.getByLabel(english ? 'Reference' : 'Zaaknummer').fill('MAR-0000-0000')
    await page.getByRole('button', { name: english ? 'Open the conversation' : 'Gesprek openen' }).click()
    await page.locator('#error-summary').waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })

  it('has no accessibility violations on the conversation with a reply form', async () => {
    const asked = await openPage(browser, '/', { withoutFormScript: true })
    const { reference, receipt } = await askAnonymously(asked.page, 'Een vraag over polarisatie in onze straat.')
    expect(await accessibilityViolations(asked.page)).toEqual([])
    await asked.context.close()
    await advisorReplies(reference, 'Wij bellen u niet: u bent anoniem. Hier is ons advies.')

    const { context, page } = await openPage(browser, '/follow-up', { withoutFormScript: true })
    await openBox(page, reference, receipt)
    await page.getByRole('heading', { level: 1, name: 'Uw gesprek met het MAR' }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Bericht versturen' }).click()
    await page.locator('#error-summary').waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })
})
