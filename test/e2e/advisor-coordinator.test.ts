import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, baseUrl, launchBrowser, openPage } from './support.ts'

/**
 * Daily work in a real browser against the local stack: a reply typed when the session ended survives signing in
 * again; a coordinator exports and erases a case on its page (a typed reference first), an advisor sees neither.
 */
async function newCase(description: string): Promise<string> {
  const response = await fetch(`${baseUrl()}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      requesterType: 'professional',
      sector: 'welfare',
      topic: 'question',
      name: 'Fatima el Amrani',
      email: 'f.elamrani@welzijn.example.nl',
      description,
      consent: true,
    }),
  })
  expect(response.status).toBe(201)
  return String(((await response.json()) as { reference: string }).reference)
}

async function signInAs(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click()
}

async function openCaseAs(page: Page, name: RegExp, reference: string): Promise<void> {
  await signInAs(page, name)
  await page.locator('#case-count:not(:empty)').waitFor()
  await page.goto(new URL(`/advisor/cases/${reference}`, baseUrl()).toString())
  await page.locator('#case-view:not([hidden])').waitFor()
}

describe('Workspace: a reply typed when the session ended', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('is kept in the tab, the sign-in says the session ended, and the text is back in its box after signing in', async () => {
    const reference = await newCase('Een jongere in ons buurthuis deelt propaganda in de groepsapp.')
    const reply = 'Goedemiddag, dank voor uw vraag. Wij bellen u morgenochtend om het door te spreken.'
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await openCaseAs(page, /Anouk Verbeek/, reference)

    // The session ends: a real token of Anouk's that lives two seconds (the dev sign-in's stand-in for an hour).
    await page.evaluate(async () => {
      const response = await fetch('/_dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advisorId: 'adv-01', lifetimeSeconds: 2 }),
      })
      sessionStorage.setItem('mar.advisor.token', ((await response.json()) as { token: string }).token)
    })
    await page.locator('#reply-text').fill(reply)
    await page.waitForTimeout(3_000)
    await page.getByRole('button', { name: 'Antwoord versturen' }).click()

    // To the sign-in, which says why; nothing was sent, and the text is kept in this tab only.
    await page.waitForURL('**/advisor/')
    await expect
      .poll(() => page.locator('#page-alert').textContent())
      .toBe(
        'Uw sessie is verlopen. Log opnieuw in: u komt terug op de pagina waar u was, en tekst die u nog niet had verstuurd staat daar weer klaar.',
      )
    const stored = (await (await fetch(`${baseUrl()}/_dev/cases/${reference}`)).json()) as { messages: unknown[] }
    expect(stored.messages).toEqual([])
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    expect((await context.cookies()).length).toBe(0)

    // Signed in again: back on the case, the reply in its box, and sending it works and forgets the draft.
    await signInAs(page, /Anouk Verbeek/)
    await page.waitForURL(`**/advisor/cases/${reference}`)
    await page.locator('#case-view:not([hidden])').waitFor()
    expect(await page.locator('#reply-text').inputValue()).toBe(reply)
    expect(await page.locator('#case-flash').textContent()).toContain('staat weer in het invulveld')
    expect(await accessibilityViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Antwoord versturen' }).click()
    await expect
      .poll(() => page.locator('#reply-form .case-form__done, #case-done').allTextContents())
      .toContainEqual(expect.stringMatching(/verstuurd|verzonden|ontvangstbus/))
    expect(await page.locator('#reply-text').inputValue()).toBe('')
    expect(await page.evaluate(() => sessionStorage.getItem('mar.advisor.drafts'))).toBeNull()
    const sent = (await (await fetch(`${baseUrl()}/_dev/cases/${reference}`)).json()) as {
      messages: Array<{ kind: string; text: string }>
    }
    expect(sent.messages.filter((message) => message.kind === 'reply').map((message) => message.text)).toEqual([reply])

    // Sign-out leaves nothing of it in the tab.
    await page.locator('#note-text').fill('Concept van een notitie')
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.getByRole('heading', { level: 1, name: 'Inloggen op de MAR-werkplek' }).waitFor()
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('mar.')))).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('Workspace: in AWS the page renews its token with Cognito’s refresh token', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function devToken(lifetimeSeconds?: number): Promise<string> {
    const response = await fetch(`${baseUrl()}/_dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advisorId: 'adv-01', ...(lifetimeSeconds ? { lifetimeSeconds } : {}) }),
    })
    return String(((await response.json()) as { token: string }).token)
  }

  it('asks the token endpoint with grant_type=refresh_token before the access token expires, and goes on with the new one', async () => {
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
    // The first access token has a minute left: inside the five minutes before expiry, so it is renewed at once.
    const first = await devToken(60)
    const renewed = await devToken()
    const grants: URLSearchParams[] = []
    const revoked: URLSearchParams[] = []
    const context = await browser.newContext({ locale: 'nl-NL' })
    await context.route('**/advisor/config.json', (route) => route.fulfill({ json: config }))
    await context.route(`${cognito}/oauth2/authorize?*`, (route) => {
      const asked = new URL(route.request().url()).searchParams
      const back = new URL(asked.get('redirect_uri') ?? '')
      back.searchParams.set('code', 'the-code')
      back.searchParams.set('state', asked.get('state') ?? '')
      return route.fulfill({ status: 302, headers: { location: back.toString() } })
    })
    await context.route(`${cognito}/oauth2/token`, (route) => {
      const grant = new URLSearchParams(route.request().postData() ?? '')
      grants.push(grant)
      return grant.get('grant_type') === 'authorization_code'
        ? route.fulfill({ json: { access_token: first, refresh_token: 'the-refresh-token', expires_in: 60 } })
        : route.fulfill({ json: { access_token: renewed, expires_in: 3600 } })
    })
    await context.route(`${cognito}/oauth2/revoke`, (route) => {
      revoked.push(new URLSearchParams(route.request().postData() ?? ''))
      return route.fulfill({ status: 200, body: '' })
    })
    await context.route(`${cognito}/logout?*`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Uitgelogd</title>' }),
    )
    const page = await context.newPage()
    await page.goto(new URL('/advisor/', baseUrl()).toString())
    await page.getByRole('button', { name: 'Inloggen met uw account van de gemeente' }).click()
    await page.locator('#case-count:not(:empty)').waitFor()

    await expect
      .poll(() => grants.map((grant) => grant.get('grant_type')))
      .toEqual(['authorization_code', 'refresh_token'])
    expect(Object.fromEntries(grants[1] ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'workspace-client',
      refresh_token: 'the-refresh-token',
    })
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('mar.advisor.token'))).toBe(renewed)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)

    // Sign-out revokes the refresh token before Cognito's own sign-out.
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.waitForURL(`${cognito}/logout?*`)
    expect(revoked.map((body) => Object.fromEntries(body))).toEqual([
      { token: 'the-refresh-token', client_id: 'workspace-client' },
    ])
    await context.close()
  })
})

describe('Workspace: export and erase on the case page, for coordinators only', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows an advisor neither', async () => {
    const reference = await newCase('Een deelnemer aan onze cursus uit steeds vaker haat tegen een groep.')
    const { context, page, problems } = await openPage(browser, '/advisor/')
    await openCaseAs(page, /Anouk Verbeek/, reference)
    expect(await page.locator('#coordinator-tools').isHidden()).toBe(true)
    expect(await page.getByRole('button', { name: 'Melding exporteren' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Melding definitief wissen' }).count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it.each([1280, 390])(
    'lets a coordinator export, and erase only after typing the reference (%i px)',
    async (width) => {
      const reference = await newCase('Een vrijwilliger maakt zich zorgen over wat een jongere online volgt.')
      const { context, page, problems } = await openPage(browser, '/advisor/', { width })
      await openCaseAs(page, /Marloes Kuipers/, reference)
      expect(await page.getByRole('heading', { level: 2, name: 'Coördinatortaken' }).isVisible()).toBe(true)
      expect(await accessibilityViolations(page)).toEqual([])
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)

      // Export: a JSON file of the case, fetched with the token in the header; the export shows in the history.
      const requested = page.waitForRequest((request) => request.url().endsWith('/export'))
      const downloaded = page.waitForEvent('download')
      await page.getByRole('button', { name: 'Melding exporteren' }).click()
      const [request, download] = await Promise.all([requested, downloaded])
      expect(download.suggestedFilename()).toBe(`${reference}-export.json`)
      expect(request.headers().authorization).toMatch(/^Bearer eyJ/)
      const exported = JSON.parse(await readFile((await download.path()) ?? '', 'utf8'))
      expect(exported).toMatchObject({ reference, removed: false, case: { reference, name: 'Fatima el Amrani' } })
      await expect.poll(() => page.locator('#case-events').textContent()).toContain('Geëxporteerd')

      // Erase: refused until the reference typed is this case's.
      const confirm = page.getByLabel('Typ het zaaknummer om te bevestigen')
      await confirm.fill(reference.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')))
      await page.getByRole('button', { name: 'Melding definitief wissen' }).click()
      await expect
        .poll(() => page.locator('#erase-confirm-error').textContent())
        .toBe('Fout: Dit is niet het zaaknummer van deze melding. Typ het nummer bovenaan de pagina over.')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('erase-confirm')
      expect((await fetch(`${baseUrl()}/_dev/cases/${reference}`)).status).toBe(200)

      await confirm.fill(reference)
      await page.getByRole('button', { name: 'Melding definitief wissen' }).click()
      await page.locator('#case-erased:not([hidden])').waitFor()
      expect(await page.locator('#case-erased-text').textContent()).toBe(
        `Melding ${reference} is gewist. Er is alleen een grafsteen over.`,
      )
      expect(await page.locator('#case-view').isHidden()).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-erased')
      expect((await fetch(`${baseUrl()}/_dev/cases/${reference}`)).status).toBe(404)
      expect(await accessibilityViolations(page)).toEqual([])
      await page.getByRole('link', { name: 'Naar alle meldingen' }).click()
      await page.waitForURL('**/advisor/')
      expect(problems).toEqual([])
      await context.close()
    },
  )
})
