/**
 * The anonymised statistics record of a case: what MAR's figures need and nothing else, kept apart from the case so
 * the figures outlive the retention purge (which deletes everything under `CASE#<reference>`). A record holds the
 * case's dimensions (channel, topic, requester type, sector, ideology, signals, urgency, outcome) and its deadline
 * facts (when it came in, was acknowledged, answered and closed; paused business minutes; breaches per clock) —
 * never text, names, addresses, the reference or anything else a case carries (a field added to cases later does not
 * reach a record until it is named here).
 */
import * as z from 'zod/mini'
import { type Channel, OUTCOMES, type Urgency } from '../cases/case.ts'
import { IDEOLOGIES, REQUESTER_TYPES, SECTORS, SIGNALS, TOPICS } from '../cases/web-request.ts'
import type { DeadlineClock } from '../deadlines/deadlines.ts'
import type { CaseStatisticsStore } from '../ports/stores.ts'
import { sha256Hex } from '../shared/hash.ts'
import { localDateOf } from '../shared/zoned-time.ts'
import type { CaseStatisticsRecord } from './statistics-record.ts'

export const CHANNELS = ['web', 'email', 'phone'] as const satisfies readonly Channel[]
export const URGENCIES = ['normal', 'urgent'] as const satisfies readonly Urgency[]
export const DEADLINE_CLOCKS = ['acknowledge', 'respond'] as const satisfies readonly DeadlineClock[]

/**
 * Every dimension the figures are counted by, with every value it can take — the explicit bucket for "absent" last
 * (a mail not yet classified has no topic; a private person no sector; a case still open no outcome) — so every
 * table is full, zeros included. `signals` counts a case once under each signal it names, `none` when it names none.
 */
export const STATISTICS_DIMENSIONS = {
  channel: CHANNELS,
  topic: [...TOPICS, 'unclassified'],
  requesterType: [...REQUESTER_TYPES, 'not-given'],
  sector: [...SECTORS, 'not-given'],
  ideology: [...IDEOLOGIES, 'not-given'],
  signals: [...SIGNALS, 'none'],
  urgency: URGENCIES,
  /** A duplicate is no request of its own: the report leaves it out (statistics-report.ts), so it has no row. */
  outcome: [...OUTCOMES.filter((outcome) => outcome !== 'duplicate'), 'open'],
} as const

/** The outcome of a case closed as a duplicate of another: the pair counts once, as the other case. */
export const DUPLICATE_OUTCOME = 'duplicate' satisfies (typeof OUTCOMES)[number]

export type StatisticsDimension = keyof typeof STATISTICS_DIMENSIONS
export const DIMENSION_NAMES = Object.keys(STATISTICS_DIMENSIONS) as StatisticsDimension[]

const instant = z.iso.datetime({ offset: true })
const optionalInstant = z.optional(instant)

/**
 * The fields of a stored case (the stream's new image) that a record is made from. Not strict — a case carries far
 * more — but only these are read, and each one by its own rule.
 */
const caseFactsSchema = z.object({
  reference: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.minimum(0)),
  createdAt: instant,
  channel: z.enum(CHANNELS),
  urgency: z.enum(URGENCIES),
  topic: z.optional(z.enum(TOPICS)),
  requesterType: z.optional(z.enum(REQUESTER_TYPES)),
  sector: z.optional(z.enum(SECTORS)),
  ideology: z.optional(z.enum(IDEOLOGIES)),
  signals: z.optional(z.array(z.enum(SIGNALS))),
  outcome: z.optional(z.enum(OUTCOMES)),
  acknowledgedAt: optionalInstant,
  answeredAt: optionalInstant,
  closedAt: optionalInstant,
  pausedBusinessMinutes: z.optional(z.number().check(z.minimum(0))),
  breaches: z.optional(z.array(z.object({ clock: z.enum(DEADLINE_CLOCKS) }))),
})

/** The record's key: a SHA-256 of the reference, so rewriting a case's record replaces it instead of adding one. */
export function statisticsKey(reference: string): string {
  return sha256Hex(`statistics:${reference}`)
}

/** `YYYY-MM` of an instant in the zone. */
export function monthOf(at: Date | string, timeZone: string): string {
  const { year, month } = localDateOf(typeof at === 'string' ? new Date(at) : at, timeZone)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

/** The statistics record of a stored case; throws (zod) when the case does not have the shape a case has. */
export function caseStatisticsRecord(storedCase: unknown, timeZone: string): CaseStatisticsRecord {
  const facts = z.parse(caseFactsSchema, storedCase)
  const breachesOn = (clock: DeadlineClock) => (facts.breaches ?? []).filter((breach) => breach.clock === clock).length
  return {
    caseKey: statisticsKey(facts.reference),
    caseVersion: facts.version,
    month: monthOf(facts.createdAt, timeZone),
    createdAt: new Date(facts.createdAt).toISOString(),
    channel: facts.channel,
    urgency: facts.urgency,
    ...(facts.topic === undefined ? {} : { topic: facts.topic }),
    ...(facts.requesterType === undefined ? {} : { requesterType: facts.requesterType }),
    ...(facts.sector === undefined ? {} : { sector: facts.sector }),
    ...(facts.ideology === undefined ? {} : { ideology: facts.ideology }),
    signals: [...new Set(facts.signals ?? [])],
    ...(facts.outcome === undefined ? {} : { outcome: facts.outcome }),
    ...(facts.acknowledgedAt === undefined ? {} : { acknowledgedAt: new Date(facts.acknowledgedAt).toISOString() }),
    ...(facts.answeredAt === undefined ? {} : { answeredAt: new Date(facts.answeredAt).toISOString() }),
    ...(facts.closedAt === undefined ? {} : { closedAt: new Date(facts.closedAt).toISOString() }),
    pausedBusinessMinutes: facts.pausedBusinessMinutes ?? 0,
    breaches: { acknowledge: breachesOn('acknowledge'), respond: breachesOn('respond') },
  }
}

/**
 * Use case: keep a case's statistics record up to date, from every stored image of the case (the table stream).
 * Idempotent: one record per case, overwritten, and only by an image at least as new as the one it holds; the
 * month is in the index of months before the record is written, so a reader that finds the month finds the record.
 */
export async function recordCaseStatistics(
  storedCase: unknown,
  deps: { statistics: CaseStatisticsStore; timeZone: string },
): Promise<{ month: string; outcome: 'stored' | 'stale' }> {
  const record = caseStatisticsRecord(storedCase, deps.timeZone)
  await deps.statistics.addMonth(record.month)
  const outcome = await deps.statistics.put(record)
  return { month: record.month, outcome }
}
