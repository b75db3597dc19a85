import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { getDevRoster, putDevRoster } from '../../../local/dev-roster.ts'
import { InMemoryRosterRepository } from '../../fakes/in-memory-roster-repository-cli.ts'

const example = readFileSync('config/roster.example.json', 'utf8')

function setUp(now = '2027-01-11T09:00:00Z') {
  const rosters = new InMemoryRosterRepository()
  return { rosters, clock: { now: () => new Date(now) } }
}

function withBrokenShifts(): string {
  const roster = JSON.parse(example) as { shifts: Record<string, unknown>[] }
  roster.shifts.push(
    { advisorId: 'adv-99', role: 'primary', weekdays: ['sat'], from: '09:00', to: '12:00' },
    { advisorId: 'adv-01', role: 'backup', weekdays: ['sun'], from: '17:00', to: '08:30' },
  )
  return JSON.stringify(roster)
}

const at = (instant: string) => new URLSearchParams({ at: instant })

describe('Dev endpoint: PUT /_dev/roster', () => {
  it('replaces the roster and answers with the counts', async () => {
    const deps = setUp()

    const response = await putDevRoster(example, deps)

    expect(response).toEqual({ status: 200, body: { advisors: 5, shifts: 7, absences: 1 } })
    expect(deps.rosters.versions).toHaveLength(1)
    expect(deps.rosters.versions[0]?.savedAt).toEqual(new Date('2027-01-11T09:00:00Z'))
  })

  it('refuses a roster with problems whole, lists every problem and keeps the roster in force', async () => {
    const deps = setUp()
    await putDevRoster(example, deps)

    const response = await putDevRoster(withBrokenShifts(), deps)

    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: {
        code: 'roster_invalid',
        message: 'The roster is not valid; the roster in force has not changed.',
        problems: [
          'shifts[7].advisorId: unknown advisor "adv-99"',
          'shifts[8].to: must be after from (weekly shifts end on the day they start: use dated shifts for nights)',
        ],
      },
    })
    expect(deps.rosters.versions).toHaveLength(1)
  })

  it('refuses a body that is not JSON', async () => {
    const deps = setUp()

    const response = await putDevRoster('{"timeZone": ', deps)

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'malformed_body' } })
    expect(deps.rosters.versions).toHaveLength(0)
  })
})

describe('Dev endpoint: GET /_dev/roster', () => {
  it('answers 404 while no roster has been imported', async () => {
    const response = await getDevRoster(new URLSearchParams(), setUp())

    expect(response).toMatchObject({ status: 404, body: { error: { code: 'no_roster' } } })
  })

  it('tells who is on duty on a Monday morning, in the roster time zone, without e-mail addresses', async () => {
    const deps = setUp()
    await putDevRoster(example, deps)

    const response = await getDevRoster(at('2027-01-11T10:00:00+01:00'), deps)

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      at: '2027-01-11T10:00:00+01:00',
      onDuty: {
        primaries: [{ id: 'adv-01', name: 'Anouk Verbeek' }],
        backups: [{ id: 'adv-03', name: 'Marloes Kuipers' }],
        coordinators: [
          { id: 'adv-03', name: 'Marloes Kuipers' },
          { id: 'adv-05', name: 'Priya Ramdin' },
        ],
      },
      nextPrimaryShiftStart: '2027-01-12T08:30:00+01:00',
    })
    expect(JSON.stringify(response.body)).not.toContain('@')
    expect((response.body as { advisors: unknown[] }).advisors[2]).toEqual({
      id: 'adv-03',
      name: 'Marloes Kuipers',
      roles: ['advisor', 'coordinator'],
    })
  })

  it('has no primary or backup on a Sunday night, and the next primary shift on Monday', async () => {
    const deps = setUp()
    await putDevRoster(example, deps)

    const response = await getDevRoster(at('2027-01-10T23:00:00+01:00'), deps)

    expect(response.body).toMatchObject({
      onDuty: { primaries: [], backups: [] },
      nextPrimaryShiftStart: '2027-01-11T08:30:00+01:00',
    })
  })

  it('uses the clock when no moment is asked for, and writes a UTC moment in the roster time zone', async () => {
    const deps = setUp('2027-01-11T09:00:00Z')
    await putDevRoster(example, deps)

    const response = await getDevRoster(new URLSearchParams(), deps)

    expect(response.body).toMatchObject({ at: '2027-01-11T10:00:00+01:00' })
  })

  it('reads a moment without an offset in the roster time zone (summer time)', async () => {
    const deps = setUp()
    await putDevRoster(example, deps)

    const response = await getDevRoster(at('2027-07-05T10:00'), deps)

    expect(response.body).toMatchObject({ at: '2027-07-05T10:00:00+02:00', onDuty: { primaries: [{ id: 'adv-01' }] } })
  })

  it.each(['tomorrow', '2027-02-30T10:00', '2027-01-11T24:00', '2027-01-11', ''])(
    'refuses the moment "%s"',
    async (text) => {
      const deps = setUp()
      await putDevRoster(example, deps)

      const response = await getDevRoster(at(text), deps)

      expect(response).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', fields: { at: expect.any(String) } } },
      })
    },
  )
})
