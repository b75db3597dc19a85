import { describe, expect, it } from 'vitest'
import { businessCalendarFrom, DEFAULT_WORKFLOW_SETTINGS } from '../../../../functions/adapters/workflow-settings.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import { submitWebRequest } from '../../../../functions/core/cases/submit-web-request.ts'
import { parseWebRequest } from '../../../../functions/core/cases/web-request.ts'
import { IdempotencyKeyReusedError } from '../../../../functions/core/shared/errors.ts'
import { InMemoryCaseRepository } from '../../../fakes/in-memory-case-repository.ts'

const request = parseWebRequest({
  requesterType: 'professional',
  sector: 'welfare',
  topic: 'question',
  phone: '0612345678',
  description: 'Hoe herken ik polarisatie in mijn buurthuis?',
  consent: true,
})

/** Random bytes that give MAR-0000-0000, MAR-0000-0001, … in turn. */
function countingBytes() {
  let next = 0
  return (length: number) => {
    const bytes = new Uint8Array(length)
    bytes[length - 1] = next++
    return bytes
  }
}

function setUp(now = '2026-11-27T15:55:00.000Z') {
  const cases = new InMemoryCaseRepository()
  const deps = {
    cases,
    clock: { now: () => new Date(now) },
    randomBytes: countingBytes(),
    caseRetentionDays: 730,
    calendar: businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS),
    windows: DEFAULT_WORKFLOW_SETTINGS.responseWindows,
  }
  return { cases, deps }
}

describe('Use case: submit web request', () => {
  it('stores the case before it answers, with channel, status, urgency, times and retention', async () => {
    const { cases, deps } = setUp()
    const outcome = await submitWebRequest(request, {}, deps)
    expect(outcome).toEqual({
      kind: 'accepted',
      reference: 'MAR-0000-0000',
      status: 'received',
      urgency: 'normal',
      replayed: false,
      // Friday 16:55: 5 minutes that day, Monday to Thursday 4 × 8.5 hours, then 5 h 55 on Friday (40 business hours).
      respondBy: new Date('2026-12-04T13:25:00.000Z'),
    })
    expect(cases.cases.get('MAR-0000-0000')).toEqual({
      requesterType: 'professional',
      sector: 'welfare',
      topic: 'question',
      anonymous: false,
      phone: '0612345678',
      description: 'Hoe herken ik polarisatie in mijn buurthuis?',
      language: 'nl',
      reference: 'MAR-0000-0000',
      channel: 'web',
      status: 'received',
      urgency: 'normal',
      createdAt: '2026-11-27T15:55:00.000Z',
      consentedAt: '2026-11-27T15:55:00.000Z',
      retainUntil: '2028-11-26T15:55:00.000Z',
      version: 1,
    } satisfies Case)
  })

  it('makes a case urgent when the requester reports immediate danger', async () => {
    const { deps } = setUp()
    const outcome = await submitWebRequest({ ...request, immediateDanger: true }, {}, deps)
    expect(outcome.urgency).toBe('urgent')
  })

  it('draws a new reference when the first one is taken by another case', async () => {
    const { cases, deps } = setUp()
    await submitWebRequest(request, {}, { ...deps, randomBytes: countingBytes() })
    const outcome = await submitWebRequest(request, {}, { ...deps, randomBytes: countingBytes() })
    expect(outcome.reference).toBe('MAR-0000-0001')
    expect(cases.cases.size).toBe(2)
  })

  it('answers a repeat with the same Idempotency-Key with the same reference and stores one case', async () => {
    const { cases, deps } = setUp()
    const first = await submitWebRequest(request, { idempotencyKey: 'form-fill-1' }, deps)
    const repeat = await submitWebRequest(request, { idempotencyKey: 'form-fill-1' }, deps)
    expect(repeat).toMatchObject({ reference: first.reference, replayed: true })
    expect(cases.cases.size).toBe(1)
  })

  it('gives the key back and draws again when a keyed request meets a reference taken by an unkeyed case', async () => {
    const { cases, deps } = setUp()
    await submitWebRequest(request, {}, { ...deps, randomBytes: countingBytes() })
    const outcome = await submitWebRequest(request, { idempotencyKey: 'k' }, { ...deps, randomBytes: countingBytes() })
    expect(outcome.reference).toBe('MAR-0000-0001')
    expect([...cases.claims.values()].map((claim) => claim.reference)).toEqual(['MAR-0000-0001'])
  })

  it('files a plain form post sent twice (a reload) once, and answers the repeat with the same case', async () => {
    const { cases, deps } = setUp()
    const first = await submitWebRequest(request, { keyedByContent: true }, deps)
    const reload = await submitWebRequest(request, { keyedByContent: true }, deps)
    expect(reload).toMatchObject({ reference: first.reference, replayed: true, respondBy: first.respondBy })
    expect(cases.cases.size).toBe(1)
    // The key is the request's own fingerprint, kept as a hash only, like an Idempotency-Key.
    expect([...cases.claims.keys()]).toHaveLength(1)
    expect(JSON.stringify([...cases.claims.entries()])).not.toContain('polarisatie')
  })

  it('files two different plain form posts as two cases', async () => {
    const { cases, deps } = setUp()
    await submitWebRequest(request, { keyedByContent: true }, deps)
    const other = { ...request, description: `${request.description} En nog iets.` }
    const second = await submitWebRequest(other, { keyedByContent: true }, deps)
    expect(second).toMatchObject({ replayed: false, reference: 'MAR-0000-0001' })
    expect(cases.cases.size).toBe(2)
  })

  it('keeps the first receipt code of a repeated anonymous form post: the repeat gets none (same content is not the same person)', async () => {
    const { cases, deps } = setUp()
    const anonymous = { ...request, anonymous: true, phone: undefined }
    const first = await submitWebRequest(anonymous, { keyedByContent: true }, deps)
    const hashBefore = (cases.cases.get(first.reference) as { receiptHash?: string }).receiptHash
    const reload = await submitWebRequest(anonymous, { keyedByContent: true }, deps)
    expect(reload).toMatchObject({ reference: first.reference, replayed: true, receiptKept: true })
    expect(reload.receipt).toBeUndefined()
    expect((cases.cases.get(first.reference) as { receiptHash?: string }).receiptHash).toBe(hashBefore)
    expect(cases.cases.size).toBe(1)
  })

  it('gives a repeated anonymous request with the same Idempotency-Key a new receipt code that replaces the first', async () => {
    const { cases, deps } = setUp()
    const anonymous = { ...request, anonymous: true, phone: undefined }
    const first = await submitWebRequest(anonymous, { idempotencyKey: 'k-anon' }, deps)
    const repeat = await submitWebRequest(anonymous, { idempotencyKey: 'k-anon' }, deps)
    expect(repeat.reference).toBe(first.reference)
    expect(repeat.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    expect(repeat.receipt).not.toBe(first.receipt)
    expect(cases.cases.size).toBe(1)
  })

  it('gives an urgent request the urgent window’s answer date: 8 business hours', async () => {
    const { deps } = setUp('2026-12-01T09:00:00.000Z')
    const outcome = await submitWebRequest({ ...request, immediateDanger: true }, {}, deps)
    // Tuesday 10:00 in Rotterdam: 7 hours that day (until 17:00), then 1 hour from 08:30 on Wednesday.
    expect(outcome.respondBy).toEqual(new Date('2026-12-02T08:30:00.000Z'))
  })

  it('refuses an Idempotency-Key that was used for a different request', async () => {
    const { deps } = setUp()
    await submitWebRequest(request, { idempotencyKey: 'k' }, deps)
    await expect(
      submitWebRequest({ ...request, description: `${request.description} Nog iets.` }, { idempotencyKey: 'k' }, deps),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError)
  })

  it('treats a key older than 24 hours as new', async () => {
    const { cases, deps } = setUp('2026-11-27T10:00:00.000Z')
    await submitWebRequest(request, { idempotencyKey: 'k' }, deps)
    const later = { ...deps, clock: { now: () => new Date('2026-11-28T10:00:01.000Z') } }
    const outcome = await submitWebRequest(request, { idempotencyKey: 'k' }, later)
    expect(outcome).toMatchObject({ replayed: false, reference: 'MAR-0000-0001' })
    expect(cases.cases.size).toBe(2)
  })

  it('stores nothing when the honeypot is filled in, but answers like a normal submission', async () => {
    const { cases, deps } = setUp()
    const outcome = await submitWebRequest({ ...request, website: 'http://spam.example' }, {}, deps)
    expect(outcome).toMatchObject({ kind: 'discarded', status: 'received' })
    expect(outcome.reference).toMatch(/^MAR-/)
    expect(cases.cases.size).toBe(0)
  })

  const anonymousRequest = { ...request, anonymous: true, phone: undefined }

  it('gives an anonymous request a receipt, drawn after the reference, and stores only its salted hash', async () => {
    const { cases, deps } = setUp()
    const outcome = await submitWebRequest(anonymousRequest, {}, deps)
    // countingBytes: the reference takes draw 0, the receipt draw 1 (ten bytes ending in 1), the salt draw 2.
    expect(outcome).toMatchObject({ kind: 'accepted', reference: 'MAR-0000-0000', receipt: '0000-0000-0000-0001' })
    const stored = cases.cases.get('MAR-0000-0000') as Case & { receiptHash: string }
    expect(stored.receiptHash).toMatch(/^scrypt\$16384\$8\$1\$AAAAAAAAAAAAAAAAAAAAAg\$[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(stored)).not.toContain('0000000000000001')
  })

  it('gives a named request no receipt', async () => {
    const { cases, deps } = setUp()
    const outcome = await submitWebRequest(request, {}, deps)
    expect(outcome).not.toHaveProperty('receipt')
    expect(cases.cases.get('MAR-0000-0000')).not.toHaveProperty('receiptHash')
  })

  it('answers a robot that asks anonymously with a receipt too, and stores nothing', async () => {
    const { cases, deps } = setUp()
    const outcome = await submitWebRequest({ ...anonymousRequest, website: 'http://spam.example' }, {}, deps)
    expect(outcome).toMatchObject({
      kind: 'discarded',
      receipt: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/),
    })
    expect(cases.cases.size).toBe(0)
  })
})
