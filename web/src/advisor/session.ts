/**
 * The signed-in advisor: the access token (and in AWS Cognito's refresh token, token-renewal.ts) lives in
 * sessionStorage only and travels in the Authorization header, never in a URL; who is signed in is shown in the header.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId } from '../shared/dom.ts'
import { clearAllDrafts } from './drafts.ts'
import { setVisible } from './page.ts'

const TOKEN_KEY = 'mar.advisor.token'
const ME_KEY = 'mar.advisor.me'
const REFRESH_KEY = 'mar.advisor.refresh'
const EXPIRES_KEY = 'mar.advisor.expires'
/** Set when a session ends under the advisor's hands (a 401): the sign-in page then says so. */
export const ENDED_KEY = 'mar.advisor.ended'
export const RETURN_KEY = 'mar.advisor.return'
export const PKCE_KEY = 'mar.advisor.pkce'
export const FLASH_KEY = 'mar.advisor.flash'
export const HOME = '/advisor/'
const WORKSPACE_PATH = /^\/advisor\/(?:cases\/MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}|phone\/|stats\/)$/

/** When a JWT expires (its `exp`, in ms), read from its payload; undefined when it has none. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? ''
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'))
    const exp = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  /**
   * A new access token; with Cognito also its refresh token (kept until a new one replaces it) and when it expires
   * (else read from the token itself).
   */
  start(token: string, renewal: { refreshToken?: string; expiresAt?: number } = {}): void {
    sessionStorage.setItem(TOKEN_KEY, token)
    const expiresAt = renewal.expiresAt ?? tokenExpiry(token)
    if (expiresAt === undefined) sessionStorage.removeItem(EXPIRES_KEY)
    else sessionStorage.setItem(EXPIRES_KEY, String(expiresAt))
    if (renewal.refreshToken !== undefined) sessionStorage.setItem(REFRESH_KEY, renewal.refreshToken)
  },
  refreshToken: (): string | null => sessionStorage.getItem(REFRESH_KEY),
  forgetRefreshToken(): void {
    sessionStorage.removeItem(REFRESH_KEY)
  },
  /** When the access token expires (ms since the epoch), if known. */
  expiresAt(): number | undefined {
    const stored = Number(sessionStorage.getItem(EXPIRES_KEY) ?? Number.NaN)
    return Number.isFinite(stored) ? stored : undefined
  },
  clear(): void {
    for (const key of [TOKEN_KEY, ME_KEY, REFRESH_KEY, EXPIRES_KEY]) sessionStorage.removeItem(key)
  },
}

/** The roster id of the advisor signed in, as the last API answer named them. */
export function signedInId(): string | undefined {
  try {
    const id = (JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null') as { id?: unknown } | null)?.id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

/** The Authorization header of every advisor API call. */
export function authorization(): { authorization: string } {
  return { authorization: `Bearer ${session.token() ?? ''}` }
}

/** A path the workspace may return to after signing in (never another site's). */
export function isWorkspacePath(path: string): boolean {
  return WORKSPACE_PATH.test(path)
}

export function showUser(me: { id?: unknown; name?: unknown } | undefined): void {
  if (!me || typeof me.name !== 'string') return
  sessionStorage.setItem(ME_KEY, JSON.stringify({ id: me.id, name: me.name }))
  const name = byId(AdvisorId.advisorName)
  if (name) name.textContent = me.name
  setVisible(AdvisorId.advisorUser, true)
  setVisible(AdvisorId.advisorNav, true)
}

export function showStoredUser(): void {
  try {
    showUser(JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null') ?? undefined)
  } catch {
    // nothing stored
  }
}

/**
 * To the sign-in page, coming back here afterwards. When a session was running it has ended (the API refused its
 * token): the sign-in page says so, and unsent text waits in drafts.ts.
 */
export function goToSignIn(): void {
  if (session.token() !== null) sessionStorage.setItem(ENDED_KEY, 'true')
  session.clear()
  if (isWorkspacePath(location.pathname)) sessionStorage.setItem(RETURN_KEY, location.pathname)
  location.replace(HOME)
}

/** `/advisor/config.json`: how staff sign in here (`dev` locally, `cognito` in AWS). */
export interface SignInConfig {
  signIn?: 'dev' | 'cognito'
  authorizeUrl?: string
  tokenUrl?: string
  logoutUrl?: string
  clientId?: string
  redirectUri?: string
  scope?: string
  /** Cognito's `/oauth2/revoke`; by default beside `tokenUrl`. */
  revokeUrl?: string
}

let configLoaded: Promise<SignInConfig | undefined> | undefined

export function loadConfig(): Promise<SignInConfig | undefined> {
  configLoaded ??= fetch('/advisor/config.json', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<SignInConfig>) : undefined))
    .catch(() => undefined)
  return configLoaded
}

/**
 * Signs out: the tokens, who is signed in and every unsent draft leave the tab; in AWS the refresh token is revoked
 * at Cognito (so a copy of it renews nothing) before Cognito's own sign-out.
 */
export async function signOut(): Promise<void> {
  const refreshToken = session.refreshToken()
  session.clear()
  clearAllDrafts()
  sessionStorage.removeItem(RETURN_KEY)
  sessionStorage.removeItem(ENDED_KEY)
  const config = await loadConfig()
  if (config?.signIn === 'cognito' && refreshToken !== null) await revoke(config, refreshToken)
  if (config?.signIn === 'cognito' && typeof config.logoutUrl === 'string') {
    const url = new URL(config.logoutUrl)
    if (!url.searchParams.has('client_id')) url.searchParams.set('client_id', String(config.clientId ?? ''))
    if (!url.searchParams.has('logout_uri')) url.searchParams.set('logout_uri', String(config.redirectUri ?? ''))
    location.assign(url.toString())
    return
  }
  location.assign(HOME)
}

/** Revokes a refresh token at Cognito (public client: the token and the client id); a failure only skips it. */
async function revoke(config: SignInConfig, refreshToken: string): Promise<void> {
  const url = config.revokeUrl ?? String(config.tokenUrl ?? '').replace(/\/oauth2\/token$/, '/oauth2/revoke')
  if (!/^https?:\/\/[^/]+\/.*oauth2\/revoke$/.test(url)) return
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: String(config.clientId ?? '') }),
    })
  } catch {
    // Cognito unreachable: signing out here still ends the session in this tab.
  }
}
