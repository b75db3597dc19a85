import { describe, expect, it } from 'vitest'
import {
  addDays,
  isValidTimeZone,
  localDateOf,
  offsetMinutesAt,
  parseOffsetDateTime,
  parseWallTime,
  weekdayOf,
  zonedInstant,
} from '../../../../functions/core/shared/zoned-time.ts'

const AMSTERDAM = 'Europe/Amsterdam'

describe('Zoned time: wall-clock time in the roster time zone', () => {
  it('turns a local time into the instant in winter and in summer time', () => {
    const winter = zonedInstant({ year: 2027, month: 1, day: 18 }, { hour: 8, minute: 30 }, AMSTERDAM)
    const summer = zonedInstant({ year: 2027, month: 7, day: 19 }, { hour: 8, minute: 30 }, AMSTERDAM)

    expect(winter.toISOString()).toBe('2027-01-18T07:30:00.000Z')
    expect(summer.toISOString()).toBe('2027-07-19T06:30:00.000Z')
  })

  it('moves a time that does not exist on spring-forward night forward by the gap (02:30 becomes 03:30 summer time)', () => {
    const instant = zonedInstant({ year: 2027, month: 3, day: 28 }, { hour: 2, minute: 30 }, AMSTERDAM)

    expect(instant.toISOString()).toBe('2027-03-28T01:30:00.000Z')
  })

  it('takes the earlier of a time that exists twice on fall-back night (02:30 summer time)', () => {
    const instant = zonedInstant({ year: 2027, month: 10, day: 31 }, { hour: 2, minute: 30 }, AMSTERDAM)

    expect(instant.toISOString()).toBe('2027-10-31T00:30:00.000Z')
  })

  it('knows the offset on either side of the switches', () => {
    expect(offsetMinutesAt(new Date('2027-03-28T00:59:59Z'), AMSTERDAM)).toBe(60)
    expect(offsetMinutesAt(new Date('2027-03-28T01:00:00Z'), AMSTERDAM)).toBe(120)
    expect(offsetMinutesAt(new Date('2027-10-31T00:59:59Z'), AMSTERDAM)).toBe(120)
    expect(offsetMinutesAt(new Date('2027-10-31T01:00:00Z'), AMSTERDAM)).toBe(60)
  })

  it('counts calendar days and weekdays without regard to the clocks', () => {
    const sunday = { year: 2027, month: 3, day: 28 }

    expect(weekdayOf(sunday)).toBe('sun')
    expect(addDays(sunday, 1)).toEqual({ year: 2027, month: 3, day: 29 })
    expect(addDays({ year: 2027, month: 12, day: 31 }, 1)).toEqual({ year: 2028, month: 1, day: 1 })
    expect(localDateOf(new Date('2027-10-30T22:30:00Z'), AMSTERDAM)).toEqual({ year: 2027, month: 10, day: 31 })
  })

  it('reads ISO 8601 date-times only with an offset, and refuses dates that do not exist', () => {
    expect(parseOffsetDateTime('2027-03-28T03:30:00+02:00')?.instant.toISOString()).toBe('2027-03-28T01:30:00.000Z')
    expect(parseOffsetDateTime('2027-03-28T01:30Z')?.utc).toBe(true)
    expect(parseOffsetDateTime('2027-03-28T01:30:00.5-03:30')?.offsetMinutes).toBe(-210)
    for (const bad of [
      '2027-03-28T03:30:00',
      '2027-02-29T10:00+01:00',
      '2027-03-28 03:30+02:00',
      '2027-03-28T24:00Z',
    ]) {
      expect(parseOffsetDateTime(bad)).toBeUndefined()
    }
  })

  it('reads wall-clock times only as two-digit HH:MM', () => {
    expect(parseWallTime('08:30')).toEqual({ hour: 8, minute: 30 })
    expect(parseWallTime('23:59')).toEqual({ hour: 23, minute: 59 })
    for (const bad of ['8:30', '25:00', '24:00', '08:60', '0830', '08:30:00'])
      expect(parseWallTime(bad)).toBeUndefined()
  })

  it('recognises time zones through Intl', () => {
    expect(isValidTimeZone(AMSTERDAM)).toBe(true)
    expect(isValidTimeZone('Europe/Rotterdam')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })
})
