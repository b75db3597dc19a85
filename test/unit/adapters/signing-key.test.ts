import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { secretsManagerSigningKey } from '../../../functions/adapters/signing-key.ts'
import { signActionToken, verifyActionToken } from '../../../functions/core/links/action-token.ts'
import { parseSigningKeySecret, rotatedSigningKeySecret } from '../../../functions/core/links/signing-key-secret.ts'
import { localSigningKey } from '../../../local/signing-key-file.ts'

const CURRENT = 'c'.repeat(64)
const PREVIOUS = 'p'.repeat(64)
const secretsManager = mockClient(SecretsManagerClient)

describe('The link-signing secret', () => {
  it('reads the current key and the previous one, each with its id', () => {
    const keys = parseSigningKeySecret(
      JSON.stringify({ currentKeyId: 'k2', current: CURRENT, previousKeyId: 'k1', previous: PREVIOUS }),
    )
    expect(keys).toEqual({
      current: { id: 'k2', secret: Buffer.from(CURRENT) },
      previous: { id: 'k1', secret: Buffer.from(PREVIOUS) },
    })
  })

  it.each([
    ['broken JSON', '{"currentKeyId":', 'The signing secret is not JSON'],
    ['a bare key of the first version that is too short', 'short', 'A signing key is missing or too short'],
    ['without a key id', JSON.stringify({ current: CURRENT }), 'A signing key id is missing or malformed'],
    [
      'with a key id that cannot go into a link',
      JSON.stringify({ currentKeyId: 'k/1', current: CURRENT }),
      'A signing key id is missing or malformed',
    ],
    [
      'with a short key',
      JSON.stringify({ currentKeyId: 'k1', current: 'short' }),
      'A signing key is missing or too short',
    ],
    [
      'with half a previous key',
      JSON.stringify({ currentKeyId: 'k2', current: CURRENT, previousKeyId: 'k1' }),
      'A signing key is missing or too short',
    ],
    [
      'with two keys of one id',
      JSON.stringify({ currentKeyId: 'k1', current: CURRENT, previousKeyId: 'k1', previous: PREVIOUS }),
      'The previous signing key has the current key id',
    ],
  ])('is refused %s, without quoting it', (_what, text, message) => {
    expect(() => parseSigningKeySecret(text)).toThrow(new Error(message))
  })

  it('reads a bare key of the first version (before key ids) as the current key k0', () => {
    expect(parseSigningKeySecret(`${CURRENT}\n`)).toEqual({ current: { id: 'k0', secret: Buffer.from(CURRENT) } })
  })

  it('rotates: a new current key under the next id, the old current one as previous', () => {
    expect(
      rotatedSigningKeySecret(
        { currentKeyId: 'k7', current: CURRENT, previousKeyId: 'k6', previous: PREVIOUS },
        'n'.repeat(64),
      ),
    ).toEqual({
      currentKeyId: 'k8',
      current: 'n'.repeat(64),
      previousKeyId: 'k7',
      previous: CURRENT,
    })
  })
})

describe('Adapter: the link keys from Secrets Manager', () => {
  beforeEach(() => {
    secretsManager.reset()
  })

  it('reads the secret once, and again after a quarter of an hour (a rotation reaches every container)', async () => {
    // Arrange
    let now = 0
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ currentKeyId: 'k1', current: CURRENT }) })
      .resolvesOnce({
        SecretString: JSON.stringify({
          currentKeyId: 'k2',
          current: 'n'.repeat(64),
          previousKeyId: 'k1',
          previous: CURRENT,
        }),
      })
    const source = secretsManagerSigningKey(new SecretsManagerClient({}), 'arn:secret', () => now)

    // Act
    const first = await source()
    now = 14 * 60_000
    const cached = await source()
    now = 15 * 60_000
    const rotated = await source()

    // Assert
    expect([first.current.id, cached.current.id, rotated.current.id, rotated.previous?.id]).toEqual([
      'k1',
      'k1',
      'k2',
      'k1',
    ])
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2)
    expect(verifyActionToken(signActionToken(CLAIM, first), rotated, BEFORE_EXPIRY)).toEqual(CLAIM)
  })

  it('reads again on the next call after a failed read', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({
        SecretString: JSON.stringify({ currentKeyId: 'k1', current: CURRENT }),
      })
    const source = secretsManagerSigningKey(new SecretsManagerClient({}), 'arn:secret', () => 0)
    await expect(source()).rejects.toThrow('throttled')
    expect((await source()).current.id).toBe('k1')
  })
})

const CLAIM = {
  reference: 'MAR-0000-0001',
  advisorId: 'adv-01',
  action: 'acknowledge' as const,
  expiresAt: new Date('2027-01-25T09:00:00.000Z'),
  generation: 0,
}
const BEFORE_EXPIRY = new Date('2027-01-11T09:00:00.000Z')

describe('Local runtime: the link keys in DATA_DIR', () => {
  it('generates the secret’s JSON once, readable by the owner only, and reads the same keys after a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mar-key-')), 'data', 'signing-key')
    const first = await localSigningKey(file)()
    const again = await localSigningKey(file)()
    expect(again).toEqual(first)
    expect(first.current.id).toBe('k1')
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['currentKeyId', 'current'])
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('reads a key file of an earlier version (the bare key) as the current key k0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mar-key-')), 'signing-key')
    writeFileSync(file, `${'a'.repeat(64)}\n`)
    expect(await localSigningKey(file)()).toEqual({ current: { id: 'k0', secret: Buffer.from('a'.repeat(64)) } })
  })
})
