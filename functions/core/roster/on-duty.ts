/**
 * Who is on duty, from the roster. Every interval is start-inclusive, end-exclusive.
 *
 * An advisor is on duty in a role during their dated shifts in that role, and during their weekly shifts in that role
 * except while absent. A dated shift is an explicit plan: an absence does not cancel it, and someone working a dated
 * shift is not absent at that moment (also when it comes to being reachable as coordinator).
 */

import {
  addDays,
  localDateOf,
  parseOffsetDateTime,
  parseWallTime,
  weekdayOf,
  zonedInstant,
} from '../shared/zoned-time.ts'
import {
  type Advisor,
  type DatedShift,
  isWeeklyShift,
  type Roster,
  type ShiftRole,
  type WeeklyShift,
} from './roster.ts'

export interface OnDuty {
  primaries: Advisor[]
  backups: Advisor[]
  coordinators: Advisor[]
}

/** How far ahead nextShiftStart looks. */
export const NEXT_SHIFT_HORIZON_DAYS = 14

const DAY = 24 * 60 * 60 * 1000

interface Interval {
  start: number
  end: number
}

/**
 * Primaries and backups: advisors on duty in that role at `at`, each once, in roster order.
 * Coordinators: every coordinator not absent at `at`; when all of them are absent, all of them, because someone must
 * hear of an emergency.
 */
export function onDutyAt(roster: Roster, at: Date): OnDuty {
  const moment = at.getTime()
  const isOnDuty = (advisor: Advisor, role: ShiftRole) =>
    dutyIntervals(roster, advisor.id, role, moment, moment + 1).some((interval) => covers(interval, moment))
  const coordinators = roster.advisors.filter((advisor) => advisor.roles.includes('coordinator'))
  const present = coordinators.filter((advisor) => !isAbsent(roster, advisor.id, moment))
  return {
    primaries: roster.advisors.filter((advisor) => isOnDuty(advisor, 'primary')),
    backups: roster.advisors.filter((advisor) => isOnDuty(advisor, 'backup')),
    coordinators: present.length > 0 ? present : coordinators,
  }
}

/**
 * The earliest moment after `after` (strictly) at which an advisor starts being on duty in `role` — a shift starts,
 * or an absence ends in the middle of a weekly shift — within NEXT_SHIFT_HORIZON_DAYS; undefined if there is none.
 * An advisor who is already on duty and stays on duty (back-to-back shifts) does not start again.
 */
export function nextShiftStart(roster: Roster, after: Date, role: ShiftRole = 'primary'): Date | undefined {
  const from = after.getTime()
  const until = from + NEXT_SHIFT_HORIZON_DAYS * DAY
  let earliest: number | undefined
  for (const advisor of roster.advisors) {
    for (const { start } of dutyIntervals(roster, advisor.id, role, from, until)) {
      if (start > from && start <= until && (earliest === undefined || start < earliest)) earliest = start
    }
  }
  return earliest === undefined ? undefined : new Date(earliest)
}

/** Whether the advisor is on duty at `at`, in either role (primary or backup). */
export function isOnDutyAt(roster: Roster, advisorId: string, at: Date): boolean {
  const moment = at.getTime()
  return anyRoleIntervals(roster, advisorId, moment, moment + 1).some((interval) => covers(interval, moment))
}

/**
 * When the advisor's time on duty (either role; back-to-back shifts count as one) that covers `at` ends — or, when
 * they are off duty then, the end of their next time on duty that starts within NEXT_SHIFT_HORIZON_DAYS; undefined
 * when there is none (not on the roster, or away for longer than that).
 */
export function dutyStretchEnd(roster: Roster, advisorId: string, at: Date): Date | undefined {
  const moment = at.getTime()
  const intervals = anyRoleIntervals(roster, advisorId, moment, moment + NEXT_SHIFT_HORIZON_DAYS * DAY)
  const stretch =
    intervals.find((interval) => covers(interval, moment)) ??
    intervals.find(({ start }) => start > moment && start <= moment + NEXT_SHIFT_HORIZON_DAYS * DAY)
  return stretch === undefined ? undefined : new Date(stretch.end)
}

function anyRoleIntervals(roster: Roster, advisorId: string, from: number, until: number): Interval[] {
  return merge([
    ...dutyIntervals(roster, advisorId, 'primary', from, until),
    ...dutyIntervals(roster, advisorId, 'backup', from, until),
  ])
}

/** The merged intervals in which the advisor is on duty in that role, complete for any interval touching [from, until]. */
function dutyIntervals(roster: Roster, advisorId: string, role: ShiftRole, from: number, until: number): Interval[] {
  const dated: Interval[] = []
  const weekly: Interval[] = []
  for (const shift of roster.shifts) {
    if (shift.advisorId !== advisorId || shift.role !== role) continue
    if (isWeeklyShift(shift)) weekly.push(...occurrences(shift, roster.timeZone, from, until))
    else dated.push(period(shift))
  }
  const absences = roster.absences.filter((absence) => absence.advisorId === advisorId).map(period)
  return merge([...dated, ...subtract(weekly, absences)])
}

/** Absent: an absence covers the moment and no dated shift (in any role) does. */
function isAbsent(roster: Roster, advisorId: string, moment: number): boolean {
  const absent = roster.absences.some((absence) => absence.advisorId === advisorId && covers(period(absence), moment))
  if (!absent) return false
  return !roster.shifts.some(
    (shift) => shift.advisorId === advisorId && !isWeeklyShift(shift) && covers(period(shift), moment),
  )
}

/** The occurrences of a weekly shift on the local dates from the day before `from` to the day after `until`. */
function occurrences(shift: WeeklyShift, timeZone: string, from: number, until: number): Interval[] {
  const fromTime = parseWallTime(shift.from)
  const toTime = parseWallTime(shift.to)
  if (!fromTime || !toTime) throw new Error('Weekly shift with a time that is not "HH:MM"; parse the roster first.')
  const first = addDays(localDateOf(from, timeZone), -1)
  const last = addDays(localDateOf(until, timeZone), 1)
  const lastDay = Date.UTC(last.year, last.month - 1, last.day)
  const result: Interval[] = []
  for (let date = first; Date.UTC(date.year, date.month - 1, date.day) <= lastDay; date = addDays(date, 1)) {
    if (!shift.weekdays.includes(weekdayOf(date))) continue
    result.push({
      start: zonedInstant(date, fromTime, timeZone).getTime(),
      end: zonedInstant(date, toTime, timeZone).getTime(),
    })
  }
  return result
}

function period({ start, end }: Pick<DatedShift, 'start' | 'end'>): Interval {
  return { start: instant(start), end: instant(end) }
}

function instant(text: string): number {
  const parsed = parseOffsetDateTime(text)
  if (!parsed) throw new Error('Date and time without an offset in the roster; parse the roster first.')
  return parsed.instant.getTime()
}

function covers({ start, end }: Interval, moment: number): boolean {
  return start <= moment && moment < end
}

/** The parts of `intervals` not covered by any of `holes`. */
function subtract(intervals: Interval[], holes: Interval[]): Interval[] {
  let remaining = intervals
  for (const hole of holes) {
    remaining = remaining.flatMap(({ start, end }) => {
      if (hole.end <= start || hole.start >= end) return [{ start, end }]
      const parts: Interval[] = []
      if (start < hole.start) parts.push({ start, end: hole.start })
      if (hole.end < end) parts.push({ start: hole.end, end })
      return parts
    })
  }
  return remaining
}

/** Sorted, non-empty, with overlapping and touching intervals joined ([a, b) and [b, c) make [a, c)). */
function merge(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(({ start, end }) => start < end).sort((a, b) => a.start - b.start)
  const merged: Interval[] = []
  for (const interval of sorted) {
    const last = merged.at(-1)
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end)
    else merged.push({ ...interval })
  }
  return merged
}
