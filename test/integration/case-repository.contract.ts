import { randomBytes, randomUUID } from 'node:crypto'
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTable, openCaseListItem } from '../../functions/adapters/case-table.ts'
import { DynamoCaseRepository, DynamoCaseRetention } from '../../functions/adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../../functions/adapters/dynamo-mail-outbox.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import type { CaseMessage, WebCase } from '../../functions/core/cases/case.ts'
import { newReference } from '../../functions/core/cases/reference.ts'
import type { OutgoingMail } from '../../functions/core/mail/mail.ts'
import type { IdempotencyRecord } from '../../functions/core/ports/stores.ts'
import { DEFAULT_BACKSTOP_DAYS } from '../../functions/core/retention/retention.ts'
import { queryTerms } from '../../functions/core/search/search-terms.ts'
import { type DynamoEngine, ensureCaseTable, LOCAL_AWS } from '../../local/dynamo-engine.ts'

/**
 * What every engine the CaseRepository runs on must do the same way (dynalite, DynamoDB Local, DynamoDB).
 * Each engine's test file calls this with a way to start that engine.
 */

const NOW = new Date('2026-03-02T09:30:00.000Z')
const SEARCH_KEY = new TextEncoder().encode('contract-test-search-key-0123456789abcdef')

/** Text that an engine could mangle: astral characters, combining marks, joiners, bidi, separators, markup. */
const UNICODE_DESCRIPTION = [
  'Zorgen over een leerling 😀👨‍👩‍👧‍👦 𝕏 𠜎 — “aanhalingstekens” ‘enkel’',
  'e\u0301 (e + combining acute) vs é; ß; İstanbul; Ǆ; ﬁ',
  'Arabisch: مرحبا بالعالم; Hebreeuws: שלום; \u202Eomgekeerd\u202C; \u200F',
  'zero width:\u200B\u200C\u200D; BOM:\uFEFF; line sep:\u2028; para sep:\u2029; nbsp:\u00A0',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection text, on purpose
  "<script>alert('x')</script> '; DROP TABLE cases; -- ${7*7} {{7*7}} %s %n \\ \\\\ \"",
  '\ttab and\r\nCRLF and\nLF  trailing spaces   ',
].join('\n')

function uniqueReference(): string {
  return newReference((length) => new Uint8Array(randomBytes(length)))
}

function storedCase(overrides: Partial<WebCase> = {}): WebCase {
  return {
    reference: uniqueReference(),
    requesterType: 'professional',
    sector: 'education',
    organisation: 'Stichting Ønderwijs & Zorg — “Rijnmond” 🌉',
    topic: 'case',
    anonymous: false,
    name: 'Zoë Ñúñez-O’Brien 王秀英 محمد',
    email: "o'brien+mar@school.example.nl",
    phone: '+31 (0)10-123.4567',
    description: UNICODE_DESCRIPTION,
    signals: ['isolation', 'extreme-ideas', 'other'],
    ideology: 'polarisation',
    immediateDanger: true,
    language: 'en',
    channel: 'web',
    status: 'received',
    urgency: 'urgent',
    createdAt: NOW.toISOString(),
    consentedAt: NOW.toISOString(),
    retainUntil: '2028-03-01T09:30:00.000Z',
    version: 1,
    idempotencyKeyHash: 'a'.repeat(64),
    ...overrides,
  }
}

function claim(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    keyHash: `${randomUUID()}${randomUUID()}`.replaceAll('-', ''),
    reference: uniqueReference(),
    fingerprint: 'f'.repeat(64),
    expiresAt: '2026-03-03T09:30:00.000Z',
    ...overrides,
  }
}

/** Attribute names that would hold a client address (`ip`, `sourceIp`, `client_ip`, `ipAddress`, `x-forwarded-for` …). */
function looksLikeIpAttribute(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return (
    words.includes('ip') ||
    words.includes('ipv4') ||
    words.includes('ipv6') ||
    /forwarded|remoteaddr|ipaddr/i.test(name)
  )
}

export function describeCaseRepositoryContract(engineName: string, startEngine: () => Promise<DynamoEngine>): void {
  describe(`Contract: CaseRepository on ${engineName}`, () => {
    let engine: DynamoEngine
    let client: ReturnType<typeof createDocumentClient>
    let repository: DynamoCaseRepository
    let tableName: string

    beforeAll(async () => {
      engine = await startEngine()
      tableName = `cases-contract-${randomUUID()}`
      await ensureCaseTable(engine.endpoint, tableName)
      client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
      repository = new DynamoCaseRepository(client, tableName, DEFAULT_BACKSTOP_DAYS, async () => SEARCH_KEY)
    })

    afterAll(async () => {
      client?.destroy()
      await engine?.stop()
    })

    async function rawItem(pk: string, sk: string) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }),
      )
      return Item
    }

    describe('cases', () => {
      it('returns exactly the case it stored, every field and every character intact', async () => {
        // Arrange
        const newCase = storedCase()

        // Act
        const outcome = await repository.createCase(newCase)
        const read = await repository.getCase(newCase.reference)

        // Assert
        expect(outcome).toBe('created')
        expect(read).toStrictEqual(newCase)
        expect(read?.channel === 'web' && read.description === UNICODE_DESCRIPTION).toBe(true)
      })

      it('returns a case without its optional fields exactly as stored, adding none', async () => {
        // Arrange
        const minimal = storedCase()
        for (const field of ['sector', 'organisation', 'name', 'email', 'phone', 'signals', 'ideology'] as const) {
          delete minimal[field]
        }
        delete minimal.immediateDanger
        delete minimal.idempotencyKeyHash
        const newCase: WebCase = { ...minimal, requesterType: 'private', anonymous: true, urgency: 'normal' }

        // Act
        await repository.createCase(newCase)
        const read = await repository.getCase(newCase.reference)

        // Assert
        expect(read).toStrictEqual(newCase)
      })

      it("answers 'exists' for a second case with the same reference and leaves the first untouched", async () => {
        // Arrange
        const first = storedCase()
        await repository.createCase(first)
        const second = storedCase({
          reference: first.reference,
          description: 'Een andere melding, die niet mag winnen.',
        })

        // Act
        const outcome = await repository.createCase(second)

        // Assert
        expect(outcome).toBe('exists')
        expect(await repository.getCase(first.reference)).toStrictEqual(first)
      })

      it('returns undefined for a reference it never stored', async () => {
        // Act
        const read = await repository.getCase('MAR-ZZZZ-ZZZZ')

        // Assert
        expect(read).toBeUndefined()
      })

      it('stores the TTL attribute as the epoch second of retainUntil', async () => {
        // Arrange
        const newCase = storedCase({ retainUntil: '2028-03-01T09:30:59.999Z' })

        // Act
        await repository.createCase(newCase)
        const item = await rawItem(`CASE#${newCase.reference}`, 'CASE')

        // Assert
        const ttl = item?.[caseTable.timeToLiveAttribute]
        expect(typeof ttl).toBe('number')
        expect(Number.isInteger(ttl)).toBe(true)
        expect(ttl).toBe(Math.floor(Date.parse('2028-03-01T09:30:59.999Z') / 1000))
      })

      it('stores no attribute named like an IP address', async () => {
        // Arrange
        const newCase = storedCase()

        // Act
        await repository.createCase(newCase)
        const item = await rawItem(`CASE#${newCase.reference}`, 'CASE')

        // Assert
        expect(item).toBeDefined()
        expect(Object.keys(item ?? {}).filter(looksLikeIpAttribute)).toEqual([])
      })
    })

    describe('idempotency keys', () => {
      it('lets the first claim on a key win', async () => {
        // Arrange
        const record = claim()

        // Act
        const inForce = await repository.claimIdempotencyKey(record, NOW)

        // Assert
        expect(inForce).toStrictEqual(record)
      })

      it('answers a second claim with another reference with the first record', async () => {
        // Arrange
        const first = claim()
        await repository.claimIdempotencyKey(first, NOW)
        const second = claim({ keyHash: first.keyHash, fingerprint: 'e'.repeat(64) })

        // Act
        const inForce = await repository.claimIdempotencyKey(second, NOW)

        // Assert
        expect(inForce).toStrictEqual(first)
      })

      it('keeps a claim in force up to and including the second it expires', async () => {
        // Arrange
        const first = claim({ expiresAt: '2026-03-03T09:30:00.000Z' })
        await repository.claimIdempotencyKey(first, NOW)
        const second = claim({ keyHash: first.keyHash })

        // Act
        const inForce = await repository.claimIdempotencyKey(second, new Date('2026-03-03T09:30:00.000Z'))

        // Assert
        expect(inForce.reference).toBe(first.reference)
      })

      it('lets a new claim take over a claim that expired before now', async () => {
        // Arrange
        const expired = claim({ expiresAt: '2026-03-02T09:29:59.000Z' })
        await repository.claimIdempotencyKey(expired, new Date('2026-03-01T09:30:00.000Z'))
        const fresh = claim({ keyHash: expired.keyHash })

        // Act
        const inForce = await repository.claimIdempotencyKey(fresh, NOW)

        // Assert
        expect(inForce).toStrictEqual(fresh)
        expect(await repository.claimIdempotencyKey(claim({ keyHash: expired.keyHash }), NOW)).toStrictEqual(fresh)
      })

      it('keeps a claim when it is released in the name of another reference', async () => {
        // Arrange
        const first = claim()
        await repository.claimIdempotencyKey(first, NOW)

        // Act
        await repository.releaseIdempotencyKey(first.keyHash, 'MAR-0000-0000')

        // Assert
        const inForce = await repository.claimIdempotencyKey(claim({ keyHash: first.keyHash }), NOW)
        expect(inForce).toStrictEqual(first)
      })

      it('frees a claim when it is released in the name of its own reference', async () => {
        // Arrange
        const first = claim()
        await repository.claimIdempotencyKey(first, NOW)
        const next = claim({ keyHash: first.keyHash })

        // Act
        await repository.releaseIdempotencyKey(first.keyHash, first.reference)

        // Assert
        expect(await repository.claimIdempotencyKey(next, NOW)).toStrictEqual(next)
      })

      it('releases a key nobody claimed without failing', async () => {
        // Act
        const released = repository.releaseIdempotencyKey('0'.repeat(64), 'MAR-0000-0000')

        // Assert
        await expect(released).resolves.toBeUndefined()
      })

      it('gives ten concurrent claims on one key the same reference, one of their own', async () => {
        // Arrange
        const keyHash = claim().keyHash
        const contenders = Array.from({ length: 10 }, () => claim({ keyHash }))

        // Act
        const results = await Promise.all(contenders.map((record) => repository.claimIdempotencyKey(record, NOW)))

        // Assert
        const references = new Set(results.map((result) => result.reference))
        expect(references.size).toBe(1)
        expect(contenders.map((record) => record.reference)).toContain(results[0]?.reference)
      })

      it('stores the claim with its expiry as TTL epoch seconds and no attribute named like an IP address', async () => {
        // Arrange
        const record = claim({ expiresAt: '2026-03-03T09:30:00.250Z' })

        // Act
        await repository.claimIdempotencyKey(record, NOW)
        const item = await rawItem(`IDEMPOTENCY#${record.keyHash}`, 'IDEMPOTENCY')

        // Assert
        expect(item?.[caseTable.timeToLiveAttribute]).toBe(Math.floor(Date.parse(record.expiresAt) / 1000))
        expect(Object.keys(item ?? {}).filter(looksLikeIpAttribute)).toEqual([])
      })
    })

    describe('messages and the case file', () => {
      function message(overrides: Partial<CaseMessage> = {}): CaseMessage {
        return {
          id: '2026-03-02T10:00:00.000Z-00000001',
          kind: 'note',
          author: 'advisor',
          advisorId: 'adv-01',
          text: UNICODE_DESCRIPTION,
          at: '2026-03-02T10:00:00.000Z',
          ...overrides,
        }
      }

      it('keeps a message exactly, every character intact, and returns the messages oldest first', async () => {
        // Arrange
        const newCase = storedCase()
        await repository.createCase(newCase)
        const later = message({
          id: '2026-03-02T11:00:00.000Z-0000000b',
          at: '2026-03-02T11:00:00.000Z',
          text: 'later',
        })
        const reply = message({
          id: '2026-03-02T10:30:00.000Z-0000000a',
          kind: 'reply',
          at: '2026-03-02T10:30:00.000Z',
          mailId: 'reply:2026-03-02T10:30:00.000Z-0000000a',
          text: 'Antwoord 😀\n\tmet tab',
        })
        const first = message()

        // Act
        await repository.addMessage(newCase.reference, later, newCase.retainUntil)
        await repository.addMessage(newCase.reference, first, newCase.retainUntil)
        await repository.addMessage(newCase.reference, reply, newCase.retainUntil)
        const file = await repository.getCaseFile(newCase.reference)

        // Assert
        expect(file?.messages).toStrictEqual([first, reply, later])
        expect(file?.messages[0]?.text === UNICODE_DESCRIPTION).toBe(true)
      })

      it('keeps the first message when a message id is stored again', async () => {
        // Arrange
        const newCase = storedCase()
        await repository.createCase(newCase)
        const first = message({ text: 'eerste' })
        await repository.addMessage(newCase.reference, first, newCase.retainUntil)

        // Act
        await repository.addMessage(newCase.reference, message({ text: 'tweede' }), newCase.retainUntil)

        // Assert
        expect((await repository.getCaseFile(newCase.reference))?.messages).toStrictEqual([first])
      })

      it('stores a message with its case’s expiry as TTL, or the backstop after it was written when that is later', async () => {
        // Arrange
        const newCase = storedCase({ retainUntil: '2028-03-01T09:30:59.999Z' })
        await repository.createCase(newCase)
        const note = message()

        // Act
        await repository.addMessage(newCase.reference, note, newCase.retainUntil)
        const item = await rawItem(`CASE#${newCase.reference}`, `MSG#${note.id}`)

        // Assert
        // Written 2026-03-02: the backstop (DEFAULT_BACKSTOP_DAYS, 1102 days) ends after the case's own retention.
        expect(item?.[caseTable.timeToLiveAttribute]).toBe(Date.parse(note.at) / 1000 + DEFAULT_BACKSTOP_DAYS * 86_400)
      })

      it('reads the case file whole: the case as stored, its events oldest first, messages, and mail states without content', async () => {
        // Arrange
        const newCase = storedCase()
        await repository.createCase(newCase)
        await repository.recordEvent(newCase.reference, {
          id: 'read:adv-01:b',
          at: '2026-03-02T10:00:00.000Z',
          type: 'read',
          advisorId: 'adv-01',
        })
        await repository.recordEvent(newCase.reference, { id: 'received', at: NOW.toISOString(), type: 'received' })
        await repository.recordEvent(newCase.reference, {
          id: 'read:adv-01:a',
          at: '2026-03-02T10:00:00.000Z',
          type: 'read',
          advisorId: 'adv-01',
        })
        const note = message()
        await repository.addMessage(newCase.reference, note, newCase.retainUntil)
        const outbox = new DynamoMailOutbox(client, tableName)
        const mail = (id: string, kind: OutgoingMail['kind']): OutgoingMail => ({
          id,
          kind,
          to: ['melder@example.org'],
          subject: `[${newCase.reference}] onderwerp`,
          text: 'Sentinel mailtekst Qx7',
          html: '<p>Sentinel mailtekst Qx7</p>',
        })
        await outbox.enqueue(newCase.reference, mail('requester-acknowledgement', 'requester-acknowledgement'), NOW)
        await outbox.enqueue(newCase.reference, mail('reply:x', 'reply'), NOW)
        await outbox.enqueue(newCase.reference, mail('reply:y', 'reply'), NOW)
        await outbox.markSent(newCase.reference, 'requester-acknowledgement', {
          messageId: '0102018f-ack',
          sentAt: new Date('2026-03-02T09:31:00.000Z'),
        })
        await outbox.markFailed(newCase.reference, 'reply:y', { reason: 'MessageRejected', failedAt: NOW })

        // Act
        const file = await repository.getCaseFile(newCase.reference)

        // Assert
        expect(file?.case).toStrictEqual(newCase)
        expect(file?.events.map((event) => event.id)).toEqual(['received', 'read:adv-01:a', 'read:adv-01:b'])
        expect(file?.events[0]).toStrictEqual({ id: 'received', at: NOW.toISOString(), type: 'received' })
        expect(file?.messages).toStrictEqual([note])
        expect([...(file?.mail ?? [])].sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual([
          { id: 'reply:x', kind: 'reply', status: 'pending' },
          { id: 'reply:y', kind: 'reply', status: 'failed' },
          {
            id: 'requester-acknowledgement',
            kind: 'requester-acknowledgement',
            status: 'sent',
            messageId: '0102018f-ack',
            sentAt: '2026-03-02T09:31:00.000Z',
          },
        ])
        expect(JSON.stringify(file?.mail)).not.toContain('Sentinel')
        expect(JSON.stringify(file?.mail)).not.toContain('melder@example.org')
      })

      it('finds a pending mail queued behind more than one page (1 MB) of sent mail', async () => {
        // Arrange: twelve sent mails of 100 kB each fill the Query's first page before the pending one
        const newCase = storedCase()
        await repository.createCase(newCase)
        const outbox = new DynamoMailOutbox(client, tableName)
        const bulky = (id: string): OutgoingMail => ({
          id,
          kind: 'reply',
          to: ['melder@example.org'],
          subject: 'onderwerp',
          text: 'x'.repeat(100_000),
          html: '<p>x</p>',
        })
        for (let index = 0; index < 12; index++) {
          const id = `reply:a${String(index).padStart(2, '0')}`
          await outbox.enqueue(newCase.reference, bulky(id), NOW)
          await outbox.markSent(newCase.reference, id, { messageId: `m-${index}`, sentAt: NOW })
        }
        await outbox.enqueue(newCase.reference, bulky('reply:z-pending'), NOW)

        // Act
        const pending = await outbox.pending(newCase.reference)

        // Assert
        expect(pending.map((entry) => entry.id)).toEqual(['reply:z-pending'])
      })

      it('reads nothing of another case into a case file', async () => {
        // Arrange
        const one = storedCase()
        const other = storedCase()
        await repository.createCase(one)
        await repository.createCase(other)
        await repository.addMessage(other.reference, message(), other.retainUntil)
        await repository.recordEvent(other.reference, { id: 'received', at: NOW.toISOString(), type: 'received' })

        // Act
        const file = await repository.getCaseFile(one.reference)

        // Assert
        expect(file).toStrictEqual({ case: one, events: [], messages: [], mail: [] })
      })

      it('reads no case file for a reference it never stored, even when items were stored under it', async () => {
        // Arrange: a message written for a case that is not there (deleted by TTL before its messages)
        const reference = uniqueReference()
        await repository.addMessage(reference, message(), '2028-03-01T09:30:00.000Z')

        // Act
        const file = await repository.getCaseFile(reference)

        // Assert
        expect(file).toBeUndefined()
      })
    })

    describe('open cases (gsi3)', () => {
      async function openOf(references: string[]) {
        return (await repository.listOpenCases()).filter((open) => references.includes(open.reference))
      }

      it('lists every case not closed, oldest first, with the attributes the index projects (the list’s)', async () => {
        // Arrange
        const newest = storedCase({ createdAt: '2026-03-02T09:32:00.000Z' })
        const oldest = storedCase({ createdAt: '2026-03-02T09:30:00.000Z', status: 'answered' })
        const middle = storedCase({ createdAt: '2026-03-02T09:31:00.000Z', status: 'unassigned' })
        for (const one of [newest, oldest, middle]) await repository.createCase(one)

        // Act
        const open = await openOf([newest, oldest, middle].map((one) => one.reference))

        // Assert
        expect(open).toStrictEqual([oldest, middle, newest].map(openCaseListItem))
        expect(open[0]).not.toHaveProperty('description')
      })

      it('moves a closed case to the purge’s index partition (CLOSED, by closing time), out of the list', async () => {
        // Arrange
        const newCase = storedCase({ status: 'acknowledged', assignee: 'adv-01' })
        await repository.createCase(newCase)
        const before = await rawItem(`CASE#${newCase.reference}`, 'CASE')

        // Act
        const closed = await repository.updateCase(newCase, {
          status: 'closed',
          closedAt: NOW.toISOString(),
          outcome: 'advice-given',
          pause: undefined,
        })
        const after = await rawItem(`CASE#${newCase.reference}`, 'CASE')

        // Assert
        expect(before?.gsi3pk).toBe('OPEN')
        expect(before?.gsi3sk).toBe(`${newCase.createdAt}#${newCase.reference}`)
        expect(after?.gsi3pk).toBe('CLOSED')
        expect(after?.gsi3sk).toBe(`${NOW.toISOString()}#${newCase.reference}`)
        expect(after).not.toHaveProperty('gsi2pk')
        // Closing moves the TTL backstop past every purge date.
        expect(after?.[caseTable.timeToLiveAttribute]).toBe(
          Math.floor(NOW.getTime() / 1000) + DEFAULT_BACKSTOP_DAYS * 86_400,
        )
        expect(await openOf([newCase.reference])).toEqual([])
        expect(await repository.getCase(newCase.reference)).toEqual(closed)
        expect(closed).toMatchObject({ status: 'closed', version: 2 })
      })

      it('stores a change that clears a field (a pause that ends) without the field', async () => {
        // Arrange
        const paused = storedCase({ pause: { since: NOW.toISOString(), reason: 'Wachten', by: 'adv-01' } })
        await repository.createCase(paused)

        // Act
        await repository.updateCase(paused, { pause: undefined, pausedBusinessMinutes: 90, workflowRun: 2 })
        const read = await repository.getCase(paused.reference)

        // Assert
        expect(read).not.toHaveProperty('pause')
        expect(read).toMatchObject({ pausedBusinessMinutes: 90, workflowRun: 2, version: 2 })
        expect((await openOf([paused.reference])).map((open) => open.pause)).toEqual([undefined])
      })
    })

    describe('the search index (gsi4) and closed cases (gsi3)', () => {
      /** A word no other test's case has, so the shared table's other cases do not answer. */
      const word = () => `zoek${randomUUID().replaceAll('-', '').slice(0, 12)}`
      const found = async (query: string, limit = 200) =>
        (await repository.findCasesByTerms(queryTerms(query), limit)).map((one) => one.reference)
      async function partition(reference: string) {
        const { Items } = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
            ConsistentRead: true,
          }),
        )
        return Items ?? []
      }

      it('finds a case by its reference, a word of the name, the e-mail address, the phone number and the description', async () => {
        // Arrange
        const [surname, topicWord] = [word(), word()]
        const newCase = storedCase({
          name: `Zoë ${surname.toUpperCase()}`,
          email: `${surname}@school.example.nl`,
          phone: '+31 (0)10-765.43 21',
          description: `Zorgen over een leerling die ${topicWord} deelt.`,
        })
        await repository.createCase(newCase)

        // Act
        const answers = await Promise.all(
          [
            newCase.reference.toLowerCase(),
            surname,
            `${surname.toUpperCase()}@School.Example.NL`,
            '010 7654321',
            `${topicWord} leerling`,
          ].map((query) => found(query)),
        )

        // Assert
        for (const answer of answers) expect(answer).toEqual([newCase.reference])
        expect((await repository.findCasesByTerms(queryTerms(surname), 10))[0]).toStrictEqual(openCaseListItem(newCase))
      })

      it('finds a case by the words of a message added later, and only cases with every term', async () => {
        // Arrange
        const [shared, later] = [word(), word()]
        const one = storedCase({ description: `Over ${shared}.` })
        const other = storedCase({ description: `Ook over ${shared}.` })
        for (const newCase of [one, other]) await repository.createCase(newCase)

        // Act
        await repository.addMessage(
          other.reference,
          {
            id: '2026-03-02T10:00:00.000Z-n1',
            kind: 'note',
            author: 'advisor',
            advisorId: 'adv-01',
            text: `Gebeld: ${later}.`,
            at: NOW.toISOString(),
          },
          other.retainUntil,
        )

        // Assert
        expect((await found(shared)).sort()).toEqual([one.reference, other.reference].sort())
        expect(await found(`${shared} ${later}`)).toEqual([other.reference])
        expect(await found(`${later} ${word()}`)).toEqual([])
      })

      it('answers the newest cases first, at most the limit', async () => {
        // Arrange
        const shared = word()
        const cases = ['2026-03-02T09:30:00.000Z', '2026-03-02T09:32:00.000Z', '2026-03-02T09:31:00.000Z'].map(
          (createdAt) => storedCase({ createdAt, description: `Over ${shared}.` }),
        )
        for (const newCase of cases) await repository.createCase(newCase)

        // Act
        const answer = await found(shared, 2)

        // Assert
        expect(answer).toEqual([cases[1]?.reference, cases[2]?.reference])
      })

      it('finds open and closed cases alike, and lists the closed ones (status=closed), last closed first', async () => {
        // Arrange
        const shared = word()
        const open = storedCase({ description: `Over ${shared}.` })
        const closedEarlier = storedCase({ description: `Over ${shared}.` })
        const closedLater = storedCase({ description: `Over ${shared}.` })
        for (const newCase of [open, closedEarlier, closedLater]) await repository.createCase(newCase)
        await repository.updateCase(closedEarlier, { status: 'closed', closedAt: '2026-03-03T10:00:00.000Z' })
        await repository.updateCase(closedLater, { status: 'closed', closedAt: '2026-03-04T10:00:00.000Z' })

        // Act
        const foundNow = await found(shared)
        const closed = (await repository.listClosedCases()).filter((one) =>
          [open, closedEarlier, closedLater].some((ours) => ours.reference === one.reference),
        )

        // Assert
        expect(foundNow.sort()).toEqual([open, closedEarlier, closedLater].map((one) => one.reference).sort())
        expect(closed.map((one) => [one.reference, one.status])).toEqual([
          [closedLater.reference, 'closed'],
          [closedEarlier.reference, 'closed'],
        ])
        expect(closed[0]).not.toHaveProperty('description')
      })

      it('holds keyed hashes, never a term, each expiring with its case', async () => {
        // Arrange
        const surname = word()
        const newCase = storedCase({ name: `Zoë ${surname}`, email: `${surname}@example.nl` })
        await repository.createCase(newCase)

        // Act
        const terms = (await partition(newCase.reference)).filter((item) => String(item.sk).startsWith('TERM#'))

        // Assert
        expect(terms.length).toBeGreaterThan(5)
        expect(JSON.stringify(terms)).not.toContain(surname)
        expect(JSON.stringify(terms)).not.toMatch(/zoe|leerling|example/i)
        for (const item of terms) {
          expect(item.sk).toMatch(/^TERM#[0-9a-f]{32}$/)
          expect(item.gsi4pk).toBe(item.sk)
          expect(item.gsi4sk).toBe(`${newCase.createdAt}#${newCase.reference}`)
          expect(item[caseTable.timeToLiveAttribute]).toBe(
            Math.max(Date.parse(newCase.retainUntil) / 1000, NOW.getTime() / 1000 + DEFAULT_BACKSTOP_DAYS * 86_400),
          )
        }
      })

      it('finds nothing of a case once it is deleted (erasure and purge), and keeps no index item of it', async () => {
        // Arrange
        const surname = word()
        const newCase = storedCase({ name: `Zoë ${surname}` })
        await repository.createCase(newCase)
        await repository.addMessage(
          newCase.reference,
          {
            id: '2026-03-02T10:00:00.000Z-r1',
            kind: 'reply',
            author: 'advisor',
            advisorId: 'adv-01',
            text: `Dag ${surname}`,
            at: NOW.toISOString(),
          },
          newCase.retainUntil,
        )
        expect(await found(surname)).toEqual([newCase.reference])

        // Act
        await new DynamoCaseRetention(client, tableName).deleteCase(newCase.reference, { followUpAttemptsKey: 'x' })

        // Assert
        expect(await found(surname)).toEqual([])
        expect(await partition(newCase.reference)).toEqual([])
      })

      it('refuses to write text without the search key (a function that files none is built without it)', async () => {
        // Arrange
        const keyless = new DynamoCaseRepository(client, tableName, DEFAULT_BACKSTOP_DAYS)

        // Act
        const written = keyless.createCase(storedCase())

        // Assert
        await expect(written).rejects.toThrow('without the search key')
      })
    })
  })
}
