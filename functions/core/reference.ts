/** Crockford base32: digits and capitals without I, L, O, U — easy to read aloud and to type from a phone. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export const REFERENCE_PATTERN = /^MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/

/** Fills a buffer of the given length with cryptographically random bytes. */
export type RandomBytes = (length: number) => Uint8Array

/**
 * A new case reference, `MAR-XXXX-XXXX`: 40 random bits, 5 per character.
 * Uniqueness is not assumed: the repository refuses a reference that exists and the caller draws again.
 */
export function newReference(randomBytes: RandomBytes): string {
  const bytes = randomBytes(5)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let characters = ''
  for (let index = 7; index >= 0; index--) {
    characters += CROCKFORD_ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)]
  }
  return `MAR-${characters.slice(0, 4)}-${characters.slice(4)}`
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value)
}
