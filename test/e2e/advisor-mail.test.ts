import { readFile } from 'node:fs/promises'
import { createTransport } from 'nodemailer'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  accessibilityViolations,
  baseUrl,
  EXAMPLE_ROSTER,
  launchBrowser,
  openPage,
  REFERENCE,
  rosterOnDutyFromNow,
} from './support.ts'

/**
 * Cases that come in by e-mail, in the advisor workspace: a citizen mails the intake address through the local
 * stack's SMTP intake (a real SMTP client, nodemailer), and an advisor reads the mail as text, downloads its
 * attachment, classifies the case and replies; the requester's answer lands in the case.
 */

const INTAKE = 'mar_bsd@rotterdam.nl'
const SENDER = { name: 'Sanne de Boer', address: 'sanne.deboer@example.nl' }
const SUBJECT = 'Zorgen over mijn neef'
const LONG_LINK = `https://voorbeeld.example.nl/${'filmpje-'.repeat(30)}einde`
const TEXT = [
  'Goedemiddag,',
  '',
  'Mijn neef (17) deelt filmpjes die geweld verheerlijken <img src=x onerror=alert(1)> & zegt dat "ze" het verdienen.',
  `Hij stuurde mij deze link: ${LONG_LINK}`,
  '',
  'Ik heb zijn berichten in de bijlage gezet.',
  '',
  'Met vriendelijke groet,',
  'Sanne de Boer',
].join('\n')
/** Bytes that are not text (a PDF header, a NUL, bytes invalid in UTF-8), so a download that changes them shows. */
const ATTACHMENT = {
  name: 'berichten van mijn neef.pdf',
  type: 'application/pdf',
  content: Buffer.concat([
    Buffer.from('%PDF-1.4\n', 'latin1'),
    Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a]),
    Buffer.alloc(3000, 0x41),
  ]),
}

interface MailStack {
  url: string
  smtpPort: number
  stop: () => Promise<void>
}

/**
 * The stack to mail. test/e2e/global-setup.ts starts the local stack on a free SMTP port (SMTP_PORT) but does not
 * hand that port to the tests: when it provides `smtpPort`, or E2E_BASE_URL names a running stack (its SMTP intake on
 * E2E_SMTP_PORT, else 2525 as `npm start` has it), that stack is used; otherwise this file starts a local stack of its
 * own, in memory, on free ports.
 */
async function mailStack(): Promise<MailStack> {
  const provided = (inject as unknown as (key: string) => unknown)('smtpPort')
  if (typeof provided === 'number') return { url: baseUrl(), smtpPort: provided, stop: async () => {} }
  if (process.env.E2E_BASE_URL) {
    return { url: baseUrl(), smtpPort: Number(process.env.E2E_SMTP_PORT ?? 2525), stop: async () => {} }
  }
  const { startLocalStack } = await import('../../local/stack.ts')
  const stack = await startLocalStack({ port: 0, smtpPort: 0, logLevel: 'SILENT' })
  return { url: stack.url, smtpPort: stack.smtpPort, stop: () => stack.stop() }
}

let stack: MailStack

async function call<T = Record<string, unknown>>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.url}${path}`, init)
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

interface Outgoing {
  messageId: string
  to: string[]
  subject: string
  text: string
}

/** Sends one message to the intake address, as a mail server delivers it: one connection, 250 when filed. */
async function sendMail(message: Record<string, unknown>): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true })
  try {
    const info = await transport.sendMail({ to: INTAKE, ...message })
    expect(info.response).toMatch(/^250 /)
  } finally {
    transport.close()
  }
}

async function mailTo(address: string, matches: (mail: Outgoing) => boolean): Promise<Outgoing> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const found = (await call<Outgoing[]>('/_dev/mail')).body.find(
      (mail) => mail.to.some((to) => to.toLowerCase().includes(address)) && matches(mail),
    )
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no matching mail to ${address} within 20 s`)
}

async function devToken(advisorId: string): Promise<string> {
  const answer = await call('/_dev/token', json({ advisorId }))
  expect(answer.status).toBe(200)
  return String(answer.body.token)
}

/** The references of the open mail cases, as the advisor API lists them. */
async function mailCases(token: string): Promise<string[]> {
  const answer = await call<{ cases: Array<{ reference: string; channel: string }> }>('/api/advisor/cases', {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(answer.status).toBe(200)
  return answer.body.cases.filter((item) => item.channel === 'email').map((item) => item.reference)
}

/** Sends a message and returns the reference of the one new mail case it made. */
async function newCaseFrom(token: string, message: Record<string, unknown>): Promise<string> {
  const before = new Set(await mailCases(token))
  await sendMail(message)
  const created = (await mailCases(token)).filter((reference) => !before.has(reference))
  expect(created).toHaveLength(1)
  return created[0] ?? ''
}

async function storedCase(reference: string): Promise<Record<string, unknown>> {
  const answer = await call(`/_dev/cases/${encodeURIComponent(reference)}`)
  expect(answer.status).toBe(200)
  return answer.body
}

/** Signed in as Anouk Verbeek through the dev sign-in, then on the case page. */
async function onCase(
  browser: Browser,
  reference: string,
  width = 1280,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const opened = await openPage(browser, `${stack.url}/advisor/`, { width })
  await opened.page.getByRole('button', { name: /Anouk Verbeek/ }).click()
  await opened.page.locator('#case-count:not(:empty)').waitFor()
  await opened.page.goto(`${stack.url}/advisor/cases/${reference}`)
  await opened.page.locator('#case-view:not([hidden])').waitFor()
  return opened
}

async function announced(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.locator('#page-status').textContent(), { timeout: 10_000 }).toMatch(text)
}

async function fact(page: Page, name: string): Promise<string> {
  return ((await page.locator(`[data-fact="${name}"]`).textContent()) ?? '').trim()
}

async function mailField(page: Page, name: string): Promise<string> {
  return ((await page.locator(`[data-mail="${name}"]`).textContent()) ?? '').trim()
}

describe('Advisor workspace: cases from e-mail', () => {
  let browser: Browser
  let token: string
  let reference: string
  let flagged: string

  beforeAll(async () => {
    stack = await mailStack()
    browser = await launchBrowser()
    const now = new Date(String((await call('/_dev/clock')).body.now))
    expect((await call('/_dev/roster', json(rosterOnDutyFromNow(now), 'PUT'))).status).toBe(200)
    token = await devToken('adv-01')
    reference = await newCaseFrom(token, {
      from: SENDER,
      subject: SUBJECT,
      text: TEXT,
      html: '<p>Goedemiddag,</p><script>alert(1)</script><p><b>Opgemaakte</b> versie</p>',
      attachments: [{ filename: ATTACHMENT.name, content: ATTACHMENT.content, contentType: ATTACHMENT.type }],
    })
    // The one acknowledgement, with the reference in its subject.
    await mailTo(SENDER.address, (mail) => mail.subject.includes(`[${reference}]`))
  })

  afterAll(async () => {
    await call('/_dev/roster', json(EXAMPLE_ROSTER, 'PUT'))
    await browser?.close()
    await stack?.stop()
  })

  it('lists the mail case as e-mail, not yet classified', async () => {
    expect(reference).toMatch(REFERENCE)
    const { context, page, problems } = await openPage(browser, `${stack.url}/advisor/`)
    await page.getByRole('button', { name: /Anouk Verbeek/ }).click()
    await page.locator('#case-count:not(:empty)').waitFor()
    const row = page.locator('#case-rows tr', { has: page.getByRole('link', { name: reference }) })
    const cells = (await row.locator('td').allTextContents()).map((text) => text.trim())
    expect(cells.slice(0, 4)).toEqual(['Normaal', 'nog niet ingedeeld', 'E-mail', 'Toegewezen'])
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows who wrote, when, the subject and the text of the mail as text, and its attachment', async () => {
    const { context, page, problems } = await onCase(browser, reference)
    expect(await page.locator('#mail-title').textContent()).toBe('E-mail')
    expect(await mailField(page, 'from')).toBe(`${SENDER.name} <${SENDER.address}>`)
    expect(await mailField(page, 'to')).toBe(INTAKE)
    expect(await page.locator('[data-mail-row="cc"]').isHidden()).toBe(true)
    expect(await mailField(page, 'subject')).toBe(SUBJECT)
    expect(await page.locator('[data-mail="date"] time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    // The plain text part, markup and all, as text: not the HTML part, nothing of it parsed.
    expect(await page.locator('#mail-text').textContent()).toBe(TEXT)
    expect(await page.locator('#mail-text').evaluate((pre) => pre.tagName)).toBe('PRE')
    expect(await page.locator('#case-mail img, #case-mail script, #case-mail b').count()).toBe(0)
    expect(await page.locator('#case-mail').textContent()).not.toContain('Opgemaakte')
    expect(await page.locator('#mail-notices').textContent()).toBe('')

    // A mail has no topic, requester type or sector until an advisor classifies it, and no web form fields.
    expect(await fact(page, 'channel')).toBe('E-mail')
    expect(await fact(page, 'topic')).toBe('nog niet ingedeeld')
    expect(await fact(page, 'requesterType')).toBe('nog niet ingedeeld')
    expect(await fact(page, 'sector')).toBe('nog niet ingedeeld')
    for (const row of ['name', 'email', 'phone', 'signals', 'ideology', 'immediateDanger']) {
      expect(await page.locator(`[data-fact-row="${row}"]`).isHidden(), row).toBe(true)
    }
    expect(await page.locator('#case-description-block').isHidden()).toBe(true)

    const attachment = page.locator('#case-attachments > li')
    expect(await attachment.count()).toBe(1)
    expect(await attachment.locator('.attachments__name').textContent()).toBe(ATTACHMENT.name)
    expect(await attachment.locator('.attachments__meta').textContent()).toBe(
      `${ATTACHMENT.type} · ${Math.ceil(ATTACHMENT.content.length / 1024)} kB`,
    )
    expect(await page.getByRole('button', { name: `Downloaden ${ATTACHMENT.name}`, exact: true }).isVisible()).toBe(
      true,
    )
    expect(await page.locator('#reply-to').textContent()).toBe(`Het antwoord gaat naar ${SENDER.address}.`)
    expect(await page.locator('#case-events').textContent()).toContain('E-mail ontvangen')
    expect(problems).toEqual([])
    await context.close()
  })

  it('downloads the attachment byte for byte, with the token in the header and never in a URL', async () => {
    const { context, page, problems } = await onCase(browser, reference)
    await page.evaluate(() => {
      const created: string[] = []
      const revoked: string[] = []
      const create = URL.createObjectURL.bind(URL)
      const revoke = URL.revokeObjectURL.bind(URL)
      URL.createObjectURL = (object: Blob | MediaSource) => {
        const url = create(object)
        created.push(url)
        return url
      }
      URL.revokeObjectURL = (url: string) => {
        revoked.push(url)
        revoke(url)
      }
      Object.assign(window, { blobUrls: { created, revoked } })
    })
    const requested = page.waitForRequest((request) => request.url().includes('/attachments/'))
    const downloaded = page.waitForEvent('download')
    await page.getByRole('button', { name: `Downloaden ${ATTACHMENT.name}`, exact: true }).click()
    const [request, download] = await Promise.all([requested, downloaded])

    expect(download.suggestedFilename()).toBe(ATTACHMENT.name)
    expect(download.url()).toMatch(/^blob:/)
    const bytes = await readFile((await download.path()) ?? '')
    expect(Buffer.compare(bytes, ATTACHMENT.content)).toBe(0)

    const [record] = (await storedCase(reference)).attachments as Array<{ id: string; name: string }>
    expect(record?.name).toBe(ATTACHMENT.name)
    expect(new URL(request.url()).pathname).toBe(`/api/advisor/cases/${reference}/attachments/${record?.id}`)
    expect(new URL(request.url()).search).toBe('')
    expect(request.headers().authorization).toMatch(/^Bearer eyJ/)
    expect(download.url()).not.toMatch(/eyJ/)
    await announced(page, `Bijlage ${ATTACHMENT.name} gedownload.`)
    // The link is gone and its Blob URL released.
    expect(await page.locator('a[download]').count()).toBe(0)
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const urls = (window as unknown as { blobUrls: { created: string[]; revoked: string[] } }).blobUrls
            return urls.created.length === 1 && urls.revoked.includes(urls.created[0] ?? '')
          }),
        { timeout: 10_000 },
      )
      .toBe(true)

    const stored = await storedCase(reference)
    const events = stored.events as Array<{ type: string; advisorId?: string }>
    expect(events.filter((event) => event.type === 'attachment-downloaded')).toEqual([
      expect.objectContaining({ advisorId: 'adv-01' }),
    ])
    expect(problems).toEqual([])
    await context.close()
  })

  it('classifies the mail as a question; what cannot be saved is said beside the field', async () => {
    const { context, page, problems } = await onCase(browser, reference)
    const acknowledgeBefore = await page.locator('#case-deadlines li').first().locator('time').getAttribute('datetime')

    // Nothing chosen: nothing to save.
    await page.getByRole('button', { name: 'Indeling opslaan' }).click()
    expect(await page.locator('#classify-topic-error').textContent()).toBe(
      'Fout: Kies minstens één onderdeel dat u wilt wijzigen.',
    )
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('classify-topic')

    // A value the API does not take (a page older than the API): its 400 lands beside the select.
    await page.locator('#classify-topic').evaluate((select) => {
      const option = (select as HTMLSelectElement).options[1]
      if (option) option.value = 'rumour'
    })
    await page.getByLabel('Onderwerp', { exact: true }).selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Indeling opslaan' }).click()
    await page.locator('#classify-topic-error').filter({ hasText: 'Kies een van' }).waitFor()
    expect(await page.getByLabel('Onderwerp', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect((await storedCase(reference)).topic).toBeUndefined()

    await page.reload()
    await page.locator('#case-view:not([hidden])').waitFor()
    await page.getByLabel('Onderwerp', { exact: true }).selectOption({ label: 'Algemene vraag' })
    await page.getByLabel('Melder', { exact: true }).selectOption({ label: 'Particulier' })
    const sent = page.waitForRequest((request) => request.url().endsWith(`/${reference}/classify`))
    await page.getByRole('button', { name: 'Indeling opslaan' }).click()
    expect(JSON.parse((await sent).postData() ?? '{}')).toEqual({ topic: 'question', requesterType: 'private' })
    await announced(page, 'Melding ingedeeld.')
    expect(await fact(page, 'topic')).toBe('Algemene vraag')
    expect(await fact(page, 'requesterType')).toBe('Particulier')
    expect(await fact(page, 'sector')).toBe('nog niet ingedeeld')
    expect(await page.getByLabel('Onderwerp', { exact: true }).inputValue()).toBe('')
    const classified = page.locator('#case-events > li', { hasText: 'Ingedeeld' })
    expect(await classified.textContent()).toMatch(
      /door Anouk Verbeek \(u\) · onderwerp: Algemene vraag · melder: Particulier$/,
    )
    // A question's windows are longer than a concern's: the deadline moved on.
    const acknowledgeAfter = await page.locator('#case-deadlines li').first().locator('time').getAttribute('datetime')
    expect(Date.parse(acknowledgeAfter ?? '')).toBeGreaterThan(Date.parse(acknowledgeBefore ?? ''))
    expect(await storedCase(reference)).toMatchObject({ topic: 'question', requesterType: 'private' })
    expect(problems).toEqual([])
    await context.close()
  })

  it('replies to the address the mail came from; the answer to that reply joins the case as mail from the melder', async () => {
    const { context, page, problems } = await onCase(browser, reference)
    const reply = 'Beste Sanne,\n\nDank voor uw bericht. Wij bellen u morgen om het te bespreken.\n\nAnouk Verbeek'
    await page.getByLabel('Uw antwoord').fill(reply)
    await page.getByRole('button', { name: 'Antwoord versturen' }).click()
    await announced(page, 'Antwoord verstuurd naar de melder.')
    expect(await page.locator('#case-messages > li').last().locator('.messages__text').textContent()).toBe(reply)
    expect(await fact(page, 'status')).toBe('Beantwoord')
    const sent = await mailTo(SENDER.address, (mail) => mail.text.includes('Wij bellen u morgen'))
    expect(sent.subject).toContain(`[${reference}]`)

    const answer = 'Dank u wel. Morgen na 14.00 uur kan ik het beste.'
    await sendMail({
      from: SENDER,
      subject: `Re: ${sent.subject}`,
      text: `${answer}\n\n> ${reply.split('\n').join('\n> ')}`,
      inReplyTo: sent.messageId,
      references: sent.messageId,
    })
    await page.reload()
    await page.locator('#case-view:not([hidden])').waitFor()
    const mail = page.locator('#case-messages > li.messages__item--mail')
    expect(await mail.count()).toBe(1)
    expect(await mail.locator('.messages__meta').textContent()).toMatch(
      new RegExp(`^E-mail · melder \\(${SENDER.name} <${SENDER.address.replace(/\./g, '\\.')}>\\) · `),
    )
    expect(await mail.locator('.messages__subject').textContent()).toBe(`Onderwerp: Re: ${sent.subject}`)
    expect(await mail.locator('.messages__text').textContent()).toMatch(new RegExp(`^${answer.replace(/\./g, '\\.')}`))
    // The answer re-opened the case: it waits for an answer again.
    expect(await fact(page, 'status')).not.toBe('Beantwoord')
    expect(await page.locator('#case-events').textContent()).toContain('Heropend door een nieuw bericht')
    expect(await page.locator('#reply-block').isVisible()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('withholds the attachments of a mail that failed the virus scan, and says why no acknowledgement went', async () => {
    flagged = await newCaseFrom(token, {
      from: { name: 'Onbekende', address: 'iemand@example.com' },
      subject: `Over ${reference}`,
      text: 'Zie de bijlage.',
      headers: { 'X-Local-Test-Virus': 'FAIL' },
      attachments: [
        { filename: 'factuur.exe', content: Buffer.from('MZ not really'), contentType: 'application/octet-stream' },
      ],
    })
    const { context, page, problems } = await onCase(browser, flagged)
    const notices = await page.locator('#mail-notices > p').allTextContents()
    expect(notices).toEqual([
      'Bijlagen achtergehouden: het bericht kwam niet door de virusscan.',
      expect.stringMatching(
        /^Er is geen automatische ontvangstbevestiging gestuurd: het bericht kwam niet door de virusscan\.$/,
      ),
      expect.stringMatching(/^Dit bericht noemt een andere melding, maar komt niet van de melder daarvan/),
    ])
    const attachment = page.locator('#case-attachments > li')
    expect(await attachment.locator('.attachments__name').textContent()).toBe('factuur.exe')
    expect(await attachment.locator('.badge--withheld').textContent()).toBe('achtergehouden')
    expect(await attachment.locator('button').count()).toBe(0)
    // Nothing of the case it mentions is shown.
    expect(await page.locator('main').textContent()).not.toContain(SENDER.address)
    expect(problems).toEqual([])
    await context.close()
  })

  describe.each([1280, 360])('accessibility (axe-core, WCAG 2.1 A and AA) at %i px', (width) => {
    it.each(['answered', 'flagged'] as const)('has no violations on the %s mail case', async (which) => {
      const { context, page, problems } = await onCase(browser, which === 'answered' ? reference : flagged, width)
      expect(await accessibilityViolations(page)).toEqual([])
      if (width === 360) {
        // The long link in the mail text wraps: nothing is wider than the phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      }
      expect(problems).toEqual([])
      await context.close()
    })
  })
})
