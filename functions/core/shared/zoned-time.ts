/**
 * Wall-clock time in a named time zone (IANA, e.g. Europe/Amsterdam), on top of Intl only.
 *
 * Turning a local date and time into an instant follows the 'compatible' rule of Temporal and iCalendar (RFC 5545):
 * - a time that does not exist (02:30 on spring-forward night) is moved forward by the length of the gap (→ 03:30);
 * - a time that exists twice (02:30 on fall-back night) is the earlier of the two (still summer time).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export interface LocalDate {
  year: number
  month: number
  day: number
}

export interface WallTime {
  hour: number
  minute: number
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** "HH:MM", 00:00–23:59, always two digits each. */
const WALL_TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/
/** ISO 8601 date and time with seconds and fraction optional, and a UTC offset (Z or ±HH:MM) required. */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }
  return format
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

export function parseWallTime(text: string): WallTime | undefined {
  const match = WALL_TIME.exec(text)
  if (!match) return undefined
  return { hour: Number(match[1]), minute: Number(match[2]) }
}

export function minutesOfDay(time: WallTime): number {
  return time.hour * 60 + time.minute
}

export interface OffsetDateTime {
  instant: Date
  /** Minutes east of UTC as written; 0 for Z. */
  offsetMinutes: number
  /** True when written with Z rather than a numeric offset. */
  utc: boolean
}

/** Parses "2027-03-28T08:30:00+02:00" (or …Z); undefined for anything else, including a date that does not exist. */
export function parseOffsetDateTime(text: string): OffsetDateTime | undefined {
  const match = OFFSET_DATE_TIME.exec(text)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  const offsetHours = Number(match[10] ?? 0)
  const offsetMinutesPart = Number(match[11] ?? 0)
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutesPart > 59) return undefined
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond)
  const check = new Date(local)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined
  }
  const sign = match[9] === '-' ? -1 : 1
  const offsetMinutes = match[8] ? 0 : sign * (offsetHours * 60 + offsetMinutesPart)
  return { instant: new Date(local - offsetMinutes * MINUTE), offsetMinutes, utc: match[8] === 'Z' }
}

interface LocalParts extends LocalDate, WallTime {
  second: number
}

function localParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

/** The offset of the time zone from UTC at that instant, in minutes (Europe/Amsterdam: 60 in winter, 120 in summer). */
export function offsetMinutesAt(instant: Date | number, timeZone: string): number {
  const time = typeof instant === 'number' ? instant : instant.getTime()
  const wholeSeconds = Math.floor(time / 1000) * 1000
  const parts = localParts(wholeSeconds, timeZone)
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
  return Math.round((asUtc - wholeSeconds) / MINUTE)
}

/** "+02:00", "-03:30", "+00:00". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const absolute = Math.abs(offsetMinutes)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
}

/** The calendar date on the wall in that time zone at that instant. */
export function localDateOf(instant: Date | number, timeZone: string): LocalDate {
  const { year, month, day } = localParts(typeof instant === 'number' ? instant : instant.getTime(), timeZone)
  return { year, month, day }
}

/** Calendar arithmetic: the date `days` days later (or earlier), whatever the clocks do. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() }
}

export function weekdayOf(date: LocalDate): Weekday {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday
}

/**
 * The instant at which the wall clock in that time zone shows this date and time.
 * Nonexistent times move forward by the gap; times that exist twice resolve to the earlier one (see the top).
 */
export function zonedInstant(date: LocalDate, time: WallTime, timeZone: string): Date {
  const local = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute)
  const offsetBefore = offsetMinutesAt(local - DAY, timeZone)
  const offsetAfter = offsetMinutesAt(local + DAY, timeZone)
  const valid = [offsetBefore, offsetAfter]
    .map((offset) => ({ offset, instant: local - offset * MINUTE }))
    .filter(({ offset, instant }) => offsetMinutesAt(instant, timeZone) === offset)
    .map(({ instant }) => instant)
  if (valid.length > 0) return new Date(Math.min(...valid))
  return new Date(local - offsetBefore * MINUTE)
}
