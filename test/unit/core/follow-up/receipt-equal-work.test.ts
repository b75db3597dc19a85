import * as crypto from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'

// Counts the key derivations: a refusal must do the same work whether or not there was a hash to compare with.
vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>()
  return { ...actual, scrypt: vi.fn(actual.scrypt) }
})

const { hashReceipt, RECEIPT_SCRYPT, receiptMatches } = await import('../../../../functions/core/follow-up/receipt.ts')

describe('Receipt checks: the same work for every refusal', () => {
  it.each([
    ['a wrong receipt', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', true],
    ['no stored hash (unknown reference, named case)', '4F7K-Q2XD-9M3A-TR8C', false],
    ['a typed value that is no receipt at all', 'hallo', true],
  ])('derives one scrypt key with the stored parameters for %s', async (_case, typed, withHash) => {
    const stored = await hashReceipt('4F7K-Q2XD-9M3A-TR8C', crypto.randomBytes)
    const scrypt = vi.mocked(crypto.scrypt)
    scrypt.mockClear()
    expect(await receiptMatches(typed, withHash ? stored : undefined)).toBe(false)
    expect(scrypt).toHaveBeenCalledTimes(1)
    const [, , keyLength, options] = scrypt.mock.calls[0] as unknown as [unknown, unknown, number, crypto.ScryptOptions]
    expect(keyLength).toBe(RECEIPT_SCRYPT.keyLength)
    expect(options).toMatchObject({ N: RECEIPT_SCRYPT.N, r: RECEIPT_SCRYPT.r, p: RECEIPT_SCRYPT.p })
  })
})
