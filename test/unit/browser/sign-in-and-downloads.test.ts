// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage, renderCaseListPage } from '../../../functions/views/advisor/index.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.token.sig'

function fetchMock(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL, init: RequestInit = {}) => {
      calls.push({ url: String(url), init })
      return answer(String(url), init)
    }),
  )
  return calls
}

const header = (init: RequestInit, name: string) => new Headers(init.headers).get(name)

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('Workspace: sign-in with Cognito (authorization code + PKCE)', () => {
  const config = {
    signIn: 'cognito' as const,
    authorizeUrl: 'https://mar.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    tokenUrl: 'https://mar.auth.eu-west-1.amazoncognito.com/oauth2/token',
    clientId: 'client-1',
    redirectUri: 'https://mar.example/advisor/',
  }
  beforeEach(() => loadPage(renderCaseListPage(), '/advisor/'))

  it('sends an S256 challenge of the verifier it keeps, and a state', async () => {
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => undefined)
    const { startCognitoSignIn } = await import('../../../web/src/advisor/sign-in.ts')
    await startCognitoSignIn(config)
    const url = new URL(String(assign.mock.calls[0]?.[0]))
    const stored = JSON.parse(sessionStorage.getItem('mar.advisor.pkce') ?? '{}')
    expect(url.origin + url.pathname).toBe(config.authorizeUrl)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(stored.verifier)))
    const challenge = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
    expect(url.searchParams.get('code_challenge')).toBe(challenge)
    expect(url.searchParams.get('state')).toBe(stored.state)
    expect(stored.verifier.length).toBeGreaterThanOrEqual(43)
    expect(url.searchParams.get('response_type')).toBe('code')
  })

  it('refuses an answer whose state does not match, and takes the code out of the address bar', async () => {
    sessionStorage.setItem('mar.advisor.pkce', JSON.stringify({ verifier: 'v'.repeat(64), state: 'right' }))
    history.replaceState(null, '', '/advisor/?code=abc&state=wrong')
    const calls = fetchMock(() => json(200, { access_token: TOKEN }))
    const { finishCognitoSignIn } = await import('../../../web/src/advisor/sign-in.ts')
    expect(await finishCognitoSignIn(config, new URLSearchParams(location.search))).toBe(false)
    expect(calls).toEqual([])
    expect(location.search).toBe('')
    expect(sessionStorage.getItem('mar.advisor.token')).toBeNull()
    expect(sessionStorage.getItem('mar.advisor.pkce')).toBeNull()
  })

  it('exchanges the code with its verifier, keeps the token in sessionStorage only', async () => {
    sessionStorage.setItem('mar.advisor.pkce', JSON.stringify({ verifier: 'v'.repeat(64), state: 'right' }))
    history.replaceState(null, '', '/advisor/?code=abc&state=right')
    const calls = fetchMock(() => json(200, { access_token: TOKEN }))
    const { finishCognitoSignIn } = await import('../../../web/src/advisor/sign-in.ts')
    expect(await finishCognitoSignIn(config, new URLSearchParams(location.search))).toBe(true)
    expect(calls[0]?.url).toBe(config.tokenUrl)
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]?.init.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      code: 'abc',
      redirect_uri: config.redirectUri,
      code_verifier: 'v'.repeat(64),
    })
    expect(location.search).toBe('')
    expect(sessionStorage.getItem('mar.advisor.token')).toBe(TOKEN)
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
  })
})

describe('Workspace: the token travels in the Authorization header only', () => {
  beforeEach(() => loadPage(renderCaseListPage(), '/advisor/'))

  it('signs in locally and lists the cases with the token in the header, never in a URL or storage but the session', async () => {
    const calls = fetchMock((url) => {
      if (url === '/advisor/config.json') return json(200, { signIn: 'dev' })
      if (url === '/_dev/advisors')
        return json(200, { advisors: [{ id: 'adv-01', name: 'Anouk Verbeek', roles: ['advisor'] }] })
      if (url === '/_dev/token') return json(200, { token: TOKEN })
      return json(200, { cases: [], me: { id: 'adv-01', name: 'Anouk Verbeek', roles: [] }, advisors: [] })
    })
    await import('../../../web/src/advisor/main.ts')
    await settle()
    const button = document.querySelector<HTMLButtonElement>('#dev-advisors button[data-advisor-id="adv-01"]')
    expect(button?.textContent).toBe('Anouk Verbeekadviseur')
    button?.click()
    await settle()
    const list = calls.find((call) => call.url.startsWith('/api/advisor/cases'))
    expect(list && header(list.init, 'authorization')).toBe(`Bearer ${TOKEN}`)
    for (const call of calls) expect(call.url).not.toContain(TOKEN)
    expect(sessionStorage.getItem('mar.advisor.token')).toBe(TOKEN)
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
    expect(document.getElementById('case-count')?.textContent).toBe('0 meldingen')
    expect(document.getElementById('advisor-name')?.textContent).toBe('Anouk Verbeek')
  })

  it('shows the sign-in again when the API answers 401', async () => {
    sessionStorage.setItem('mar.advisor.token', 'expired')
    fetchMock((url) => {
      if (url === '/advisor/config.json') return json(200, { signIn: 'dev' })
      if (url === '/_dev/advisors') return json(200, { advisors: [] })
      return json(401, { message: 'Unauthorized' })
    })
    await import('../../../web/src/advisor/main.ts')
    await settle()
    expect(document.getElementById('signin-view')?.hidden).toBe(false)
    expect(document.getElementById('cases-view')?.hidden).toBe(true)
    expect(sessionStorage.getItem('mar.advisor.token')).toBeNull()
  })
})

describe('Workspace: downloading an attachment', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  function blobUrls() {
    const created: Blob[] = []
    const revoked: string[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:mar/1'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
      revoked.push(url)
    })
    return { created, revoked }
  }

  it('fetches with the token in the header and saves it as bytes through a Blob URL it revokes', async () => {
    const calls = fetchMock(() => new Response('%PDF-1.4 <script>x</script>', { status: 200 }))
    const { created, revoked } = blobUrls()
    const clicked: Array<{ href: string | null; download: string | null }> = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href'), download: this.getAttribute('download') })
    })
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => undefined)
    const { downloadAttachment } = await import('../../../web/src/advisor/case-page.ts')
    const button = Object.assign(document.createElement('button'), {})
    button.dataset.attachmentId = 'att-1'
    button.dataset.attachmentName = 'brief.pdf'
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    await downloadAttachment('MAR-7K2P-9QXD', button)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('/api/advisor/cases/MAR-7K2P-9QXD/attachments/att-1')
    expect(header(calls[0]?.init ?? {}, 'authorization')).toBe(`Bearer ${TOKEN}`)
    expect(created[0]?.type).toBe('application/octet-stream')
    expect(clicked).toEqual([{ href: 'blob:mar/1', download: 'brief.pdf' }])
    expect(document.querySelector('a[download]')).toBeNull()
    expect(revoked).toEqual([])
    vi.advanceTimersByTime(2_000)
    expect(revoked).toEqual(['blob:mar/1'])
    expect(assign).not.toHaveBeenCalled()
  })

  it('says a withheld attachment is withheld', async () => {
    fetchMock(() => json(409, { error: { code: 'quarantined', message: 'x' } }))
    const { downloadAttachment } = await import('../../../web/src/advisor/case-page.ts')
    const button = document.createElement('button')
    button.dataset.attachmentId = 'att-1'
    await downloadAttachment('MAR-7K2P-9QXD', button)
    expect(document.getElementById('page-alert')?.textContent).toBe(
      'Deze bijlage is achtergehouden: het bericht kwam niet door de virusscan.',
    )
  })
})

describe('Workspace: refusals', () => {
  beforeEach(() => loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD'))

  it('has its own words for each conflict code the server names, and a general one for any other', async () => {
    const { CONFLICT_CODES } = await import('../../../functions/core/shared/errors.ts')
    const { errorText } = await import('../../../web/src/advisor/api.ts')
    const { SCRIPT_COPY } = await import('../../../functions/views/advisor/copy.ts')
    for (const code of CONFLICT_CODES) {
      expect(errorText({ status: 409, data: { error: { code } } }), code).toBe(SCRIPT_COPY.error[code])
    }
    expect(errorText({ status: 409, data: { error: { code: 'something-else' } } })).toBe(SCRIPT_COPY.error.conflict)
    expect(errorText({ status: 409, data: { error: { code: 'toString' } } })).toBe(SCRIPT_COPY.error.conflict)
    expect(errorText({ status: 0, data: undefined })).toBe(SCRIPT_COPY.error.network)
    expect(errorText({ status: 500, data: { error: { message: '<b>raw</b>' } } })).toBe(SCRIPT_COPY.error.failed)
  })
})
