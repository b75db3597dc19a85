/**
 * Who is on duty, as people read it: the roster's view at a moment, every time written in the roster's own zone
 * with its offset. Names and ids only, never e-mail addresses. Used by the dev endpoint and the roster CLI.
 */
import * as z from 'zod/mini'
import { formatOffset, offsetMinutesAt, parseOffsetDateTime, zonedInstant } from '../shared/zoned-time.ts'
import { nextShiftStart, onDutyAt } from './on-duty.ts'
import { ADVISOR_ROLES, type Advisor, type Roster } from './roster.ts'

const person = z.object({ id: z.string(), name: z.string() })

/** What GET /_dev/roster answers with 200. */
export const rosterViewSchema = z.object({
  timeZone: z.string(),
  /** The moment asked about, in the roster's time zone, e.g. "2027-01-11T10:00:00+01:00". */
  at: z.string(),
  onDuty: z.object({ primaries: z.array(person), backups: z.array(person), coordinators: z.array(person) }),
  nextPrimaryShiftStart: z.nullable(z.string()),
  advisors: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.enum(ADVISOR_ROLES)) })),
})
export type RosterView = z.infer<typeof rosterViewSchema>

/** What PUT /_dev/roster answers with 200. */
export const rosterSummarySchema = z.object({ advisors: z.number(), shifts: z.number(), absences: z.number() })
export type RosterSummary = z.infer<typeof rosterSummarySchema>

/** A date and time without an offset: wall-clock time in the roster's time zone. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** Who is on duty at `at`, with every moment written in the roster's time zone. No e-mail addresses. */
export function rosterView(roster: Roster, at: Date): RosterView {
  const onDuty = onDutyAt(roster, at)
  const next = nextShiftStart(roster, at, 'primary')
  const people = (advisors: Advisor[]) => advisors.map(({ id, name }) => ({ id, name }))
  return {
    timeZone: roster.timeZone,
    at: formatInZone(at, roster.timeZone),
    onDuty: {
      primaries: people(onDuty.primaries),
      backups: people(onDuty.backups),
      coordinators: people(onDuty.coordinators),
    },
    nextPrimaryShiftStart: next ? formatInZone(next, roster.timeZone) : null,
    advisors: roster.advisors.map(({ id, name, roles }) => ({ id, name, roles })),
  }
}

export function summarise(roster: Roster): RosterSummary {
  return { advisors: roster.advisors.length, shifts: roster.shifts.length, absences: roster.absences.length }
}

/**
 * An ISO 8601 date and time with an offset (or Z), or without one, read as wall-clock time in `timeZone`
 * (a time that the clocks skip moves forward, one that they repeat is the earlier: see zoned-time.ts).
 */
export function parseMoment(text: string, timeZone: string): Date | undefined {
  if (text.length > 40) return undefined
  const withOffset = parseOffsetDateTime(text)
  if (withOffset) return withOffset.instant
  const match = LOCAL_DATE_TIME.exec(text)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const check = new Date(Date.UTC(year, month - 1, day))
  const realDate = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day
  if (!realDate || hour > 23 || minute > 59 || second > 59) return undefined
  const instant = zonedInstant({ year, month, day }, { hour, minute }, timeZone)
  return new Date(instant.getTime() + second * 1000)
}

/** "2027-01-11T10:00:00+01:00": the wall-clock time in that zone, with its offset. */
export function formatInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutesAt(instant, timeZone)
  const wall = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000)
  return `${wall.toISOString().slice(0, 19)}${formatOffset(offset)}`
}
