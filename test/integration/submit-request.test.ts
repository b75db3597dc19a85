import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_PATTERN } from '../../functions/core/cases/reference.ts'
import {
  anonymousRequest,
  FIXED_NOW,
  type Intake,
  parseBody,
  postForm,
  postJson,
  professionalRequest,
  RESPOND_BY,
  RETENTION_DAYS,
  SENTINEL_SOURCE_IP,
  startIntake,
} from './intake-harness.ts'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const RETAIN_UNTIL = new Date(FIXED_NOW.getTime() + RETENTION_DAYS * 86_400_000).toISOString()
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** Random bytes that hand out the given draws first, then real randomness: to force a reference collision. */
function scriptedRandomBytes(...draws: number[][]) {
  const queue = draws.map((draw) => Uint8Array.from(draw))
  return (length: number) => queue.shift() ?? new Uint8Array(randomBytes(length))
}

describe('Use case: submit web request (handler against dynalite)', () => {
  let intake: Intake

  beforeAll(async () => {
    intake = await startIntake()
  })

  afterAll(async () => {
    await intake?.stop()
  })

  it('answers 201 and stores the case exactly as sent, with what MAR adds from the clock', async () => {
    // Arrange
    const request = {
      ...professionalRequest(),
      organisation: '  Stichting <b>Jeugd</b> & "Zorg"  ',
      description: '  Leerling zegt: <script>alert(1)</script> & \'wij\' tegen "zij"; 100% zeker?\n\tEinde.  ',
    }

    // Act
    const response = await intake.invoke(postJson(request))

    // Assert
    expect(response.statusCode).toBe(201)
    const body = parseBody(response)
    expect(body).toStrictEqual({
      reference: expect.stringMatching(REFERENCE_PATTERN),
      status: 'received',
      respondBy: RESPOND_BY.case,
    })
    const { consent: _consent, ...submission } = request
    expect(await intake.getCase(String(body.reference))).toStrictEqual({
      ...submission,
      anonymous: false,
      reference: body.reference,
      channel: 'web',
      status: 'received',
      urgency: 'normal',
      createdAt: FIXED_NOW.toISOString(),
      consentedAt: FIXED_NOW.toISOString(),
      retainUntil: RETAIN_UNTIL,
      version: 1,
    })
  })

  it('keeps the client IP address that API Gateway reports out of everything it stores', async () => {
    // Arrange
    const event = postJson(professionalRequest(), { 'idempotency-key': 'ip-check-1' })
    expect(event.requestContext.http.sourceIp).toBe(SENTINEL_SOURCE_IP)
    // The case and its idempotency claim, besides the case's search index items (TERM#…: keyed hashes only).
    const notTerm = (item: Record<string, unknown>) => !String(item.sk).startsWith('TERM#')
    const before = (await intake.scanItems()).filter(notTerm).length

    // Act
    const response = await intake.invoke(event)

    // Assert
    expect(response.statusCode).toBe(201)
    const items = await intake.scanItems()
    expect(items.filter(notTerm).length).toBe(before + 2)
    for (const item of items) expect(JSON.stringify(item)).not.toContain(SENTINEL_SOURCE_IP)
    const stored = await intake.rawCase(String(parseBody(response).reference))
    expect(stored).toBeDefined()
    expect(Object.keys(stored ?? {}).filter((name) => /(^ip|sourceip|clientip|forwarded)/i.test(name))).toEqual([])
  })

  it('marks a request that reports immediate danger as urgent and tells the requester to call 112', async () => {
    // Arrange
    const request = { ...anonymousRequest(), immediateDanger: true }

    // Act
    const response = await intake.invoke(postJson(request))

    // Assert
    expect(response.statusCode).toBe(201)
    const body = parseBody(response)
    expect(body.guidance).toEqual(expect.stringContaining('112'))
    expect((await intake.getCase(String(body.reference)))?.urgency).toBe('urgent')
  })

  it('gives the 112 guidance in English to a request in English', async () => {
    // Act
    const response = await intake.invoke(postJson({ ...anonymousRequest(), immediateDanger: true, language: 'en' }))

    // Assert
    expect(parseBody(response).guidance).toMatch(/^Is there immediate danger.*\b112\b/)
  })

  it('stores a request without immediate danger as normal and gives no guidance', async () => {
    // Act
    const response = await intake.invoke(postJson(anonymousRequest()))

    // Assert
    const body = parseBody(response)
    expect(body).not.toHaveProperty('guidance')
    expect((await intake.getCase(String(body.reference)))?.urgency).toBe('normal')
  })

  it('answers a filled-in honeypot with a normal-looking 201 and stores nothing', async () => {
    // Arrange
    const before = await intake.scanItems()

    // Act
    const response = await intake.invoke(postJson({ ...professionalRequest(), website: 'https://spam.example/' }))

    // Assert
    expect(response.statusCode).toBe(201)
    const body = parseBody(response)
    expect(body).toStrictEqual({
      reference: expect.stringMatching(REFERENCE_PATTERN),
      status: 'received',
      respondBy: RESPOND_BY.case,
    })
    expect(await intake.scanItems()).toStrictEqual(before)
    expect(await intake.getCase(String(body.reference))).toBeUndefined()
  })

  it('gives five concurrent submissions with one Idempotency-Key one reference and stores one case', async () => {
    // Arrange
    const key = 'concurrent-5-2026-03-02'
    const casesBefore = (await intake.caseItems()).length

    // Act
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => intake.invoke(postJson(professionalRequest(), { 'idempotency-key': key }))),
    )

    // Assert
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201])
    const references = new Set(responses.map((response) => parseBody(response).reference))
    expect(references.size).toBe(1)
    const cases = await intake.caseItems()
    expect(cases.length).toBe(casesBefore + 1)
    const [reference] = references
    const stored = await intake.rawCase(String(reference))
    expect(stored?.idempotencyKeyHash).toBe(sha256(key))
    expect(JSON.stringify(stored)).not.toContain(key)
  })

  it('answers a repeat with the same Idempotency-Key with the same reference', async () => {
    // Arrange
    const headers = { 'idempotency-key': 'repeat-later-1' }
    const first = await intake.invoke(postJson(anonymousRequest(), headers))
    const casesBefore = (await intake.caseItems()).length

    // Act
    const repeat = await intake.invoke(postJson(anonymousRequest(), headers))

    // Assert
    expect(repeat.statusCode).toBe(201)
    expect(parseBody(repeat).reference).toBe(parseBody(first).reference)
    expect((await intake.caseItems()).length).toBe(casesBefore)
  })

  it('refuses with 422 an Idempotency-Key used before for a different request, storing nothing', async () => {
    // Arrange
    const headers = { 'idempotency-key': 'reused-for-another-body' }
    const first = await intake.invoke(postJson(anonymousRequest(), headers))
    const before = await intake.countItems()

    // Act
    const response = await intake.invoke(
      postJson(
        { ...anonymousRequest(), description: 'Een heel andere vraag over een buurjongen en zijn vrienden.' },
        headers,
      ),
    )

    // Assert
    expect(first.statusCode).toBe(201)
    expect(response.statusCode).toBe(422)
    expect(parseBody(response)).toStrictEqual({
      error: { code: 'idempotency_key_reused', message: expect.any(String) },
    })
    expect(await intake.countItems()).toBe(before)
  })

  it('stores a plain browser form post exactly: ticked checkboxes, repeated signals, CRLF line breaks', async () => {
    // Arrange
    const description = 'Regel één: zorgen over een leerling.\r\nRegel twee: 50% + "meer" & <minder>.\r\n\r\nGroet.'
    const event = postForm(
      [
        ['requesterType', 'professional'],
        ['sector', 'care'],
        ['organisation', 'GGD Rotterdam-Rijnmond'],
        ['topic', 'case'],
        ['name', 'Jan de Vries'],
        ['email', 'jan.devries@example.nl'],
        ['phone', '+31 10 123 4567'],
        ['description', description],
        ['signals', 'isolation'],
        ['signals', 'hostility'],
        ['signals', 'extreme-ideas'],
        ['ideology', 'extreme-right'],
        ['immediateDanger', 'on'],
        ['consent', 'on'],
        ['website', ''],
      ],
      { accept: BROWSER_ACCEPT },
    )

    // Act
    const response = await intake.invoke(event)

    // Assert
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    const reference = /MAR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(response.body ?? '')?.[0]
    expect(reference).toMatch(REFERENCE_PATTERN)
    expect(await intake.getCase(String(reference))).toStrictEqual({
      requesterType: 'professional',
      sector: 'care',
      organisation: 'GGD Rotterdam-Rijnmond',
      topic: 'case',
      anonymous: false,
      name: 'Jan de Vries',
      email: 'jan.devries@example.nl',
      phone: '+31 10 123 4567',
      description,
      signals: ['isolation', 'hostility', 'extreme-ideas'],
      ideology: 'extreme-right',
      immediateDanger: true,
      language: 'nl',
      reference,
      channel: 'web',
      status: 'received',
      urgency: 'urgent',
      createdAt: FIXED_NOW.toISOString(),
      consentedAt: FIXED_NOW.toISOString(),
      retainUntil: RETAIN_UNTIL,
      version: 1,
      // A plain form post carries no Idempotency-Key: the form itself is the key (a reload files nothing new).
      idempotencyKeyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('answers a form post that asks for JSON with 201 and the reference', async () => {
    // Act
    const response = await intake.invoke(
      postForm(
        [
          ['requesterType', 'private'],
          ['topic', 'question'],
          ['anonymous', 'on'],
          ['name', ''],
          ['description', 'Mijn buurjongen praat steeds vaker over geweld.'],
          ['consent', 'on'],
        ],
        { accept: 'application/json' },
      ),
    )

    // Assert
    expect(response.statusCode).toBe(201)
    const reference = String(parseBody(response).reference)
    expect(await intake.getCase(reference)).toMatchObject({ channel: 'web', anonymous: true })
    expect(await intake.getCase(reference)).not.toHaveProperty('name')
  })

  it('accepts an anonymous JSON request whose contact fields are empty strings, as the form does', async () => {
    // Arrange: the form drops empty inputs; a JSON client that sends them empty has not filled them in either.
    const request = { ...anonymousRequest(), name: '', email: '', phone: '' }

    // Act
    const response = await intake.invoke(postJson(request))

    // Assert
    expect(parseBody(response)).toStrictEqual({
      reference: expect.stringMatching(REFERENCE_PATTERN),
      status: 'received',
      receipt: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/),
      respondBy: RESPOND_BY.question,
    })
    expect(response.statusCode).toBe(201)
  })
})

describe('Use case: submit web request, when a new reference collides with an existing case', () => {
  const TAKEN = [0, 0, 0, 0, 1]
  const FREE = [0, 0, 0, 0, 2]

  it('draws again and leaves the existing case untouched', async () => {
    // Arrange
    const intake = await startIntake({ randomBytes: scriptedRandomBytes(TAKEN, TAKEN, FREE) })
    try {
      // A named request: an anonymous one draws its receipt and salt from the same scripted source.
      const first = await intake.invoke(postJson(professionalRequest()))
      const existing = await intake.getCase('MAR-0000-0001')

      // Act
      const second = await intake.invoke(postJson(professionalRequest()))

      // Assert
      expect(parseBody(first).reference).toBe('MAR-0000-0001')
      expect(second.statusCode).toBe(201)
      expect(parseBody(second).reference).toBe('MAR-0000-0002')
      expect(await intake.getCase('MAR-0000-0001')).toStrictEqual(existing)
    } finally {
      await intake.stop()
    }
  })

  it('gives the Idempotency-Key back and draws again when the request carries one', async () => {
    // Arrange
    const intake = await startIntake({ randomBytes: scriptedRandomBytes(TAKEN, TAKEN, FREE) })
    try {
      await intake.invoke(postJson(professionalRequest()))
      const headers = { 'idempotency-key': 'collides-once' }

      // Act
      const response = await intake.invoke(postJson(professionalRequest(), headers))
      const repeat = await intake.invoke(postJson(professionalRequest(), headers))

      // Assert
      expect(response.statusCode).toBe(201)
      expect(parseBody(response).reference).toBe('MAR-0000-0002')
      expect(parseBody(repeat).reference).toBe('MAR-0000-0002')
      expect((await intake.caseItems()).length).toBe(2)
    } finally {
      await intake.stop()
    }
  })
})
