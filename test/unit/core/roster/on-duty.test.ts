import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { nextShiftStart, type OnDuty, onDutyAt } from '../../../../functions/core/roster/on-duty.ts'
import { parseRoster, type Roster } from '../../../../functions/core/roster/roster.ts'

type Entry = Record<string, unknown>

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri']

/** adv-01 primary and adv-02 backup on weekdays 08:30–17:00; adv-03 and adv-04 are coordinators. */
function roster({ shifts = [], absences = [] }: { shifts?: Entry[]; absences?: Entry[] } = {}): Roster {
  return parseRoster({
    timeZone: 'Europe/Amsterdam',
    advisors: [
      { id: 'adv-01', name: 'Anouk Verbeek', email: 'a.verbeek@example.org', roles: ['advisor'] },
      { id: 'adv-02', name: 'Youssef Bakkali', email: 'y.bakkali@example.org', roles: ['advisor'] },
      { id: 'adv-03', name: 'Marloes Kuipers', email: 'm.kuipers@example.org', roles: ['advisor', 'coordinator'] },
      { id: 'adv-04', name: 'Priya Ramdin', email: 'p.ramdin@example.org', roles: ['coordinator'] },
    ],
    shifts: [
      { advisorId: 'adv-01', role: 'primary', weekdays: WEEKDAYS, from: '08:30', to: '17:00' },
      { advisorId: 'adv-02', role: 'backup', weekdays: WEEKDAYS, from: '08:30', to: '17:00' },
      ...shifts,
    ],
    absences,
  })
}

function ids(onDuty: OnDuty) {
  return {
    primaries: onDuty.primaries.map((advisor) => advisor.id),
    backups: onDuty.backups.map((advisor) => advisor.id),
    coordinators: onDuty.coordinators.map((advisor) => advisor.id),
  }
}

const primariesAt = (team: Roster, at: string) => ids(onDutyAt(team, new Date(at))).primaries

describe('Use case: who is on duty', () => {
  it('lists the primary, the backup and the coordinators on a weekday morning', () => {
    const team = roster()

    const onDuty = onDutyAt(team, new Date('2027-01-13T09:00:00+01:00'))

    expect(ids(onDuty)).toEqual({ primaries: ['adv-01'], backups: ['adv-02'], coordinators: ['adv-03', 'adv-04'] })
    expect(onDuty.primaries[0]?.email).toBe('a.verbeek@example.org')
  })

  it('has nobody on duty at the weekend, but the coordinators still listed', () => {
    const onDuty = onDutyAt(roster(), new Date('2027-01-16T10:00:00+01:00'))

    expect(ids(onDuty)).toEqual({ primaries: [], backups: [], coordinators: ['adv-03', 'adv-04'] })
  })

  it('cancels a weekly shift while the advisor is absent, and only then', () => {
    const team = roster({
      absences: [{ advisorId: 'adv-01', start: '2027-01-18T00:00:00+01:00', end: '2027-01-21T00:00:00+01:00' }],
    })

    expect(primariesAt(team, '2027-01-18T09:00:00+01:00')).toEqual([])
    expect(primariesAt(team, '2027-01-20T16:59:00+01:00')).toEqual([])
    expect(primariesAt(team, '2027-01-21T08:30:00+01:00')).toEqual(['adv-01'])
    expect(ids(onDutyAt(team, new Date('2027-01-18T09:00:00+01:00'))).backups).toEqual(['adv-02'])
  })

  it('cancels only the part of a weekly shift that an absence covers', () => {
    const team = roster({
      absences: [{ advisorId: 'adv-01', start: '2027-01-13T12:00:00+01:00', end: '2027-01-13T13:00:00+01:00' }],
    })

    expect(primariesAt(team, '2027-01-13T11:59:59+01:00')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-01-13T12:30:00+01:00')).toEqual([])
    expect(primariesAt(team, '2027-01-13T13:00:00+01:00')).toEqual(['adv-01'])
  })

  it('keeps a dated shift during an absence, because a dated shift is an explicit plan', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-01', role: 'primary', start: '2027-01-19T12:00:00+01:00', end: '2027-01-19T14:00:00+01:00' },
      ],
      absences: [{ advisorId: 'adv-01', start: '2027-01-18T00:00:00+01:00', end: '2027-01-21T00:00:00+01:00' }],
    })

    expect(primariesAt(team, '2027-01-19T12:30:00+01:00')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-01-19T09:00:00+01:00')).toEqual([])
  })

  it('lists two primaries of overlapping shifts each once, in roster order', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-02', role: 'primary', start: '2027-01-13T08:00:00+01:00', end: '2027-01-13T12:00:00+01:00' },
        { advisorId: 'adv-01', role: 'primary', start: '2027-01-13T07:00:00+01:00', end: '2027-01-13T10:00:00+01:00' },
      ],
    })

    const onDuty = ids(onDutyAt(team, new Date('2027-01-13T09:00:00+01:00')))

    expect(onDuty.primaries).toEqual(['adv-01', 'adv-02'])
    expect(onDuty.backups).toEqual(['adv-02'])
  })

  it('counts the start of a shift in and its end out', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'primary', start: '2027-01-16T10:00:00+01:00', end: '2027-01-16T14:00:00+01:00' },
      ],
    })

    expect(primariesAt(team, '2027-01-13T07:29:59.999Z')).toEqual([])
    expect(primariesAt(team, '2027-01-13T07:30:00.000Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-01-13T15:59:59.999Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-01-13T16:00:00.000Z')).toEqual([])
    expect(primariesAt(team, '2027-01-16T10:00:00+01:00')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-01-16T14:00:00+01:00')).toEqual([])
  })

  it('lists all coordinators when all of them are absent, so someone hears of an emergency', () => {
    const team = roster({
      absences: [
        { advisorId: 'adv-03', start: '2027-01-18T00:00:00+01:00', end: '2027-01-25T00:00:00+01:00' },
        { advisorId: 'adv-04', start: '2027-01-20T00:00:00+01:00', end: '2027-01-22T00:00:00+01:00' },
      ],
    })

    expect(ids(onDutyAt(team, new Date('2027-01-19T10:00:00+01:00'))).coordinators).toEqual(['adv-04'])
    expect(ids(onDutyAt(team, new Date('2027-01-20T10:00:00+01:00'))).coordinators).toEqual(['adv-03', 'adv-04'])
  })

  it('counts a coordinator working a dated shift during an absence as present', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'backup', start: '2027-01-19T17:00:00+01:00', end: '2027-01-19T21:00:00+01:00' },
      ],
      absences: [
        { advisorId: 'adv-03', start: '2027-01-18T00:00:00+01:00', end: '2027-01-25T00:00:00+01:00' },
        { advisorId: 'adv-04', start: '2027-01-18T00:00:00+01:00', end: '2027-01-25T00:00:00+01:00' },
      ],
    })

    expect(ids(onDutyAt(team, new Date('2027-01-19T18:00:00+01:00'))).coordinators).toEqual(['adv-03'])
  })
})

describe('Use case: who is on duty around the DST switches (Europe/Amsterdam)', () => {
  it('keeps a weekday shift at 08:30–17:00 local time on the Monday after spring forward (2027-03-28)', () => {
    const team = roster()

    expect(primariesAt(team, '2027-03-26T07:30:00Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-03-29T06:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-03-29T06:30:00Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-03-29T14:59:59Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-03-29T15:00:00Z')).toEqual([])
  })

  it('keeps a weekday shift at 08:30–17:00 local time on the Monday after fall back (2027-10-31)', () => {
    const team = roster()

    expect(primariesAt(team, '2027-10-29T06:30:00Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-11-01T07:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-11-01T07:30:00Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-11-01T15:59:59Z')).toEqual(['adv-01'])
    expect(primariesAt(team, '2027-11-01T16:00:00Z')).toEqual([])
  })

  it('keeps a Sunday shift at 08:30–17:00 local time on the very days of the switches', () => {
    const team = roster({
      shifts: [{ advisorId: 'adv-03', role: 'primary', weekdays: ['sun'], from: '08:30', to: '17:00' }],
    })

    expect(primariesAt(team, '2027-03-28T06:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-03-28T06:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T15:00:00Z')).toEqual([])
    expect(primariesAt(team, '2027-10-31T07:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-10-31T07:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T16:00:00Z')).toEqual([])
  })

  it('starts a weekly shift whose start time does not exist (02:30 on spring-forward night) at 03:30 summer time', () => {
    const team = roster({
      shifts: [{ advisorId: 'adv-03', role: 'primary', weekdays: ['sun'], from: '02:30', to: '06:00' }],
    })

    expect(primariesAt(team, '2027-03-28T01:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-03-28T01:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T03:59:59Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T04:00:00Z')).toEqual([])
  })

  it('starts a weekly shift whose start time exists twice (02:30 on fall-back night) at the first of them', () => {
    const team = roster({
      shifts: [{ advisorId: 'adv-03', role: 'primary', weekdays: ['sun'], from: '02:30', to: '06:00' }],
    })

    expect(primariesAt(team, '2027-10-31T00:29:59Z')).toEqual([])
    expect(primariesAt(team, '2027-10-31T00:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T04:59:59Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T05:00:00Z')).toEqual([])
  })

  it('covers a dated night shift across spring forward: 22:00–07:00 local is eight hours', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'primary', start: '2027-03-27T22:00:00+01:00', end: '2027-03-28T07:00:00+02:00' },
      ],
    })

    expect(primariesAt(team, '2027-03-27T20:59:59Z')).toEqual([])
    expect(primariesAt(team, '2027-03-27T21:00:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T01:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T04:59:59Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-03-28T05:00:00Z')).toEqual([])
  })

  it('covers a dated night shift across fall back: 22:00–07:00 local is ten hours, both 02:30s included', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'primary', start: '2027-10-30T22:00:00+02:00', end: '2027-10-31T07:00:00+01:00' },
      ],
    })

    expect(primariesAt(team, '2027-10-30T20:00:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T00:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T01:30:00Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T05:59:59Z')).toEqual(['adv-03'])
    expect(primariesAt(team, '2027-10-31T06:00:00Z')).toEqual([])
  })
})

describe('Use case: when the next shift starts', () => {
  it('finds Monday 08:30 local from a Friday evening in winter time (07:30 UTC)', () => {
    const next = nextShiftStart(roster(), new Date('2027-01-15T18:00:00+01:00'))

    expect(next?.toISOString()).toBe('2027-01-18T07:30:00.000Z')
  })

  it('finds Monday 08:30 local from a Friday evening in summer time (06:30 UTC)', () => {
    const next = nextShiftStart(roster(), new Date('2027-07-16T18:00:00+02:00'))

    expect(next?.toISOString()).toBe('2027-07-19T06:30:00.000Z')
  })

  it('finds Monday 08:30 summer time from the Friday evening before spring forward', () => {
    const next = nextShiftStart(roster(), new Date('2027-03-26T18:00:00+01:00'))

    expect(next?.toISOString()).toBe('2027-03-29T06:30:00.000Z')
  })

  it('looks for backups when asked', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'backup', start: '2027-01-16T10:00:00+01:00', end: '2027-01-16T14:00:00+01:00' },
      ],
    })

    expect(nextShiftStart(team, new Date('2027-01-15T18:00:00+01:00'), 'backup')?.toISOString()).toBe(
      '2027-01-16T09:00:00.000Z',
    )
    expect(nextShiftStart(team, new Date('2027-01-15T18:00:00+01:00'))?.toISOString()).toBe('2027-01-18T07:30:00.000Z')
  })

  it('takes an earlier dated evening shift first', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-03', role: 'primary', start: '2027-01-15T19:00:00+01:00', end: '2027-01-15T21:00:00+01:00' },
      ],
    })

    expect(nextShiftStart(team, new Date('2027-01-15T18:00:00+01:00'))?.toISOString()).toBe('2027-01-15T18:00:00.000Z')
  })

  it('looks strictly after the moment given, past a shift that is already going on', () => {
    const team = roster()

    expect(nextShiftStart(team, new Date('2027-01-13T08:30:00+01:00'))?.toISOString()).toBe('2027-01-14T07:30:00.000Z')
    expect(nextShiftStart(team, new Date('2027-01-13T12:00:00+01:00'))?.toISOString()).toBe('2027-01-14T07:30:00.000Z')
  })

  it('does not count back-to-back shifts of one advisor as a new start', () => {
    const team = roster({
      shifts: [
        { advisorId: 'adv-01', role: 'primary', start: '2027-01-18T07:00:00+01:00', end: '2027-01-18T08:30:00+01:00' },
      ],
    })

    expect(nextShiftStart(team, new Date('2027-01-18T07:30:00+01:00'))?.toISOString()).toBe('2027-01-19T07:30:00.000Z')
  })

  it('counts the end of an absence in the middle of a weekly shift as a start', () => {
    const team = roster({
      absences: [{ advisorId: 'adv-01', start: '2027-01-18T00:00:00+01:00', end: '2027-01-18T12:00:00+01:00' }],
    })

    expect(nextShiftStart(team, new Date('2027-01-15T18:00:00+01:00'))?.toISOString()).toBe('2027-01-18T11:00:00.000Z')
  })

  it('gives up after 14 days', () => {
    const team = roster({
      absences: [{ advisorId: 'adv-01', start: '2027-01-15T17:00:00+01:00', end: '2027-02-15T00:00:00+01:00' }],
    })
    const withinHorizon = roster({
      absences: [{ advisorId: 'adv-01', start: '2027-01-15T17:00:00+01:00', end: '2027-01-29T08:30:00+01:00' }],
    })

    expect(nextShiftStart(team, new Date('2027-01-15T18:00:00+01:00'))).toBeUndefined()
    expect(nextShiftStart(withinHorizon, new Date('2027-01-15T18:00:00+01:00'))?.toISOString()).toBe(
      '2027-01-29T07:30:00.000Z',
    )
  })
})

describe('Example roster', () => {
  it('has a primary and a backup on a weekday and the evening shift on duty', () => {
    const team = parseRoster(
      JSON.parse(readFileSync(new URL('../../../../config/roster.example.json', import.meta.url), 'utf8')),
    )

    const morning = ids(onDutyAt(team, new Date('2027-01-13T10:00:00+01:00')))
    const evening = ids(onDutyAt(team, new Date('2027-01-14T18:00:00+01:00')))

    expect(morning.primaries).toHaveLength(1)
    expect(morning.backups).toHaveLength(1)
    expect(evening.primaries).toHaveLength(1)
  })
})
