import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto'
import type { Case } from '../cases/case.ts'

/**
 * One-click links in advisor mail. A token is a capability: it names the case, the advisor and the action, the
 * case's link generation (revocation), and expires. It is opaque — the claim is encrypted and authenticated with
 * AES-256-GCM, so nobody who sees a link (a mail gateway, a forwarded mail, a log) can read whom it is for, and
 * nobody without the key can make or alter one — and it names the key it was made with, so the key can rotate:
 *   v2.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>
 * The nonce is derived from the claim (a keyed hash, as in SIV), so the same claim always gives the same link: a
 * retried routing queues the very same mail. v1 links (readable, HMAC-signed with the raw secret) are no longer
 * accepted: they lasted 14 days, and the workspace acknowledges as well.
 */
export type ActionName = 'acknowledge'

export interface ActionClaim {
  reference: string
  advisorId: string
  action: ActionName
  expiresAt: Date
  /** The case's link generation when the link was made: a link of an older generation is revoked. */
  generation: number
}

/** A key that makes and opens links, with the id that links name it by. */
export interface SigningKey {
  id: string
  secret: Uint8Array
}

/** New links are made with `current`; links made with `previous` still open, until the next rotation. */
export interface SigningKeys {
  current: SigningKey
  previous?: SigningKey
}

export const ACTION_TOKEN_LIFETIME_DAYS = 14
/** Key ids go into every link: short, and nothing that needs escaping in a URL. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/

export type InvalidActionTokenReason = 'malformed' | 'forged' | 'expired' | 'revoked' | 'not-permitted'

export class InvalidActionTokenError extends Error {
  override readonly name = 'InvalidActionTokenError'
  constructor(readonly reason: InvalidActionTokenReason) {
    super(`The action link is ${reason}.`)
  }
}

const VERSION = 'v2'
const TOKEN_SHAPE = /^v2\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{40,800})$/
const NONCE_BYTES = 12
const TAG_BYTES = 16

export function signActionToken(claim: ActionClaim, keys: SigningKeys): string {
  const { id } = keys.current
  const plaintext = Buffer.from(
    JSON.stringify({
      r: claim.reference,
      a: claim.advisorId,
      x: claim.action,
      e: Math.floor(claim.expiresAt.getTime() / 1000),
      g: claim.generation,
    }),
  )
  const { encryption, nonces } = derivedKeys(keys.current)
  const nonce = createHmac('sha256', nonces).update(plaintext).digest().subarray(0, NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', encryption, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(`${VERSION}.${id}`))
  const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return `${VERSION}.${id}.${sealed.toString('base64url')}`
}

/** The claim of a genuine, unexpired token made with either key; throws InvalidActionTokenError otherwise. */
export function verifyActionToken(token: string, keys: SigningKeys, now: Date): ActionClaim {
  const [, keyId = '', body = ''] = TOKEN_SHAPE.exec(token) ?? []
  if (body === '') throw new InvalidActionTokenError('malformed')
  const sealed = Buffer.from(body, 'base64url')
  // One spelling per link: base64url has several for the same bytes.
  if (sealed.toString('base64url') !== body || sealed.length <= NONCE_BYTES + TAG_BYTES) {
    throw new InvalidActionTokenError('malformed')
  }
  const key = [keys.current, keys.previous].find((candidate) => candidate?.id === keyId)
  // A key rotated out (or never ours) cannot open the link: to the holder it is as good as forged.
  if (key === undefined) throw new InvalidActionTokenError('forged')
  const decoded = parseClaim(open(sealed, key))
  if (now.getTime() >= decoded.expiresAt.getTime()) throw new InvalidActionTokenError('expired')
  return decoded
}

/** The case's link generation: absent until its links were first revoked. */
export function linkGenerationOf(source: Pick<Case, 'linkGeneration'>): number {
  return source.linkGeneration ?? 0
}

/** The change that revokes every link of the case made so far (close, reassignment). */
export function revokedLinks(current: Pick<Case, 'linkGeneration'>): Required<Pick<Case, 'linkGeneration'>> {
  return { linkGeneration: linkGenerationOf(current) + 1 }
}

function open(sealed: Buffer, key: SigningKey): Buffer {
  const nonce = sealed.subarray(0, NONCE_BYTES)
  const tag = sealed.subarray(sealed.length - TAG_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', derivedKeys(key).encryption, nonce, { authTagLength: TAG_BYTES })
  decipher.setAAD(Buffer.from(`${VERSION}.${key.id}`))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
  } catch {
    throw new InvalidActionTokenError('forged')
  }
}

function parseClaim(plaintext: Buffer): ActionClaim {
  let decoded: unknown
  try {
    decoded = JSON.parse(plaintext.toString('utf8'))
  } catch {
    throw new InvalidActionTokenError('malformed')
  }
  if (typeof decoded !== 'object' || decoded === null) throw new InvalidActionTokenError('malformed')
  const { r, a, x, e, g } = decoded as { r?: unknown; a?: unknown; x?: unknown; e?: unknown; g?: unknown }
  if (
    typeof r !== 'string' ||
    typeof a !== 'string' ||
    x !== 'acknowledge' ||
    !Number.isSafeInteger(e) ||
    !Number.isSafeInteger(g)
  ) {
    throw new InvalidActionTokenError('malformed')
  }
  return { reference: r, advisorId: a, action: x, expiresAt: new Date((e as number) * 1000), generation: g as number }
}

/** One secret, two keys: one encrypts, one derives the nonce; neither is the secret itself. */
function derivedKeys(key: SigningKey) {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), purpose, 32))
  return { encryption: derive('mar action link v2: encryption'), nonces: derive('mar action link v2: nonce') }
}
