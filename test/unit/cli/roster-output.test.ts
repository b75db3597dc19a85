import { describe, expect, it } from 'vitest'
import { describeAwsError, describeSummary, formatMoment, formatRefusal, formatView } from '../../../bin/roster.ts'
import type { RosterView } from '../../../functions/core/roster/roster-view.ts'

const mondayMorning: RosterView = {
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
  advisors: [],
}

describe('Roster CLI: output', () => {
  it('shows the time zone, the moment, who is on duty and the next primary shift as a text table', () => {
    expect(formatView(mondayMorning)).toBe(
      [
        'Time zone  Europe/Amsterdam',
        'Moment     Monday 11 January 2027 10:00 (UTC+01:00)',
        '',
        'On duty',
        'Role         Id      Name',
        'primary      adv-01  Anouk Verbeek',
        'backup       adv-03  Marloes Kuipers',
        'coordinator  adv-03  Marloes Kuipers',
        'coordinator  adv-05  Priya Ramdin',
        '',
        'Next primary shift starts  Tuesday 12 January 2027 08:30 (UTC+01:00)',
        '',
      ].join('\n'),
    )
  })

  it('says so when nobody is on duty in a role and no primary shift is coming', () => {
    const text = formatView({
      ...mondayMorning,
      onDuty: { primaries: [], backups: [], coordinators: mondayMorning.onDuty.coordinators },
      nextPrimaryShiftStart: null,
    })

    expect(text).toContain('primary      -       (nobody)\n')
    expect(text).toContain('backup       -       (nobody)\n')
    expect(text).toContain('Next primary shift starts  none in the next 14 days\n')
  })

  it('keeps control and bidirectional-override characters off the terminal', () => {
    const text = formatView({
      ...mondayMorning,
      onDuty: { ...mondayMorning.onDuty, primaries: [{ id: 'adv-01', name: 'Anouk\u001b[2J\u202eVerbeek' }] },
    })

    expect(text).toContain('Anouk?[2J?Verbeek')
    expect(text).not.toContain('\u001b')
    expect(text).not.toContain('\u202e')
  })

  it('writes moments with their weekday, the wall-clock time and the offset', () => {
    expect(formatMoment('2027-07-05T10:00:00+02:00')).toBe('Monday 5 July 2027 10:00 (UTC+02:00)')
    expect(formatMoment('2027-01-10T23:00:30+01:00')).toBe('Sunday 10 January 2027 23:00:30 (UTC+01:00)')
    expect(formatMoment('2027-01-10T22:00:00Z')).toBe('Sunday 10 January 2027 22:00 (UTC)')
  })

  it('lists every problem of a refused roster on a line of its own', () => {
    expect(
      formatRefusal('roster.json', [
        'shifts[7].advisorId: unknown advisor "adv-99"',
        'shifts[8].to: must be after from',
      ]),
    ).toBe(
      [
        'The roster in roster.json was refused (2 problems); the roster in force has not changed.',
        '- shifts[7].advisorId: unknown advisor "adv-99"',
        '- shifts[8].to: must be after from',
        '',
      ].join('\n'),
    )
  })

  it('counts what was imported', () => {
    expect(describeSummary({ advisors: 5, shifts: 7, absences: 1 })).toBe('5 advisors, 7 shifts, 1 absence')
    expect(describeSummary({ advisors: 1, shifts: 1, absences: 0 })).toBe('1 advisor, 1 shift, 0 absences')
  })

  it('explains the usual AWS failures', () => {
    const named = (name: string, message = '') => Object.assign(new Error(message), { name })

    expect(describeAwsError(named('ResourceNotFoundException'), 'cases')).toBe(
      'Table cases was not found: check --table and --region.',
    )
    expect(describeAwsError(named('Error', 'Region is missing'), 'cases')).toContain('pass --region or set AWS_REGION')
    expect(
      describeAwsError(named('CredentialsProviderError', 'Could not load credentials from any providers'), 'cases'),
    ).toContain('No AWS credentials found')
    expect(describeAwsError(named('AccessDeniedException'), 'cases')).toContain('AWS refused access to table cases')
  })
})
