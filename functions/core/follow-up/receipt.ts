/**
 * The receipt code an anonymous requester gets once, with their reference: together they open the case's private
 * follow-up box. 80 random bits, written as 16 Crockford base32 characters in groups of four. Only a salted scrypt
 * hash is stored; the code itself is never logged, put in a URL, mailed or handed to the workflow.
 */
import { randomBytes as cryptoRandomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { crockfordBase32, type RandomBytes, typedCrockford } from '../cases/reference.ts'

export const RECEIPT_LENGTH = 16
const RECEIPT_BYTES = 10

/**
 * scrypt as RFC 7914 defines it: N = 2^14, r = 8, p = 1 (16 MiB of memory, tens of milliseconds), a 16-byte random
 * salt and a 32-byte key. The receipt already carries 80 random bits, so these parameters are defence in depth
 * against an offline guess from a stolen table, not the only protection. They are written into every stored hash,
 * so they can be raised later without invalidating older receipts.
 */
export const RECEIPT_SCRYPT = Object.freeze({ N: 16_384, r: 8, p: 1, keyLength: 32, saltLength: 16 })

/** A new receipt, `XXXX-XXXX-XXXX-XXXX`: 80 bits from the given CSPRNG, 5 bits per character. */
export function newReceipt(randomBytes: RandomBytes): string {
  const bytes = randomBytes(RECEIPT_BYTES)
  if (bytes.length !== RECEIPT_BYTES) throw new Error('The random source gave too few bytes for a receipt')
  return formatReceipt(crockfordBase32(bytes))
}

export function formatReceipt(canonical: string): string {
  return canonical.match(/.{1,4}/g)?.join('-') ?? canonical
}

/**
 * The receipt as it is hashed: capitals, no dashes or spaces, and the letters Crockford reads as digits (O → 0,
 * I and L → 1) read as such, so a code typed from paper in any letter case is the same code. Undefined when what
 * is left is not 16 characters of the alphabet.
 */
export function canonicalReceipt(typed: string): string | undefined {
  const canonical = typedCrockford(typed)
  return canonical.length === RECEIPT_LENGTH && /^[0-9A-HJKMNP-TV-Z]+$/.test(canonical) ? canonical : undefined
}

/** The stored form: `scrypt$N$r$p$<salt>$<key>`, base64url. */
export async function hashReceipt(receipt: string, randomBytes: RandomBytes): Promise<string> {
  const canonical = canonicalReceipt(receipt)
  if (canonical === undefined) throw new Error('Not a receipt')
  const { N, r, p, keyLength, saltLength } = RECEIPT_SCRYPT
  const salt = Buffer.from(randomBytes(saltLength))
  const key = await derive(canonical, salt, { N, r, p, keyLength })
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/**
 * Whether the typed receipt matches the stored hash. Without a stored hash (unknown reference, a named case) it
 * still derives a key of the same cost against a throw-away salt, so a wrong pair and an unknown reference take
 * the same time.
 */
export async function receiptMatches(typed: string, stored: string | undefined): Promise<boolean> {
  const parsed = stored === undefined ? undefined : parseStoredHash(stored)
  const canonical = canonicalReceipt(typed)
  const { N, r, p, keyLength } = parsed ?? { ...RECEIPT_SCRYPT }
  const salt = parsed?.salt ?? cryptoRandomBytes(RECEIPT_SCRYPT.saltLength)
  const key = await derive(canonical ?? typed.slice(0, 64), salt, { N, r, p, keyLength })
  if (parsed === undefined || canonical === undefined) return false
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

function parseStoredHash(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return undefined
  const keyBytes = Buffer.from(key, 'base64url')
  return {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keyLength: keyBytes.length,
    salt: Buffer.from(salt, 'base64url'),
    key: keyBytes,
  }
}

function derive(
  secret: string,
  salt: Uint8Array,
  { N, r, p, keyLength }: { N: number; r: number; p: number; keyLength: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above the 128·N·r bytes scrypt needs; the default (32 MiB) would refuse N = 2^15 and up.
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}
