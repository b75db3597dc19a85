import { randomBytes as cryptoRandomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { CROCKFORD_ALPHABET } from '../../../../functions/core/cases/reference.ts'
import { canonicalReference } from '../../../../functions/core/follow-up/follow-up.ts'
import {
  canonicalReceipt,
  hashReceipt,
  newReceipt,
  RECEIPT_SCRYPT,
  receiptMatches,
} from '../../../../functions/core/follow-up/receipt.ts'
import { followUpDependencies } from '../../../../functions/follow-up/compose.ts'
import { awsPlatform } from '../../../../functions/platform/aws/base.ts'

const fixedBytes =
  (...bytes: number[]) =>
  () =>
    Uint8Array.from(bytes)

describe('Receipt codes: 80 random bits as 16 Crockford base32 characters', () => {
  it('draws exactly 10 bytes (80 bits) from the random source it is given', () => {
    const source = vi.fn((length: number) => cryptoRandomBytes(length))
    newReceipt(source)
    expect(source).toHaveBeenCalledTimes(1)
    expect(source).toHaveBeenCalledWith(10)
  })

  it('writes every 5 bits as one character, in groups of four', () => {
    expect(newReceipt(fixedBytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toBe('0000-0000-0000-0000')
    expect(newReceipt(fixedBytes(255, 255, 255, 255, 255, 255, 255, 255, 255, 255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ')
    // 0x08 0x86 0x42 … = 00001 00010 00011 00100 00101 00110 00111 01000 (1..8), twice.
    expect(newReceipt(fixedBytes(0x08, 0x86, 0x42, 0x98, 0xe8, 0x08, 0x86, 0x42, 0x98, 0xe8))).toBe(
      '1234-5678-1234-5678',
    )
  })

  it('uses only the Crockford alphabet (no I, L, O, U) and every letter of it', () => {
    const seen = new Set<string>()
    for (let draw = 0; draw < 400; draw++) {
      const receipt = newReceipt(cryptoRandomBytes)
      expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
      for (const character of receipt.replaceAll('-', '')) seen.add(character)
    }
    expect([...seen].sort().join('')).toBe([...CROCKFORD_ALPHABET].sort().join(''))
  })

  it('refuses a random source that gives fewer bytes than asked', () => {
    expect(() => newReceipt(() => new Uint8Array(9))).toThrow('too few bytes')
  })

  it('is drawn from node:crypto in the deployed composition', () => {
    const deps = followUpDependencies(
      {
        ...awsPlatform({ TABLE_NAME: 't' }),
        publicUrl: 'https://mar.example',
        allowedOrigins: () => [],
        searchKey: async () => new Uint8Array(32),
      },
      { maxBodyBytes: 1, marPhone: '010 123 45 67', intakeAddress: 'mar@example.nl', timeZone: 'Europe/Amsterdam' },
    )
    expect(deps.randomBytes).toBe(cryptoRandomBytes)
  })

  it('reads a typed code in any letter case, with or without dashes or spaces, and O/I/L as 0/1/1', () => {
    expect(canonicalReceipt('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS')
    expect(canonicalReceipt(' abcd efgh jkmn pqrs ')).toBe('ABCDEFGHJKMNPQRS')
    expect(canonicalReceipt('O0Il-0000-0000-0000')).toBe('0011000000000000')
    expect(canonicalReceipt('ABCD-EFGH-JKMN-PQR')).toBeUndefined()
    expect(canonicalReceipt('ABCD-EFGH-JKMN-PQRU')).toBeUndefined()
  })
})

describe('Receipt hashes: salted scrypt, never the code in clear', () => {
  const receipt = '4F7K-Q2XD-9M3A-TR8C'

  it('stores scheme, parameters, salt and key, and nothing of the code', async () => {
    const stored = await hashReceipt(receipt, cryptoRandomBytes)
    const [scheme, n, r, p, salt, key] = stored.split('$')
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      RECEIPT_SCRYPT.N,
      RECEIPT_SCRYPT.r,
      RECEIPT_SCRYPT.p,
    ])
    expect(Buffer.from(salt as string, 'base64url')).toHaveLength(16)
    expect(Buffer.from(key as string, 'base64url')).toHaveLength(32)
    expect(stored).not.toContain('4F7K')
    expect(stored.toUpperCase()).not.toContain('4F7KQ2XD9M3ATR8C')
  })

  it('salts every hash: the same code hashes differently twice', async () => {
    expect(await hashReceipt(receipt, cryptoRandomBytes)).not.toBe(await hashReceipt(receipt, cryptoRandomBytes))
  })

  it('matches the code however it is typed, and nothing else', async () => {
    const stored = await hashReceipt(receipt, cryptoRandomBytes)
    expect(await receiptMatches(receipt, stored)).toBe(true)
    expect(await receiptMatches('4f7kq2xd9m3atr8c', stored)).toBe(true)
    expect(await receiptMatches('4F7K-Q2XD-9M3A-TR8D', stored)).toBe(false)
    expect(await receiptMatches('', stored)).toBe(false)
    expect(await receiptMatches('not a receipt at all', stored)).toBe(false)
  })

  it('says no without a stored hash (unknown reference, a named case), after the same work', async () => {
    expect(await receiptMatches(receipt, undefined)).toBe(false)
    expect(await receiptMatches(receipt, 'garbage')).toBe(false)
  })
})

describe('References as people type them', () => {
  it('reads any letter case, dashes or none, the MAR prefix or none, and O/I/L as digits', () => {
    for (const typed of ['MAR-7K2D-Q9XA', 'mar-7k2d-q9xa', 'MAR7K2DQ9XA', '7k2d-q9xa', ' 7K2D Q9XA ']) {
      expect(canonicalReference(typed)).toBe('MAR-7K2D-Q9XA')
    }
    expect(canonicalReference('MAR-OOII-LLOO')).toBe('MAR-0011-1100')
    expect(canonicalReference('MAR-7K2D-Q9X')).toBeUndefined()
    expect(canonicalReference('MAR-7K2D-Q9XU')).toBeUndefined()
    expect(canonicalReference('')).toBeUndefined()
  })
})
