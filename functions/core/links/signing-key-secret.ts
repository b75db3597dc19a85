import { KEY_ID_PATTERN, type SigningKeys } from './action-token.ts'

/**
 * The JSON the link-signing secret holds (Secrets Manager in AWS, DATA_DIR/signing-key locally):
 *   {"currentKeyId": "k2", "current": "<at least 32 characters>", "previousKeyId": "k1", "previous": "<…>"}
 * New links are made with `current` and name `currentKeyId`; links naming `previousKeyId` still open. A rotation
 * writes a new current and moves the old one to previous (signing-key-rotation). The secret strings are used as
 * UTF-8 bytes. Flat, so CDK's generated secret (`generateStringKey`) can fill in `current`.
 */
export interface SigningKeySecret {
  currentKeyId: string
  current: string
  previousKeyId?: string
  previous?: string
}

export const MIN_SECRET_LENGTH = 32

/**
 * The keys in a secret's JSON; throws (without quoting it) when it is not the shape above. A secret of the first
 * version (the bare key, before key ids) reads as the current key `k0`, so a deploy before the secret is replaced or
 * rotated keeps working.
 */
export function parseSigningKeySecret(text: string): SigningKeys {
  if (!text.trimStart().startsWith('{'))
    return parseSigningKeySecret(JSON.stringify({ currentKeyId: 'k0', current: text.trim() }))
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('The signing secret is not JSON')
  }
  const { currentKeyId, current, previousKeyId, previous } = (parsed ?? {}) as Partial<Record<string, unknown>>
  const key = (id: unknown, secret: unknown) => {
    if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id)) throw new Error('A signing key id is missing or malformed')
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new Error('A signing key is missing or too short')
    }
    return { id, secret: Buffer.from(secret, 'utf8') }
  }
  const keys: SigningKeys = { current: key(currentKeyId, current) }
  if (previousKeyId !== undefined || previous !== undefined) {
    keys.previous = key(previousKeyId, previous)
    if (keys.previous.id === keys.current.id) throw new Error('The previous signing key has the current key id')
  }
  return keys
}

/** The secret after a rotation: a new current key, the old current one as previous (the older previous is gone). */
export function rotatedSigningKeySecret(before: SigningKeySecret, newSecret: string): SigningKeySecret {
  return {
    currentKeyId: nextKeyId(before.currentKeyId),
    current: newSecret,
    previousKeyId: before.currentKeyId,
    previous: before.current,
  }
}

/** k1 → k2 → …; an id not of that shape starts the count. */
function nextKeyId(id: string): string {
  const number = /^k(\d{1,12})$/.exec(id)?.[1]
  return `k${number === undefined ? 1 : Number(number) + 1}`
}
