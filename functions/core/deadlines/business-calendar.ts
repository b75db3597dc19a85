/**
 * The business calendar MAR promises its answers on: opening hours on workdays in one time zone, less the holidays
 * that the `IsHoliday` port names. Business time is the real time that elapses while the calendar is open, so a
 * window that runs over a DST night counts the same open hours as any other.
 */
import { isValidTimeZone, type LocalDate, localDateOf, zonedInstant } from '../shared/zoned-time.ts'

export interface BusinessCalendarSettings {
  /** IANA zone the opening hours and holiday dates are read in, e.g. 'Europe/Amsterdam'. */
  timeZone: string
  /** ISO weekdays the calendar opens on: 1 = Monday … 7 = Sunday. */
  workdays: number[]
  /** Local opening time, 'HH:MM' (inclusive). */
  opens: string
  /** Local closing time, 'HH:MM' (exclusive), later than `opens` on the same day. */
  closes: string
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendarSettings = Object.freeze({
  timeZone: 'Europe/Amsterdam',
  workdays: Object.freeze([1, 2, 3, 4, 5]) as number[],
  opens: '08:30',
  closes: '17:00',
})

/** Whether a local date ('YYYY-MM-DD' in the calendar's zone) is a holiday: the port an adapter fills in. */
export type IsHoliday = (localDate: string) => boolean

const MINUTE_MS = 60_000
/** How far to look for an open day before deciding the calendar never opens (ten years). */
const MAX_CLOSED_DAYS = 3660
const MAX_CACHED_DAYS = 4096

export class BusinessCalendar {
  readonly #timeZone: string
  readonly #workdays: ReadonlySet<number>
  readonly #opensMinute: number
  readonly #closesMinute: number
  readonly #isHoliday: IsHoliday
  /** Open hours by `dayKey`; `null` for a closed day. Cleared when it grows large. */
  readonly #days = new Map<number, OpenHours | null>()

  constructor(settings: BusinessCalendarSettings, isHoliday: IsHoliday) {
    if (!isValidTimeZone(settings.timeZone)) throw new RangeError(`Unknown time zone: ${settings.timeZone}`)
    this.#timeZone = settings.timeZone
    for (const day of settings.workdays) {
      if (!Number.isInteger(day) || day < 1 || day > 7) {
        throw new RangeError(`A workday is an ISO weekday from 1 (Monday) to 7 (Sunday), not ${day}`)
      }
    }
    this.#workdays = new Set(settings.workdays)
    this.#opensMinute = minuteOfDay(settings.opens, 'opens')
    this.#closesMinute = minuteOfDay(settings.closes, 'closes')
    if (this.#closesMinute <= this.#opensMinute) {
      throw new RangeError(`The calendar must close after it opens (${settings.opens}–${settings.closes})`)
    }
    this.#isHoliday = isHoliday
  }

  /** Open at that instant: on an open day, from opening time (inclusive) to closing time (exclusive). */
  isOpen(at: Date): boolean {
    const hours = this.#openHours(this.#localDate(at.getTime()))
    return hours !== undefined && hours.opens <= at.getTime() && at.getTime() < hours.closes
  }

  /** `at` itself when the calendar is open then, otherwise the next opening instant. */
  nextOpen(at: Date): Date {
    return new Date(this.#nextOpen(validInstant(at, 'at')).at)
  }

  /**
   * The instant `minutes` of open time after `nextOpen(from)`. Adding 0 gives `nextOpen(from)`; a sum that ends
   * exactly at closing time gives closing time, not the next opening.
   */
  addBusinessMinutes(from: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`Business minutes to add must be a finite number ≥ 0, not ${minutes}`)
    }
    let open = this.#nextOpen(validInstant(from, 'from'))
    let remaining = Math.round(minutes * MINUTE_MS)
    while (remaining > open.hours.closes - open.at) {
      remaining -= open.hours.closes - open.at
      open = this.#nextOpen(open.hours.closes)
    }
    return new Date(open.at + remaining)
  }

  /** Open minutes in [from, to): 0 when `to` is not after `from`; fractional when the instants fall between minutes. */
  businessMinutesBetween(from: Date, to: Date): number {
    const start = validInstant(from, 'from')
    const end = validInstant(to, 'to')
    const lastDay = dayKey(this.#localDate(end))
    let total = 0
    for (let day = this.#localDate(start); dayKey(day) <= lastDay; day = nextDay(day)) {
      const hours = this.#openHours(day)
      if (hours !== undefined) total += Math.max(0, Math.min(end, hours.closes) - Math.max(start, hours.opens))
    }
    return total / MINUTE_MS
  }

  /** The first open instant at or after `at`, with the open hours of its day. */
  #nextOpen(at: number): { at: number; hours: OpenHours } {
    let day = this.#localDate(at)
    for (let checked = 0; checked < MAX_CLOSED_DAYS; checked++, day = nextDay(day)) {
      const hours = this.#openHours(day)
      if (hours !== undefined && at < hours.closes) return { at: Math.max(at, hours.opens), hours }
    }
    throw new RangeError(`The business calendar does not open in the ${MAX_CLOSED_DAYS} days after ${new Date(at)}`)
  }

  #localDate(at: number): LocalDate {
    return localDateOf(at, this.#timeZone)
  }

  /** The instant the calendar's zone shows `minute` minutes past midnight on `day` (DST: see zoned-time.ts). */
  #instant(day: LocalDate, minute: number): number {
    return zonedInstant(day, { hour: Math.floor(minute / 60), minute: minute % 60 }, this.#timeZone).getTime()
  }

  #openHours(day: LocalDate): OpenHours | undefined {
    const key = dayKey(day)
    let hours = this.#days.get(key)
    if (hours === undefined) {
      const open = this.#workdays.has(isoWeekday(day)) && !this.#isHoliday(formatLocalDate(day))
      hours = open
        ? { opens: this.#instant(day, this.#opensMinute), closes: this.#instant(day, this.#closesMinute) }
        : null
      if (this.#days.size >= MAX_CACHED_DAYS) this.#days.clear()
      this.#days.set(key, hours)
    }
    return hours ?? undefined
  }
}

/** Opening and closing of one day, in epoch milliseconds. */
interface OpenHours {
  opens: number
  closes: number
}

function minuteOfDay(time: string, name: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time)
  if (match === null) throw new RangeError(`'${name}' must be a time as HH:MM, not '${time}'`)
  return Number(match[1]) * 60 + Number(match[2])
}

function validInstant(date: Date, name: string): number {
  const ms = date.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`'${name}' is not a valid date`)
  return ms
}

/** A local date as one sortable number: year·10 000 + month·100 + day. */
function dayKey({ year, month, day }: LocalDate): number {
  return year * 10_000 + month * 100 + day
}

function nextDay({ year, month, day }: LocalDate): LocalDate {
  const next = new Date(Date.UTC(year, month - 1, day + 1))
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }
}

function isoWeekday({ year, month, day }: LocalDate): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7
}

function formatLocalDate({ year, month, day }: LocalDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
