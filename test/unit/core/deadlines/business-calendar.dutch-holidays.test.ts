import { describe, expect, it } from 'vitest'
import {
  DEFAULT_DUTCH_HOLIDAY_OPTIONS,
  type DutchHolidayOptions,
  dutchHolidays,
} from '../../../../functions/adapters/dutch-holidays.ts'
import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../../../functions/core/deadlines/business-calendar.ts'

function calendar(options: Partial<DutchHolidayOptions> = {}) {
  return new BusinessCalendar(
    DEFAULT_BUSINESS_CALENDAR,
    dutchHolidays({ ...DEFAULT_DUTCH_HOLIDAY_OPTIONS, ...options }),
  )
}

const utc = (iso: string) => new Date(iso)
const ONE_HOUR = 60

describe('Business calendar on Dutch holidays: one business hour after a case arrives', () => {
  it('Thu 2026-12-24 16:55 CET (15:55Z) → Mon 2026-12-28 09:25 (08:25Z), past Christmas and the weekend', () => {
    // Arrange
    const hours = calendar()

    // Act
    const due = hours.addBusinessMinutes(utc('2026-12-24T15:55:00Z'), ONE_HOUR)

    // Assert
    expect(due).toEqual(utc('2026-12-28T08:25:00Z'))
  })

  it('Wed 2025-12-24 16:30 CET (15:30Z) → Mon 2025-12-29 09:00 (08:00Z): both Christmas days are weekdays', () => {
    expect(calendar().addBusinessMinutes(utc('2025-12-24T15:30:00Z'), ONE_HOUR)).toEqual(utc('2025-12-29T08:00:00Z'))
  })

  it('Fri 2026-04-03 16:30 CEST (14:30Z) → Tue 2026-04-07 09:00 (07:00Z), past Easter Monday', () => {
    expect(calendar().addBusinessMinutes(utc('2026-04-03T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-04-07T07:00:00Z'))
  })

  it('Fri 2027-03-26 16:30 CET (15:30Z) → Tue 2027-03-30 09:00 CEST (07:00Z), past spring-forward and Easter Monday', () => {
    expect(calendar().addBusinessMinutes(utc('2027-03-26T15:30:00Z'), ONE_HOUR)).toEqual(utc('2027-03-30T07:00:00Z'))
  })

  it('Fri 2026-04-24 16:30 CEST (14:30Z) → Tue 2026-04-28 09:00 (07:00Z), past Koningsdag on Monday the 27th', () => {
    expect(calendar().addBusinessMinutes(utc('2026-04-24T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-04-28T07:00:00Z'))
  })

  it('Fri 2025-04-25 16:30 CEST (14:30Z) → Mon 2025-04-28 09:00 (07:00Z): Koningsdag moved to Saturday the 26th', () => {
    expect(calendar().addBusinessMinutes(utc('2025-04-25T14:30:00Z'), ONE_HOUR)).toEqual(utc('2025-04-28T07:00:00Z'))
  })

  it('Wed 2026-05-13 16:30 CEST (14:30Z) → Fri 2026-05-15 09:00 (07:00Z), past Hemelvaartsdag', () => {
    expect(calendar().addBusinessMinutes(utc('2026-05-13T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-05-15T07:00:00Z'))
  })

  it('Fri 2026-05-22 16:30 CEST (14:30Z) → Tue 2026-05-26 09:00 (07:00Z), past both days of Pinksteren', () => {
    expect(calendar().addBusinessMinutes(utc('2026-05-22T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-05-26T07:00:00Z'))
  })

  it('Fri 2027-12-24 16:30 CET (15:30Z) → Mon 2027-12-27 09:00 (08:00Z): Christmas on a weekend moves nowhere', () => {
    expect(calendar().addBusinessMinutes(utc('2027-12-24T15:30:00Z'), ONE_HOUR)).toEqual(utc('2027-12-27T08:00:00Z'))
  })

  it('Fri 2027-12-31 16:30 CET (15:30Z) → Mon 2028-01-03 09:00 (08:00Z): Nieuwjaarsdag on a Saturday moves nowhere', () => {
    expect(calendar().addBusinessMinutes(utc('2027-12-31T15:30:00Z'), ONE_HOUR)).toEqual(utc('2028-01-03T08:00:00Z'))
  })
})

describe('Business calendar on Dutch holidays: Goede Vrijdag and Bevrijdingsdag per option', () => {
  it('Thu 2026-04-02 16:30 CEST (14:30Z) → Goede Vrijdag 09:00 (2026-04-03T07:00Z) by default', () => {
    expect(calendar().addBusinessMinutes(utc('2026-04-02T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-04-03T07:00:00Z'))
  })

  it('Thu 2026-04-02 16:30 CEST (14:30Z) → Tue 2026-04-07 09:00 (07:00Z) when Goede Vrijdag is a day off', () => {
    const hours = calendar({ goodFriday: true })

    expect(hours.addBusinessMinutes(utc('2026-04-02T14:30:00Z'), ONE_HOUR)).toEqual(utc('2026-04-07T07:00:00Z'))
  })

  it.each([
    ['lustrum', '2025-05-06T07:00:00Z'],
    ['always', '2025-05-06T07:00:00Z'],
    ['never', '2025-05-05T07:00:00Z'],
  ] as const)('Fri 2025-05-02 16:30 CEST (14:30Z), Bevrijdingsdag %s → %s', (liberationDay, due) => {
    const hours = calendar({ liberationDay })

    expect(hours.addBusinessMinutes(utc('2025-05-02T14:30:00Z'), ONE_HOUR)).toEqual(utc(due))
  })

  it.each([
    ['lustrum', '2026-05-05T07:00:00Z'],
    ['always', '2026-05-06T07:00:00Z'],
    ['never', '2026-05-05T07:00:00Z'],
  ] as const)('Mon 2026-05-04 16:30 CEST (14:30Z), Bevrijdingsdag %s → %s', (liberationDay, due) => {
    const hours = calendar({ liberationDay })

    expect(hours.addBusinessMinutes(utc('2026-05-04T14:30:00Z'), ONE_HOUR)).toEqual(utc(due))
  })
})
