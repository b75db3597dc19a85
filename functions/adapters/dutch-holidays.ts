/**
 * Dutch public holidays for the business calendar, written out as rules rather than taken from `date-holidays` at run
 * time: that package bundles every country (≈ 1.5 MB minified) and even its parser alone, fed only the Dutch data,
 * is ≈ 1.08 MB (moment-timezone's zone data and astronomia); these rules are a few hundred bytes. The unit tests compare
 * them, holiday by holiday, with `date-holidays` (a devDependency), so the two cannot drift apart unnoticed.
 *
 * The rules are those in force since 2014 (Koningsdag); the calendar is not meant for earlier dates.
 */
import type { IsHoliday } from '../core/deadlines/business-calendar.ts'

export interface DutchHolidayOptions {
  /** Goede Vrijdag (Good Friday) as a day off. */
  goodFriday: boolean
  /** Bevrijdingsdag (5 May) as a day off: every year, only in lustrum years (divisible by 5), or never. */
  liberationDay: 'always' | 'lustrum' | 'never'
}

/**
 * Goede Vrijdag and Bevrijdingsdag are official holidays, but no law makes them a day off: the Rijksoverheid leaves it
 * to the cao or the employment contract, and `date-holidays` does not type them `public`. The defaults follow the
 * arrangement many (government) caos make: Goede Vrijdag is a working day, Bevrijdingsdag a day off once every five
 * years (2025, 2030, …). Where MAR's own cao gives more days off, set these options in the configuration. Erring this
 * way is the safe side of a promise: a day counted as open that in fact was not makes a deadline earlier, never later.
 */
export const DEFAULT_DUTCH_HOLIDAY_OPTIONS: DutchHolidayOptions = Object.freeze({
  goodFriday: false,
  liberationDay: 'lustrum',
})

/**
 * Whether a local date is a day off: Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag (27 April, or Saturday the
 * 26th when the 27th is a Sunday), Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag, and
 * Goede Vrijdag and Bevrijdingsdag as the options say. A holiday on a weekend moves nowhere (only Koningsdag does).
 */
export function dutchHolidays(options: DutchHolidayOptions = DEFAULT_DUTCH_HOLIDAY_OPTIONS): IsHoliday {
  const byYear = new Map<number, ReadonlySet<string>>()
  return (localDate) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate)
    if (match === null) throw new RangeError(`A local date is written YYYY-MM-DD, not '${localDate}'`)
    const year = Number(match[1])
    let days = byYear.get(year)
    if (days === undefined) {
      days = holidaysIn(year, options)
      byYear.set(year, days)
    }
    return days.has(localDate)
  }
}

function holidaysIn(year: number, options: DutchHolidayOptions): ReadonlySet<string> {
  const easter = easterSunday(year)
  const days = [
    utcDate(year, 1, 1), // Nieuwjaarsdag
    easter, // Eerste Paasdag
    addDays(easter, 1), // Tweede Paasdag
    kingsDay(year), // Koningsdag
    addDays(easter, 39), // Hemelvaartsdag
    addDays(easter, 49), // Eerste Pinksterdag
    addDays(easter, 50), // Tweede Pinksterdag
    utcDate(year, 12, 25), // Eerste Kerstdag
    utcDate(year, 12, 26), // Tweede Kerstdag
  ]
  if (options.goodFriday) days.push(addDays(easter, -2))
  if (options.liberationDay === 'always' || (options.liberationDay === 'lustrum' && year % 5 === 0)) {
    days.push(utcDate(year, 5, 5))
  }
  return new Set(days.map((day) => day.toISOString().slice(0, 10)))
}

/** 27 April, or the Saturday before when the 27th is a Sunday. */
function kingsDay(year: number): Date {
  const day = utcDate(year, 4, 27)
  return day.getUTCDay() === 0 ? addDays(day, -1) : day
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): Date {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return utcDate(year, month, day)
}

function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day))
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000)
}
