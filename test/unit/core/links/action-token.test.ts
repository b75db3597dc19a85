import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type ActionClaim,
  InvalidActionTokenError,
  type SigningKeys,
  signActionToken,
  verifyActionToken,
} from '../../../../functions/core/links/action-token.ts'
import { SIGNING_KEY } from '../../../fakes/workflow-dependencies.ts'

const CLAIM: ActionClaim = {
  reference: 'MAR-0000-0001',
  advisorId: 'adv-01',
  action: 'acknowledge',
  expiresAt: new Date('2027-01-25T09:00:00.000Z'),
  generation: 0,
}
const BEFORE_EXPIRY = new Date('2027-01-11T09:00:00.000Z')
const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, index) => 255 - index)
const ROTATED: SigningKeys = { current: { id: 'k2', secret: OTHER_SECRET }, previous: SIGNING_KEY.current }

/** A token that the holder of the key really sealed, as the module documents the format (v2, AES-256-GCM). */
function sealedWithKey(plaintext: string, keyId = 'k1', secret: Uint8Array = SIGNING_KEY.current.secret): string {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mar action link v2: encryption', 32))
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(`v2.${keyId}`))
  const sealed = Buffer.concat([nonce, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v2.${keyId}.${sealed.toString('base64url')}`
}

/** The reason verifyActionToken refuses the token with, or 'accepted'. */
function verdict(token: string, now = BEFORE_EXPIRY, keys = SIGNING_KEY): string {
  try {
    verifyActionToken(token, keys, now)
    return 'accepted'
  } catch (error) {
    if (error instanceof InvalidActionTokenError) return error.reason
    throw error
  }
}

describe('Action token: a one-click link', () => {
  it('gives back the claim it was made with', () => {
    expect(verifyActionToken(signActionToken(CLAIM, SIGNING_KEY), SIGNING_KEY, BEFORE_EXPIRY)).toEqual(CLAIM)
  })

  it('is opaque: neither the reference, the advisor nor the action can be read from it', () => {
    // Arrange
    const token = signActionToken({ ...CLAIM, generation: 7 }, SIGNING_KEY)
    const [version, keyId, body = ''] = token.split('.')

    // Assert
    expect([version, keyId]).toEqual(['v2', 'k1'])
    const decoded = Buffer.from(body, 'base64url').toString('latin1')
    for (const readable of ['MAR-0000-0001', 'adv-01', 'acknowledge', '"g"']) expect(decoded).not.toContain(readable)
    expect(token).not.toMatch(/eyJ/)
  })

  it('is the same link for the same claim (a retried routing queues the very same mail), another for another', () => {
    expect(signActionToken(CLAIM, SIGNING_KEY)).toBe(signActionToken({ ...CLAIM }, SIGNING_KEY))
    expect(signActionToken(CLAIM, SIGNING_KEY)).not.toBe(
      signActionToken({ ...CLAIM, advisorId: 'adv-02' }, SIGNING_KEY),
    )
  })

  it('keeps the whole-second expiry and the generation', () => {
    const token = signActionToken(
      { ...CLAIM, expiresAt: new Date('2027-01-25T09:00:00.900Z'), generation: 3 },
      SIGNING_KEY,
    )
    expect(verifyActionToken(token, SIGNING_KEY, BEFORE_EXPIRY)).toMatchObject({
      expiresAt: new Date('2027-01-25T09:00:00.000Z'),
      generation: 3,
    })
  })

  it.each([
    { moment: 'one millisecond before expiry', now: '2027-01-25T08:59:59.999Z', expected: 'accepted' },
    { moment: 'at expiry', now: '2027-01-25T09:00:00.000Z', expected: 'expired' },
    { moment: 'after expiry', now: '2027-02-01T00:00:00.000Z', expected: 'expired' },
  ])('by its expiry to the millisecond: $moment → $expected', ({ now, expected }) => {
    expect(verdict(signActionToken(CLAIM, SIGNING_KEY), new Date(now))).toBe(expected)
  })
})

describe('Action token: the key rotates', () => {
  it('is made with the current key and names it', () => {
    expect(signActionToken(CLAIM, ROTATED)).toMatch(/^v2\.k2\./)
  })

  it('still opens a link made with the previous key, and one made with the current key', () => {
    expect(verifyActionToken(signActionToken(CLAIM, SIGNING_KEY), ROTATED, BEFORE_EXPIRY)).toEqual(CLAIM)
    expect(verifyActionToken(signActionToken(CLAIM, ROTATED), ROTATED, BEFORE_EXPIRY)).toEqual(CLAIM)
  })

  it('refuses as forged a link whose key was rotated out, or whose key id was changed', () => {
    // Arrange: after a second rotation, k1 is gone
    const twiceRotated: SigningKeys = {
      current: { id: 'k3', secret: new Uint8Array(32).fill(7) },
      previous: ROTATED.current,
    }
    const madeWithK1 = signActionToken(CLAIM, SIGNING_KEY)

    // Assert
    expect(verdict(madeWithK1, BEFORE_EXPIRY, twiceRotated)).toBe('forged')
    expect(verdict(madeWithK1.replace(/^v2\.k1\./, 'v2.k2.'), BEFORE_EXPIRY, ROTATED)).toBe('forged')
  })

  it('refuses as forged a link made with a key of the same id but another secret', () => {
    const impostor: SigningKeys = { current: { id: 'k1', secret: OTHER_SECRET } }
    expect(verdict(signActionToken(CLAIM, impostor))).toBe('forged')
  })
})

describe('Action token: refusals', () => {
  it('refuses as forged a link with one bit changed anywhere in its sealed part', () => {
    const token = signActionToken(CLAIM, SIGNING_KEY)
    const [, , body = ''] = token.split('.')
    const bytes = Buffer.from(body, 'base64url')
    const verdicts = new Set<string>()
    for (let index = 0; index < bytes.length; index++) {
      const flipped = Buffer.from(bytes)
      flipped[index] = (flipped[index] ?? 0) ^ 0x01
      verdicts.add(verdict(`v2.k1.${flipped.toString('base64url')}`))
    }
    expect([...verdicts]).toEqual(['forged'])
  })

  it.each([
    { what: 'an empty string', token: () => '' },
    { what: 'a v1 link (readable, HMAC-signed)', token: () => `v1.${'A'.repeat(60)}.${'A'.repeat(43)}` },
    { what: 'another version', token: () => signActionToken(CLAIM, SIGNING_KEY).replace(/^v2\./, 'v3.') },
    { what: 'no key id', token: () => signActionToken(CLAIM, SIGNING_KEY).replace(/^v2\.k1\./, 'v2..') },
    {
      what: 'a key id that is too long',
      token: () => signActionToken(CLAIM, SIGNING_KEY).replace('.k1.', `.${'k'.repeat(17)}.`),
    },
    { what: 'standard base64 (+ and /)', token: () => `v2.k1.${'+/'.repeat(30)}` },
    { what: 'base64 padding', token: () => `${signActionToken(CLAIM, SIGNING_KEY)}=` },
    { what: 'too short to hold nonce and tag', token: () => `v2.k1.${Buffer.alloc(28).toString('base64url')}` },
    { what: 'a fourth part', token: () => `${signActionToken(CLAIM, SIGNING_KEY)}.extra` },
    { what: 'spaces around it', token: () => ` ${signActionToken(CLAIM, SIGNING_KEY)} ` },
    { what: 'huge', token: () => sealedWithKey('A'.repeat(100_000)) },
  ])('as malformed when it is $what', ({ token }) => {
    expect(verdict(token())).toBe('malformed')
  })

  it.each([
    { what: 'not JSON', plaintext: 'not json' },
    {
      what: 'another action',
      plaintext: JSON.stringify({ r: 'MAR-0000-0001', a: 'adv-01', x: 'close', e: 1800867600, g: 0 }),
    },
    {
      what: 'without an advisor',
      plaintext: JSON.stringify({ r: 'MAR-0000-0001', x: 'acknowledge', e: 1800867600, g: 0 }),
    },
    {
      what: 'without a generation',
      plaintext: JSON.stringify({ r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 1800867600 }),
    },
    {
      what: 'an expiry as text',
      plaintext: JSON.stringify({ r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 'later', g: 0 }),
    },
    { what: 'JSON null', plaintext: 'null' },
  ])('as malformed when a genuinely sealed claim is $what', ({ plaintext }) => {
    expect(verdict(sealedWithKey(plaintext))).toBe('malformed')
  })

  it('opens a genuinely sealed claim written by the documented format', () => {
    const plaintext = JSON.stringify({ r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 1800867600, g: 2 })
    expect(verifyActionToken(sealedWithKey(plaintext), SIGNING_KEY, BEFORE_EXPIRY)).toEqual({
      ...CLAIM,
      expiresAt: new Date(1800867600 * 1000),
      generation: 2,
    })
  })

  it('refuses another base64url spelling of the same sealed bytes', () => {
    // Arrange: the last character of a base64url text whose length is not a multiple of 4 carries unused bits.
    let token = signActionToken(CLAIM, SIGNING_KEY)
    for (
      let generation = 1;
      token.split('.')[2]?.length !== undefined && (token.split('.')[2]?.length ?? 0) % 4 === 0;
      generation++
    ) {
      token = signActionToken({ ...CLAIM, generation }, SIGNING_KEY)
    }
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(token.at(-1) ?? '')
    const respelled = `${token.slice(0, -1)}${alphabet[last ^ 1]}`
    expect(Buffer.from(respelled.split('.')[2] ?? '', 'base64url')).toEqual(
      Buffer.from(token.split('.')[2] ?? '', 'base64url'),
    )

    // Act + Assert
    expect(verdict(respelled)).toBe('malformed')
  })
})
