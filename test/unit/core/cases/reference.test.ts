import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isReference, newReference, REFERENCE_PATTERN } from '../../../../functions/core/cases/reference.ts'

describe('Case references', () => {
  it('writes 40 random bits as MAR- and two groups of four Crockford base32 characters', () => {
    expect(newReference(() => new Uint8Array(5))).toBe('MAR-0000-0000')
    expect(newReference(() => new Uint8Array(5).fill(255))).toBe('MAR-ZZZZ-ZZZZ')
    expect(newReference(() => Uint8Array.from([0x08, 0x86, 0x42, 0x98, 0xe8]))).toBe('MAR-1234-5678')
  })

  it('only ever uses the unambiguous alphabet', () => {
    for (let draw = 0; draw < 1000; draw++) {
      const reference = newReference(randomBytes)
      expect(reference).toMatch(REFERENCE_PATTERN)
      expect(reference.slice(4)).not.toMatch(/[ILOU]/)
    }
  })

  it('recognises references and refuses look-alikes', () => {
    expect(isReference('MAR-7K3Q-9XDF')).toBe(true)
    for (const lookAlike of ['MAR-7K3Q-9XDI', 'mar-7k3q-9xdf', 'MAR-7K3Q9XDF', 'MAR-7K3Q-9XDF ', '../MAR-7K3Q-9XDF']) {
      expect(isReference(lookAlike)).toBe(false)
    }
  })
})
