import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type ActionClaim,
  InvalidActionTokenError,
  signActionToken,
  verifyActionToken,
} from '../../../functions/core/action-token.ts'
import { SIGNING_KEY } from '../../fakes/workflow-dependencies.ts'

const CLAIM: ActionClaim = {
  reference: 'MAR-0000-0001',
  advisorId: 'adv-01',
  action: 'acknowledge',
  expiresAt: new Date('2027-01-25T09:00:00.000Z'),
}
const BEFORE_EXPIRY = new Date('2027-01-11T09:00:00.000Z')
const OTHER_KEY = Uint8Array.from({ length: 32 }, (_, index) => 255 - index)

/** The three dot-separated parts of a token. */
function partsOf(token: string): [string, string, string] {
  const [version = '', payload = '', signature = ''] = token.split('.')
  return [version, payload, signature]
}

function payloadOf(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64url')
}

/** A token whose payload the holder of the key really signed, as the module documents the format. */
function signedWithKey(payload: string, key: Uint8Array = SIGNING_KEY): string {
  return `v1.${payload}.${createHmac('sha256', key).update(`v1.${payload}`).digest('base64url')}`
}

/** The reason verifyActionToken refuses the token with, or 'accepted'. */
function verdict(token: string, now = BEFORE_EXPIRY, key = SIGNING_KEY): string {
  try {
    verifyActionToken(token, key, now)
    return 'accepted'
  } catch (error) {
    if (error instanceof InvalidActionTokenError) return error.reason
    throw error
  }
}

describe('Action token: a one-click link', () => {
  it('gives back the claim it was signed with', () => {
    // Arrange
    const token = signActionToken(CLAIM, SIGNING_KEY)

    // Act
    const claim = verifyActionToken(token, SIGNING_KEY, BEFORE_EXPIRY)

    // Assert
    expect(claim).toEqual(CLAIM)
  })

  it('holds ids only: the reference, the advisor id, the action and the expiry', () => {
    // Arrange
    const token = signActionToken(CLAIM, SIGNING_KEY)

    // Act
    const payload = JSON.parse(Buffer.from(partsOf(token)[1], 'base64url').toString('utf8'))

    // Assert
    expect(payload).toEqual({ r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 1800867600 })
  })

  it('never lasts longer than claimed when the expiry has milliseconds', () => {
    // Arrange
    const token = signActionToken({ ...CLAIM, expiresAt: new Date('2027-01-25T09:00:00.900Z') }, SIGNING_KEY)

    // Act
    const claim = verifyActionToken(token, SIGNING_KEY, BEFORE_EXPIRY)

    // Assert
    expect(claim.expiresAt.toISOString()).toBe('2027-01-25T09:00:00.000Z')
  })
})

describe('Action token: refused', () => {
  it('as forged when the signature is not the one the key makes', () => {
    // Arrange
    const [version, payload, signature] = partsOf(signActionToken(CLAIM, SIGNING_KEY))
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`

    // Act
    const reason = verdict(`${version}.${payload}.${flipped}`)

    // Assert
    expect(reason).toBe('forged')
  })

  it.each([
    { change: 'another advisor', fields: { r: 'MAR-0000-0001', a: 'adv-05', x: 'acknowledge', e: 1800867600 } },
    { change: 'another case', fields: { r: 'MAR-0000-0002', a: 'adv-01', x: 'acknowledge', e: 1800867600 } },
    { change: 'a later expiry', fields: { r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 1900000000 } },
  ])('as forged when the payload is altered to $change and the signature kept', ({ fields }) => {
    // Arrange
    const [version, , signature] = partsOf(signActionToken(CLAIM, SIGNING_KEY))

    // Act
    const reason = verdict(`${version}.${payloadOf(fields)}.${signature}`)

    // Assert
    expect(reason).toBe('forged')
  })

  it('as forged when it was signed with another key', () => {
    // Arrange
    const token = signActionToken(CLAIM, OTHER_KEY)

    // Act
    const reason = verdict(token)

    // Assert
    expect(reason).toBe('forged')
  })

  it.each([
    { moment: 'one millisecond before expiry', now: '2027-01-25T08:59:59.999Z', expected: 'accepted' },
    { moment: 'at expiry', now: '2027-01-25T09:00:00.000Z', expected: 'expired' },
    { moment: 'after expiry', now: '2027-02-01T00:00:00.000Z', expected: 'expired' },
  ])('by its expiry to the millisecond: $moment → $expected', ({ now, expected }) => {
    // Arrange
    const token = signActionToken(CLAIM, SIGNING_KEY)

    // Act
    const reason = verdict(token, new Date(now))

    // Assert
    expect(reason).toBe(expected)
  })

  it.each([
    { what: 'an empty string', token: () => '' },
    { what: 'another version', token: () => signActionToken(CLAIM, SIGNING_KEY).replace(/^v1\./, 'v2.') },
    { what: 'no version', token: () => signActionToken(CLAIM, SIGNING_KEY).slice(3) },
    { what: 'standard base64 (+ and /)', token: () => `v1.${'+/'.repeat(10)}.${'A'.repeat(43)}` },
    { what: 'base64 padding', token: () => `${signActionToken(CLAIM, SIGNING_KEY)}=` },
    { what: 'an empty payload', token: () => `v1..${'A'.repeat(43)}` },
    { what: 'a short signature', token: () => signActionToken(CLAIM, SIGNING_KEY).slice(0, -1) },
    { what: 'a fourth part', token: () => `${signActionToken(CLAIM, SIGNING_KEY)}.extra` },
    { what: 'spaces around it', token: () => ` ${signActionToken(CLAIM, SIGNING_KEY)} ` },
    { what: 'a huge payload', token: () => signedWithKey('A'.repeat(100_000)) },
  ])('as malformed when it is $what', ({ token }) => {
    // Act
    const reason = verdict(token())

    // Assert
    expect(reason).toBe('malformed')
  })

  it.each([
    { what: 'not JSON', payload: Buffer.from('not json').toString('base64url') },
    { what: 'another action', payload: payloadOf({ r: 'MAR-0000-0001', a: 'adv-01', x: 'close', e: 1800867600 }) },
    { what: 'no advisor', payload: payloadOf({ r: 'MAR-0000-0001', x: 'acknowledge', e: 1800867600 }) },
    {
      what: 'an expiry as text',
      payload: payloadOf({ r: 'MAR-0000-0001', a: 'adv-01', x: 'acknowledge', e: 'later' }),
    },
    { what: 'a JSON list', payload: payloadOf(['MAR-0000-0001'] as unknown as Record<string, unknown>) },
    { what: 'JSON null', payload: Buffer.from('null').toString('base64url') },
  ])('as malformed when a genuinely signed payload is $what', ({ payload }) => {
    // Arrange
    const token = signedWithKey(payload)

    // Act
    const refusal = () => verifyActionToken(token, SIGNING_KEY, BEFORE_EXPIRY)

    // Assert
    expect(refusal).toThrow(expect.objectContaining({ name: 'InvalidActionTokenError', reason: 'malformed' }))
  })
})

describe('Action token: one spelling per link', () => {
  it('refuses another base64url spelling of the same signature bytes', () => {
    // Arrange: the last of 43 characters carries 4 bits of signature and 2 unused bits.
    const token = signActionToken(CLAIM, SIGNING_KEY)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(token.at(-1) ?? '')
    const respelled = `${token.slice(0, -1)}${alphabet[last ^ 1]}`
    const [, , signature = ''] = token.split('.')
    const [, , respelledSignature = ''] = respelled.split('.')
    expect(Buffer.from(respelledSignature, 'base64url')).toEqual(Buffer.from(signature, 'base64url'))

    // Act + Assert
    expect(() => verifyActionToken(respelled, SIGNING_KEY, BEFORE_EXPIRY)).toThrow(
      expect.objectContaining({ reason: 'forged' }),
    )
  })
})
