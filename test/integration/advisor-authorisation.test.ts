import { readFileSync } from 'node:fs'
import { decodeJwt, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { DEV_CLIENT_ID, DEV_ISSUER } from '../../local/dev-auth.ts'
import { type DevCase, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Issue "advisor workspace", the door of the advisor API on the whole local stack: every /api/advisor/* route sits
 * behind the JWT check (local/dev-auth.ts, like API Gateway's JWT authorizer), and behind that the roster in force
 * decides who may work cases.
 *
 * To forge tokens that differ from the stack's in one claim only (issuer, client id, scope) the test needs the stack's
 * own signing key, which the stack never hands out: `jose.generateKeyPair` is wrapped to keep the pairs it makes,
 * and the stack's pair is found by its public key in the stack's JWKS. A control test shows such a forged token with
 * the stack's claims is accepted, so each refusal below is down to the one claim that differs.
 *
 * Monday 8 February 2027, 10:00 CET, the example roster (config/roster.example.json): adv-01 primary on duty.
 */
const keyPairs = vi.hoisted(() => [] as Array<{ publicKey: CryptoKey; privateKey: CryptoKey }>)
vi.mock('jose', async (importOriginal) => {
  const jose = await importOriginal<typeof import('jose')>()
  return {
    ...jose,
    generateKeyPair: async (...args: Parameters<typeof jose.generateKeyPair>) => {
      const pair = await jose.generateKeyPair(...args)
      keyPairs.push(pair as { publicKey: CryptoKey; privateKey: CryptoKey })
      return pair
    },
  }
})

const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
const HOUR_MS = 3_600_000
const EXAMPLE_ROSTER = JSON.parse(readFileSync(new URL('../../config/roster.example.json', import.meta.url), 'utf8'))

interface Route {
  name: string
  method: 'GET' | 'POST'
  path: (reference: string) => string
  /** A body the route would act on if it let the request through. */
  body?: unknown
}

const caseAction = (action: string, body: unknown): Route => ({
  name: `POST /api/advisor/cases/{reference}/${action}`,
  method: 'POST',
  path: (reference) => `/api/advisor/cases/${reference}/${action}`,
  body,
})

/** Every advisor route, each with a body it would act on. */
const ROUTES: Route[] = [
  { name: 'GET /api/advisor/cases', method: 'GET', path: () => '/api/advisor/cases' },
  {
    name: 'POST /api/advisor/cases',
    method: 'POST',
    path: () => '/api/advisor/cases',
    body: questionRequest({ description: 'Een beller maakt zich zorgen over haar broer en zijn nieuwe vrienden.' }),
  },
  { name: 'GET /api/advisor/cases/{reference}', method: 'GET', path: (reference) => `/api/advisor/cases/${reference}` },
  { name: 'GET /api/advisor/workload', method: 'GET', path: () => '/api/advisor/workload' },
  caseAction('acknowledge', {}),
  caseAction('replies', { text: 'Dank voor uw vraag; wij bellen u morgen.' }),
  {
    ...caseAction('replies', { text: 'Gebeld: uitgelegd wat de school kan doen.', via: 'phone' }),
    name: 'POST /api/advisor/cases/{reference}/replies (via phone)',
  },
  caseAction('no-reply-needed', { reason: 'Een bedankje.' }),
  caseAction('notes', { text: 'Gebeld met de school.' }),
  caseAction('assign', { advisorId: 'adv-02' }),
  caseAction('pause', { reason: 'Wacht op de school.' }),
  caseAction('resume', {}),
  caseAction('close', { outcome: 'no-concern' }),
]

/** The claims of a token the stack signs for adv-01 (local/dev-auth.ts), which forged tokens start from. */
function adv01Claims(): Record<string, unknown> {
  return {
    username: 'adv-01',
    'cognito:groups': ['advisor'],
    client_id: DEV_CLIENT_ID,
    token_use: 'access',
    scope: 'openid email profile',
  }
}

async function rs256Token(
  privateKey: CryptoKey,
  change: { claims?: Record<string, unknown>; issuer?: string; without?: string[] } = {},
): Promise<string> {
  const claims = { ...adv01Claims(), ...change.claims }
  for (const name of change.without ?? []) delete claims[name]
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
    .setIssuer(change.issuer ?? DEV_ISSUER)
    .setSubject('4f1c2b9e-0000-4000-8000-000000000001')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey)
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function unsignedToken(): string {
  const now = Math.floor(Date.now() / 1000)
  const payload = { ...adv01Claims(), iss: DEV_ISSUER, iat: now, exp: now + 3600 }
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`
}

/** The stack's own token with its payload changed to claim the coordinator role; the signature is the original. */
function withPayloadChanged(token: string): string {
  const [header, payload = '', signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
  return `${header}.${base64url({ ...claims, 'cognito:groups': ['advisor', 'coordinator'] })}.${signature}`
}

/** A local stack with one case on it, and the means to call every route and see that nothing changed. */
function useAdvisorDoor() {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), throttle: { ratePerSecond: 10_000, burst: 5_000 } })
  let reference: string

  beforeAll(async () => {
    await local.setClock(MONDAY_10_00)
    reference = await local.submit()
  })

  async function call(route: Route, authorization: string | undefined) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (authorization !== undefined) headers.authorization = authorization
    const response = await fetch(`${local.url}${route.path(reference)}`, {
      method: route.method,
      headers,
      ...(route.method === 'POST' ? { body: JSON.stringify(route.body) } : {}),
    })
    return { status: response.status, body: (await response.json()) as unknown }
  }

  /** What a refused request must leave as it was: the case (with its version and events) and the open cases. */
  async function snapshot(): Promise<{ case: DevCase; openCases: string[] }> {
    const openCases = (await local.stack.cases.listOpenCases()).map((open) => open.reference).sort()
    return { case: await local.caseOf(reference), openCases }
  }

  return { local, call, snapshot }
}

describe('Advisor API: the JWT check in front of every route', () => {
  const { local, call, snapshot } = useAdvisorDoor()
  let stackKey: { publicKey: CryptoKey; privateKey: CryptoKey }
  let otherKey: CryptoKey
  let stackPublicKeyPem: string
  let stackJwk: JWK

  beforeAll(async () => {
    const [published] = (await local.stack.auth.jwks()).keys as JWK[]
    stackJwk = published as JWK
    for (const pair of keyPairs) {
      if ((await exportJWK(pair.publicKey)).n === stackJwk.n) stackKey = pair
    }
    if (stackKey === undefined)
      throw new Error("The stack's signing key pair was not made through jose.generateKeyPair")
    otherKey = (await generateKeyPair('RS256')).privateKey
    stackPublicKeyPem = await exportSPKI((await importJWK(stackJwk, 'RS256')) as CryptoKey)
  })

  const badCredentials: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['Bearer with garbage', async () => 'Bearer garbage'],
    ['Bearer with three garbage segments', async () => 'Bearer abc.def.ghi'],
    ['Bearer and nothing else', async () => 'Bearer '],
    ['Basic credentials', async () => `Basic ${Buffer.from('adv-01:wachtwoord').toString('base64')}`],
    ['the stack\'s token after "Basic"', async () => `Basic ${(await local.signIn('adv-01')).token}`],
    ['a token signed with another RSA key', async () => `Bearer ${await rs256Token(otherKey)}`],
    ['an unsigned token (alg: none)', async () => `Bearer ${unsignedToken()}`],
    [
      "an HS256 token keyed with the stack's public key (PEM)",
      async () =>
        `Bearer ${await new SignJWT(adv01Claims())
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(DEV_ISSUER)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(stackPublicKeyPem))}`,
    ],
    [
      "an HS256 token keyed with the stack's public key (JWK)",
      async () =>
        `Bearer ${await new SignJWT(adv01Claims())
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(DEV_ISSUER)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(JSON.stringify(stackJwk)))}`,
    ],
    [
      'an expired token signed by the stack (issued two hours ago)',
      async () =>
        `Bearer ${await local.stack.auth.sign({
          advisorId: 'adv-01',
          groups: ['advisor'],
          issuedAt: new Date(Date.now() - 2 * HOUR_MS),
        })}`,
    ],
    [
      "the stack's token with its payload changed",
      async () => `Bearer ${withPayloadChanged((await local.signIn('adv-01')).token)}`,
    ],
    [
      'a token from another issuer',
      async () =>
        `Bearer ${await rs256Token(stackKey.privateKey, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })}`,
    ],
    [
      'a token for another app client (client_id)',
      async () => `Bearer ${await rs256Token(stackKey.privateKey, { claims: { client_id: 'another-app-client' } })}`,
    ],
    [
      'a token that names no app client',
      async () => `Bearer ${await rs256Token(stackKey.privateKey, { without: ['client_id'] })}`,
    ],
    [
      'a token without the openid scope',
      async () => `Bearer ${await rs256Token(stackKey.privateKey, { claims: { scope: 'email profile' } })}`,
    ],
    [
      'a token whose scope only resembles openid',
      async () => `Bearer ${await rs256Token(stackKey.privateKey, { claims: { scope: 'openid-connect email' } })}`,
    ],
    [
      'a token without any scope',
      async () => `Bearer ${await rs256Token(stackKey.privateKey, { without: ['scope'] })}`,
    ],
  ]

  const unauthorised = ROUTES.flatMap((route) =>
    badCredentials.map(([credential, authorization]) => ({
      route: route.name,
      credential,
      request: route,
      authorization,
    })),
  )

  it("accepts a token forged with the stack's key and the stack's claims (so the refusals below are about one claim)", async () => {
    const answer = await call(ROUTES[0] as Route, `Bearer ${await rs256Token(stackKey.privateKey)}`)

    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ me: { id: 'adv-01' } })
  })

  it.each(unauthorised)(
    'refuses $route with $credential: 401 Unauthorized, nothing changed',
    async ({ request, authorization }) => {
      // Arrange
      const before = await snapshot()

      // Act
      const answer = await call(request, await authorization())

      // Assert
      expect(answer).toEqual({ status: 401, body: { message: 'Unauthorized' } })
      expect(await snapshot()).toEqual(before)
    },
  )
})

describe('Advisor API: who may work cases — staff on the roster in force', () => {
  const { local, call, snapshot } = useAdvisorDoor()

  it.each(
    ROUTES.flatMap((route) =>
      (
        [
          ['no staff group', 'adv-01', []],
          ['only a group that is not a staff role', 'adv-01', ['admin']],
          ['an advisor id that is not on the roster', 'adv-99', ['advisor']],
          ['an advisor id that is not on the roster, as coordinator', 'adv-99', ['advisor', 'coordinator']],
        ] as const
      ).map(([who, advisorId, groups]) => ({ route: route.name, who, request: route, advisorId, groups })),
    ),
  )(
    'refuses $route to a valid token with $who: 403 forbidden, nothing changed',
    async ({ request, advisorId, groups }) => {
      // Arrange
      const token = await local.stack.auth.sign({ advisorId, groups })
      const before = await snapshot()

      // Act
      const answer = await call(request, `Bearer ${token}`)

      // Assert
      expect(answer).toEqual({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } })
      expect(await snapshot()).toEqual(before)
    },
  )

  it('refuses every route to a still-valid token once the roster in force no longer has its advisor', async () => {
    // Arrange
    const adv02 = await local.signIn('adv-02')
    expect((await adv02.get('/api/advisor/cases')).status).toBe(200)
    const withoutAdv02 = {
      ...EXAMPLE_ROSTER,
      advisors: EXAMPLE_ROSTER.advisors.filter((advisor: { id: string }) => advisor.id !== 'adv-02'),
      shifts: EXAMPLE_ROSTER.shifts.filter((shift: { advisorId: string }) => shift.advisorId !== 'adv-02'),
    }
    await local.putRoster(withoutAdv02)
    try {
      const before = await snapshot()

      // Act
      const answers: Record<string, unknown> = {}
      for (const route of ROUTES) answers[route.name] = await call(route, `Bearer ${adv02.token}`)

      // Assert
      expect(answers).toEqual(
        Object.fromEntries(
          ROUTES.map((route) => [
            route.name,
            { status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } },
          ]),
        ),
      )
      expect(await snapshot()).toEqual(before)
    } finally {
      await local.putRoster(EXAMPLE_ROSTER)
    }
  })

  it('lets the same token in again once the advisor is back on the roster', async () => {
    // Arrange
    const adv02 = await local.signIn('adv-02')
    await local.putRoster({
      ...EXAMPLE_ROSTER,
      advisors: EXAMPLE_ROSTER.advisors.filter((advisor: { id: string }) => advisor.id !== 'adv-02'),
      shifts: EXAMPLE_ROSTER.shifts.filter((shift: { advisorId: string }) => shift.advisorId !== 'adv-02'),
    })
    expect((await adv02.get('/api/advisor/cases')).status).toBe(403)

    // Act
    await local.putRoster(EXAMPLE_ROSTER)

    // Assert
    expect((await adv02.get('/api/advisor/cases')).status).toBe(200)
  })
})

describe('Local dev sign-in: POST /_dev/token and GET /_dev/advisors', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  const postToken = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${local.url}/_dev/token`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    })
    return { status: response.status, body: (await response.json()) as unknown }
  }

  it('answers 404 not_found for an advisor id that is not on the roster', async () => {
    expect(await postToken(JSON.stringify({ advisorId: 'adv-99' }))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.any(String) } },
    })
  })

  it('answers 404 for an id that differs from a roster id only in case or spacing', async () => {
    expect((await postToken(JSON.stringify({ advisorId: 'ADV-01' }))).status).toBe(404)
    expect((await postToken(JSON.stringify({ advisorId: ' adv-01' }))).status).toBe(404)
  })

  it.each([
    ['text that is not JSON', 'advisorId=adv-01'],
    ['an empty body', ''],
    ['broken JSON', '{"advisorId": "adv-01"'],
    ['a JSON array', '["adv-01"]'],
    ['JSON null', 'null'],
    ['a JSON string', '"adv-01"'],
    ['an empty object', '{}'],
    ['an empty advisor id', '{"advisorId": ""}'],
    ['a number as advisor id', '{"advisorId": 1}'],
    ['an advisor id of 65 characters', JSON.stringify({ advisorId: 'a'.repeat(65) })],
    ['an extra field', '{"advisorId": "adv-01", "groups": ["coordinator"]}'],
  ])('answers 400 bad_request to %s and issues no token', async (_what, body) => {
    const answer = await postToken(body)

    expect(answer).toEqual({ status: 400, body: { error: { code: 'bad_request', message: expect.any(String) } } })
  })

  it('gives a coordinator (adv-03) a token that carries the coordinator role, like a Cognito access token', async () => {
    const { status, body } = await postToken(JSON.stringify({ advisorId: 'adv-03' }))

    expect(status).toBe(200)
    const claims = decodeJwt((body as { token: string }).token)
    expect(claims).toMatchObject({
      username: 'adv-03',
      'cognito:groups': ['advisor', 'coordinator'],
      client_id: DEV_CLIENT_ID,
      token_use: 'access',
      iss: DEV_ISSUER,
    })
    expect(String(claims.scope).split(' ')).toContain('openid')
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600)
  })

  it('gives a coordinator-only advisor (adv-05) the coordinator group alone, and an advisor (adv-01) none', async () => {
    const adv05 = await postToken(JSON.stringify({ advisorId: 'adv-05' }))
    const adv01 = await postToken(JSON.stringify({ advisorId: 'adv-01' }))

    expect(decodeJwt((adv05.body as { token: string }).token)['cognito:groups']).toEqual(['coordinator'])
    expect(decodeJwt((adv01.body as { token: string }).token)['cognito:groups']).toEqual(['advisor'])
  })

  it("shows the coordinator's roles in the API's `me` once signed in", async () => {
    const adv03 = await local.signIn('adv-03')

    const { status, body } = await adv03.get('/api/advisor/cases')

    expect(status).toBe(200)
    expect((body as { me: unknown }).me).toEqual({
      id: 'adv-03',
      name: 'Marloes Kuipers',
      roles: ['advisor', 'coordinator'],
    })
  })

  it('lists the advisors of the roster in force by id, name and roles, without their mail addresses', async () => {
    const response = await fetch(`${local.url}/_dev/advisors`)

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      advisors: EXAMPLE_ROSTER.advisors.map(({ id, name, roles }: { id: string; name: string; roles: string[] }) => ({
        id,
        name,
        roles,
      })),
    })
  })
})
