// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { json, loadPage } from './page.ts'

const COGNITO = 'https://mar.auth.eu-west-1.amazoncognito.com'
const CONFIG = {
  signIn: 'cognito',
  authorizeUrl: `${COGNITO}/oauth2/authorize`,
  tokenUrl: `${COGNITO}/oauth2/token`,
  logoutUrl: `${COGNITO}/logout`,
  clientId: 'client-1',
  redirectUri: 'https://mar.example/advisor/',
}
const NOW = new Date('2026-12-07T09:00:00.000Z').getTime()
const MINUTE = 60_000

/** A token shaped like a JWT whose payload expires at `exp` (ms). */
function jwt(name: string, exp: number): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replaceAll('=', '')
  return `${part({ alg: 'RS256' })}.${part({ sub: name, exp: Math.floor(exp / 1000) })}.sig`
}

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
const form = (init: RequestInit | undefined) => Object.fromEntries(new URLSearchParams(String(init?.body ?? '')))
const bearer = (init: RequestInit | undefined) => new Headers(init?.headers).get('authorization')

beforeEach(() => {
  loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW })
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: Cognito refresh tokens renew the session before it expires', () => {
  it('keeps the refresh token and the expiry from the code exchange, in this tab only', async () => {
    sessionStorage.setItem('mar.advisor.pkce', JSON.stringify({ verifier: 'v'.repeat(64), state: 's' }))
    history.replaceState(null, '', '/advisor/?code=abc&state=s')
    fetchMock(() => json(200, { access_token: 'first', refresh_token: 'the-refresh-token', expires_in: 3600 }))
    const { finishCognitoSignIn } = await import('../../../web/src/advisor/sign-in.ts')

    expect(await finishCognitoSignIn({ ...CONFIG, signIn: 'cognito' }, new URLSearchParams(location.search))).toBe(true)

    expect(sessionStorage.getItem('mar.advisor.token')).toBe('first')
    expect(sessionStorage.getItem('mar.advisor.refresh')).toBe('the-refresh-token')
    expect(Number(sessionStorage.getItem('mar.advisor.expires'))).toBe(NOW + 60 * MINUTE)
    expect(localStorage.length).toBe(0)
  })

  it('asks the token endpoint for a new access token five minutes before the old one expires', async () => {
    const { session } = await import('../../../web/src/advisor/session.ts')
    session.start('first', { refreshToken: 'the-refresh-token', expiresAt: NOW + 60 * MINUTE })
    const calls = fetchMock((url) =>
      url === '/advisor/config.json' ? json(200, CONFIG) : json(200, { access_token: 'second', expires_in: 3600 }),
    )
    const { keepSessionFresh } = await import('../../../web/src/advisor/token-renewal.ts')

    keepSessionFresh()
    await vi.advanceTimersByTimeAsync(54 * MINUTE)
    expect(calls.filter((call) => call.url === CONFIG.tokenUrl)).toEqual([])
    await vi.advanceTimersByTimeAsync(1 * MINUTE)

    const renewals = calls.filter((call) => call.url === CONFIG.tokenUrl)
    expect(renewals).toHaveLength(1)
    expect(renewals[0]?.init.method).toBe('POST')
    expect(form(renewals[0]?.init)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      refresh_token: 'the-refresh-token',
    })
    expect(sessionStorage.getItem('mar.advisor.token')).toBe('second')
    // Without rotation Cognito sends no new refresh token: the one we have stays good.
    expect(sessionStorage.getItem('mar.advisor.refresh')).toBe('the-refresh-token')
    expect(Number(sessionStorage.getItem('mar.advisor.expires'))).toBe(NOW + 115 * MINUTE)
    // …and the next renewal is planned for the new token.
    await vi.advanceTimersByTimeAsync(55 * MINUTE)
    expect(calls.filter((call) => call.url === CONFIG.tokenUrl)).toHaveLength(2)
  })

  it('renews before an API call when the token is about to expire (a sleeping laptop ran no timer)', async () => {
    const { session } = await import('../../../web/src/advisor/session.ts')
    session.start(jwt('first', NOW + 2 * MINUTE), { refreshToken: 'rt' })
    const calls = fetchMock((url) => {
      if (url === '/advisor/config.json') return json(200, CONFIG)
      if (url === CONFIG.tokenUrl) return json(200, { access_token: 'second', refresh_token: 'rt-2', expires_in: 3600 })
      return json(200, { cases: [] })
    })
    const { api } = await import('../../../web/src/advisor/api.ts')

    const result = await api('GET', '/api/advisor/cases')

    expect(result.status).toBe(200)
    const apiCall = calls.find((call) => call.url === '/api/advisor/cases')
    expect(bearer(apiCall?.init)).toBe('Bearer second')
    expect(sessionStorage.getItem('mar.advisor.refresh')).toBe('rt-2')
  })

  it('renews once on a 401 and sends the call again; a refused refresh token is dropped and sends to sign-in', async () => {
    const { session } = await import('../../../web/src/advisor/session.ts')
    session.start('first', { refreshToken: 'rt', expiresAt: NOW + 30 * MINUTE })
    let refused = false
    const calls = fetchMock((url, init) => {
      if (url === '/advisor/config.json') return json(200, CONFIG)
      if (url === CONFIG.tokenUrl) {
        return refused ? json(400, { error: 'invalid_grant' }) : json(200, { access_token: 'second', expires_in: 3600 })
      }
      return bearer(init) === 'Bearer second' && !refused ? json(200, {}) : json(401, { message: 'Unauthorized' })
    })
    const replace = vi.spyOn(location, 'replace').mockImplementation(() => undefined)
    const { api } = await import('../../../web/src/advisor/api.ts')

    expect((await api('POST', '/api/advisor/cases/MAR-7K2P-9QXD/notes', { text: 'x' })).status).toBe(200)
    expect(calls.filter((call) => call.url.startsWith('/api/')).map((call) => bearer(call.init))).toEqual([
      'Bearer first',
      'Bearer second',
    ])

    refused = true
    expect((await api('POST', '/api/advisor/cases/MAR-7K2P-9QXD/notes', { text: 'x' })).status).toBe(401)
    expect(sessionStorage.getItem('mar.advisor.refresh')).toBeNull()
    expect(sessionStorage.getItem('mar.advisor.token')).toBeNull()
    expect(replace).toHaveBeenCalledWith('/advisor/')
  })

  it('renews nothing locally: the dev sign-in gives no refresh token', async () => {
    const { session } = await import('../../../web/src/advisor/session.ts')
    session.start(jwt('dev', NOW + 60 * MINUTE))
    const calls = fetchMock(() => json(200, { signIn: 'dev' }))
    const { keepSessionFresh, ensureFreshToken } = await import('../../../web/src/advisor/token-renewal.ts')
    keepSessionFresh()
    await vi.advanceTimersByTimeAsync(59 * MINUTE)
    await ensureFreshToken()
    expect(calls).toEqual([])
    expect(Number(sessionStorage.getItem('mar.advisor.expires'))).toBe(NOW + 60 * MINUTE)
  })

  it('revokes the refresh token at Cognito when signing out, then signs out at Cognito', async () => {
    const { session, signOut } = await import('../../../web/src/advisor/session.ts')
    session.start('first', { refreshToken: 'rt', expiresAt: NOW + 60 * MINUTE })
    const calls = fetchMock((url) => (url === '/advisor/config.json' ? json(200, CONFIG) : new Response(null)))
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => undefined)

    await signOut()

    const revoke = calls.find((call) => call.url === `${COGNITO}/oauth2/revoke`)
    expect(form(revoke?.init)).toEqual({ token: 'rt', client_id: 'client-1' })
    expect(String(assign.mock.calls[0]?.[0])).toMatch(/^https:\/\/mar\.auth\.eu-west-1\.amazoncognito\.com\/logout\?/)
    expect(sessionStorage.length).toBe(0)
  })
})
