/**
 * Keeping a Cognito session alive in AWS: the access token lasts an hour; the code exchange also gives a refresh token
 * (12 hours, lib/constructs/advisor-sign-in.ts), with which the page asks Cognito's token endpoint for a new access
 * token (`grant_type=refresh_token`) five minutes before the old one expires — on a timer, and before any API call
 * that finds it that close (a sleeping laptop runs no timers) — and once more when the API refuses a token. A refresh
 * token Cognito refuses (expired, revoked) is dropped: the next 401 sends the advisor to sign in, drafts kept.
 *
 * Locally the dev sign-in gives no refresh token: nothing is renewed, and after its hour the next API call gets a 401
 * and the page goes to the sign-in (drafts.ts keeps what was typed).
 */
import { loadConfig, session } from './session.ts'

/** How long before its expiry an access token is renewed. */
export const RENEW_AHEAD_MS = 5 * 60_000

let renewing: Promise<boolean> | undefined
let timer: ReturnType<typeof setTimeout> | undefined

/** Asks Cognito for a new access token with the refresh token; true when the session now has one. */
export function renewTokens(): Promise<boolean> {
  renewing ??= renew().finally(() => {
    renewing = undefined
  })
  return renewing
}

async function renew(): Promise<boolean> {
  const refreshToken = session.refreshToken()
  if (refreshToken === null) return false
  const config = await loadConfig()
  if (config?.signIn !== 'cognito' || typeof config.tokenUrl !== 'string') return false
  let response: Response
  try {
    response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: String(config.clientId),
        refresh_token: refreshToken,
      }),
      cache: 'no-store',
    })
  } catch {
    return false // offline for now: the refresh token stays, the next call tries again
  }
  if (!response.ok) {
    // Expired or revoked (invalid_grant): it will never work again.
    if (response.status === 400 || response.status === 401) session.forgetRefreshToken()
    return false
  }
  let answer: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null
  try {
    answer = await response.json()
  } catch {
    return false
  }
  if (typeof answer?.access_token !== 'string') return false
  session.start(answer.access_token, {
    // With refresh token rotation on, Cognito sends a new one; otherwise the one we have stays good.
    ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
    ...(typeof answer.expires_in === 'number' ? { expiresAt: Date.now() + answer.expires_in * 1000 } : {}),
  })
  keepSessionFresh()
  return true
}

/** Before an API call: renews first when the token expires within RENEW_AHEAD_MS and there is a refresh token. */
export async function ensureFreshToken(): Promise<void> {
  const expiresAt = session.expiresAt()
  if (session.refreshToken() === null || expiresAt === undefined) return
  if (expiresAt - Date.now() <= RENEW_AHEAD_MS) await renewTokens()
}

/** Sets the timer that renews the token RENEW_AHEAD_MS before it expires (nothing without a refresh token). */
export function keepSessionFresh(): void {
  if (timer !== undefined) clearTimeout(timer)
  timer = undefined
  const expiresAt = session.expiresAt()
  if (session.refreshToken() === null || expiresAt === undefined) return
  timer = setTimeout(
    () => {
      void renewTokens()
    },
    Math.max(0, expiresAt - RENEW_AHEAD_MS - Date.now()),
  )
}
