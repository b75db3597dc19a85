/**
 * The signed-in advisor: the access token lives in sessionStorage only and travels in the Authorization header,
 * never in a URL; who is signed in is shown in the header.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId } from '../shared/dom.ts'
import { setVisible } from './page.ts'

const TOKEN_KEY = 'mar.advisor.token'
const ME_KEY = 'mar.advisor.me'
export const RETURN_KEY = 'mar.advisor.return'
export const PKCE_KEY = 'mar.advisor.pkce'
export const FLASH_KEY = 'mar.advisor.flash'
export const HOME = '/advisor/'
const WORKSPACE_PATH = /^\/advisor\/(?:cases\/MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}|phone\/|stats\/)$/

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  start(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token)
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY)
    sessionStorage.removeItem(ME_KEY)
  },
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

/** To the sign-in page, coming back here afterwards. */
export function goToSignIn(): void {
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
}

let configLoaded: Promise<SignInConfig | undefined> | undefined

export function loadConfig(): Promise<SignInConfig | undefined> {
  configLoaded ??= fetch('/advisor/config.json', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<SignInConfig>) : undefined))
    .catch(() => undefined)
  return configLoaded
}

export async function signOut(): Promise<void> {
  session.clear()
  sessionStorage.removeItem(RETURN_KEY)
  const config = await loadConfig()
  if (config?.signIn === 'cognito' && typeof config.logoutUrl === 'string') {
    const url = new URL(config.logoutUrl)
    if (!url.searchParams.has('client_id')) url.searchParams.set('client_id', String(config.clientId ?? ''))
    if (!url.searchParams.has('logout_uri')) url.searchParams.set('logout_uri', String(config.redirectUri ?? ''))
    location.assign(url.toString())
    return
  }
  location.assign(HOME)
}
