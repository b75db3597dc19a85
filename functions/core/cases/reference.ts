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
  const characters = crockfordBase32(randomBytes(5))
  return `MAR-${characters.slice(0, 4)}-${characters.slice(4)}`
}

/** Bytes as Crockford base32, 5 bits per character, most significant first (a whole number of characters). */
export function crockfordBase32(bytes: Uint8Array): string {
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  const length = Math.floor((bytes.length * 8) / 5)
  let characters = ''
  for (let index = length - 1; index >= 0; index--) {
    characters += CROCKFORD_ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)]
  }
  return characters
}

/**
 * A code as a person types it from paper, read the Crockford way: capitals, no dashes or white space, and O, I, L
 * read as 0, 1, 1. What is left may still hold characters outside the alphabet (the caller checks the shape).
 */
export function typedCrockford(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value)
}
