import { randomUUID } from 'node:crypto'
import { errors, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import * as z from 'zod/mini'
import type { RosterRepository } from '../functions/core/ports/stores.ts'
import type { DevResponse } from './dev-routes.ts'

/** Like a Cognito user pool's: an issuer URL, an app client id, RS256 access tokens valid for an hour. */
export const DEV_ISSUER = 'http://127.0.0.1/mar-intake-local-user-pool'
export const DEV_CLIENT_ID = 'mar-intake-local-workspace'
const TOKEN_LIFETIME_SECONDS = 3600

export type JwtClaims = Record<string, string | number | boolean | string[]>

export interface DevAuth {
  /**
   * POST /_dev/token {advisorId, lifetimeSeconds?} → {token}: a token for an advisor in the roster in force, valid for
   * an hour or the seconds asked (1–3600: to see a session end without waiting an hour).
   */
  issue(body: string): Promise<DevResponse>
  /** What API Gateway's JWT authorizer does: the claims of a valid token, or undefined (then: 401). */
  verify(authorization: string | undefined): Promise<JwtClaims | undefined>
  /** Signs a token as the stack does (tests: expired tokens, staff without a group). */
  sign(claims: {
    advisorId: string
    groups: readonly string[]
    issuedAt?: Date
    lifetimeSeconds?: number
  }): Promise<string>
  /** The public key as a JWKS, as Cognito publishes it. */
  jwks(): Promise<{ keys: unknown[] }>
}

const tokenBodySchema = z.strictObject({
  advisorId: z.string().check(z.minLength(1), z.maxLength(64)),
  lifetimeSeconds: z.optional(z.number().check(z.int(), z.gte(1), z.lte(TOKEN_LIFETIME_SECONDS))),
})

/**
 * Staff sign-in on the local stack: tokens shaped like Cognito access tokens (`username` = roster id,
 * `cognito:groups` from the roster's roles, `client_id`, `token_use: access`), signed with a key made at start.
 * Verified like the JWT authorizer: signature (RS256 only, so `alg: none` and HMAC tricks fail), issuer, expiry, and
 * the app client id. Token times are real time, not the dev clock: in AWS the authorizer knows nothing of MAR's
 * clock, and advancing the dev clock a week must not sign the advisor out.
 */
export async function createDevAuth(deps: { rosters: RosterRepository; now?: () => Date }): Promise<DevAuth> {
  const now = deps.now ?? (() => new Date())
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const kid = randomUUID()
  const sign = async (claims: {
    advisorId: string
    groups: readonly string[]
    issuedAt?: Date
    lifetimeSeconds?: number
  }) => {
    const issuedAt = Math.floor((claims.issuedAt ?? now()).getTime() / 1000)
    return new SignJWT({
      username: claims.advisorId,
      'cognito:groups': [...claims.groups],
      client_id: DEV_CLIENT_ID,
      token_use: 'access',
      scope: 'openid email profile',
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(DEV_ISSUER)
      .setSubject(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (claims.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS))
      .setJti(randomUUID())
      .sign(privateKey)
  }
  return {
    sign,
    async issue(body) {
      let advisorId: string
      let lifetimeSeconds: number | undefined
      try {
        ;({ advisorId, lifetimeSeconds } = z.parse(tokenBodySchema, JSON.parse(body)))
      } catch {
        return { status: 400, body: { error: { code: 'bad_request', message: 'Send {"advisorId": "<roster id>"}.' } } }
      }
      const advisor = (await deps.rosters.getRoster())?.advisors.find((candidate) => candidate.id === advisorId)
      if (advisor === undefined) {
        return {
          status: 404,
          body: { error: { code: 'not_found', message: 'No advisor with this id in the roster.' } },
        }
      }
      const token = await sign({
        advisorId: advisor.id,
        groups: advisor.roles,
        ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
      })
      return { status: 200, body: { token } }
    },
    async verify(authorization) {
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '')
      if (!match?.[1]) return undefined
      try {
        const { payload } = await jwtVerify(match[1], publicKey, {
          issuer: DEV_ISSUER,
          algorithms: ['RS256'],
          currentDate: now(),
        })
        // Access tokens name their app client in client_id (ID tokens in aud): the authorizer accepts either, but
        // every advisor route requires the scope `openid`, which only access tokens carry (lib/constructs/advisor-api.ts).
        if (payload.client_id !== DEV_CLIENT_ID && payload.aud !== DEV_CLIENT_ID) return undefined
        if (typeof payload.scope !== 'string' || !payload.scope.split(' ').includes('openid')) return undefined
        return asClaims(payload)
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined
        throw error
      }
    },
    async jwks() {
      return { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }
    },
  }
}

/** API Gateway hands claims to the function as strings, numbers and booleans; arrays as "[a b]". */
function asClaims(payload: JWTPayload): JwtClaims {
  const claims: JwtClaims = {}
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') claims[name] = value
  }
  return claims
}
