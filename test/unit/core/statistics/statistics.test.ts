import { describe, expect, it } from 'vitest'
import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../../../functions/core/deadlines/business-calendar.ts'
import { ForbiddenError, ValidationError } from '../../../../functions/core/shared/errors.ts'
import { caseStatisticsRecord, statisticsKey } from '../../../../functions/core/statistics/statistics.ts'
import { parseStatisticsQuery, readStatistics } from '../../../../functions/core/statistics/statistics-query.ts'
import type { CaseStatisticsRecord } from '../../../../functions/core/statistics/statistics-record.ts'
import {
  type CountRow,
  type DeadlineRow,
  publishable,
  type StatisticsReport,
  statisticsReport,
} from '../../../../functions/core/statistics/statistics-report.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { InMemoryCaseStatistics } from '../../../fakes/in-memory-case-statistics.ts'
import { InMemoryRosterRepository } from '../../../fakes/in-memory-roster-repository.ts'
import { exampleRoster } from '../../../fakes/workflow-dependencies.ts'

const ZONE = 'Europe/Amsterdam'
/** Mon–Fri 08:30–17:00 Amsterdam; none of the dates below is a Dutch holiday. */
const calendar = new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR, () => false)
const deps = { calendar, timeZone: ZONE, clock: { now: () => new Date('2026-12-15T10:00:00.000Z') } }

let counter = 0
/** A stored case as the stream carries it: only what the test names, plus content a record must never take. */
function stored(fields: Record<string, unknown>): Record<string, unknown> {
  counter++
  return {
    reference: `MAR-TEST-${String(counter).padStart(4, '0')}`,
    version: 3,
    status: 'received',
    urgency: 'normal',
    description: 'Sentinel beschrijving Qx7',
    email: 'sentinel@example.nl',
    name: 'Sentinel Naam',
    receiptHash: 'scrypt$sentinel',
    retainUntil: '2028-12-31T00:00:00.000Z',
    ...fields,
  }
}

const record = (fields: Record<string, unknown>) => caseStatisticsRecord(stored(fields), ZONE)

/**
 * The cases of the hand-checked tables. Amsterdam is on summer time (+02:00) until 25 October 2026, winter time
 * (+01:00) after. Business hours are counted by hand in the comments.
 */
const CASES = {
  // October: three cases.
  a: record({
    channel: 'web',
    topic: 'question',
    requesterType: 'private',
    ideology: 'jihadism',
    signals: ['isolation', 'hostility'],
    createdAt: '2026-10-05T09:00:00+02:00', // Monday
    acknowledgedAt: '2026-10-05T10:30:00+02:00', // 1.5 h
    answeredAt: '2026-10-06T09:00:00+02:00', // Mon 09:00–17:00 8 h + Tue 08:30–09:00 0.5 h = 8.5 h
    closedAt: '2026-10-07T12:00:00+02:00',
    outcome: 'advice-given',
    status: 'closed',
  }),
  b: record({
    channel: 'phone',
    topic: 'case',
    requesterType: 'professional',
    sector: 'education',
    urgency: 'urgent',
    createdAt: '2026-10-15T14:00:00+02:00', // Thursday
    acknowledgedAt: '2026-10-15T14:00:00+02:00', // 0 h
    // No answer (a phone case): the respond clock stopped at the close, Thu 14:00–17:00 3 h + Fri 08:30–10:00 1.5 h.
    closedAt: '2026-10-16T10:00:00+02:00',
    outcome: 'referred',
    status: 'closed',
  }),
  c: record({
    channel: 'email',
    // A mail not yet classified: no topic, requester type or sector.
    createdAt: '2026-10-31T23:30:00+01:00', // Saturday, 23:30 local on the month's last day (22:30 UTC)
    acknowledgedAt: '2026-11-02T13:30:00+01:00', // Monday 08:30–13:30: 5 h
    breaches: [{ clock: 'acknowledge', dueAt: '2026-11-02T11:30:00.000Z', recordedAt: '2026-11-02T11:30:00.000Z' }],
    status: 'acknowledged',
  }),
  // November: two cases.
  d: record({
    channel: 'web',
    topic: 'training',
    requesterType: 'professional',
    sector: 'care',
    ideology: 'unknown',
    signals: ['extreme-ideas'],
    createdAt: '2026-11-09T08:00:00+01:00', // Monday, before opening: the clocks start at 08:30
    acknowledgedAt: '2026-11-09T10:30:00+01:00', // 2 h
    answeredAt: '2026-11-11T12:30:00+01:00', // Mon 8.5 h + Tue 8.5 h + Wed 08:30–12:30 4 h = 21 h
    closedAt: '2026-11-12T09:00:00+01:00',
    outcome: 'training-info',
    status: 'closed',
  }),
  e: record({
    channel: 'web',
    topic: 'question',
    requesterType: 'private',
    ideology: 'extreme-right',
    signals: [],
    createdAt: '2026-11-30T23:30:00+01:00', // Monday 23:30, the month's last day
    breaches: [{ clock: 'acknowledge', dueAt: '2026-12-01T15:30:00.000Z', recordedAt: '2026-12-01T15:30:00.000Z' }],
    status: 'assigned',
  }),
  // December: three cases.
  f: record({
    channel: 'web',
    topic: 'case',
    requesterType: 'professional',
    sector: 'welfare',
    ideology: 'polarisation',
    signals: ['intimidation', 'glorifying-violence'],
    urgency: 'urgent',
    createdAt: '2026-11-30T23:15:00.000Z', // 1 December 00:15 in Amsterdam: December, though November in UTC
    acknowledgedAt: '2026-12-01T09:30:00+01:00', // 1 h
    answeredAt: '2026-12-01T16:30:00+01:00', // 8 h
    closedAt: '2026-12-02T10:00:00+01:00',
    outcome: 'no-concern',
    status: 'closed',
  }),
  g: record({
    channel: 'phone',
    topic: 'question',
    requesterType: 'private',
    ideology: 'left-wing',
    signals: ['family-break'],
    createdAt: '2026-12-04T16:30:00+01:00', // Friday
    acknowledgedAt: '2026-12-04T16:30:00+01:00', // 0 h
    pausedBusinessMinutes: 90,
    breaches: [{ clock: 'respond', dueAt: '2026-12-11T15:30:00.000Z', recordedAt: '2026-12-11T15:30:00.000Z' }],
    status: 'acknowledged',
  }),
  h: record({
    channel: 'web',
    topic: 'question',
    requesterType: 'private',
    createdAt: '2026-12-31T23:30:00+01:00', // the period's last day, 23:30 local
    status: 'unassigned',
  }),
  // After the period: 1 January 00:30 in Amsterdam (still 31 December in UTC).
  i: record({ channel: 'web', topic: 'question', createdAt: '2027-01-01T00:30:00+01:00' }),
  // Before the period: still open at its end (j, and k2 closed only after it), or closed before it (k).
  j: record({ channel: 'web', topic: 'question', createdAt: '2026-09-15T10:00:00+02:00' }),
  k: record({
    channel: 'web',
    topic: 'question',
    createdAt: '2026-09-10T10:00:00+02:00',
    closedAt: '2026-09-20T10:00:00+02:00',
    outcome: 'withdrawn',
  }),
  k2: record({
    channel: 'web',
    topic: 'question',
    createdAt: '2026-09-01T10:00:00+02:00',
    closedAt: '2027-01-04T10:00:00+01:00',
    outcome: 'advice-given',
  }),
}

const PERIOD = { from: '2026-10-01', to: '2026-12-31' }
const report = () => statisticsReport(Object.values(CASES), PERIOD, deps)

/** A dimension's table as { month: { value: count } }, to compare with the tables written by hand. */
function table(rows: CountRow[]): Record<string, Record<string, CountRow['count']>> {
  const result: Record<string, Record<string, CountRow['count']>> = {}
  for (const row of rows) {
    const month = result[row.month] ?? {}
    month[row.value] = row.count
    result[row.month] = month
  }
  return result
}

function deadline(rows: DeadlineRow[], month: string, clock: DeadlineRow['clock']) {
  const {
    month: _month,
    clock: _clock,
    ...figures
  } = rows.find((row) => row.month === month && row.clock === clock) ?? {}
  return figures
}

describe('Statistics: the record of a case', () => {
  it('keeps only the dimensions and deadline facts, keyed by a hash of the reference', () => {
    // Arrange
    const source = stored({
      reference: 'MAR-ABCD-EFGH',
      channel: 'web',
      topic: 'case',
      requesterType: 'professional',
      sector: 'care',
      signals: ['isolation', 'isolation'],
      createdAt: '2026-12-04T16:30:00+01:00',
      acknowledgedAt: '2026-12-07T09:00:00+01:00',
      pausedBusinessMinutes: 30,
      breaches: [
        { clock: 'respond', dueAt: '2026-12-10T10:00:00.000Z', recordedAt: '2026-12-10T10:00:00.000Z' },
        { clock: 'respond', dueAt: '2026-12-20T10:00:00.000Z', recordedAt: '2026-12-20T10:00:00.000Z' },
      ],
      organisation: 'Sentinel School',
    })

    // Act
    const made = caseStatisticsRecord(source, ZONE)

    // Assert
    expect(made).toEqual({
      caseKey: statisticsKey('MAR-ABCD-EFGH'),
      caseVersion: 3,
      month: '2026-12',
      createdAt: '2026-12-04T15:30:00.000Z',
      channel: 'web',
      urgency: 'normal',
      topic: 'case',
      requesterType: 'professional',
      sector: 'care',
      signals: ['isolation'],
      acknowledgedAt: '2026-12-07T08:00:00.000Z',
      pausedBusinessMinutes: 30,
      breaches: { acknowledge: 0, respond: 2 },
    })
    expect(statisticsKey('MAR-ABCD-EFGH')).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(made)).not.toMatch(/MAR-ABCD|Sentinel|sentinel|scrypt/)
  })

  it('files a case by its month in Amsterdam: 23:30 on the last day of a month belongs to that month', () => {
    expect(CASES.c.month).toBe('2026-10')
    expect(CASES.e.month).toBe('2026-11')
    expect(CASES.f.month).toBe('2026-12')
    expect(CASES.i.month).toBe('2027-01')
  })
})

describe('Statistics: the figures of a period (hand-checked tables)', () => {
  it('lists every month the period touches', () => {
    expect(report().months).toEqual(['2026-10', '2026-11', '2026-12'])
  })

  it('counts per month by channel', () => {
    expect(table(report().counts.channel)).toEqual({
      '2026-10': { web: 1, email: 1, phone: 1 },
      '2026-11': { web: 2, email: 0, phone: 0 },
      '2026-12': { web: 2, email: 0, phone: 1 },
    })
  })

  it('counts per month by topic, an unclassified mail in its own bucket', () => {
    expect(table(report().counts.topic)).toEqual({
      '2026-10': { question: 1, case: 1, training: 0, unclassified: 1 },
      '2026-11': { question: 1, case: 0, training: 1, unclassified: 0 },
      '2026-12': { question: 2, case: 1, training: 0, unclassified: 0 },
    })
  })

  it('counts per month by requester type, sector and ideology, with a bucket for “not given”', () => {
    const figures = report()
    expect(table(figures.counts.requesterType)).toEqual({
      '2026-10': { professional: 1, private: 1, 'not-given': 1 },
      '2026-11': { professional: 1, private: 1, 'not-given': 0 },
      '2026-12': { professional: 1, private: 2, 'not-given': 0 },
    })
    expect(table(figures.counts.sector)).toEqual({
      '2026-10': { care: 0, education: 1, welfare: 0, other: 0, 'not-given': 2 },
      '2026-11': { care: 1, education: 0, welfare: 0, other: 0, 'not-given': 1 },
      '2026-12': { care: 0, education: 0, welfare: 1, other: 0, 'not-given': 2 },
    })
    const none = {
      'extreme-right': 0,
      'left-wing': 0,
      'animal-rights': 0,
      jihadism: 0,
      polarisation: 0,
      returnee: 0,
      other: 0,
      unknown: 0,
    }
    expect(table(figures.counts.ideology)).toEqual({
      '2026-10': { ...none, jihadism: 1, 'not-given': 2 },
      '2026-11': { ...none, unknown: 1, 'extreme-right': 1, 'not-given': 0 },
      '2026-12': { ...none, polarisation: 1, 'left-wing': 1, 'not-given': 1 },
    })
  })

  it('counts a case under each signal it names, and under “none” when it names none', () => {
    const none = {
      isolation: 0,
      'family-break': 0,
      hostility: 0,
      'glorifying-violence': 0,
      intimidation: 0,
      'extreme-ideas': 0,
      other: 0,
    }
    expect(table(report().counts.signals)).toEqual({
      '2026-10': { ...none, isolation: 1, hostility: 1, none: 2 },
      '2026-11': { ...none, 'extreme-ideas': 1, none: 1 },
      '2026-12': { ...none, intimidation: 1, 'glorifying-violence': 1, 'family-break': 1, none: 1 },
    })
  })

  it('counts per month by urgency and outcome, an open case as “open”', () => {
    const figures = report()
    expect(table(figures.counts.urgency)).toEqual({
      '2026-10': { normal: 2, urgent: 1 },
      '2026-11': { normal: 2, urgent: 0 },
      '2026-12': { normal: 2, urgent: 1 },
    })
    const outcomes = { 'advice-given': 0, referred: 0, 'no-concern': 0, 'training-info': 0, withdrawn: 0 }
    expect(table(figures.counts.outcome)).toEqual({
      '2026-10': { ...outcomes, 'advice-given': 1, referred: 1, open: 1 },
      '2026-11': { ...outcomes, 'training-info': 1, open: 1 },
      '2026-12': { ...outcomes, 'no-concern': 1, open: 2 },
    })
  })

  it('gives each month’s deadline compliance per clock: in time, breaches, shares and medians in business hours', () => {
    const rows = report().deadlines

    expect(rows.map((row) => `${row.month} ${row.clock}`)).toEqual([
      '2026-10 acknowledge',
      '2026-10 respond',
      '2026-11 acknowledge',
      '2026-11 respond',
      '2026-12 acknowledge',
      '2026-12 respond',
    ])
    // October: acknowledged after 1.5, 0 and 5 h (the last one breached); answered after 8.5 h, closed after 4.5 h.
    expect(deadline(rows, '2026-10', 'acknowledge')).toEqual({
      cases: 3,
      stopped: 3,
      inTime: 2,
      breaches: 1,
      inTimeShare: 0.667,
      medianBusinessHours: 1.5,
    })
    expect(deadline(rows, '2026-10', 'respond')).toEqual({
      cases: 3,
      stopped: 2,
      inTime: 2,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 6.5,
    })
    // November: one acknowledged after 2 h and answered after 21 h; one never acknowledged, breached.
    expect(deadline(rows, '2026-11', 'acknowledge')).toEqual({
      cases: 2,
      stopped: 1,
      inTime: 1,
      breaches: 1,
      inTimeShare: 0.5,
      medianBusinessHours: 2,
    })
    expect(deadline(rows, '2026-11', 'respond')).toEqual({
      cases: 2,
      stopped: 1,
      inTime: 1,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 21,
    })
    // December: acknowledged after 1 h and 0 h; one answered after 8 h, one breached and still running, one new.
    expect(deadline(rows, '2026-12', 'acknowledge')).toEqual({
      cases: 3,
      stopped: 2,
      inTime: 2,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 0.5,
    })
    expect(deadline(rows, '2026-12', 'respond')).toEqual({
      cases: 3,
      stopped: 1,
      inTime: 1,
      breaches: 1,
      inTimeShare: 0.5,
      medianBusinessHours: 8,
    })
  })

  it('counts the cases open at the end of the period, also those that came in before it', () => {
    // c, e, g, h of the period; j (September, never closed) and k2 (September, closed only in January).
    expect(report().openAtEnd).toBe(6)
  })

  it('gives zeros and no shares or medians for a month without cases', () => {
    const quiet = statisticsReport([], { from: '2027-02-01', to: '2027-02-28' }, deps)

    expect(quiet.months).toEqual(['2027-02'])
    expect(table(quiet.counts.channel)).toEqual({ '2027-02': { web: 0, email: 0, phone: 0 } })
    expect(deadline(quiet.deadlines, '2027-02', 'respond')).toEqual({
      cases: 0,
      stopped: 0,
      inTime: 0,
      breaches: 0,
      inTimeShare: null,
      medianBusinessHours: null,
    })
    expect(quiet.openAtEnd).toBe(0)
  })

  it('leaves out the days of a month outside the period, but still counts them for open at the end', () => {
    // Arrange: 1–15 December 2026 holds f and g; h (31 December) is after it.
    const half = statisticsReport(Object.values(CASES), { from: '2026-12-01', to: '2026-12-15' }, deps)

    // Assert
    expect(table(half.counts.channel)).toEqual({ '2026-12': { web: 1, email: 0, phone: 1 } })
    // c, e, g; j and k2 from before. h came in after the 15th.
    expect(half.openAtEnd).toBe(5)
  })
})

describe('Statistics: small cells hidden for publication', () => {
  const row = (figures: Partial<DeadlineRow>): DeadlineRow => ({
    month: '2026-10',
    clock: 'acknowledge',
    cases: 0,
    stopped: 0,
    inTime: 0,
    breaches: 0,
    inTimeShare: null,
    medianBusinessHours: null,
    ...figures,
  })
  const exact: StatisticsReport = {
    from: '2026-10-01',
    to: '2026-10-31',
    published: false,
    months: ['2026-10'],
    counts: {
      channel: [
        { month: '2026-10', value: 'web', count: 0 },
        { month: '2026-10', value: 'email', count: 1 },
        { month: '2026-10', value: 'phone', count: 4 },
      ],
      topic: [
        { month: '2026-10', value: 'question', count: 5 },
        { month: '2026-10', value: 'case', count: 12 },
      ],
      requesterType: [],
      sector: [],
      ideology: [],
      signals: [],
      urgency: [],
      outcome: [],
    },
    deadlines: [
      row({ cases: 20, stopped: 18, inTime: 15, breaches: 3, inTimeShare: 0.833, medianBusinessHours: 2.5 }),
      row({
        clock: 'respond',
        cases: 20,
        stopped: 12,
        inTime: 12,
        breaches: 0,
        inTimeShare: 1,
        medianBusinessHours: 9,
      }),
      row({ month: '2026-11', cases: 4, stopped: 4, inTime: 4, breaches: 0, inTimeShare: 1, medianBusinessHours: 1 }),
    ],
    openAtEnd: 3,
  }

  it('shows “<5” for every count from 1 to 4, and 0 and counts of 5 or more as they are', () => {
    const published = publishable(exact)

    expect(published.published).toBe(true)
    expect(published.counts.channel.map((cell) => cell.count)).toEqual([0, '<5', '<5'])
    expect(published.counts.topic.map((cell) => cell.count)).toEqual([5, 12])
    expect(published.openAtEnd).toBe('<5')
  })

  it('leaves out a share that rests on a small count, and a median of fewer than 5 cases', () => {
    const [first, second, third] = publishable(exact).deadlines

    // 15 in time and 3 breaches: the share would give the 3 away.
    expect(first).toEqual(
      row({ cases: 20, stopped: 18, inTime: 15, breaches: '<5', inTimeShare: null, medianBusinessHours: 2.5 }),
    )
    // 12 in time, 0 breaches: nothing small.
    expect(second).toEqual(
      row({
        clock: 'respond',
        cases: 20,
        stopped: 12,
        inTime: 12,
        breaches: 0,
        inTimeShare: 1,
        medianBusinessHours: 9,
      }),
    )
    expect(third).toEqual(
      row({
        month: '2026-11',
        cases: '<5',
        stopped: '<5',
        inTime: '<5',
        breaches: 0,
        inTimeShare: null,
        medianBusinessHours: null,
      }),
    )
  })

  it('leaves the exact report as it was', () => {
    publishable(exact)
    expect(exact.counts.channel.map((cell) => cell.count)).toEqual([0, 1, 4])
    expect(exact.published).toBe(false)
  })
})

describe('Statistics: the query', () => {
  it('takes a period with both days, the format and publish', () => {
    expect(parseStatisticsQuery({ from: '2026-10-01', to: '2026-12-31' })).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
      format: 'json',
      publish: false,
    })
    expect(parseStatisticsQuery({ from: '2026-12-31', to: '2026-12-31', format: 'csv', publish: 'true' })).toEqual({
      from: '2026-12-31',
      to: '2026-12-31',
      format: 'csv',
      publish: true,
    })
  })

  it.each([
    [
      'a date that does not exist',
      { from: '2026-02-30', to: '2026-03-31' },
      { from: expect.stringContaining('bestaande datum') },
    ],
    ['a month 13', { from: '2026-01-01', to: '2026-13-01' }, { to: expect.stringContaining('bestaande datum') }],
    ['another shape', { from: '1-10-2026', to: '2026-12-31' }, { from: expect.stringContaining('bestaande datum') }],
    [
      'a date and time',
      { from: '2026-10-01', to: '2026-12-31T00:00' },
      { to: expect.stringContaining('bestaande datum') },
    ],
    ['no dates', {}, { from: 'Vul een datum in als JJJJ-MM-DD.', to: 'Vul een datum in als JJJJ-MM-DD.' }],
    ['an empty date', { from: '', to: '2026-12-31' }, { from: 'Vul een datum in als JJJJ-MM-DD.' }],
    ['from after to', { from: '2026-12-31', to: '2026-12-30' }, { to: 'De einddatum ligt vóór de begindatum.' }],
    [
      'more than 60 months',
      { from: '2022-01-01', to: '2027-01-01' },
      { to: 'Kies een periode van hoogstens 60 maanden.' },
    ],
    [
      'an unknown format',
      { from: '2026-10-01', to: '2026-12-31', format: 'xlsx' },
      { format: 'Kies een van: json, csv, excel.' },
    ],
    [
      'publish not true or false',
      { from: '2026-10-01', to: '2026-12-31', publish: 'yes' },
      { publish: 'Kies true of false.' },
    ],
    [
      'an unknown parameter (counted, not named)',
      { from: '2026-10-01', to: '2026-12-31', secret: 'x' },
      { _query: '1 onbekende parameter(s); toegestaan: from, to, period, format, publish.' },
    ],
  ])('refuses %s, naming the field', (_kind, query, fields) => {
    let caught: unknown
    try {
      parseStatisticsQuery(query)
    } catch (error) {
      caught = error
    }

    expect(caught).toBeInstanceOf(ValidationError)
    expect(fieldMessages(caught as ValidationError)).toEqual(fields)
  })

  it('takes period=current-month as the 1st of the month of the given day through that day, and nothing else', () => {
    expect(parseStatisticsQuery({ period: 'current-month', format: 'excel' }, '2027-01-31')).toEqual({
      from: '2027-01-01',
      to: '2027-01-31',
      format: 'excel',
      publish: false,
    })
    const refused = (query: Record<string, string>, today?: string) => {
      try {
        parseStatisticsQuery(query, today)
      } catch (error) {
        return fieldMessages(error as ValidationError)
      }
      return undefined
    }
    expect(refused({ period: 'current-month', from: '2026-10-01' }, '2026-12-15')).toEqual({
      period: 'Geef een periode óf een begin- en einddatum, niet allebei.',
    })
    expect(refused({ period: 'last-year' }, '2026-12-15')).toEqual({ period: 'Kies een van: current-month.' })
    expect(refused({ period: 'current-month' })).toEqual({ period: 'Kies een van: current-month.' })
  })

  it('takes exactly 60 months, and 29 February in a leap year', () => {
    expect(parseStatisticsQuery({ from: '2022-01-01', to: '2026-12-31' }).to).toBe('2026-12-31')
    expect(parseStatisticsQuery({ from: '2028-02-29', to: '2028-02-29' }).from).toBe('2028-02-29')
  })
})

describe('Use case: an advisor reads the statistics', () => {
  async function setUp(records: CaseStatisticsRecord[]) {
    const statistics = new InMemoryCaseStatistics()
    for (const one of records) {
      await statistics.addMonth(one.month)
      await statistics.put(one)
    }
    const read: string[] = []
    const recordsOf = statistics.recordsOf.bind(statistics)
    statistics.recordsOf = async (month) => {
      read.push(month)
      return recordsOf(month)
    }
    return { statistics, read, rosters: new InMemoryRosterRepository(exampleRoster()) }
  }

  it('reads one month at a time: the period’s, and the earlier months that have records, never later ones', async () => {
    // Arrange
    const { statistics, read, rosters } = await setUp(Object.values(CASES))

    // Act
    const { report: figures } = await readStatistics(
      { from: '2026-10-01', to: '2026-12-31' },
      { id: 'adv-01', roles: ['advisor'] },
      { statistics, rosters, ...deps },
    )

    // Assert
    expect(read.sort()).toEqual(['2026-09', '2026-10', '2026-11', '2026-12'])
    expect(figures.openAtEnd).toBe(6)
    expect(figures.published).toBe(false)
  })

  it('hides small cells when asked to publish', async () => {
    const { statistics, rosters } = await setUp(Object.values(CASES))

    const { report: figures } = await readStatistics(
      { from: '2026-10-01', to: '2026-12-31', publish: 'true' },
      { id: 'adv-01', roles: ['advisor'] },
      { statistics, rosters, ...deps },
    )

    expect(figures.published).toBe(true)
    expect(table(figures.counts.channel)['2026-11']).toEqual({ web: '<5', email: 0, phone: 0 })
    expect(figures.openAtEnd).toBe(6)
  })

  it('reads the current month by the stack’s clock in the calendar’s zone, not the computer’s date', async () => {
    const { statistics, rosters } = await setUp([])
    // 31 December 23:30 UTC is already 1 January in Amsterdam.
    const clock = { now: () => new Date('2026-12-31T23:30:00.000Z') }

    const { report } = await readStatistics(
      { period: 'current-month' },
      { id: 'adv-01', roles: ['advisor'] },
      { statistics, rosters, ...deps, clock },
    )

    expect([report.from, report.to, report.months]).toEqual(['2027-01-01', '2027-01-01', ['2027-01']])
  })

  it('refuses someone who is not on the roster in force before looking at the query', async () => {
    const { statistics, rosters, read } = await setUp(Object.values(CASES))

    const reading = readStatistics(
      { from: 'nonsense' },
      { id: 'adv-99', roles: ['advisor'] },
      { statistics, rosters, ...deps },
    )

    await expect(reading).rejects.toBeInstanceOf(ForbiddenError)
    expect(read).toEqual([])
  })
})
