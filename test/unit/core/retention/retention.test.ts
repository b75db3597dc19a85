import { describe, expect, it } from 'vitest'
import type { CaseRetentionStore } from '../../../../functions/core/ports/stores.ts'
import {
  addMonths,
  backstopDays,
  purgeDueAt,
  type RetentionPolicy,
  runRetention,
} from '../../../../functions/core/retention/retention.ts'
import { DAY_MS } from '../../../../functions/core/shared/clock.ts'
import { nextRetentionRun } from '../../../../functions/retention/schedule.ts'
import { FileObjectStore } from '../../../../local/file-object-store.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const POLICY: RetentionPolicy = {
  closedCaseMonths: 12,
  closedCaseMonthsByOutcome: { 'no-concern': 6, referred: 24 },
  staleOpenCaseDays: 60,
  tombstoneDays: 3653,
}

describe('Retention: when a closed case is due', () => {
  it('adds calendar months, keeping the day where the month has it', () => {
    expect(addMonths(new Date('2026-12-07T09:30:00Z'), 12).toISOString()).toBe('2027-12-07T09:30:00.000Z')
    expect(addMonths(new Date('2027-01-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T10:00:00.000Z')
    expect(addMonths(new Date('2028-02-29T10:00:00Z'), 12).toISOString()).toBe('2029-02-28T10:00:00.000Z')
    expect(addMonths(new Date('2027-03-31T10:00:00Z'), -1).toISOString()).toBe('2027-02-28T10:00:00.000Z')
  })

  it('keeps a closed case its outcome’s months after closing, others the default; an open case is never due', () => {
    const closed = (outcome: 'advice-given' | 'no-concern' | 'referred') =>
      storedCase({ createdAt: '2026-11-01T09:00:00Z', status: 'closed', closedAt: '2026-12-07T09:00:00Z', outcome })

    expect(purgeDueAt(closed('advice-given'), POLICY)?.toISOString()).toBe('2027-12-07T09:00:00.000Z')
    expect(purgeDueAt(closed('no-concern'), POLICY)?.toISOString()).toBe('2027-06-07T09:00:00.000Z')
    expect(purgeDueAt(closed('referred'), POLICY)?.toISOString()).toBe('2028-12-07T09:00:00.000Z')
    expect(purgeDueAt(storedCase({ createdAt: '2026-11-01T09:00:00Z' }), POLICY)).toBeUndefined()
  })

  it('sets the TTL backstop past the longest retention: caseDays plus its months of 31 days', () => {
    expect(backstopDays(730, POLICY)).toBe(730 + 24 * 31)
    expect(backstopDays(730, { closedCaseMonths: 12, closedCaseMonthsByOutcome: {} })).toBe(1102)
  })

  it('runs daily at 03:00 Amsterdam time, in winter and in summer time', () => {
    const zone = 'Europe/Amsterdam'
    expect(nextRetentionRun(new Date('2026-12-07T01:59:00Z'), zone).toISOString()).toBe('2026-12-07T02:00:00.000Z')
    expect(nextRetentionRun(new Date('2026-12-07T02:00:00Z'), zone).toISOString()).toBe('2026-12-08T02:00:00.000Z')
    expect(nextRetentionRun(new Date('2027-07-01T12:00:00Z'), zone).toISOString()).toBe('2027-07-02T01:00:00.000Z')
  })
})

describe('Retention: open cases nobody touched', () => {
  const unusedStore: CaseRetentionStore = {
    closedBefore: async () => [],
    rawMailKeys: async () => [],
    deleteCase: async () => 0,
    getTombstone: async () => undefined,
    putTombstone: async (tombstone) => tombstone,
    auditTombstone: async () => undefined,
  }

  async function testbed() {
    const bed = workflowDependencies({ now: '2027-03-08T02:00:00Z' })
    const deps = {
      ...bed.deps,
      mailer: bed.mailer,
      retention: unusedStore,
      store: new FileObjectStore(),
      retentionPolicy: POLICY,
    }
    await bed.cases.createCase(storedCase({ reference: 'MAR-STAL-0001', createdAt: '2027-01-01T10:00:00Z' }))
    await bed.cases.recordEvent('MAR-STAL-0001', { id: 'received', at: '2027-01-01T10:00:00Z', type: 'received' })
    return { ...bed, deps }
  }

  it('tells every coordinator once per period without activity; reading the case is no activity', async () => {
    const { deps, mailer, cases, clock } = await testbed()
    await cases.recordEvent('MAR-STAL-0001', {
      id: 'read:adv-03',
      at: '2027-02-20T10:00:00Z',
      type: 'read',
      advisorId: 'adv-03',
    })

    expect(await runRetention(deps)).toEqual({ purged: 0, flagged: 1, failed: 0 })
    expect(mailer.sent.map((mail) => [mail.kind, mail.to])).toEqual([
      ['stale-case', ['m.kuipers@example.org']],
      ['stale-case', ['p.ramdin@example.org']],
    ])
    expect(mailer.sent[0]?.subject).toBe('[MAR-STAL-0001] open melding zonder activiteit')
    expect(mailer.sent[0]?.text).toContain('https://mar.example.nl/advisor/cases/MAR-STAL-0001')
    expect(mailer.sent[0]?.text).not.toContain('polarisatie')
    expect(mailer.sent[0]?.text).not.toContain('melder@example.org')

    clock.advance(DAY_MS)
    expect(await runRetention(deps)).toEqual({ purged: 0, flagged: 0, failed: 0 })
    clock.set('2027-05-02T02:00:00Z')
    expect(await runRetention(deps)).toEqual({ purged: 0, flagged: 1, failed: 0 })
    expect(mailer.sent).toHaveLength(4)
    expect((await cases.listEvents('MAR-STAL-0001')).filter((event) => event.type === 'stale-flagged')).toHaveLength(2)
  })

  it('flags nothing while someone works the case', async () => {
    const { deps, mailer, cases } = await testbed()
    await cases.recordEvent('MAR-STAL-0001', {
      id: 'note',
      at: '2027-02-01T10:00:00Z',
      type: 'note-added',
      advisorId: 'adv-01',
    })

    expect(await runRetention(deps)).toEqual({ purged: 0, flagged: 0, failed: 0 })
    expect(mailer.sent).toEqual([])
  })
})
