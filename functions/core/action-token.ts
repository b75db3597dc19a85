import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * One-click links in advisor mail. A token is a capability: it names the case, the advisor and the action, expires,
 * and is signed with HMAC-SHA-256 so it cannot be made or altered without the key. It holds ids only.
 *   v1.<base64url(payload)>.<base64url(signature)>
 */
export type ActionName = 'acknowledge'

export interface ActionClaim {
  reference: string
  advisorId: string
  action: ActionName
  expiresAt: Date
}

export const ACTION_TOKEN_LIFETIME_DAYS = 14

export class InvalidActionTokenError extends Error {
  override readonly name = 'InvalidActionTokenError'
  constructor(readonly reason: 'malformed' | 'forged' | 'expired') {
    super(`The action link is ${reason}.`)
  }
}

const VERSION = 'v1'
const TOKEN_SHAPE = /^v1\.[A-Za-z0-9_-]{1,600}\.[A-Za-z0-9_-]{43}$/

export function signActionToken(claim: ActionClaim, key: Uint8Array): string {
  const payload = Buffer.from(
    JSON.stringify({
      r: claim.reference,
      a: claim.advisorId,
      x: claim.action,
      e: Math.floor(claim.expiresAt.getTime() / 1000),
    }),
  ).toString('base64url')
  return `${VERSION}.${payload}.${sign(payload, key)}`
}

/** The claim of a genuine, unexpired token; throws InvalidActionTokenError otherwise. */
export function verifyActionToken(token: string, key: Uint8Array, now: Date): ActionClaim {
  if (!TOKEN_SHAPE.test(token)) throw new InvalidActionTokenError('malformed')
  const [, payload = '', signature = ''] = token.split('.')
  // Compared as text: base64url has several spellings of the same bytes, and a link should have exactly one.
  const expected = Buffer.from(sign(payload, key), 'utf8')
  const given = Buffer.from(signature, 'utf8')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidActionTokenError('forged')
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidActionTokenError('malformed')
  }
  if (typeof decoded !== 'object' || decoded === null) throw new InvalidActionTokenError('malformed')
  const { r, a, x, e } = decoded as { r?: unknown; a?: unknown; x?: unknown; e?: unknown }
  if (typeof r !== 'string' || typeof a !== 'string' || x !== 'acknowledge' || typeof e !== 'number') {
    throw new InvalidActionTokenError('malformed')
  }
  if (now.getTime() >= e * 1000) throw new InvalidActionTokenError('expired')
  return { reference: r, advisorId: a, action: x, expiresAt: new Date(e * 1000) }
}

function sign(payload: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(`${VERSION}.${payload}`).digest('base64url')
}
