import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { type CryptoKey, type KeyObject, SignJWT } from 'jose'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { advisorFromClaims } from '../../../functions/http/advisor-claims.ts'
import { createDevAuth, DEV_CLIENT_ID, DEV_ISSUER, type DevAuth } from '../../../local/dev-auth.ts'
import { InMemoryRosterRepository } from '../../fakes/in-memory-roster-repository.ts'
import { exampleRoster } from '../../fakes/workflow-dependencies.ts'

/** The key pairs dev-auth makes, caught on their way out of jose, so a test can sign what dev-auth's key would. */
const made = vi.hoisted(() => ({ pairs: [] as Array<{ publicKey: unknown; privateKey: unknown }> }))

vi.mock('jose', async (importOriginal) => {
  const jose = await importOriginal<typeof import('jose')>()
  return {
    ...jose,
    generateKeyPair: async (...args: Parameters<typeof jose.generateKeyPair>) => {
      const pair = await jose.generateKeyPair(...args)
      made.pairs.push(pair)
      return pair
    },
  }
})

const NOW = new Date('2027-01-11T09:00:00.000Z')
const NOW_SECONDS = NOW.getTime() / 1000

let now: Date
let auth: DevAuth

beforeEach(async () => {
  now = NOW
  made.pairs.length = 0
  auth = await createDevAuth({ rosters: new InMemoryRosterRepository(exampleRoster()), now: () => now })
})

/** dev-auth's own private key: a token signed with it passes the signature check, so the claim checks are tested. */
function devPrivateKey() {
  const key = made.pairs.at(-1)?.privateKey
  if (key === undefined) throw new Error('dev-auth made no key pair')
  return key as CryptoKey | KeyObject
}

const CLAIMS = {
  username: 'adv-01',
  'cognito:groups': ['advisor'],
  client_id: DEV_CLIENT_ID,
  token_use: 'access',
  scope: 'openid email profile',
}

async function tokenSignedByDevKey(overrides: Record<string, unknown> = {}, issuer = DEV_ISSUER) {
  return new SignJWT({ ...CLAIMS, ...overrides })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(issuer)
    .setIssuedAt(NOW_SECONDS)
    .setExpirationTime(NOW_SECONDS + 3600)
    .sign(devPrivateKey())
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function payloadOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
}

describe('Local runtime: dev sign-in tokens', () => {
  it('issues an advisor on the roster an RS256 token shaped like a Cognito access token', async () => {
    // Act
    const response = await auth.issue('{"advisorId":"adv-03"}')

    // Assert
    expect(response.status).toBe(200)
    const { token } = response.body as { token: string }
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))
    expect(header).toEqual({ alg: 'RS256', kid: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(payloadOf(token)).toEqual({
      username: 'adv-03',
      'cognito:groups': ['advisor', 'coordinator'],
      client_id: DEV_CLIENT_ID,
      token_use: 'access',
      scope: 'openid email profile',
      iss: DEV_ISSUER,
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
  })

  it('hands the claims over as API Gateway does, which the advisor API reads back as the advisor', async () => {
    // Arrange
    const { token } = (await auth.issue('{"advisorId":"adv-03"}')).body as { token: string }

    // Act
    const claims = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(claims?.['cognito:groups']).toBe('[advisor coordinator]')
    expect(claims?.username).toBe('adv-03')
    const event = { requestContext: { authorizer: { jwt: { claims } } } } as unknown as APIGatewayProxyEventV2
    expect(advisorFromClaims(event)).toEqual({ id: 'adv-03', roles: ['advisor', 'coordinator'] })
  })

  it('refuses a token for someone not on the roster with 404', async () => {
    // Act
    const response = await auth.issue('{"advisorId":"adv-99"}')

    // Assert
    expect(response).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No advisor with this id in the roster.' } },
    })
  })

  it.each([
    ['not JSON', 'adv-01'],
    ['without advisorId', '{}'],
    ['with another field too', '{"advisorId":"adv-01","roles":["coordinator"]}'],
    ['with an empty id', '{"advisorId":""}'],
    ['with an id that is not text', '{"advisorId":1}'],
  ])('refuses a token request %s with 400', async (_kind, body) => {
    // Act
    const response = await auth.issue(body)

    // Assert
    expect(response).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: 'Send {"advisorId": "<roster id>"}.' } },
    })
  })

  it('issues a token with a shorter life when asked (1 to 3600 seconds), to see a session end', async () => {
    // Arrange
    const response = await auth.issue('{"advisorId":"adv-01","lifetimeSeconds":5}')
    const token = String((response.body as { token: string }).token)

    // Act / Assert: valid for its 5 seconds, then refused as expired.
    now = new Date(NOW.getTime() + 4_000)
    expect(await auth.verify(`Bearer ${token}`)).toMatchObject({ username: 'adv-01', exp: NOW_SECONDS + 5 })
    now = new Date(NOW.getTime() + 6_000)
    expect(await auth.verify(`Bearer ${token}`)).toBeUndefined()
    for (const lifetimeSeconds of [0, 3601, 1.5, '5']) {
      const refused = await auth.issue(JSON.stringify({ advisorId: 'adv-01', lifetimeSeconds }))
      expect(refused.status, String(lifetimeSeconds)).toBe(400)
    }
  })

  it('publishes its public key as a JWKS', async () => {
    // Act
    const { keys } = await auth.jwks()

    // Assert
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String) }),
    ])
    expect(keys[0]).not.toHaveProperty('d')
  })
})

describe('Local runtime: verifying a token like the JWT authorizer', () => {
  it('accepts a token it signed until the second it expires', async () => {
    // Arrange
    const token = await auth.sign({ advisorId: 'adv-01', groups: ['advisor'] })

    // Act
    now = new Date((NOW_SECONDS + 3599) * 1000)
    const lastSecond = await auth.verify(`Bearer ${token}`)
    now = new Date((NOW_SECONDS + 3600) * 1000)
    const expired = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(lastSecond?.username).toBe('adv-01')
    expect(expired).toBeUndefined()
  })

  it('accepts a well-formed token signed with its key (the claim checks below start from this one)', async () => {
    // Arrange
    const token = await tokenSignedByDevKey()

    // Act
    const claims = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(claims).toMatchObject({ username: 'adv-01', 'cognito:groups': '[advisor]', client_id: DEV_CLIENT_ID })
  })

  it.each([
    ['no header at all', undefined],
    ['an empty header', ''],
    ['a token without the Bearer scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
    ['another scheme', 'Basic YWR2LTAxOnNlY3JldA=='],
    ['two parts only', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30'],
    ['characters outside base64url', 'Bearer eyJhbGciOiJSUzI1NiJ9.e3+/.c2ln'],
    ['garbage in the right shape', 'Bearer abc.def.ghi'],
    ['a trailing space', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln '],
  ])('refuses %s', async (_kind, authorization) => {
    // Act
    const claims = await auth.verify(authorization)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('refuses a token signed with another RSA key', async () => {
    // Arrange
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const forged = await new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(DEV_ISSUER)
      .setIssuedAt(NOW_SECONDS)
      .setExpirationTime(NOW_SECONDS + 3600)
      .sign(privateKey)

    // Act
    const claims = await auth.verify(`Bearer ${forged}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('refuses a token whose payload was changed after signing', async () => {
    // Arrange
    const [header, , signature] = (await auth.sign({ advisorId: 'adv-01', groups: ['advisor'] })).split('.')
    const payload = base64url({ ...CLAIMS, 'cognito:groups': ['coordinator'], iss: DEV_ISSUER, exp: NOW_SECONDS + 60 })

    // Act
    const claims = await auth.verify(`Bearer ${header}.${payload}.${signature}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('refuses an unsigned token (alg none)', async () => {
    // Arrange
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...CLAIMS, iss: DEV_ISSUER, exp: NOW_SECONDS + 60 })}.`

    // Act
    const claims = await auth.verify(`Bearer ${unsigned}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('refuses an HS256 token keyed with its public key (the algorithm confusion attack)', async () => {
    // Arrange
    const jwk = (await auth.jwks()).keys[0] as Record<string, string>
    const publicPem = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString()
    const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...CLAIMS, iss: DEV_ISSUER, exp: NOW_SECONDS + 60 })}`
    const signature = createHmac('sha256', publicPem).update(signingInput).digest('base64url')

    // Act
    const claims = await auth.verify(`Bearer ${signingInput}.${signature}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('refuses a token that expired an hour ago', async () => {
    // Arrange
    const token = await auth.sign({
      advisorId: 'adv-01',
      groups: ['advisor'],
      issuedAt: new Date(NOW.getTime() - 7_200_000),
    })

    // Act
    const claims = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it.each([
    ['another issuer', {}, 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other'],
    ['another app client', { client_id: 'another-client' }, DEV_ISSUER],
    ['no app client', { client_id: undefined }, DEV_ISSUER],
    ['no openid scope', { scope: 'email profile' }, DEV_ISSUER],
    ['a scope that only contains the word', { scope: 'openidx email' }, DEV_ISSUER],
    ['no scope (an ID token shape)', { scope: undefined }, DEV_ISSUER],
  ])('refuses a token signed with its key but with %s', async (_kind, overrides, issuer) => {
    // Arrange
    const token = await tokenSignedByDevKey(overrides, issuer)

    // Act
    const claims = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(claims).toBeUndefined()
  })

  it('accepts a token that names its app client in aud rather than client_id, when it has the openid scope', async () => {
    // Arrange
    const token = await tokenSignedByDevKey({ client_id: undefined, aud: DEV_CLIENT_ID })

    // Act
    const claims = await auth.verify(`Bearer ${token}`)

    // Assert
    expect(claims?.username).toBe('adv-01')
  })

  it('refuses the token of another instance of the local stack (a new key on every start)', async () => {
    // Arrange
    const token = await auth.sign({ advisorId: 'adv-01', groups: ['advisor'] })
    const restarted = await createDevAuth({ rosters: new InMemoryRosterRepository(exampleRoster()), now: () => now })

    // Act
    const claims = await restarted.verify(`Bearer ${token}`)

    // Assert
    expect(claims).toBeUndefined()
  })
})
