import { createHash } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  baseUrl,
  EXAMPLE_ROSTER,
  launchBrowser,
  openPage,
  REFERENCE,
  rosterOnDutyFromNow,
  storedCase,
} from './support.ts'

const ZONE = 'Europe/Amsterdam'

const NAMED = {
  requesterType: 'professional',
  sector: 'education',
  organisation: 'Lyceum Zuid',
  topic: 'question',
  name: 'Jan de Vries',
  email: 'j.de.vries@school.example.nl',
  description: 'Een leerling deelt filmpjes die geweld verheerlijken. Wat kan ik als mentor doen?',
  consent: true,
}
const URGENT = {
  requesterType: 'private',
  topic: 'question',
  phone: '0612345678',
  immediateDanger: true,
  description: 'Mijn buurman dreigt vandaag iets te doen <img src=x onerror=alert(1)> & ik weet niet wat.',
  consent: true,
}
const ANONYMOUS = {
  requesterType: 'private',
  topic: 'case',
  anonymous: true,
  description: 'Mijn neef praat steeds vaker over extreme ideeën en trekt zich terug.',
  signals: ['isolation', 'extreme-ideas'],
  ideology: 'extreme-right',
  consent: true,
}

async function call<T = Record<string, unknown>>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl()}${path}`, init)
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

async function devNow(): Promise<Date> {
  return new Date(String((await call('/_dev/clock')).body.now))
}

/** A moment as the datetime-local control shows it, in Amsterdam time. */
function amsterdamLocal(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

async function submitRequest(body: Record<string, unknown>): Promise<string> {
  const answer = await call('/api/requests', json(body))
  expect(answer.status).toBe(201)
  return String(answer.body.reference)
}

async function devToken(advisorId: string): Promise<string> {
  const answer = await call('/_dev/token', json({ advisorId }))
  expect(answer.status).toBe(200)
  return String(answer.body.token)
}

async function mailWith(to: string, reference: string, text: string): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const mails = (await call<Array<{ to: unknown; subject: string; text: string }>>('/_dev/mail')).body
    const found = mails.find(
      (mail) => JSON.stringify(mail.to).includes(to) && mail.subject.includes(reference) && mail.text.includes(text),
    )
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no mail to ${to} about ${reference} within 20 s`)
}

async function signIn(page: Page, name = 'Anouk Verbeek'): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name) }).click()
  await page.locator('#case-count:not(:empty)').waitFor()
}

/** A page signed in through the dev sign-in, then at `path`. */
async function signedIn(
  browser: Browser,
  path: string,
  options: { width?: number; name?: string } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const opened = await openPage(browser, '/advisor/', { width: options.width })
  await signIn(opened.page, options.name)
  if (path !== '/advisor/') await opened.page.goto(new URL(path, baseUrl()).toString())
  await ready(opened.page, path)
  return opened
}

async function ready(page: Page, path: string): Promise<void> {
  if (path.startsWith('/advisor/cases/')) await page.locator('#case-view:not([hidden])').waitFor()
  else if (path.startsWith('/advisor/phone/'))
    await page.locator('#page-loading[hidden]').waitFor({ state: 'attached' })
  else await page.locator('#case-count:not(:empty)').waitFor()
}

/** The polite live region's text once it says something. */
async function announced(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.locator('#page-status').textContent(), { timeout: 10_000 }).toMatch(text)
}

async function fact(page: Page, name: string): Promise<string> {
  return ((await page.locator(`[data-fact="${name}"]`).textContent()) ?? '').trim()
}

interface Focused {
  text: string
  tag: string
  outline: string
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    const style = element ? getComputedStyle(element) : undefined
    return {
      text: (element?.textContent ?? '').trim(),
      tag: element?.tagName.toLowerCase() ?? '',
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    }
  })
}

/** Presses Tab (and nothing else) until the focused element's text matches; its focus must be visible. */
async function tabTo(page: Page, text: RegExp): Promise<void> {
  const visited: string[] = []
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab')
    const now = await focused(page)
    visited.push(`${now.tag}:${now.text.slice(0, 30)}`)
    if (text.test(now.text)) {
      expect(now.outline, `focus on "${now.text}" must be visible`).not.toMatch(/^none/)
      return
    }
  }
  throw new Error(`${text} not reached with Tab; visited ${visited.join(' → ')}`)
}

describe('Advisor workspace', () => {
  let browser: Browser
  let named: string
  let urgent: string
  let anonymous: string
  let phoneCase: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const roster = await call('/_dev/roster', json(rosterOnDutyFromNow(await devNow()), 'PUT'))
    expect(roster.status).toBe(200)
    // Created in this order; their deadlines order them urgent (1 h), case (4 h), question (8 h).
    named = await submitRequest(NAMED)
    urgent = await submitRequest(URGENT)
    anonymous = await submitRequest(ANONYMOUS)
  })

  afterAll(async () => {
    await call('/_dev/roster', json(EXAMPLE_ROSTER, 'PUT'))
    await browser?.close()
  })

  it('signs in by name and opens a case with the keyboard only', async () => {
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await page.getByRole('button', { name: /Anouk Verbeek/ }).waitFor()

    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main')
    expect(await page.locator('.skip-link').isVisible()).toBe(true)
    await tabTo(page, /^Anouk Verbeek/)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor()
    await page.locator('#case-count:not(:empty)').waitFor()
    expect(await page.locator('#advisor-name').textContent()).toBe('Anouk Verbeek')
    expect(page.url()).not.toMatch(/token|eyJ/)
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.token'))).toMatch(/^eyJ/)

    await tabTo(page, new RegExp(`^${named}$`))
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/advisor/cases/${named}`)
    await page.locator('#case-view:not([hidden])').waitFor()
    expect(await page.locator('h1').textContent()).toContain(named)
    expect(await page.title()).toContain(named)
    expect(problems).toEqual([])
    await context.close()
  })

  it('lists the cases in deadline order, urgent marked in words, with their deadline in Amsterdam time', async () => {
    const { context, page, problems } = await signedIn(browser, '/advisor/')
    await page.getByLabel('Alleen mijn meldingen').check()
    await page.getByRole('button', { name: 'Filter toepassen' }).click()
    await expect.poll(() => new URL(page.url()).search).toBe('?assignee=me')
    await announced(page, /meldingen?$/)

    const references = await page.locator('#case-rows th a').allTextContents()
    const mine = references.filter((reference) => [named, urgent, anonymous].includes(reference))
    expect(mine).toEqual([urgent, anonymous, named])
    // Other test files share this stack's cases: check the list's order rule on whatever rows there are. Late cases
    // first, then those with a running deadline (urgent first, then nearest), then those without one.
    const rows = await page.locator('#case-rows tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        due: tr.querySelector('time')?.getAttribute('datetime') ?? null,
        urgent: (tr.textContent ?? '').includes('Urgent'),
        late: tr.querySelector('.badge--overdue') !== null,
      })),
    )
    expect(rows).toHaveLength(references.length)
    const rank = (row: (typeof rows)[number]) => (row.late ? 0 : row.due === null ? 3 : row.urgent ? 1 : 2)
    expect(rows.map(rank)).toEqual(rows.map(rank).sort())
    for (const group of [1, 2]) {
      const due = rows.filter((row) => rank(row) === group).map((row) => row.due ?? '')
      expect([...due].sort()).toEqual(due)
    }

    const urgentRow = page.locator('#case-rows tr', { has: page.getByRole('link', { name: urgent }) })
    expect(await urgentRow.locator('.badge--urgent').textContent()).toBe('Urgent')
    const namedRow = page.locator('#case-rows tr', { has: page.getByRole('link', { name: named }) })
    const cells = (await namedRow.locator('td').allTextContents()).map((text) => text.trim())
    expect(cells.slice(0, 5)).toEqual(['Normaal', 'Algemene vraag', 'Webformulier', 'Toegewezen', 'Anouk Verbeek (u)'])
    const stored = await storedCase(named)
    const dueAt = await namedRow.locator('time').getAttribute('datetime')
    const shown = new Intl.DateTimeFormat('nl-NL', {
      timeZone: ZONE,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(dueAt ?? ''))
    expect(await namedRow.locator('time').textContent()).toBe(shown)
    expect(cells[5]).toContain('bevestigen vóór')
    expect(stored.assignee).toBe('adv-01')

    await page.getByRole('link', { name: 'Telefoongesprek vastleggen' }).first().click()
    await page.waitForURL('**/advisor/phone/')
    expect(problems).toEqual([])
    await context.close()
  })

  it('adds a note, pauses the clocks until a moment in Amsterdam time, and resumes', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${named}`)
    await page.getByLabel('Notitie', { exact: true }).fill('Gebeld met de mentor: hij stuurt morgen meer informatie.')
    await page.getByRole('button', { name: 'Notitie opslaan' }).click()
    await announced(page, 'Notitie toegevoegd.')
    const note = page.locator('#case-messages > li').last()
    expect(await note.locator('.messages__kind').textContent()).toBe('Notitie (intern)')
    expect(await note.locator('.messages__text').textContent()).toBe(
      'Gebeld met de mentor: hij stuurt morgen meer informatie.',
    )

    const until = amsterdamLocal(new Date((await devNow()).getTime() + 2 * 86_400_000))
    await page.getByLabel('Reden van de pauze').fill('Wacht op informatie van de school.')
    await page.getByLabel('Vanzelf hervatten op (niet verplicht)').fill(until)
    const sent = page.waitForRequest((request) => request.url().endsWith(`/${named}/pause`))
    await page.getByRole('button', { name: 'Pauzeren' }).click()
    const body = JSON.parse((await sent).postData() ?? '{}')
    expect(body.until).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(amsterdamLocal(new Date(body.until))).toBe(until)
    expect(body.until.slice(0, 16)).toBe(until)
    await announced(page, 'Melding gepauzeerd.')
    expect(await page.locator('#case-pause').textContent()).toContain('Reden: Wacht op informatie van de school.')
    expect(await page.locator('#case-pause').textContent()).toMatch(/Gepauzeerd sinds .* door Anouk Verbeek \(u\)\./)
    expect(await page.locator('#pause-block').isHidden()).toBe(true)
    expect(await page.locator('#resume-block').isVisible()).toBe(true)
    const paused = (await storedCase(named)).pause as { until: string; reason: string }
    expect(paused.reason).toBe('Wacht op informatie van de school.')
    expect(new Date(paused.until).getTime()).toBe(new Date(body.until).getTime())

    await page.getByRole('button', { name: 'Hervatten' }).click()
    await announced(page, 'Melding hervat.')
    expect(await page.locator('#case-pause').textContent()).toBe('Niet gepauzeerd.')
    expect(await page.locator('#pause-block').isVisible()).toBe(true)
    expect((await storedCase(named)).pause).toBeUndefined()
    const history = await page.locator('#case-events').textContent()
    for (const what of ['Notitie toegevoegd', 'Gepauzeerd', 'Hervat']) expect(history).toContain(what)
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows the submission as text and replies to a named requester by mail', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${named}`)
    expect(await page.locator('#case-description').textContent()).toBe(NAMED.description)
    expect(await fact(page, 'name')).toBe('Jan de Vries')
    expect(await fact(page, 'email')).toBe(NAMED.email)
    expect(await fact(page, 'organisation')).toBe('Lyceum Zuid')
    expect(await fact(page, 'sector')).toBe('Onderwijs')
    expect(await fact(page, 'requesterType')).toBe('Professional')
    expect(await page.locator('#case-deadlines').textContent()).toContain('Ontvangst bevestigen')

    const reply =
      'Beste Jan,\n\nDank voor uw vraag. Bel ons gerust om het samen te bespreken.\n\nMet vriendelijke groet,\nAnouk'
    await page.getByLabel('Uw antwoord').fill(reply)
    await page.getByRole('button', { name: 'Antwoord versturen' }).click()
    await announced(page, 'Antwoord verstuurd naar de melder.')
    const message = page.locator('#case-messages > li').last()
    expect(await message.locator('.messages__text').textContent()).toBe(reply)
    expect(await message.locator('.messages__meta').textContent()).toMatch(
      /^Antwoord aan de melder · Anouk Verbeek \(u\)/,
    )
    expect(await page.getByLabel('Uw antwoord').inputValue()).toBe('')
    expect(await fact(page, 'status')).toBe('Beantwoord')
    expect(await page.locator('#case-events').textContent()).toContain('Antwoord verstuurd')

    const mail = await mailWith(NAMED.email, named, 'Bel ons gerust om het samen te bespreken.')
    expect(mail.subject).toContain(`[${named}]`)
    expect(mail.text).toContain('Bel ons gerust om het samen te bespreken.')
    expect(problems).toEqual([])
    await context.close()
  })

  it('reassigns the case to another advisor', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${named}`)
    // By value: each option names the advisor with their load and duty ("Youssef Bakkali – 0 open, …").
    await page.getByLabel('Adviseur', { exact: true }).selectOption('adv-02')
    await page.getByRole('button', { name: 'Toewijzen', exact: true }).click()
    await announced(page, 'Melding toegewezen aan Youssef Bakkali.')
    expect(await fact(page, 'assignee')).toBe('Youssef Bakkali')
    const reassigned = page.locator('#case-events > li', { hasText: 'Opnieuw toegewezen' })
    expect(await reassigned.textContent()).toMatch(
      /aan Youssef Bakkali · was Anouk Verbeek \(u\) · door Anouk Verbeek \(u\)$/,
    )
    expect((await storedCase(named)).assignee).toBe('adv-02')
    expect(problems).toEqual([])
    await context.close()
  })

  it('answers an anonymous requester into the follow-up box, where the receipt opens it; no mail goes out', async () => {
    const asked = await call<{ reference: string; receipt: string }>('/api/requests', json(ANONYMOUS))
    expect(asked.status).toBe(201)
    const { reference, receipt } = asked.body
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${reference}`)
    for (const name of ['name', 'email', 'phone']) expect(await fact(page, name)).toBe('anoniem')
    expect(await fact(page, 'signals')).toBe('Trekt zich terug of raakt geïsoleerd, Heeft extreme ideeën')
    expect(await fact(page, 'ideology')).toBe('Extreemrechts')
    expect(await page.locator('#reply-to').textContent()).toContain('het antwoord komt in de ontvangstbus')

    const reply = 'Goedemiddag,\n\nDank voor uw vraag. Blijf met uw neef in gesprek; wij denken graag mee.'
    await page.getByLabel('Uw antwoord').fill(reply)
    await page.getByRole('button', { name: 'Antwoord versturen' }).click()
    await announced(page, 'Antwoord in de ontvangstbus gezet')
    expect(await fact(page, 'status')).toBe('Beantwoord')

    const box = await call<{ status: string; messages: Array<{ author: string; text: string }> }>(
      '/api/follow-up',
      json({ reference, receipt }),
    )
    expect(box.body.status).toBe('answered')
    // With the one signature the system adds under every answer.
    expect(box.body.messages.at(-1)).toEqual({
      author: 'advisor',
      text: reply,
      at: expect.any(String),
      signature: { name: 'Anouk', phone: '06 - 23 66 03 86' },
    })
    const mail = (await call<Array<{ subject: string; text: string }>>('/_dev/mail')).body
    expect(mail.filter((sent) => sent.text.includes('Blijf met uw neef in gesprek'))).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows problems in words beside the field or in an alert, never a raw error', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${urgent}`)
    // The submitted text, markup and all, is shown as text.
    expect(await page.locator('#case-description').textContent()).toBe(URGENT.description)
    expect(await page.locator('#case-description img').count()).toBe(0)
    expect(await page.locator('#case-badges .badge--urgent').textContent()).toBe('Urgent')
    expect(await fact(page, 'immediateDanger')).toBe('ja')

    await page.getByRole('button', { name: 'Notitie opslaan' }).click()
    expect(await page.locator('#note-text-error').textContent()).toBe('Fout: Vul dit veld in.')
    expect(await page.getByLabel('Notitie', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note-text')

    // 400 from the API: the pause must end in the future.
    await page.getByLabel('Reden van de pauze').fill('Wacht op de politie.')
    await page
      .getByLabel('Vanzelf hervatten op (niet verplicht)')
      .fill(amsterdamLocal(new Date((await devNow()).getTime() - 86_400_000)))
    await page.getByRole('button', { name: 'Pauzeren' }).click()
    await page.locator('#pause-until-error').waitFor()
    expect(await page.locator('#pause-until-error').textContent()).toMatch(/^Fout: .*toekomst/)
    expect((await storedCase(urgent)).pause).toBeUndefined()

    // 409: someone acknowledged the case meanwhile.
    const token = await devToken('adv-03')
    const elsewhere = await call(
      `/api/advisor/cases/${urgent}/acknowledge`,
      json({}, 'POST', { authorization: `Bearer ${token}` }),
    )
    expect(elsewhere.status).toBe(200)
    await page.getByRole('button', { name: 'Ontvangst bevestigen' }).click()
    await expect
      .poll(() => page.locator('#page-alert').textContent())
      .toBe('De ontvangst van deze melding is al bevestigd.')
    await expect.poll(() => page.locator('#acknowledge-block').isHidden()).toBe(true)
    expect(await fact(page, 'status')).toBe('Ontvangst bevestigd')
    // The API's own words ("The case was acknowledged already.") never reach the page.
    expect(await page.locator('main').textContent()).not.toMatch(/already|was acknowledged|conflict/i)
    expect(problems).toEqual([])
    await context.close()
  })

  it('registers a phone call, which opens as an acknowledged phone case of the caller-taker', async () => {
    const { context, page, problems } = await signedIn(browser, '/advisor/phone/')
    await page.getByLabel('Professional').check()
    await page.getByLabel('Welzijn').check()
    await page.getByLabel('Zorg over een persoon').check()
    await page.getByLabel('Naam (niet verplicht)').fill('Fatima el Amrani')
    await page.getByLabel('Telefoonnummer').fill('010 123 4567')
    await page
      .getByLabel('Waar maakt de melder zich zorgen over?')
      .fill('Een jongere in het buurthuis ronselt leeftijdgenoten.')
    await page.getByLabel('Verheerlijkt geweld').check()
    await page.getByLabel('De melder is gewezen op de privacyverklaring en gaat akkoord').check()
    await page.getByRole('button', { name: 'Melding vastleggen' }).click()

    await page.waitForURL(/\/advisor\/cases\/MAR-/)
    phoneCase = REFERENCE.exec(page.url())?.[0] ?? ''
    await page.locator('#case-view:not([hidden])').waitFor()
    expect(await page.locator('#case-flash').textContent()).toBe(`Telefoongesprek vastgelegd als melding ${phoneCase}.`)
    expect(await fact(page, 'channel')).toBe('Telefoon')
    expect(await fact(page, 'status')).toBe('Ontvangst bevestigd')
    expect(await fact(page, 'assignee')).toBe('Anouk Verbeek (u)')
    expect(await fact(page, 'sector')).toBe('Welzijn')
    expect(await fact(page, 'email')).toBe('niet ingevuld')
    expect(await page.locator('#reply-unavailable').textContent()).toContain('010 123 4567')
    const stored = await storedCase(phoneCase)
    expect(stored).toMatchObject({ channel: 'phone', assignee: 'adv-01', name: 'Fatima el Amrani' })
    expect(problems).toEqual([])
    await context.close()
  })

  it('answers the phone-only requester by phone: what was said is kept, nothing is mailed, the clock stops', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${phoneCase}`)
    expect(await page.locator('#case-clock').textContent()).toMatch(/^De termijn voor antwoorden loopt tot /)
    const byPhone = page.getByLabel('Per telefoon (u belt of belde de melder)')
    expect(await byPhone.isChecked()).toBe(true)
    expect(await page.locator('#reply-via-mail').isVisible()).toBe(false)
    expect(await page.locator('#reply-to').textContent()).toMatch(/^U belt de melder en schrijft hier op wat u zei/)

    const said = 'Teruggebeld: uitgelegd wat het buurthuis kan doen; zij belt ons als het erger wordt.'
    await page.getByLabel('Uw antwoord').fill(said)
    await page.getByRole('button', { name: 'Antwoord versturen' }).click()
    await announced(page, 'Telefonisch antwoord vastgelegd: de termijn voor antwoorden is gestopt.')
    expect(await fact(page, 'status')).toBe('Beantwoord')
    expect(await page.locator('#case-clock').textContent()).toBe('Er loopt geen termijn: de melding is beantwoord.')
    const message = page.locator('#case-messages > li').last()
    expect(await message.locator('.messages__meta').textContent()).toMatch(/per telefoon$/)
    const stored = await storedCase(phoneCase)
    expect(stored).toMatchObject({ status: 'answered', answeredBy: 'adv-01' })
    const mail = (await call<Array<{ text: string }>>('/_dev/mail')).body
    expect(mail.filter((sent) => sent.text.includes('Teruggebeld: uitgelegd'))).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows what to fix in phone intake, in an error summary and beside each field', async () => {
    const { context, page, problems } = await signedIn(browser, '/advisor/phone/')
    await page.getByLabel('E-mailadres').fill('geen-adres')
    await page.getByRole('button', { name: 'Melding vastleggen' }).click()
    await page.locator('#error-summary').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary-title')
    const links = await page.locator('#error-summary a').evaluateAll((all) => all.map((a) => a.getAttribute('href')))
    expect(links).toEqual(
      expect.arrayContaining(['#requesterType-professional', '#topic-question', '#email', '#description']),
    )
    expect(await page.locator('#email-error').textContent()).toMatch(/^Fout: /)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(new URL(page.url()).pathname).toBe('/advisor/phone/')
    expect(problems).toEqual([])
    await context.close()
  })

  it('closes a case with an outcome; it leaves the list', async () => {
    const { context, page, problems } = await signedIn(browser, `/advisor/cases/${phoneCase}`)
    await page.getByRole('button', { name: 'Melding sluiten' }).click()
    expect(await page.locator('#close-outcome-error').textContent()).toBe('Fout: Kies een uitkomst.')
    await page.getByLabel('Uitkomst').selectOption({ label: 'Advies gegeven' })
    await page.getByRole('button', { name: 'Melding sluiten' }).click()
    // It asks first, in the page; the phone case was answered by phone (above), which counts: no warning.
    await page.getByRole('group', { name: /Weet u zeker/ }).waitFor()
    expect(await page.locator('#close-unanswered').isVisible()).toBe(false)
    expect((await storedCase(phoneCase)).status).not.toBe('closed')
    await page.getByRole('button', { name: 'Ja, sluiten' }).click()
    await announced(page, 'Melding gesloten.')
    expect(await page.locator('#case-closed').textContent()).toBe('Deze melding is gesloten (Advies gegeven).')
    expect(await page.locator('#case-done').textContent()).toBe('Melding gesloten.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-done')
    for (const block of ['acknowledge', 'reply', 'assign', 'pause', 'resume', 'close']) {
      expect(await page.locator(`#${block}-block`).isHidden(), block).toBe(true)
    }
    expect((await storedCase(phoneCase)).outcome).toBe('advice-given')
    await page.getByRole('link', { name: 'Alle meldingen' }).click()
    await page.locator('#case-count:not(:empty)').waitFor()
    expect(await page.locator('#case-rows th a').allTextContents()).not.toContain(phoneCase)
    expect(problems).toEqual([])
    await context.close()
  })

  it('says so when a case does not exist, and shows nothing of a case', async () => {
    const { context, page, problems } = await signedIn(browser, '/advisor/')
    await page.goto(new URL('/advisor/cases/MAR-0000-0000', baseUrl()).toString())
    await expect
      .poll(() => page.locator('#page-alert').textContent())
      .toBe('Deze melding bestaat niet. Controleer het zaaknummer.')
    expect(await page.locator('#case-view').isHidden()).toBe(true)
    expect(await page.locator('#page-loading').isHidden()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('goes back to sign-in on a 401, and returns to the case after signing in', async () => {
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await page.evaluate(() => sessionStorage.setItem('mar.advisor.token', 'not-a-token'))
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Inloggen op de MAR-werkplek' }).waitFor()
    await page.getByRole('button', { name: /Youssef Bakkali/ }).waitFor()
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.token'))).toBeNull()

    await page.goto(new URL(`/advisor/cases/${named}`, baseUrl()).toString())
    await page.waitForURL('**/advisor/')
    await page.getByRole('button', { name: /Youssef Bakkali/ }).click()
    await page.waitForURL(`**/advisor/cases/${named}`)
    await page.locator('#case-view:not([hidden])').waitFor()
    expect(await page.locator('#advisor-name').textContent()).toBe('Youssef Bakkali')
    expect(await fact(page, 'assignee')).toBe('Youssef Bakkali (u)')

    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.getByRole('heading', { level: 1, name: 'Inloggen op de MAR-werkplek' }).waitFor()
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.token'))).toBeNull()
    expect(problems).toEqual([])
    await context.close()
  })

  it('signs in through Cognito with the authorization code and PKCE (S256), and the code leaves the address bar', async () => {
    // Cognito's endpoints stand in on our own origin (the local CSP allows no other), answered by the test.
    const cognito = `${baseUrl()}/stand-in-cognito`
    const config = {
      signIn: 'cognito',
      authorizeUrl: `${cognito}/oauth2/authorize`,
      tokenUrl: `${cognito}/oauth2/token`,
      logoutUrl: `${cognito}/logout`,
      clientId: 'workspace-client',
      redirectUri: `${baseUrl()}/advisor/`,
    }
    const token = await devToken('adv-01')
    const context = await browser.newContext({ locale: 'nl-NL' })
    let authorize: URLSearchParams | undefined
    let exchange: URLSearchParams | undefined
    let logout: URLSearchParams | undefined
    await context.route('**/advisor/config.json', (route) => route.fulfill({ json: config }))
    await context.route(`${cognito}/oauth2/authorize?*`, (route) => {
      authorize = new URL(route.request().url()).searchParams
      const back = new URL(authorize.get('redirect_uri') ?? '')
      back.searchParams.set('code', 'the-code')
      back.searchParams.set('state', authorize.get('state') ?? '')
      return route.fulfill({ status: 302, headers: { location: back.toString() } })
    })
    await context.route(`${cognito}/oauth2/token`, (route) => {
      exchange = new URLSearchParams(route.request().postData() ?? '')
      return route.fulfill({ json: { access_token: token, id_token: 'id', token_type: 'Bearer', expires_in: 3600 } })
    })
    await context.route(`${cognito}/logout?*`, (route) => {
      logout = new URL(route.request().url()).searchParams
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Uitgelogd</title>' })
    })
    const page = await context.newPage()
    await page.goto(new URL('/advisor/', baseUrl()).toString())
    await page.getByRole('button', { name: 'Inloggen met uw account van de gemeente' }).click()
    await page.locator('#case-count:not(:empty)').waitFor()

    expect(Object.fromEntries(authorize ?? [])).toMatchObject({
      response_type: 'code',
      client_id: 'workspace-client',
      redirect_uri: `${baseUrl()}/advisor/`,
      code_challenge_method: 'S256',
    })
    expect(exchange?.get('grant_type')).toBe('authorization_code')
    expect(exchange?.get('code')).toBe('the-code')
    expect(exchange?.get('client_id')).toBe('workspace-client')
    expect(exchange?.get('redirect_uri')).toBe(`${baseUrl()}/advisor/`)
    const verifier = exchange?.get('code_verifier') ?? ''
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/)
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize?.get('code_challenge'))
    expect(page.url()).toBe(`${baseUrl()}/advisor/`)
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.token'))).toBe(token)
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.pkce'))).toBeNull()

    // A code that comes back with another state is not exchanged.
    exchange = undefined
    await page.evaluate(() => sessionStorage.clear())
    await page.goto(new URL('/advisor/?code=stolen&state=forged', baseUrl()).toString())
    await expect
      .poll(() => page.locator('#page-alert').textContent())
      .toBe('Inloggen is niet gelukt. Probeer het opnieuw.')
    expect(exchange).toBeUndefined()
    expect(page.url()).toBe(`${baseUrl()}/advisor/`)

    await page.evaluate((value) => sessionStorage.setItem('mar.advisor.token', value), token)
    await page.reload()
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.waitForURL(`${cognito}/logout?*`)
    expect(Object.fromEntries(logout ?? [])).toEqual({
      client_id: 'workspace-client',
      logout_uri: `${baseUrl()}/advisor/`,
    })
    await context.close()
  })

  describe.each([1280, 360])('accessibility (axe-core, WCAG 2.1 A and AA) at %i px', (width) => {
    it('has no violations on the sign-in page', async () => {
      const { context, page } = await openPage(browser, '/advisor/', { width })
      await page.getByRole('button', { name: /Anouk Verbeek/ }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    })

    it.each(['list', 'case', 'phone'] as const)('has no violations on the %s page', async (which) => {
      const path = { list: '/advisor/', case: `/advisor/cases/${named}`, phone: '/advisor/phone/' }[which]
      const { context, page, problems } = await signedIn(browser, path, { width })
      expect(await accessibilityViolations(page)).toEqual([])
      if (width === 360) {
        // Nothing wider than the phone: no sideways scrolling.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      }
      expect(problems).toEqual([])
      await context.close()
    })
  })

  it('marks a deadline that has passed with how late it is, in words, at the top of the list', async () => {
    // A week on: the deadlines of the open cases have passed (the workflow records the breaches).
    const advanced = await call('/_dev/clock', json({ advance: 'P7D' }))
    expect(advanced.status).toBe(200)
    const now = new Date(String(advanced.body.now))
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' })
    await context.clock.install({ time: now })
    const page = await context.newPage()
    await page.goto(new URL('/advisor/', baseUrl()).toString())
    await signIn(page)
    const anonymousRow = page.locator('#case-rows tr', { has: page.getByRole('link', { name: anonymous }) })
    expect(await anonymousRow.locator('.badge--overdue').textContent()).toMatch(/^\d+ dag(en)? te laat$/)
    // The late ones first: every row that says "te laat" comes before every row that does not.
    const lateness = (await page.locator('#case-rows td[data-label="Termijn"]').allTextContents()).map((text) =>
      text.includes('te laat'),
    )
    expect(lateness.indexOf(false) === -1 || !lateness.slice(lateness.indexOf(false)).includes(true)).toBe(true)
    expect(lateness[0]).toBe(true)

    await page.getByRole('link', { name: anonymous }).click()
    await page.locator('#case-view:not([hidden])').waitFor()
    expect(await page.locator('#case-clock').textContent()).toMatch(
      /^De termijn voor ontvangst bevestigen liep af op .+: \d+ dag(en)? te laat\.$/,
    )
    expect(await page.locator('#case-deadlines').textContent()).not.toMatch(/loopt|verstreken/)
    expect(await page.locator('#case-breaches').textContent()).toMatch(
      /Ontvangst bevestigen: termijn van .* verstreken/,
    )
    await context.close()
  })

  it('shows a coordinator who has how much, and the assign control each advisor’s load and duty', async () => {
    const { context, page, problems } = await signedIn(browser, '/advisor/', { name: 'Marloes Kuipers' })
    await page.locator('#workload-block:not([hidden])').waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    const anouk = page.locator('#workload-rows tr', { has: page.getByRole('rowheader', { name: 'Anouk Verbeek' }) })
    const [onDuty, open, overdue] = (await anouk.locator('td').allTextContents()).map((text) => text.trim())
    expect(onDuty).toBe('ja')
    const workload = await call<{ advisors: Array<{ id: string; open: number; overdue: number }> }>(
      '/api/advisor/workload',
      { headers: { authorization: `Bearer ${await devToken('adv-03')}` } },
    )
    const counted = workload.body.advisors.find((advisor) => advisor.id === 'adv-01')
    expect([Number(open), Number(overdue)]).toEqual([counted?.open, counted?.overdue])
    expect(Number(overdue)).toBeGreaterThan(0)

    await page.goto(new URL(`/advisor/cases/${anonymous}`, baseUrl()).toString())
    await page.locator('#case-view:not([hidden])').waitFor()
    await page.getByLabel('Adviseur', { exact: true }).focus()
    await expect
      .poll(() => page.locator('#assign-advisor option[value="adv-01"]').textContent())
      .toBe(`Anouk Verbeek – ${counted?.open} open, ${counted?.overdue} te laat, in dienst`)
    expect(problems).toEqual([])
    await context.close()
  })
})
