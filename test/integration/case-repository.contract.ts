import { randomBytes, randomUUID } from 'node:crypto'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTable } from '../../functions/adapters/case-table.ts'
import { DynamoCaseRepository } from '../../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import type { Case } from '../../functions/core/case.ts'
import type { IdempotencyRecord } from '../../functions/core/ports.ts'
import { newReference } from '../../functions/core/reference.ts'
import { type DynamoEngine, ensureCaseTable, LOCAL_AWS } from '../../local/dynamo-engine.ts'

/**
 * What every engine the CaseRepository runs on must do the same way (dynalite, DynamoDB Local, DynamoDB).
 * Each engine's test file calls this with a way to start that engine.
 */

const NOW = new Date('2026-03-02T09:30:00.000Z')

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

function storedCase(overrides: Partial<Case> = {}): Case {
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
      repository = new DynamoCaseRepository(client, tableName)
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
        expect(read?.description === UNICODE_DESCRIPTION).toBe(true)
      })

      it('returns a case without its optional fields exactly as stored, adding none', async () => {
        // Arrange
        const minimal = storedCase()
        for (const field of ['sector', 'organisation', 'name', 'email', 'phone', 'signals', 'ideology'] as const) {
          delete minimal[field]
        }
        delete minimal.immediateDanger
        delete minimal.idempotencyKeyHash
        const newCase: Case = { ...minimal, requesterType: 'private', anonymous: true, urgency: 'normal' }

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
  })
}
