import Holidays, { type HolidaysTypes } from 'date-holidays'
import { describe, expect, it } from 'vitest'
import { type DutchHolidayOptions, dutchHolidays } from '../../../functions/adapters/dutch-holidays.ts'

/**
 * The adapter ships its own Dutch rules; `date-holidays` (NL) is the reference they are held to, so a rule that
 * drifts from it — or a holiday that `date-holidays` adds — fails here.
 */
const reference = new Holidays('NL')
const YEARS = Array.from({ length: 11 }, (_, index) => 2025 + index)
const PUBLIC_ONLY: DutchHolidayOptions = { goodFriday: false, liberationDay: 'never' }
const EVERY_DAY_OFF: DutchHolidayOptions = { goodFriday: true, liberationDay: 'always' }

function referenceDates(year: number, keep: (holiday: HolidaysTypes.Holiday) => boolean): string[] {
  return reference
    .getHolidays(year)
    .filter(keep)
    .map((holiday) => holiday.date.slice(0, 10))
}

function adapterDates(year: number, options: DutchHolidayOptions): string[] {
  const isHoliday = dutchHolidays(options)
  const days: string[] = []
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const localDate = new Date(day).toISOString().slice(0, 10)
    if (isHoliday(localDate)) days.push(localDate)
  }
  return days
}

describe('Dutch holidays agree with date-holidays (NL), 2025–2035', () => {
  it.each([
    ['Nieuwjaarsdag', '01-01', 'public'],
    ['Eerste Paasdag', 'easter', 'public'],
    ['Tweede Paasdag', 'easter 1', 'public'],
    ['Koningsdag', '04-27 if sunday then previous saturday since 2014', 'public'],
    ['Hemelvaartsdag', 'easter 39', 'public'],
    ['Eerste Pinksterdag', 'easter 49', 'public'],
    ['Tweede Pinksterdag', 'easter 50', 'public'],
    ['Eerste Kerstdag', '12-25', 'public'],
    ['Tweede Kerstdag', '12-26', 'public'],
    ['Goede Vrijdag (goodFriday: true)', 'easter -2', 'school'],
    ["Bevrijdingsdag (liberationDay: 'always')", '05-05', 'school'],
  ])('%s falls on the date date-holidays gives it, typed as there', (_name, rule, type) => {
    for (const year of YEARS) {
      // Arrange
      const [expected, ...more] = reference.getHolidays(year).filter((holiday) => holiday.rule === rule)

      // Act
      const counted = expected !== undefined && dutchHolidays(EVERY_DAY_OFF)(expected.date.slice(0, 10))

      // Assert
      expect(more, `${year}: one date for '${rule}'`).toEqual([])
      expect(expected?.type, `${year}: type of '${rule}'`).toBe(type)
      expect(counted, `${year}: ${expected?.date}`).toBe(true)
    }
  })

  it('names exactly the days date-holidays types public when Goede Vrijdag and Bevrijdingsdag are off', () => {
    for (const year of YEARS) {
      expect(adapterDates(year, PUBLIC_ONLY), `${year}`).toEqual(referenceDates(year, (h) => h.type === 'public'))
    }
  })

  it('adds exactly Goede Vrijdag and Bevrijdingsdag to them when both options are on', () => {
    for (const year of YEARS) {
      const expected = referenceDates(year, (h) => h.type === 'public' || ['easter -2', '05-05'].includes(h.rule))

      expect(adapterDates(year, EVERY_DAY_OFF), `${year}`).toEqual(expected)
    }
  })

  it('names the public days exactly over 2014–2100 too, from the year Koningsdag began', () => {
    for (let year = 2014; year <= 2100; year++) {
      expect(adapterDates(year, PUBLIC_ONLY), `${year}`).toEqual(referenceDates(year, (h) => h.type === 'public'))
    }
  })
})
