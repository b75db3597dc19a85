import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseRoster, RosterInvalidError } from '../../../../functions/core/roster/roster.ts'

const example: unknown = JSON.parse(
  readFileSync(new URL('../../../../config/roster.example.json', import.meta.url), 'utf8'),
)

function validRoster() {
  return {
    timeZone: 'Europe/Amsterdam',
    advisors: [
      { id: 'adv-01', name: 'Anouk Verbeek', email: 'a.verbeek@example.org', roles: ['advisor'] },
      { id: 'adv-02', name: 'Marloes Kuipers', email: 'm.kuipers@example.org', roles: ['advisor', 'coordinator'] },
      { id: 'adv-03', name: 'Priya Ramdin', email: 'p.ramdin@example.org', roles: ['coordinator'] },
    ] as Record<string, unknown>[],
    shifts: [
      { advisorId: 'adv-01', role: 'primary', weekdays: ['mon', 'tue'], from: '08:30', to: '17:00' },
      { advisorId: 'adv-02', role: 'backup', start: '2027-01-14T17:00:00+01:00', end: '2027-01-14T21:00:00+01:00' },
    ] as Record<string, unknown>[],
    absences: [{ advisorId: 'adv-01', start: '2027-01-18T00:00:00+01:00', end: '2027-01-21T00:00:00+01:00' }] as Record<
      string,
      unknown
    >[],
  }
}

function problemsOf(input: unknown): string[] {
  try {
    parseRoster(input)
  } catch (error) {
    if (error instanceof RosterInvalidError) return error.problems
    throw error
  }
  throw new Error('expected the roster to be refused')
}

describe('Schema: roster', () => {
  it('accepts the example roster', () => {
    const roster = parseRoster(example)

    expect(roster.timeZone).toBe('Europe/Amsterdam')
    expect(roster.advisors).toHaveLength(5)
    expect(roster.advisors.filter((advisor) => advisor.roles.includes('coordinator')).length).toBeGreaterThan(0)
    expect(roster.absences).toHaveLength(1)
  })

  it('accepts a valid roster as it is, and a roster without absences as having none', () => {
    const { absences: _absences, ...withoutAbsences } = validRoster()

    expect(parseRoster(validRoster())).toEqual(validRoster())
    expect(parseRoster(withoutAbsences).absences).toEqual([])
  })

  it.each([
    [
      'a shift for an unknown advisor',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = { ...roster.shifts[1], advisorId: 'adv-99' }
      },
      'shifts[1].advisorId: unknown advisor "adv-99"',
    ],
    [
      'an absence of an unknown advisor',
      (roster: ReturnType<typeof validRoster>) => {
        roster.absences[0] = { ...roster.absences[0], advisorId: 'x' }
      },
      'absences[0].advisorId: unknown advisor "x"',
    ],
    [
      'an empty dated shift',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = { ...roster.shifts[1], end: '2027-01-14T17:00:00+01:00' }
      },
      'shifts[1].end: must be after start',
    ],
    [
      'an inverted absence',
      (roster: ReturnType<typeof validRoster>) => {
        roster.absences[0] = { ...roster.absences[0], end: '2027-01-17T00:00:00+01:00' }
      },
      'absences[0].end: must be after start',
    ],
    [
      'an inverted weekly shift (no overnight patterns)',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], from: '22:00', to: '06:00' }
      },
      'shifts[0].to: must be after from (weekly shifts end on the day they start: use dated shifts for nights)',
    ],
    [
      'an empty weekly shift',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], from: '08:30', to: '08:30' }
      },
      'shifts[0].to: must be after from (weekly shifts end on the day they start: use dated shifts for nights)',
    ],
    [
      'a time zone Intl does not know',
      (roster: ReturnType<typeof validRoster>) => {
        roster.timeZone = 'Europe/Rotterdam'
      },
      'timeZone: expected an IANA time zone, e.g. "Europe/Amsterdam"',
    ],
    [
      'a duplicate advisor id',
      (roster: ReturnType<typeof validRoster>) => {
        roster.advisors[2] = { ...roster.advisors[2], id: 'adv-01' }
      },
      'advisors[2].id: duplicate advisor id "adv-01" (also at advisors[0])',
    ],
    [
      'a duplicate e-mail address, whatever its case',
      (roster: ReturnType<typeof validRoster>) => {
        roster.advisors[2] = { ...roster.advisors[2], email: 'A.Verbeek@Example.org' }
      },
      'advisors[2].email: duplicate e-mail address (same as advisors[0].email)',
    ],
    [
      'a weekday that is not one',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], weekdays: ['mon', 'maandag'] }
      },
      'shifts[0].weekdays[1]: expected one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"',
    ],
    [
      'a weekday listed twice',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], weekdays: ['mon', 'mon'] }
      },
      'shifts[0].weekdays[1]: duplicate weekday "mon"',
    ],
    [
      'a time past the end of the day',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], to: '25:00' }
      },
      'shifts[0].to: expected a time as "HH:MM", 00:00 to 23:59',
    ],
    [
      'a time without its leading zero',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], from: '8:30' }
      },
      'shifts[0].from: expected a time as "HH:MM", 00:00 to 23:59',
    ],
    [
      'a date-time without an offset',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = { ...roster.shifts[1], start: '2027-01-14T17:00:00' }
      },
      'shifts[1].start: expected an ISO 8601 date and time with an offset, e.g. "2027-03-29T08:30:00+02:00"',
    ],
    [
      'a summer-time offset in winter',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = { ...roster.shifts[1], start: '2027-01-14T17:00:00+02:00' }
      },
      'shifts[1].start: offset +02:00 is not the offset of Europe/Amsterdam at that moment (+01:00)',
    ],
    [
      'an invalid e-mail address',
      (roster: ReturnType<typeof validRoster>) => {
        roster.advisors[0] = { ...roster.advisors[0], email: 'a.verbeek@example' }
      },
      'advisors[0].email: expected a valid e-mail address',
    ],
    [
      'a shift for someone without the advisor role',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = { ...roster.shifts[1], advisorId: 'adv-03' }
      },
      'shifts[1].advisorId: advisor "adv-03" does not have the "advisor" role that shifts need',
    ],
    [
      'an advisor without roles',
      (roster: ReturnType<typeof validRoster>) => {
        roster.advisors[0] = { ...roster.advisors[0], roles: [] }
      },
      'advisors[0].roles: expected at least one role',
    ],
    [
      'an unknown shift role',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], role: 'standby' }
      },
      'shifts[0].role: expected one of "primary", "backup"',
    ],
    [
      'an unknown key in an advisor',
      (roster: ReturnType<typeof validRoster>) => {
        roster.advisors[1] = { ...roster.advisors[1], phone: '0612345678' }
      },
      'advisors[1].phone: unknown key',
    ],
    [
      'an unknown key in the roster',
      (roster: ReturnType<typeof validRoster>) => {
        Object.assign(roster, { version: 2 })
      },
      'version: unknown key',
    ],
    [
      'a shift with keys of both kinds',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[0] = { ...roster.shifts[0], start: '2027-01-14T17:00:00+01:00' }
      },
      'shifts[0].start: unknown key',
    ],
    [
      'a missing field',
      (roster: ReturnType<typeof validRoster>) => {
        const { role: _role, ...withoutRole } = roster.shifts[1] ?? {}
        roster.shifts[1] = withoutRole
      },
      'shifts[1].role: required',
    ],
    [
      'a shift that is not an object',
      (roster: ReturnType<typeof validRoster>) => {
        roster.shifts[1] = 'adv-02 on Thursday evening' as unknown as Record<string, unknown>
      },
      'shifts[1]: expected an object',
    ],
  ])('refuses %s', (_kind, spoil, expected) => {
    const roster = validRoster()
    spoil(roster)

    const problems = problemsOf(roster)

    expect(problems).toEqual([expected])
  })

  it('refuses something that is not an object', () => {
    expect(problemsOf(['Europe/Amsterdam'])).toEqual(['roster: expected an object'])
  })

  it('refuses the roster whole, listing every problem at once in file order', () => {
    const roster = validRoster()
    roster.timeZone = 'Mars/Olympus'
    roster.advisors[2] = { ...roster.advisors[2], id: 'adv-01' }
    roster.shifts[0] = { ...roster.shifts[0], advisorId: 'adv-09', from: '8:30', weekdays: ['zon'] }
    roster.absences[0] = { ...roster.absences[0], end: roster.absences[0]?.start }

    let refusal: unknown
    try {
      parseRoster(roster)
    } catch (error) {
      refusal = error
    }

    expect(refusal).toBeInstanceOf(RosterInvalidError)
    expect((refusal as RosterInvalidError).name).toBe('RosterInvalidError')
    expect((refusal as RosterInvalidError).problems).toEqual([
      'timeZone: expected an IANA time zone, e.g. "Europe/Amsterdam"',
      'advisors[2].id: duplicate advisor id "adv-01" (also at advisors[0])',
      'shifts[0].weekdays[0]: expected one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"',
      'shifts[0].from: expected a time as "HH:MM", 00:00 to 23:59',
      'shifts[0].advisorId: unknown advisor "adv-09"',
      'absences[0].end: must be after start',
    ])
    expect((refusal as RosterInvalidError).message).toContain('6 problems')
    expect((refusal as RosterInvalidError).message).toContain('- shifts[0].advisorId: unknown advisor "adv-09"')
  })

  it('never echoes a name or an e-mail address in its problems', () => {
    const roster = validRoster()
    roster.advisors[0] = { ...roster.advisors[0], name: 'Anouk\u0007Verbeek', roles: ['advisor', 'advisor'] }
    roster.advisors[1] = { ...roster.advisors[1], email: 'm.kuipers@example', 'Marloes Kuipers': true }
    roster.advisors[2] = { ...roster.advisors[2], email: 'A.VERBEEK@example.org' }
    roster.shifts[1] = { ...roster.shifts[1], advisorId: 'p.ramdin@example.org' }
    roster.absences[0] = { ...roster.absences[0], advisorId: 'Priya Ramdin' }

    const refusal = (() => {
      try {
        parseRoster(roster)
      } catch (error) {
        return error as RosterInvalidError
      }
      throw new Error('expected the roster to be refused')
    })()

    expect(refusal.problems.length).toBeGreaterThanOrEqual(6)
    for (const personal of ['Anouk', 'Verbeek', 'Marloes', 'Kuipers', 'Priya', 'Ramdin', '@example']) {
      expect(refusal.message.toLowerCase()).not.toContain(personal.toLowerCase())
    }
  })
})
