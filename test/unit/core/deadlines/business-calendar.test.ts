import { describe, expect, it } from 'vitest'
import {
  BusinessCalendar,
  type BusinessCalendarSettings,
  DEFAULT_BUSINESS_CALENDAR,
  type IsHoliday,
} from '../../../../functions/core/deadlines/business-calendar.ts'

const noHolidays: IsHoliday = () => false

function calendar(isHoliday: IsHoliday = noHolidays, settings: Partial<BusinessCalendarSettings> = {}) {
  return new BusinessCalendar({ ...DEFAULT_BUSINESS_CALENDAR, ...settings }, isHoliday)
}

function holidays(...localDates: string[]): IsHoliday {
  return (localDate) => localDates.includes(localDate)
}

const utc = (iso: string) => new Date(iso)

/** A small deterministic PRNG (mulberry32), so a failing draw can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('Business calendar: defaults', () => {
  it('opens Monday to Friday 08:30–17:00 in Europe/Amsterdam', () => {
    expect(DEFAULT_BUSINESS_CALENDAR).toEqual({
      timeZone: 'Europe/Amsterdam',
      workdays: [1, 2, 3, 4, 5],
      opens: '08:30',
      closes: '17:00',
    })
  })
})

describe('Business calendar: when it is open', () => {
  it('is open from 08:30 exactly (Mon 2026-03-02 07:30Z) and closed from 17:00 exactly (16:00Z)', () => {
    // Arrange
    const hours = calendar()

    // Act / Assert
    expect(hours.isOpen(utc('2026-03-02T07:29:59.999Z'))).toBe(false)
    expect(hours.isOpen(utc('2026-03-02T07:30:00Z'))).toBe(true)
    expect(hours.isOpen(utc('2026-03-02T15:59:59.999Z'))).toBe(true)
    expect(hours.isOpen(utc('2026-03-02T16:00:00Z'))).toBe(false)
  })

  it('is closed on Saturday and Sunday at noon (2026-03-07/08 11:00Z)', () => {
    const hours = calendar()

    expect(hours.isOpen(utc('2026-03-07T11:00:00Z'))).toBe(false)
    expect(hours.isOpen(utc('2026-03-08T11:00:00Z'))).toBe(false)
  })

  it('is closed on a holiday that falls on a weekday (Wed 2026-03-04 12:00, 11:00Z)', () => {
    const hours = calendar(holidays('2026-03-04'))

    expect(hours.isOpen(utc('2026-03-04T11:00:00Z'))).toBe(false)
    expect(hours.isOpen(utc('2026-03-05T11:00:00Z'))).toBe(true)
  })

  it('asks the holiday port for the local date, not the UTC one (2026-06-01T23:00Z is Tue 2026-06-02 01:00)', () => {
    // Arrange
    const asked: string[] = []
    const hours = calendar((localDate) => {
      asked.push(localDate)
      return localDate === '2026-06-02'
    })

    // Act
    const opens = hours.nextOpen(utc('2026-06-01T23:00:00Z'))

    // Assert
    expect(asked[0]).toBe('2026-06-02')
    expect(opens).toEqual(utc('2026-06-03T06:30:00Z'))
  })
})

describe('Business calendar: where the clocks start', () => {
  it.each([
    ['08:30 exactly on Tue 2026-03-03 starts at once', '2026-03-03T07:30:00Z', '2026-03-03T07:30:00Z'],
    ['11:12:13 on Tue 2026-03-03 starts at once', '2026-03-03T10:12:13Z', '2026-03-03T10:12:13Z'],
    ['07:00 on Tue 2026-03-03 starts at 08:30 that day', '2026-03-03T06:00:00Z', '2026-03-03T07:30:00Z'],
    ['17:00 exactly on Fri 2026-03-06 starts Monday 08:30', '2026-03-06T16:00:00Z', '2026-03-09T07:30:00Z'],
    ['20:00 on Wed 2026-03-04 starts Thursday 08:30', '2026-03-04T19:00:00Z', '2026-03-05T07:30:00Z'],
    ['00:30 on Thu 2026-03-05 starts 08:30 that day', '2026-03-04T23:30:00Z', '2026-03-05T07:30:00Z'],
    ['10:00 on Sat 2026-03-07 starts Monday 08:30', '2026-03-07T09:00:00Z', '2026-03-09T07:30:00Z'],
  ])('a case arriving at %s', (_name, receivedAt, startsAt) => {
    // Arrange
    const hours = calendar()

    // Act
    const opens = hours.nextOpen(utc(receivedAt))

    // Assert
    expect(opens).toEqual(utc(startsAt))
  })

  it('skips a holiday on the next weekday (Fri 2026-03-06 18:00 with Monday a holiday → Tue 08:30)', () => {
    const hours = calendar(holidays('2026-03-09'))

    expect(hours.nextOpen(utc('2026-03-06T17:00:00Z'))).toEqual(utc('2026-03-10T07:30:00Z'))
  })

  it('refuses a calendar that never opens instead of looping forever', () => {
    const hours = calendar(() => true)

    expect(() => hours.nextOpen(utc('2026-03-02T10:00:00Z'))).toThrow(RangeError)
  })
})

describe('Business calendar: adding business time', () => {
  it('adding 0 minutes gives the next business moment (Sat 2026-03-07 → Mon 08:30, 07:30Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2026-03-07T09:00:00Z'), 0)).toEqual(utc('2026-03-09T07:30:00Z'))
  })

  it('one hour after Friday 16:59 (2026-03-06T15:59Z) is Monday 09:29 (2026-03-09T08:29Z)', () => {
    // Arrange
    const hours = calendar()

    // Act
    const due = hours.addBusinessMinutes(utc('2026-03-06T15:59:00Z'), 60)

    // Assert
    expect(due).toEqual(utc('2026-03-09T08:29:00Z'))
  })

  it('a sum that ends exactly at closing time gives 17:00, not the next morning (Mon 16:00 + 1 h)', () => {
    expect(calendar().addBusinessMinutes(utc('2026-03-02T15:00:00Z'), 60)).toEqual(utc('2026-03-02T16:00:00Z'))
  })

  it('one hour after 07:00 (Tue 2026-03-03T06:00Z) is 09:30 (08:30Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2026-03-03T06:00:00Z'), 60)).toEqual(utc('2026-03-03T08:30:00Z'))
  })

  it('one hour after 17:00 exactly (Mon 2026-03-02T16:00Z) is Tuesday 09:30 (08:30Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2026-03-02T16:00:00Z'), 60)).toEqual(utc('2026-03-03T08:30:00Z'))
  })

  it('40 business hours from Monday 08:30 (2026-03-02T07:30Z) end Friday 14:30 (2026-03-06T13:30Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2026-03-02T07:30:00Z'), 40 * 60)).toEqual(utc('2026-03-06T13:30:00Z'))
  })

  it('skips a holiday inside the window (Wed 2026-03-04 closed: Tue 16:00 + 2 h → Thu 09:30)', () => {
    const hours = calendar(holidays('2026-03-04'))

    expect(hours.addBusinessMinutes(utc('2026-03-03T15:00:00Z'), 120)).toEqual(utc('2026-03-05T08:30:00Z'))
  })

  it('refuses a negative or non-finite number of minutes', () => {
    const hours = calendar()

    expect(() => hours.addBusinessMinutes(utc('2026-03-02T10:00:00Z'), -1)).toThrow(RangeError)
    expect(() => hours.addBusinessMinutes(utc('2026-03-02T10:00:00Z'), Number.NaN)).toThrow(RangeError)
  })
})

describe('Business calendar: across the DST switches', () => {
  it('Friday 2027-03-26 16:30 CET (15:30Z) + 1 h is Monday 09:00 CEST (2027-03-29T07:00Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2027-03-26T15:30:00Z'), 60)).toEqual(utc('2027-03-29T07:00:00Z'))
  })

  it('Friday 2027-03-26 16:30 CET (15:30Z) + 8 h is Monday 16:00 CEST (2027-03-29T14:00Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2027-03-26T15:30:00Z'), 480)).toEqual(utc('2027-03-29T14:00:00Z'))
  })

  it('Friday 2027-10-29 16:30 CEST (14:30Z) + 1 h is Monday 09:00 CET (2027-11-01T08:00Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2027-10-29T14:30:00Z'), 60)).toEqual(utc('2027-11-01T08:00:00Z'))
  })

  it('Friday 2027-10-29 16:30 CEST (14:30Z) + 8 h is Monday 16:00 CET (2027-11-01T15:00Z)', () => {
    expect(calendar().addBusinessMinutes(utc('2027-10-29T14:30:00Z'), 480)).toEqual(utc('2027-11-01T15:00:00Z'))
  })

  it('counts one business day from Friday 08:30 to Monday 08:30 over either switch, not 7.5 or 9.5 hours', () => {
    const hours = calendar()

    expect(hours.businessMinutesBetween(utc('2027-03-26T07:30:00Z'), utc('2027-03-29T06:30:00Z'))).toBe(510)
    expect(hours.businessMinutesBetween(utc('2027-10-29T06:30:00Z'), utc('2027-11-01T07:30:00Z'))).toBe(510)
  })

  it('counts the real time elapsed when opening hours contain the switch (Sun 01:00–04:00: 2 h in March, 4 h in October)', () => {
    // Arrange
    const night = calendar(noHolidays, { workdays: [7], opens: '01:00', closes: '04:00' })

    // Act / Assert
    expect(night.nextOpen(utc('2027-03-27T12:00:00Z'))).toEqual(utc('2027-03-28T00:00:00Z'))
    expect(night.businessMinutesBetween(utc('2027-03-27T12:00:00Z'), utc('2027-03-29T00:00:00Z'))).toBe(120)
    expect(night.nextOpen(utc('2027-10-30T12:00:00Z'))).toEqual(utc('2027-10-30T23:00:00Z'))
    expect(night.businessMinutesBetween(utc('2027-10-30T12:00:00Z'), utc('2027-11-01T00:00:00Z'))).toBe(240)
  })

  it('opens after the gap when opening time does not exist, and at the first 02:30 when it occurs twice', () => {
    const night = calendar(noHolidays, { workdays: [7], opens: '02:30', closes: '05:00' })

    // 2027-03-28 02:30 does not exist: 03:30 CEST (01:30Z). 2027-10-31 02:30 occurs at 00:30Z (CEST) and 01:30Z (CET).
    expect(night.nextOpen(utc('2027-03-27T12:00:00Z'))).toEqual(utc('2027-03-28T01:30:00Z'))
    expect(night.nextOpen(utc('2027-10-30T12:00:00Z'))).toEqual(utc('2027-10-31T00:30:00Z'))
  })
})

describe('Business calendar: business time between two instants', () => {
  it('counts only open time over a weekend (Fri 16:00 → Mon 09:30 is 2 h)', () => {
    expect(calendar().businessMinutesBetween(utc('2026-03-06T15:00:00Z'), utc('2026-03-09T08:30:00Z'))).toBe(120)
  })

  it('is 0 when the end is not after the start, or both lie outside opening hours', () => {
    const hours = calendar()

    expect(hours.businessMinutesBetween(utc('2026-03-03T10:00:00Z'), utc('2026-03-03T09:00:00Z'))).toBe(0)
    expect(hours.businessMinutesBetween(utc('2026-03-03T10:00:00Z'), utc('2026-03-03T10:00:00Z'))).toBe(0)
    expect(hours.businessMinutesBetween(utc('2026-03-06T17:00:00Z'), utc('2026-03-08T20:00:00Z'))).toBe(0)
  })

  it('undoes addBusinessMinutes for random open starts and durations (property, 500 draws over 2025–2035)', () => {
    // Arrange: every 13th of a month is a holiday, so holidays fall on all weekdays and weekends.
    const hours = calendar((localDate) => localDate.endsWith('-13'))
    const draw = random(20260302)
    const from = Date.UTC(2025, 0, 1)
    const to = Date.UTC(2035, 11, 31)

    for (let sample = 0; sample < 500; sample++) {
      const start = hours.nextOpen(new Date(from + Math.floor(draw() * (to - from))))
      const minutes = Math.floor(draw() * 6000)

      // Act
      const end = hours.addBusinessMinutes(start, minutes)

      // Assert
      expect(hours.isOpen(start)).toBe(true)
      expect(hours.businessMinutesBetween(start, end), `${start.toISOString()} + ${minutes}`).toBe(minutes)
    }
  })
})

describe('Business calendar: settings', () => {
  it.each([
    ['closing before opening', { opens: '17:00', closes: '08:30' }],
    ['a time that is not HH:MM', { opens: '8:30' }],
    ['a weekday outside 1–7', { workdays: [0, 1] }],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }],
  ])('refuses %s', (_name, settings) => {
    expect(() => calendar(noHolidays, settings)).toThrow(RangeError)
  })
})
