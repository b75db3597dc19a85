import type { Browser, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  activeElementId,
  baseUrl,
  fillAsTeacher,
  launchBrowser,
  openPage,
  REFERENCE,
  referenceOn,
  storedCase,
  submit,
  TEACHER,
} from './support.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('Web intake with JavaScript', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('sends a teacher’s request as JSON and shows the reference in place', async () => {
    // Arrange
    const { context, page, problems } = await openPage(browser, '/')
    await fillAsTeacher(page)
    const sent: Request[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/requests')) sent.push(request)
    })

    // Act
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()

    // Assert
    expect(page.url()).toMatch(/\/$/)
    expect(sent).toHaveLength(1)
    const headers = sent[0]?.headers() ?? {}
    expect(headers['content-type']).toBe('application/json')
    expect(headers['idempotency-key']).toMatch(UUID)
    expect(sent[0]?.postDataJSON()).toEqual({
      requesterType: 'professional',
      sector: 'education',
      organisation: 'Lyceum Zuid',
      topic: 'case',
      anonymous: false,
      name: 'Jan de Vries',
      email: TEACHER.email,
      description: TEACHER.description,
      signals: ['isolation', 'hostility'],
      ideology: 'jihadism',
      immediateDanger: false,
      language: 'nl',
      consent: true,
      website: '',
    })
    const reference = await referenceOn(page)
    expect(await activeElementId(page)).toBe('confirmation-title')
    expect(await page.locator('.notice--urgent').count()).toBe(0)
    expect(await page.locator('form').count()).toBe(0)

    const stored = await storedCase(reference)
    expect(stored).toMatchObject({
      reference,
      channel: 'web',
      status: expect.any(String),
      urgency: 'normal',
      requesterType: 'professional',
      sector: 'education',
      organisation: 'Lyceum Zuid',
      topic: 'case',
      anonymous: false,
      name: 'Jan de Vries',
      email: TEACHER.email,
      description: TEACHER.description,
      signals: ['isolation', 'hostility'],
      ideology: 'jihadism',
      language: 'nl',
    })
    expect(stored).not.toHaveProperty('website')
    expect(problems).toEqual([])
    await context.close()
  })

  it('hides and clears name, e-mail and phone for an anonymous request, and stores none of them', async () => {
    const { context, page, problems } = await openPage(browser, '/en/')
    await page.getByLabel('As a private person').check()
    expect(await page.locator('#professional-details').isHidden()).toBe(true)
    await page.getByLabel('A general question about radicalisation').check()
    await page.locator('#email').fill('someone@example.com')
    await page.locator('#phone').fill('06 12345678')

    await page.getByLabel('I want to stay anonymous').check()
    expect(await page.locator('#contact-details').isHidden()).toBe(true)
    expect(await page.locator('#email').inputValue()).toBe('')
    expect(await page.locator('#phone').inputValue()).toBe('')

    await page.locator('#description').fill('How do I talk with my nephew about the extremist videos he shares?')
    await page.getByLabel('I agree with the privacy statement').check()
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We have received your request' }).waitFor()

    const stored = await storedCase(await referenceOn(page))
    expect(stored).toMatchObject({ anonymous: true, requesterType: 'private', topic: 'question', language: 'en' })
    for (const field of ['name', 'email', 'phone', 'sector']) expect(stored).not.toHaveProperty(field)
    expect(problems).toEqual([])
    await context.close()
  })

  it('tells to call 112 first when the requester reports immediate danger', async () => {
    const { context, page } = await openPage(browser, '/')
    await fillAsTeacher(page, { ...TEACHER, email: 'mentor@school.example.nl' })
    await page.getByLabel('Iemand is nu in direct gevaar').check()
    await submit(page)

    const urgent = page.locator('.notice--urgent')
    await urgent.waitFor()
    expect(await urgent.textContent()).toContain('Bel direct 112')
    const box = await urgent.boundingBox()
    const referenceBox = await page.locator('.reference__value').first().boundingBox()
    expect(box?.y ?? 0).toBeLessThan(referenceBox?.y ?? 0)
    expect(await storedCase(await referenceOn(page))).toMatchObject({ urgency: 'urgent', immediateDanger: true })
    await context.close()
  })

  it('gives a named requester the very date the acknowledgement mail gives, without the anonymous texts', async () => {
    const { context, page, problems } = await openPage(browser, '/')
    const email = 'datum@school.example.nl'
    await fillAsTeacher(page, { ...TEACHER, email })
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
    const reference = await referenceOn(page)
    const onPage = ((await page.locator('main time[data-respond-by]').first().textContent()) ?? '').trim()
    expect(onPage).toMatch(/^(maandag|dinsdag|woensdag|donderdag|vrijdag) \d{1,2} [a-z]+ om \d{2}:\d{2}$/)
    expect(await page.locator('main').textContent()).toContain(`U krijgt uiterlijk ${onPage} antwoord`)
    expect(await page.locator('main a[href="/follow-up"]').count()).toBe(0)
    expect(await page.locator('main [data-receipt]').count()).toBe(0)

    // The acknowledgement goes out once the case is routed (the workflow, a moment later).
    const acknowledgement = async () => {
      const mails = (await (await fetch(`${baseUrl()}/_dev/mail`)).json()) as Array<{
        to: string[]
        subject: string
        text: string
      }>
      return mails.find((mail) => mail.to.includes(email) && mail.subject.includes(reference))?.text ?? ''
    }
    await expect.poll(acknowledgement, { timeout: 20_000 }).toContain('uiterlijk')
    expect(await acknowledgement()).toContain(`neemt uiterlijk ${onPage} contact met u op`)
    expect(problems).toEqual([])
    await context.close()
  })

  it('copies the receipt code with one tap on a phone, keeps it on one line, and says when to look', async () => {
    const { context, page, problems } = await openPage(browser, '/', { width: 390 })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() })
    await page.getByLabel('Als particulier').check()
    await page.getByLabel('Een algemene vraag over radicalisering').check()
    await page.getByLabel('Ik wil anoniem blijven').check()
    await page.locator('#description').fill('Mijn nicht volgt een prediker die haat preekt, wat kan ik doen?')
    await page.getByLabel('Ik ga akkoord met de privacyverklaring').check()
    await submit(page)
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()

    const receipt = ((await page.locator('[data-receipt]').textContent()) ?? '').trim()
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    expect(await page.locator('main').textContent()).toMatch(/Kijk na \S+ \d{1,2} [a-z]+ om \d{2}:\d{2} op de pagina/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const receiptBox = await page.locator('[data-receipt]').boundingBox()
    const referenceBox = await page.locator('[data-reference]').boundingBox()
    // One line each (the receipt's type is a little smaller than the reference's).
    expect(receiptBox?.height ?? 0).toBeLessThanOrEqual(referenceBox?.height ?? 0)

    await page.getByRole('button', { name: 'Kopieer code' }).click()
    await page.getByText('Gekopieerd.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt)
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows the sector only to professionals and counts the description’s characters', async () => {
    const { context, page } = await openPage(browser, '/', { width: 390 })
    expect(await page.locator('#professional-details').isHidden()).toBe(true)
    await page.getByLabel('Voor mijn werk (professional)').check()
    expect(await page.locator('#professional-details').isVisible()).toBe(true)
    await page.getByLabel('Als particulier').check()
    expect(await page.locator('#professional-details').isHidden()).toBe(true)

    await page.locator('#description').fill('Zorgen')
    expect(await page.locator('#description-count').textContent()).toBe('Nog 14 tekens nodig (minstens 20).')
    await page.locator('#description').fill('Zorgen over mijn neef en zijn nieuwe vrienden.')
    expect(await page.locator('#description-count').textContent()).toBe('46 van 10.000 tekens')
    expect(await page.locator('#description').getAttribute('aria-describedby')).toContain('description-count')
    await context.close()
  })

  it('sends once on a double click and disables the button while sending', async () => {
    const { context, page } = await openPage(browser, '/')
    await fillAsTeacher(page, { ...TEACHER, email: 'dubbel@school.example.nl' })
    let requests = 0
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route('**/api/requests', async (route) => {
      requests++
      await held
      await route.continue()
    })
    const button = page.getByRole('button', { name: 'Verstuur uw vraag' })
    await button.dblclick()
    await expect.poll(() => button.isDisabled()).toBe(true)
    release()
    await page.locator('.reference__value').first().waitFor()
    expect(requests).toBe(1)
    expect(await referenceOn(page)).toMatch(REFERENCE)
    await context.close()
  })

  it('keeps what was typed after a network failure, and sending again uses the same Idempotency-Key', async () => {
    const { context, page } = await openPage(browser, '/')
    await fillAsTeacher(page, { ...TEACHER, email: 'opnieuw@school.example.nl' })
    const keys: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/requests')) keys.push(request.headers()['idempotency-key'] ?? '')
    })
    await page.route('**/api/requests', (route) => route.abort('internetdisconnected'), { times: 1 })

    await submit(page)
    const message = page.locator('#form-message')
    await expect.poll(() => message.textContent()).toContain('er is geen verbinding')
    expect(await page.locator('#description').inputValue()).toBe(TEACHER.description)
    expect(await page.getByRole('button', { name: 'Verstuur uw vraag' }).isEnabled()).toBe(true)

    await submit(page)
    await page.locator('.reference__value').first().waitFor()
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(UUID)
    expect(keys[1]).toBe(keys[0])
    await context.close()
  })

  it('asks to wait Retry-After seconds on 429, and explains a 413, keeping the input', async () => {
    const { context, page } = await openPage(browser, '/en/')
    await page.getByLabel('As a private person').check()
    await page.locator('#description').fill('My neighbour hangs extremist flags and threatens people.')
    const answers: Array<{ status: number; headers: Record<string, string>; code: string }> = [
      { status: 429, headers: { 'retry-after': '30' }, code: 'rate_limited' },
      { status: 413, headers: {}, code: 'body_too_large' },
    ]
    await page.route('**/api/requests', async (route) => {
      const answer = answers.shift()
      await route.fulfill({
        status: answer?.status ?? 500,
        headers: { 'content-type': 'application/json', ...answer?.headers },
        body: JSON.stringify({ error: { code: answer?.code, message: 'x' } }),
      })
    })

    await submit(page)
    const message = page.locator('#form-message')
    await expect.poll(() => message.textContent()).toContain('Wait 30 seconds')
    await submit(page)
    await expect.poll(() => message.textContent()).toContain('too long to send')
    expect(await page.locator('#description').inputValue()).toBe(
      'My neighbour hangs extremist flags and threatens people.',
    )
    expect(await page.getByLabel('As a private person').isChecked()).toBe(true)
    await context.close()
  })
})
