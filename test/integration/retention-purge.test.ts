import { randomUUID } from 'node:crypto'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoCaseRepository, DynamoCaseRetention } from '../../functions/adapters/dynamo-case-repository.ts'
import { DynamoFollowUpAttempts } from '../../functions/adapters/dynamo-follow-up-attempts.ts'
import { DynamoMailOutbox } from '../../functions/adapters/dynamo-mail-outbox.ts'
import { DynamoMessageThreads } from '../../functions/adapters/dynamo-mail-threads.ts'
import { DynamoCaseStatistics } from '../../functions/adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import { followUpAttemptsKey } from '../../functions/core/follow-up/follow-up.ts'
import { purgeCase, type RetentionPolicy, runRetention } from '../../functions/core/retention/retention.ts'
import { DAY_MS } from '../../functions/core/shared/clock.ts'
import { mailTemplates } from '../../functions/views/mail/notifications.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../../local/dynamo-engine.ts'
import { FileObjectStore } from '../../local/file-object-store.ts'
import { InMemoryRosterRepository } from '../fakes/in-memory-roster-repository.ts'
import { RecordingMailer } from '../fakes/recording-mailer.ts'
import { testSearchKey } from '../fakes/search-key.ts'
import { storedCase } from '../fakes/stored-case.ts'
import { exampleRoster, SettableClock } from '../fakes/workflow-dependencies.ts'

/**
 * The purge against a real table (dynalite): every item of a case found from the case itself (no scan) and deleted,
 * a crash half-way finished by the next run, due cases by outcome only, the statistics untouched.
 */
const POLICY: RetentionPolicy = {
  closedCaseMonths: 12,
  closedCaseMonthsByOutcome: { 'no-concern': 6 },
  staleOpenCaseDays: 60,
  tombstoneDays: 3653,
}

describe('Retention purge on the table', () => {
  let engine: Awaited<ReturnType<typeof startDynalite>>
  const tableName = `retention-${randomUUID()}`
  let documents: ReturnType<typeof createDocumentClient>
  let failDeletesAfter = Number.POSITIVE_INFINITY
  const clock = new SettableClock('2026-12-07T09:00:00Z')
  const store = new FileObjectStore()

  beforeAll(async () => {
    engine = await startDynalite()
    await ensureCaseTable(engine.endpoint, tableName)
    documents = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    // A crash half-way: the delete calls after the first `failDeletesAfter` fail.
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Delete|BatchWrite)(Item)?Command$/.test(context.commandName ?? '')) {
          if (failDeletesAfter-- <= 0) throw new Error('crash (test)')
        }
        return next(args)
      },
      { step: 'initialize', name: 'testCrash' },
    )
  })
  afterAll(async () => {
    documents.destroy()
    await engine.stop()
  })

  const deps = () => ({
    cases: new DynamoCaseRepository(documents, tableName, undefined, testSearchKey),
    retention: new DynamoCaseRetention(documents, tableName),
    outbox: new DynamoMailOutbox(documents, tableName),
    rosters: new InMemoryRosterRepository(exampleRoster()),
    mailer: new RecordingMailer(),
    store,
    clock,
    templates: mailTemplates,
    publicUrl: 'https://mar.example.nl',
    timeZone: 'Europe/Amsterdam',
    retentionPolicy: POLICY,
  })
  const scan = async () => (await documents.send(new ScanCommand({ TableName: tableName }))).Items ?? []
  const keysNaming = async (reference: string) =>
    (await scan())
      .filter((item) => JSON.stringify(item).includes(reference) || String(item.pk).includes(reference))
      .map((item) => `${item.pk}|${item.sk}`)

  /** A closed case with something of every kind: events, a message, outbox mail, links, files, claims, attempts. */
  async function closedCaseWithEverything(reference: string, outcome: 'advice-given' | 'no-concern') {
    const { cases, outbox } = deps()
    const threads = new DynamoMessageThreads(documents, tableName, 730, () => clock.now())
    const created = storedCase({
      reference,
      createdAt: '2026-12-01T09:00:00Z',
      idempotencyKeyHash: `key-of-${reference}`,
    })
    await cases.createCase(created)
    await cases.claimIdempotencyKey(
      { keyHash: `key-of-${reference}`, reference, fingerprint: 'f', expiresAt: '2026-12-02T09:00:00Z' },
      clock.now(),
    )
    await cases.recordEvent(reference, { id: 'received', at: '2026-12-01T09:00:00Z', type: 'received' })
    await cases.addMessage(
      reference,
      {
        id: '2026-12-02T09:00:00.000Z-a',
        kind: 'reply',
        author: 'advisor',
        text: 'Antwoord',
        at: '2026-12-02T09:00:00Z',
      },
      created.retainUntil,
    )
    await outbox.enqueue(
      reference,
      { id: 'ack', kind: 'requester-acknowledgement', to: ['melder@example.org'], subject: 's', text: 't', html: 'h' },
      clock.now(),
    )
    await threads.link(`sent-${reference}@eu-west-1.amazonses.com`, reference)
    await threads.linkRawMail(`inbound/raw-${reference}`, reference)
    await store.put(`inbound/raw-${reference}`, new Uint8Array([1]), 'application/octet-stream')
    await new DynamoFollowUpAttempts(documents, tableName).count(followUpAttemptsKey(reference), clock.now(), 3_600_000)
    const current = await cases.getCase(reference)
    await cases.updateCase(current as NonNullable<typeof current>, {
      status: 'closed',
      closedAt: '2026-12-03T09:00:00Z',
      closedBy: 'adv-03',
      outcome,
    })
  }

  it('deletes every item and file of the case, what it links to included, and keeps a tombstone', async () => {
    await closedCaseWithEverything('MAR-PURG-0001', 'advice-given')
    await new DynamoCaseStatistics(documents, tableName).addMonth('2026-12')
    expect((await keysNaming('MAR-PURG-0001')).length).toBeGreaterThanOrEqual(6)

    const purged = await purgeCase('MAR-PURG-0001', { removal: 'retention' }, deps())

    // 9 items, and the 7 search index items (TERM#…) of its description and message.
    expect(purged?.items).toBe(16)
    expect(await keysNaming('MAR-PURG-0001')).toEqual(['TOMBSTONE#MAR-PURG-0001|TOMBSTONE'])
    expect((await scan()).filter((item) => String(item.pk).match(/^(MSGID|IDEMPOTENCY|FOLLOWUP)#/))).toEqual([])
    await expect(store.get('inbound/raw-MAR-PURG-0001')).rejects.toMatchObject({ name: 'NoSuchKey' })
    expect((await scan()).map((item) => item.pk)).toContain('STATS')
    expect(await deps().retention.getTombstone('MAR-PURG-0001')).toEqual({
      reference: 'MAR-PURG-0001',
      channel: 'web',
      createdAt: '2026-12-01T09:00:00.000Z',
      closedAt: '2026-12-03T09:00:00Z',
      outcome: 'advice-given',
      removal: 'retention',
      removedAt: clock.now().toISOString(),
      audit: [],
      expiresAt: new Date(clock.now().getTime() + 3653 * DAY_MS).toISOString(),
    })
  })

  it('finishes the job on the next run after a crash half-way, the case item going last', async () => {
    await closedCaseWithEverything('MAR-PURG-0002', 'advice-given')
    failDeletesAfter = 2
    await expect(purgeCase('MAR-PURG-0002', { removal: 'retention' }, deps())).rejects.toThrow('crash (test)')
    expect(await keysNaming('MAR-PURG-0002')).toContain('CASE#MAR-PURG-0002|CASE')
    failDeletesAfter = Number.POSITIVE_INFINITY

    await purgeCase('MAR-PURG-0002', { removal: 'retention' }, deps())

    expect(await keysNaming('MAR-PURG-0002')).toEqual(['TOMBSTONE#MAR-PURG-0002|TOMBSTONE'])
  })

  it('purges from the daily run only the cases whose outcome’s retention ran out', async () => {
    await closedCaseWithEverything('MAR-PURG-0003', 'no-concern')
    await closedCaseWithEverything('MAR-PURG-0004', 'advice-given')
    clock.set('2027-06-04T01:00:00Z')

    expect(await runRetention(deps())).toEqual({ purged: 1, flagged: 0, failed: 0 })
    expect(await keysNaming('MAR-PURG-0003')).toEqual(['TOMBSTONE#MAR-PURG-0003|TOMBSTONE'])
    expect(await keysNaming('MAR-PURG-0004')).toContain('CASE#MAR-PURG-0004|CASE')

    clock.set('2027-12-04T01:00:00Z')
    expect(await runRetention(deps())).toEqual({ purged: 1, flagged: 0, failed: 0 })
    expect(await keysNaming('MAR-PURG-0004')).toEqual(['TOMBSTONE#MAR-PURG-0004|TOMBSTONE'])
  })
})
