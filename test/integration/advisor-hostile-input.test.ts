import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseFile } from '../../functions/core/ports/stores.ts'
import { readAppConfig } from '../../local/config.ts'
import { type AdvisorClient, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Issue "advisor workspace", hostile and broken input on every POST route of the advisor API, on the whole local
 * stack over HTTP with a valid advisor sign-in: each is refused with the documented status and shape, never a 5xx,
 * never echoing what was sent, and nothing is stored. What is accepted is stored exactly.
 *
 * Monday 8 February 2027, 10:00 CET, the example roster: adv-01 primary on duty.
 */
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
const MAX_BODY_BYTES = readAppConfig().limits.maxBodyBytes
const FAST = { clockStart: new Date(MONDAY_10_00), throttle: { ratePerSecond: 10_000, burst: 5_000 } }

type Body = string | Uint8Array<ArrayBuffer>

interface PostRoute {
  name: string
  /** The path for a case (the phone intake ignores it). */
  path: (reference: string) => string
  /** A body this route accepts. */
  valid: () => Record<string, unknown>
  /** The field that names a body that is not an object. */
  notAnObjectField: string
  /** The fields that name an unknown field, without naming it. */
  unknownField: string
}

const action = (name: string, valid: Record<string, unknown>): PostRoute => ({
  name,
  path: (reference) => `/api/advisor/cases/${reference}/${name}`,
  valid: () => ({ ...valid }),
  notAnObjectField: '_body',
  unknownField: '_body',
})

const PHONE_CALL = {
  ...questionRequest(),
  description: 'Een beller vertelt dat haar zoon zich terugtrekt en extreme filmpjes deelt.',
}

const POST_ROUTES: PostRoute[] = [
  {
    name: 'cases (phone intake)',
    path: () => '/api/advisor/cases',
    valid: () => ({ ...PHONE_CALL }),
    notAnObjectField: '_form',
    unknownField: '_unknown',
  },
  action('acknowledge', {}),
  action('replies', { text: 'Dank voor uw vraag; wij bellen u morgen.' }),
  action('notes', { text: 'Gebeld met de mentor.' }),
  action('assign', { advisorId: 'adv-02' }),
  action('pause', { reason: 'Wacht op de school.' }),
  action('resume', {}),
  action('close', { outcome: 'no-concern' }),
]

interface Answer {
  status: number
  text: string
  body: unknown
}

/** Every string a client reads in the answer, decoded, keys included. */
function textsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(textsIn)
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => [key, ...textsIn(inner)])
  return []
}

/** The answer of a refusal in the documented shape, echoing none of `hostile`. */
function expectRefusal(
  answer: Answer,
  expected: { status: number; code: string; fields?: string[]; hostile?: readonly string[] },
) {
  expect(answer.status).toBe(expected.status)
  const error = (answer.body as { error?: Record<string, unknown> }).error
  expect(Object.keys(answer.body as object)).toEqual(['error'])
  expect(error?.code).toBe(expected.code)
  expect(typeof error?.message).toBe('string')
  if (expected.fields !== undefined) {
    expect(Object.keys((error?.fields ?? {}) as object)).toEqual(expected.fields)
  }
  const readable = [answer.text, ...textsIn(answer.body)].join('\n')
  for (const value of expected.hostile ?? []) {
    expect(readable.includes(value), `the answer echoes ${JSON.stringify(value).slice(0, 60)}`).toBe(false)
  }
}

function bytes(...parts: Array<string | number[]>): Uint8Array<ArrayBuffer> {
  const chunks = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))
  return new Uint8Array(Buffer.concat(chunks))
}

/** A JSON body padded with insignificant whitespace to exactly `size` bytes. */
function paddedTo(body: Record<string, unknown>, size: number): string {
  const compact = JSON.stringify(body)
  return `${compact.slice(0, -1)}${' '.repeat(size - Buffer.byteLength(compact))}}`
}

function useAdvisorStack() {
  const local = useLocalStack(FAST)
  const state = { adv01: undefined as unknown as AdvisorClient }

  async function send(path: string, body: Body | undefined, contentType: string | null = 'application/json') {
    const headers: Record<string, string> = { authorization: `Bearer ${state.adv01.token}` }
    if (contentType !== null) headers['content-type'] = contentType
    // A Uint8Array body gets no content type from fetch, so `null` really sends none.
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body }),
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: the refusal-shape assertions will say so
    }
    await local.settle()
    return { status: response.status, text, body: parsed }
  }

  /** What a refused request must leave as it was: the whole case file, and which cases are open. */
  async function snapshot(reference: string): Promise<{ file: CaseFile | undefined; open: string[] }> {
    const open = (await local.stack.cases.listOpenCases()).map((stored) => stored.reference).sort()
    return { file: await local.stack.cases.getCaseFile(reference), open }
  }

  return { local, state, send, snapshot }
}

describe('Advisor API: hostile media types, bodies and sizes on every POST route', () => {
  const { local, state, send, snapshot } = useAdvisorStack()
  /** One case per route, so that a route that wrongly acts changes only its own case. */
  const caseFor: Record<string, string> = {}

  beforeAll(async () => {
    await local.setClock(MONDAY_10_00)
    state.adv01 = await local.signIn('adv-01')
    for (const route of POST_ROUTES) caseFor[route.name] = await local.submit()
    await state.adv01.act(caseFor.resume as string, 'pause', { reason: 'Wacht op de wijkagent.' })
  })

  const mediaTypeCases: Array<[string, string | null, (route: PostRoute) => Body]> = [
    ['text/plain', 'text/plain', (route) => JSON.stringify(route.valid())],
    ['text/plain in UTF-8', 'text/plain; charset=utf-8', (route) => JSON.stringify(route.valid())],
    [
      'a form post',
      'application/x-www-form-urlencoded',
      (route) => new URLSearchParams(Object.entries(route.valid()).map(([k, v]) => [k, String(v)])).toString(),
    ],
    [
      'multipart/form-data',
      'multipart/form-data; boundary=HOSTILE-BOUNDARY',
      () =>
        '--HOSTILE-BOUNDARY\r\nContent-Disposition: form-data; name="text"\r\n\r\nhallo\r\n--HOSTILE-BOUNDARY--\r\n',
    ],
    ['application/xml', 'application/xml', () => '<note><text>hallo</text></note>'],
    ['application/json-patch+json', 'application/json-patch+json', (route) => JSON.stringify(route.valid())],
    ['JSON declared as ISO-8859-1', 'application/json; charset=iso-8859-1', (route) => JSON.stringify(route.valid())],
    ['JSON declared as UTF-16', 'application/json; charset=utf-16', (route) => JSON.stringify(route.valid())],
    ['no content type at all', null, (route) => JSON.stringify(route.valid())],
  ]

  it.each(
    POST_ROUTES.flatMap((route) =>
      mediaTypeCases.map(([what, contentType, body]) => ({
        route: route.name,
        what,
        request: route,
        contentType,
        body,
      })),
    ),
  )('refuses $what on $route with 415 and changes nothing', async ({ request, contentType, body }) => {
    // Arrange
    const reference = caseFor[request.name] as string
    const before = await snapshot(reference)

    // Act
    const answer = await send(request.path(reference), body(request), contentType)

    // Assert
    expectRefusal(answer, { status: 415, code: 'unsupported_media_type', hostile: ['HOSTILE-BOUNDARY'] })
    expect(await snapshot(reference)).toEqual(before)
  })

  const bodyCases: Array<{
    what: string
    body: (route: PostRoute) => Body
    fields: (route: PostRoute) => string[]
    hostile: string[]
  }> = [
    {
      what: 'an unterminated JSON string',
      body: () => '{"text": "HOSTILE-UNTERMINATED',
      fields: () => ['_form'],
      hostile: ['HOSTILE-UNTERMINATED'],
    },
    {
      what: 'JSON followed by other text',
      body: (route) => `${JSON.stringify(route.valid())}HOSTILE-TRAILING`,
      fields: () => ['_form'],
      hostile: ['HOSTILE-TRAILING'],
    },
    {
      what: 'JSON with single quotes',
      body: () => "{'text': 'HOSTILE-SINGLE-QUOTED'}",
      fields: () => ['_form'],
      hostile: ['HOSTILE-SINGLE-QUOTED'],
    },
    { what: 'an empty body', body: () => '', fields: () => ['_form'], hostile: [] },
    {
      what: 'invalid UTF-8 (a lead byte without its continuation)',
      body: () => bytes('{"text": "HOSTILE-BAD-UTF8 ', [0xc3, 0x28], '"}'),
      fields: () => ['_form'],
      hostile: ['HOSTILE-BAD-UTF8'],
    },
    {
      what: 'an overlong UTF-8 encoding of "/"',
      body: () => bytes('{"text": "HOSTILE-OVERLONG ', [0xc0, 0xaf], '"}'),
      fields: () => ['_form'],
      hostile: ['HOSTILE-OVERLONG'],
    },
    {
      what: 'a lone surrogate as raw bytes (CESU-8)',
      body: () => bytes('{"text": "HOSTILE-RAW-SURROGATE ', [0xed, 0xa0, 0x80], '"}'),
      fields: () => ['_form'],
      hostile: ['HOSTILE-RAW-SURROGATE'],
    },
    {
      what: 'a JSON array',
      body: (route) => JSON.stringify([{ ...route.valid(), hostile: 'HOSTILE-IN-ARRAY' }]),
      fields: (route) => [route.notAnObjectField],
      hostile: ['HOSTILE-IN-ARRAY'],
    },
    { what: 'an empty JSON array', body: () => '[]', fields: (route) => [route.notAnObjectField], hostile: [] },
    {
      what: 'a JSON number',
      body: () => '13371337',
      fields: (route) => [route.notAnObjectField],
      hostile: ['13371337'],
    },
    { what: 'JSON null', body: () => 'null', fields: (route) => [route.notAnObjectField], hostile: [] },
    { what: 'JSON true', body: () => 'true', fields: (route) => [route.notAnObjectField], hostile: [] },
    {
      what: 'a JSON string',
      body: () => '"HOSTILE-JSON-STRING"',
      fields: (route) => [route.notAnObjectField],
      hostile: ['HOSTILE-JSON-STRING'],
    },
    {
      what: 'an unknown field',
      body: (route) => JSON.stringify({ ...route.valid(), HOSTILE_UNKNOWN_FIELD: 'HOSTILE-UNKNOWN-VALUE' }),
      fields: (route) => [route.unknownField],
      hostile: ['HOSTILE_UNKNOWN_FIELD', 'HOSTILE-UNKNOWN-VALUE'],
    },
    {
      what: 'a __proto__ field',
      body: (route) => withLeadingField('"__proto__": {"polluted": "HOSTILE-PROTO"}', route.valid()),
      fields: (route) => [route.unknownField],
      hostile: ['HOSTILE-PROTO'],
    },
    {
      what: 'a constructor.prototype field',
      body: (route) => withLeadingField('"constructor": {"prototype": {"polluted": "HOSTILE-CTOR"}}', route.valid()),
      fields: (route) => [route.unknownField],
      hostile: ['HOSTILE-CTOR', 'constructor'],
    },
  ]

  it.each(
    POST_ROUTES.flatMap((route) => bodyCases.map((bodyCase) => ({ route: route.name, request: route, ...bodyCase }))),
  )(
    'refuses $what on $route with 400 validation_failed, echoes nothing and changes nothing',
    async ({ request, body, fields, hostile }) => {
      // Arrange
      const reference = caseFor[request.name] as string
      const before = await snapshot(reference)

      // Act
      const answer = await send(request.path(reference), body(request))

      // Assert
      expectRefusal(answer, { status: 400, code: 'validation_failed', fields: fields(request), hostile })
      expect(await snapshot(reference)).toEqual(before)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    },
  )

  it.each(
    POST_ROUTES.flatMap((route) =>
      [MAX_BODY_BYTES + 1, 1_048_576].map((size) => ({ route: route.name, request: route, size })),
    ),
  )('refuses a body of $size bytes on $route with 413 and changes nothing', async ({ request, size }) => {
    // Arrange
    const reference = caseFor[request.name] as string
    const before = await snapshot(reference)

    // Act
    const answer = await send(request.path(reference), paddedTo(request.valid(), size))

    // Assert
    expectRefusal(answer, { status: 413, code: 'payload_too_large' })
    expect(await snapshot(reference)).toEqual(before)
  })

  it('refuses a body over the gateway limit of 10 MB with 413 before any function runs', async () => {
    const reference = caseFor.notes as string
    const before = await snapshot(reference)

    const answer = await send(`/api/advisor/cases/${reference}/notes`, paddedTo({ text: 'x' }, 10 * 1024 * 1024 + 1))

    expect(answer.status).toBe(413)
    expect(await snapshot(reference)).toEqual(before)
  })

  it('accepts a note whose body is exactly the largest allowed', async () => {
    const reference = caseFor.notes as string

    const answer = await send(
      `/api/advisor/cases/${reference}/notes`,
      paddedTo({ text: 'Net niet te groot.' }, MAX_BODY_BYTES),
    )

    expect(answer.status).toBe(201)
    expect((answer.body as { message: { text: string } }).message.text).toBe('Net niet te groot.')
  })
})

/** The routes that take a text, and how to read what was stored back. */
interface TextRoute {
  name: string
  field: string
  path: (reference: string) => string
  body: (text: unknown) => Record<string, unknown>
}

const TEXT_ROUTES: TextRoute[] = [
  {
    name: 'replies',
    field: 'text',
    path: (reference) => `/api/advisor/cases/${reference}/replies`,
    body: (text) => ({ text }),
  },
  {
    name: 'replies (via phone)',
    field: 'text',
    path: (reference) => `/api/advisor/cases/${reference}/replies`,
    body: (text) => ({ text, via: 'phone' }),
  },
  {
    name: 'notes',
    field: 'text',
    path: (reference) => `/api/advisor/cases/${reference}/notes`,
    body: (text) => ({ text }),
  },
  {
    name: 'pause',
    field: 'reason',
    path: (reference) => `/api/advisor/cases/${reference}/pause`,
    body: (reason) => ({ reason }),
  },
  {
    name: 'cases (phone intake)',
    field: 'description',
    path: () => '/api/advisor/cases',
    body: (description) => ({ ...PHONE_CALL, description }),
  },
]

/** Enough visible text for the phone intake's description (20 visible characters), marked as hostile. */
const PAD = 'HOSTILE-TEXT Genoeg zichtbare tekst '

/** A text with every kind of character an advisor may rightly type: tabs, line breaks, emoji, scripts, RTL marks. */
const RICH_TEXT = [
  'Regel één\tmet een tab,',
  'regel twee met CRLF\r\n',
  'Arabisch: مرحبا بكم \u200F(RLM) Hebreeuws: שלום \u200E(LRM)',
  'inbedding \u202Bرتب\u202C en isolatie \u2067טקסט\u2069',
  'emoji 😀 👩‍👩‍👧‍👦 🇳🇱 🏳️‍🌈, combinerend e\u0301 en \u00e9, Zalgo z\u0351\u0352\u0353',
  '  ingesprongen met spaties, en aan het eind twee regeleinden\n\n',
].join('\n')

describe('Advisor API: texts in replies, notes, pause reasons and phone calls', () => {
  const { local, state, send, snapshot } = useAdvisorStack()
  /** One case per route: a reply answers its case, and an answered case has no clock left to pause. */
  const caseFor: Record<string, string> = {}

  beforeAll(async () => {
    await local.setClock(MONDAY_10_00)
    state.adv01 = await local.signIn('adv-01')
    for (const route of TEXT_ROUTES) caseFor[route.name] = await local.submit()
  })

  const refused: Array<[string, unknown, string[]]> = [
    ['a NUL character', `${PAD}voor\u0000na`, []],
    ...(
      [
        ['U+0001', '\u0001'],
        ['BEL', '\u0007'],
        ['backspace', '\u0008'],
        ['a vertical tab', '\u000B'],
        ['a form feed', '\u000C'],
        ['U+000E', '\u000E'],
        ['ESC (a terminal escape)', '\u001B[31m'],
        ['U+001F', '\u001F'],
        ['DEL', '\u007F'],
        ['C1 NEL', '\u0085'],
        ['C1 CSI', '\u009B'],
        ['a carriage return not before a line feed', '\rover'],
      ] as const
    ).map(([what, control]): [string, unknown, string[]] => [`the control character ${what}`, `${PAD}${control}`, []]),
    ['a lone high surrogate', `${PAD}\ud800`, []],
    ['a lone low surrogate', `${PAD}\udfff`, []],
    ['a surrogate pair in the wrong order', `${PAD}\udc00\ud800`, []],
    ['10,001 characters', `HOSTILE-LONG-${'x'.repeat(10_001 - 13)}`, ['x'.repeat(200)]],
    ['10,001 astral characters', '𝕏'.repeat(10_001), ['𝕏'.repeat(100)]],
    ['an empty text', '', []],
    ['spaces and line breaks only', '   \n\t\n  ', []],
    ['a number', 13371337, ['13371337']],
    ['null', null, []],
    ['a list', [`${PAD}in een lijst`], []],
    ['an object', { text: `${PAD}in een object` }, []],
  ]

  it.each(
    TEXT_ROUTES.flatMap((route) =>
      refused.map(([what, value, hostile]) => ({
        route: route.name,
        field: route.field,
        what,
        request: route,
        value,
        hostile,
      })),
    ),
  )(
    'refuses a $field with $what on $route: 400 on $field, nothing echoed or stored',
    async ({ request, value, hostile }) => {
      // Arrange
      const reference = caseFor[request.name] as string
      const before = await snapshot(reference)

      // Act
      const answer = await send(request.path(reference), JSON.stringify(request.body(value)))

      // Assert
      expectRefusal(answer, {
        status: 400,
        code: 'validation_failed',
        fields: [request.field],
        hostile: ['HOSTILE-TEXT', ...hostile],
      })
      expect(await snapshot(reference)).toEqual(before)
    },
  )

  it.each(TEXT_ROUTES)(
    'refuses a $field with a lone surrogate sent as raw bytes on $name: 400, the body is unreadable',
    async (route) => {
      const reference = caseFor[route.name] as string
      const before = await snapshot(reference)
      const json = JSON.stringify(route.body('SURROGATE-MARK'))
      const [head, tail] = json.split('SURROGATE-MARK') as [string, string]

      const answer = await send(route.path(reference), bytes(head, PAD, [0xed, 0xb0, 0x80], tail))

      expectRefusal(answer, { status: 400, code: 'validation_failed', fields: ['_form'], hostile: ['HOSTILE-TEXT'] })
      expect(await snapshot(reference)).toEqual(before)
    },
  )

  const accepted: Array<[string, string]> = [
    ['exactly 10,000 characters', `Precies tienduizend: ${'x'.repeat(10_000 - 21)}`],
    ['exactly 10,000 astral characters', '𝕏'.repeat(10_000)],
    ['tabs, line breaks, emoji, other scripts and RTL marks', RICH_TEXT],
  ]

  /** The text as stored, read back through the advisor API. */
  async function storedText(route: TextRoute, answer: Answer): Promise<string | undefined> {
    const reference = caseFor[route.name] as string
    if (route.name === 'cases (phone intake)') {
      const { reference: created } = answer.body as { reference: string }
      const view = await state.adv01.caseOf(created)
      return 'description' in view ? view.description : undefined
    }
    const stored = await state.adv01.caseOf(reference)
    if (route.name === 'pause') return stored.pause?.reason
    const { message } = answer.body as { message: { id: string } }
    return stored.messages.find((candidate) => candidate.id === message.id)?.text
  }

  it.each(
    TEXT_ROUTES.flatMap((route) =>
      accepted.map(([what, text]) => ({ route: route.name, field: route.field, what, request: route, text })),
    ),
  )('stores a $field of $what on $route exactly as sent', async ({ request, text }) => {
    // Arrange
    const reference = caseFor[request.name] as string

    // Act
    const answer = await send(request.path(reference), JSON.stringify(request.body(text)))

    // Assert
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(request.name === 'pause' ? 200 : 201)
    const stored = await storedText(request, answer)
    // A phone call is a web form's submission: its text is kept in composed form (NFC), the advisor's own exactly.
    const expected = request.name === 'cases (phone intake)' ? text.normalize('NFC') : text
    expect(stored === expected, 'the stored text is the text sent, code unit for code unit').toBe(true)
    if (request.name === 'pause') await state.adv01.act(reference, 'resume')
  })
})

describe('Advisor API: malformed references, unknown actions and choices outside the lists', () => {
  const { local, state, send, snapshot } = useAdvisorStack()
  let reference: string

  beforeAll(async () => {
    await local.setClock(MONDAY_10_00)
    state.adv01 = await local.signIn('adv-01')
    reference = await local.submit()
  })

  const VALID_ACTION_BODIES: Record<string, Record<string, unknown>> = {
    acknowledge: {},
    replies: { text: 'Dank voor uw vraag.' },
    'no-reply-needed': { reason: 'Een bedankje.' },
    notes: { text: 'Gebeld.' },
    assign: { advisorId: 'adv-02' },
    pause: { reason: 'Wacht op de school.' },
    resume: {},
    close: { outcome: 'no-concern' },
  }

  const badReferences: Array<[string, string, number]> = [
    ['half a reference', 'MAR-XXXX', 404],
    ['a well-formed reference of no case', 'MAR-XXXX-XXXX', 404],
    ['an encoded path traversal', '..%2F..', 404],
    ['an encoded parent segment', '%2e%2e', 404],
    ['300 characters', `MAR-${'A'.repeat(296)}`, 404],
    ['a reference in lower case', 'mar-abcd-efgh', 404],
    ['a reference with letters Crockford leaves out', 'MAR-ILOU-ILOU', 404],
    ['full-width characters', encodeURIComponent('ＭＡＲ-ＡＢＣＤ-ＥＦＧＨ'), 404],
    ['an encoded NUL after a reference', 'MAR-ABCD-EFGH%00', 404],
    ['an encoded script tag', encodeURIComponent('<script>HOSTILE</script>'), 404],
    ['a lone percent sign', '%', 400],
    ['a broken percent escape', '%E0%A4%A', 400],
    ['an encoding of invalid UTF-8', '%C3%28', 400],
  ]

  const refRoutes: Array<{ name: string; method: 'GET' | 'POST'; path: (ref: string) => string; body?: unknown }> = [
    { name: 'GET /api/advisor/cases/{reference}', method: 'GET', path: (ref) => `/api/advisor/cases/${ref}` },
    ...Object.entries(VALID_ACTION_BODIES).map(([name, body]) => ({
      name: `POST …/{reference}/${name}`,
      method: 'POST' as const,
      path: (ref: string) => `/api/advisor/cases/${ref}/${name}`,
      body,
    })),
  ]

  it.each(
    refRoutes.flatMap((route) =>
      badReferences.map(([what, bad, status]) => ({ route: route.name, what, request: route, bad, status })),
    ),
  )(
    'answers $status to $what as reference on $route, never a 5xx, and changes nothing',
    async ({ request, bad, status }) => {
      // Arrange
      const before = await snapshot(reference)

      // Act
      const response = await fetch(`${local.url}${request.path(bad)}`, {
        method: request.method,
        headers: { authorization: `Bearer ${state.adv01.token}`, 'content-type': 'application/json' },
        ...(request.method === 'POST' ? { body: JSON.stringify(request.body) } : {}),
      })
      const text = await response.text()

      // Assert
      expect(response.status).toBe(status)
      expect(text).not.toContain('HOSTILE')
      expect(text).not.toContain('AAAAAAAAAA')
      expect(await snapshot(reference)).toEqual(before)
    },
  )

  it.each([
    'delete',
    'export',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'ACKNOWLEDGE',
    'acknowledge%20',
    'acknowledge.json',
    '%61cknowledge%00',
  ])('answers 404 not_found to the unknown action "%s" and changes nothing', async (name) => {
    // Arrange
    const before = await snapshot(reference)

    // Act
    const answer = await send(`/api/advisor/cases/${reference}/${name}`, '{}')

    // Assert
    expectRefusal(answer, { status: 404, code: 'not_found' })
    expect(await snapshot(reference)).toEqual(before)
  })

  const untilValues: Array<[string, unknown | (() => Promise<string>)]> = [
    ['a word', 'HOSTILE-morgen om negen uur'],
    ['a date without a time', '2027-02-09'],
    ['a date-time without an offset', '2027-02-09T09:00:00'],
    ['the 30th of February', '2027-02-30T09:00:00+01:00'],
    ['the 25th hour', '2027-02-09T25:00:00+01:00'],
    ['an offset of 24 hours', '2027-02-09T09:00:00+24:00'],
    ['a date-time with a space for the T', '2027-02-09 09:00:00+01:00'],
    ['epoch seconds', 1_802_000_000],
    ['true', true],
    ['an object', { at: 'HOSTILE-IN-OBJECT' }],
    ['a list', ['2027-02-09T09:00:00+01:00']],
    ['a minute ago', async () => new Date(Date.parse(await local.now()) - 60_000).toISOString()],
    ['1970', '1970-01-01T00:00:00+01:00'],
  ]

  it.each(untilValues)('refuses a pause until %s: 400 on until, changes nothing', async (_what, value) => {
    // Arrange
    const until = typeof value === 'function' ? await (value as () => Promise<string>)() : value
    const before = await snapshot(reference)

    // Act
    const answer = await send(
      `/api/advisor/cases/${reference}/pause`,
      JSON.stringify({ reason: 'Wacht op de school.', until }),
    )

    // Assert
    expectRefusal(answer, {
      status: 400,
      code: 'validation_failed',
      fields: ['until'],
      hostile: ['HOSTILE', ...(typeof until === 'string' ? [until] : [])],
    })
    expect(await snapshot(reference)).toEqual(before)
  })

  it.each([
    ['an outcome in capitals', 'ADVICE-GIVEN'],
    ['an outcome with a space', 'advice given'],
    ['a status for an outcome', 'closed'],
    ['an empty outcome', ''],
    ['a made-up outcome', 'HOSTILE-OUTCOME'],
    ['__proto__', '__proto__'],
    ['toString', 'toString'],
    ['null', null],
    ['a number', 42],
    ['a list of an outcome', ['advice-given']],
    ['no outcome at all', undefined],
  ])('refuses to close with %s: 400 on outcome, the case stays open', async (_what, outcome) => {
    // Arrange
    const before = await snapshot(reference)

    // Act
    const answer = await send(`/api/advisor/cases/${reference}/close`, JSON.stringify({ outcome }))

    // Assert
    expectRefusal(answer, {
      status: 400,
      code: 'validation_failed',
      fields: ['outcome'],
      hostile: ['HOSTILE-OUTCOME', 'ADVICE-GIVEN', 'advice given'],
    })
    expect(await snapshot(reference)).toEqual(before)
  })

  it.each([
    ['an advisor not on the roster', 'adv-99'],
    ['a roster id in capitals', 'ADV-01'],
    ['a roster id with a space', ' adv-02'],
    ['a roster name instead of an id', 'HOSTILE Youssef Bakkali'],
    ['an empty id', ''],
    ['__proto__', '__proto__'],
    ['toString', 'toString'],
    ['null', null],
    ['a number', 2],
    ['a list of an id', ['adv-02']],
    ['no advisor at all', undefined],
  ])('refuses to assign to %s: 400 on advisorId, nothing changes and nobody is told', async (_what, advisorId) => {
    // Arrange
    const before = await snapshot(reference)
    const mailBefore = (await local.mailFor(reference)).length

    // Act
    const answer = await send(`/api/advisor/cases/${reference}/assign`, JSON.stringify({ advisorId }))

    // Assert
    expectRefusal(answer, {
      status: 400,
      code: 'validation_failed',
      fields: ['advisorId'],
      hostile: ['HOSTILE', 'adv-99', 'ADV-01'],
    })
    expect(await snapshot(reference)).toEqual(before)
    expect(await local.mailFor(reference)).toHaveLength(mailBefore)
  })
})

/** A JSON object text with `field` (raw JSON, so `__proto__` stays an own key) before the valid body's fields. */
function withLeadingField(field: string, valid: unknown): string {
  const rest = JSON.stringify(valid).slice(1, -1)
  return `{${field}${rest === '' ? '' : `, ${rest}`}}`
}
