import { describe, expect, it } from 'vitest'
import {
  DEFAULT_DUTCH_HOLIDAY_OPTIONS,
  type DutchHolidayOptions,
  dutchHolidays,
} from '../../../functions/adapters/dutch-holidays.ts'

function holidaysIn(year: number, options?: DutchHolidayOptions): string[] {
  const isHoliday = dutchHolidays(options)
  const days: string[] = []
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const localDate = new Date(day).toISOString().slice(0, 10)
    if (isHoliday(localDate)) days.push(localDate)
  }
  return days
}

describe('Dutch holidays: defaults', () => {
  it('counts Goede Vrijdag as a working day and Bevrijdingsdag as a day off in lustrum years only', () => {
    expect(DEFAULT_DUTCH_HOLIDAY_OPTIONS).toEqual({ goodFriday: false, liberationDay: 'lustrum' })
  })

  it('names exactly the ten days off of 2025 (a lustrum year, Koningsdag on Saturday the 26th)', () => {
    expect(holidaysIn(2025)).toEqual([
      '2025-01-01', // Nieuwjaarsdag
      '2025-04-20', // Eerste Paasdag
      '2025-04-21', // Tweede Paasdag
      '2025-04-26', // Koningsdag
      '2025-05-05', // Bevrijdingsdag (lustrum)
      '2025-05-29', // Hemelvaartsdag
      '2025-06-08', // Eerste Pinksterdag
      '2025-06-09', // Tweede Pinksterdag
      '2025-12-25', // Eerste Kerstdag
      '2025-12-26', // Tweede Kerstdag
    ])
  })

  it('names exactly the nine days off of 2026', () => {
    expect(holidaysIn(2026)).toEqual([
      '2026-01-01',
      '2026-04-05',
      '2026-04-06',
      '2026-04-27',
      '2026-05-14',
      '2026-05-24',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ])
  })
})

describe('Dutch holidays: Koningsdag', () => {
  it('is 27 April (2026, a Monday)', () => {
    expect(dutchHolidays()('2026-04-27')).toBe(true)
  })

  it('moves to Saturday the 26th when the 27th is a Sunday (2025), not to Monday the 28th', () => {
    const isHoliday = dutchHolidays()

    expect(isHoliday('2025-04-26')).toBe(true)
    expect(isHoliday('2025-04-27')).toBe(false)
    expect(isHoliday('2025-04-28')).toBe(false)
  })
})

describe('Dutch holidays: Goede Vrijdag and Bevrijdingsdag per option', () => {
  it('counts Goede Vrijdag (2026-04-03) only when the option says so', () => {
    expect(dutchHolidays({ ...DEFAULT_DUTCH_HOLIDAY_OPTIONS, goodFriday: false })('2026-04-03')).toBe(false)
    expect(dutchHolidays({ ...DEFAULT_DUTCH_HOLIDAY_OPTIONS, goodFriday: true })('2026-04-03')).toBe(true)
  })

  it.each([
    ['always', [2025, 2026, 2029, 2030]],
    ['lustrum', [2025, 2030]],
    ['never', []],
  ] as const)('counts Bevrijdingsdag %s: in %j of 2025, 2026, 2029, 2030', (liberationDay, years) => {
    const isHoliday = dutchHolidays({ ...DEFAULT_DUTCH_HOLIDAY_OPTIONS, liberationDay })

    const counted = [2025, 2026, 2029, 2030].filter((year) => isHoliday(`${year}-05-05`))

    expect(counted).toEqual(years)
  })
})

describe('Dutch holidays: input', () => {
  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => dutchHolidays()('2026-4-27')).toThrow(RangeError)
  })
})
