import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, launchBrowser, openPage } from './support.ts'

/** The local dev mailbox, read on a phone: it wraps, and it shows a mail's HTML part without running any of it. */
describe('Dev mailbox on a phone', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('fits 390 px without sideways scrolling and shows the acknowledgement’s HTML part in a sandboxed frame', async () => {
    const email = 'mailbox-telefoon-met-een-heel-lang-adres@voorbeeld-school.example.nl'
    const submitted = await fetch(`${baseUrl()}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requesterType: 'private',
        topic: 'question',
        email,
        description: 'Mijn zoon kijkt filmpjes van een haatprediker; hoe praat ik daarover met hem?',
        consent: true,
      }),
    })
    expect(submitted.status).toBe(201)
    const { reference } = (await submitted.json()) as { reference: string }
    const mailed = async () => {
      const mails = (await (await fetch(`${baseUrl()}/_dev/mail`)).json()) as Array<{ to: string[]; subject: string }>
      return mails.some((mail) => mail.to.includes(email) && mail.subject.includes(reference))
    }
    await expect.poll(mailed, { timeout: 20_000 }).toBe(true)

    const { context, page, problems } = await openPage(browser, '/_dev/mailbox', { width: 390 })
    const subject = `[${reference}] Uw vraag aan MAR is ontvangen`
    const article = page.locator('article', { has: page.getByRole('heading', { name: subject }) })
    await article.waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await article.getByText('HTML-versie bekijken').click()
    const frame = article.locator('iframe')
    expect(await frame.getAttribute('sandbox')).toBe('')
    const box = await frame.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(300)
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390)
    const body = article.frameLocator('iframe').locator('body')
    await expect.poll(() => body.textContent()).toContain(`Uw zaaknummer is ${reference}`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(problems).toEqual([])
    await context.close()
  })
})
