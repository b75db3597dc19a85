/** Signing in on /advisor/: a dev sign-in by name locally, Cognito's authorization-code flow with PKCE in AWS. */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el } from '../shared/dom.ts'
import { copy, label } from './copy.ts'
import { base64url } from './format.ts'
import { announce, doneLoading, setVisible, showAlert } from './page.ts'
import { ENDED_KEY, PKCE_KEY, type SignInConfig, session } from './session.ts'
import { keepSessionFresh } from './token-renewal.ts'

/** To Cognito's sign-in, with a fresh PKCE verifier (S256) and state kept in sessionStorage. */
export async function startCognitoSignIn(config: SignInConfig): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)))
  const state = base64url(crypto.getRandomValues(new Uint8Array(24)))
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }))
  const url = new URL(String(config.authorizeUrl))
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', String(config.clientId))
  url.searchParams.set('redirect_uri', String(config.redirectUri))
  url.searchParams.set('scope', typeof config.scope === 'string' ? config.scope : 'openid')
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', base64url(new Uint8Array(digest)))
  url.searchParams.set('code_challenge_method', 'S256')
  location.assign(url.toString())
}

/**
 * Back from Cognito with `?code=&state=`: the code is exchanged (with the PKCE verifier) for an access token, and
 * the code leaves the address bar whatever happens. False when the state does not match or the exchange fails.
 */
export async function finishCognitoSignIn(config: SignInConfig | undefined, params: URLSearchParams): Promise<boolean> {
  let stored: { verifier?: unknown; state?: unknown } | null
  try {
    stored = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null')
  } catch {
    stored = null
  }
  sessionStorage.removeItem(PKCE_KEY)
  history.replaceState(null, '', location.pathname)
  const code = params.get('code')
  if (config?.signIn !== 'cognito' || !code || !stored || stored.state !== params.get('state')) return false
  try {
    const response = await fetch(String(config.tokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: String(config.clientId),
        code,
        redirect_uri: String(config.redirectUri),
        code_verifier: String(stored.verifier),
      }),
    })
    if (!response.ok) return false
    const answer = (await response.json()) as {
      access_token?: unknown
      refresh_token?: unknown
      expires_in?: unknown
    } | null
    if (typeof answer?.access_token !== 'string') return false
    // The refresh token renews the access token before its hour is up (token-renewal.ts).
    session.start(answer.access_token, {
      ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
      ...(typeof answer.expires_in === 'number' ? { expiresAt: Date.now() + answer.expires_in * 1000 } : {}),
    })
    keepSessionFresh()
    return true
  } catch {
    return false
  }
}

interface DevAdvisor {
  id: string
  name?: string
  roles?: string[]
}

/**
 * The sign-in view: Cognito's button, or locally the roster's advisors by name. When a session was running (a token
 * here, or another page sent the advisor here after a 401) it says the session ended and that unsent text waits.
 */
export async function showSignIn(config: SignInConfig | undefined, problem?: string): Promise<void> {
  const ended = session.token() !== null || sessionStorage.getItem(ENDED_KEY) !== null
  sessionStorage.removeItem(ENDED_KEY)
  session.clear()
  doneLoading()
  const signIn = byId(AdvisorId.signInView)
  const cases = byId(AdvisorId.casesView)
  if (!signIn || !cases) return
  cases.hidden = true
  signIn.hidden = false
  if (signIn.dataset.title) document.title = signIn.dataset.title
  setVisible(AdvisorId.advisorUser, false)
  setVisible(AdvisorId.advisorNav, false)
  showAlert(problem ?? (ended ? copy.text.sessionEnded : ''))
  if (config?.signIn === 'cognito') {
    setVisible(AdvisorId.cognitoSignInBlock, true)
    return
  }
  if (config?.signIn !== 'dev') {
    showAlert(copy.text.signInUnavailable)
    return
  }
  const list = byId(AdvisorId.devAdvisors)
  const block = byId(AdvisorId.devSignIn)
  if (!list || !block) return
  let answer: { advisors?: unknown } | undefined
  try {
    const response = await fetch('/_dev/advisors', { headers: { accept: 'application/json' }, cache: 'no-store' })
    answer = response.ok ? await response.json() : undefined
  } catch {
    answer = undefined
  }
  if (!Array.isArray(answer?.advisors)) {
    showAlert(copy.text.signInUnavailable)
    return
  }
  list.replaceChildren(
    ...(answer.advisors as DevAdvisor[]).map((advisor) =>
      el(
        'li',
        {},
        el(
          'button',
          { className: 'button button--secondary', type: 'button', 'data-advisor-id': String(advisor.id) },
          el('span', {}, String(advisor.name ?? advisor.id)),
          Array.isArray(advisor.roles) && advisor.roles.length > 0
            ? el(
                'span',
                { className: 'advisor-picker__roles' },
                advisor.roles.map((role) => label('roles', role)).join(', '),
              )
            : undefined,
        ),
      ),
    ),
  )
  block.hidden = false
}

/** Signs in locally as one of the roster's advisors; then `next()`. */
export async function devSignIn(advisorId: string, next: () => void): Promise<void> {
  showAlert('')
  announce(copy.text.signingIn)
  try {
    const response = await fetch('/_dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ advisorId }),
    })
    const answer = (response.ok ? await response.json() : undefined) as { token?: unknown } | undefined
    if (typeof answer?.token !== 'string') throw new Error('no token')
    session.start(answer.token)
  } catch {
    announce('')
    showAlert(copy.text.signInFailed)
    return
  }
  next()
}
