import { describe, expect, it } from 'vitest'
import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../../../functions/core/deadlines/business-calendar.ts'
import { caseStatisticsRecord, STATISTICS_DIMENSIONS } from '../../../../functions/core/statistics/statistics.ts'
import { statisticsReport } from '../../../../functions/core/statistics/statistics-report.ts'

const ZONE = 'Europe/Amsterdam'
const deps = { calendar: new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR, () => false), timeZone: ZONE }

/** A stored case as the stream carries it, reduced to what the record reads. */
const record = (reference: string, fields: Record<string, unknown>) =>
  caseStatisticsRecord(
    {
      reference,
      version: 3,
      status: 'received',
      urgency: 'normal',
      channel: 'web',
      topic: 'case',
      createdAt: '2027-01-11T10:00:00+01:00',
      retainUntil: '2029-01-11T00:00:00.000Z',
      ...fields,
    },
    ZONE,
  )

describe('Use case: statistics of a duplicate pair', () => {
  // The same worry sent twice on Monday: the first answered and closed, the second closed as its duplicate.
  const original = record('MAR-AAAA-0001', {
    status: 'closed',
    acknowledgedAt: '2027-01-11T11:00:00+01:00',
    answeredAt: '2027-01-11T15:00:00+01:00',
    closedAt: '2027-01-12T10:00:00+01:00',
    outcome: 'advice-given',
  })
  const duplicate = record('MAR-AAAA-0002', {
    channel: 'email',
    createdAt: '2027-01-11T10:30:00+01:00',
    status: 'closed',
    closedAt: '2027-01-11T12:00:00+01:00',
    outcome: 'duplicate',
    duplicateOf: 'MAR-AAAA-0001',
    breaches: [{ clock: 'acknowledge', dueAt: '2027-01-11T11:30:00+01:00', recordedAt: '2027-01-11T11:30:00+01:00' }],
  })
  const period = { from: '2027-01-01', to: '2027-01-31' }

  it('counts the pair once: the duplicate is in no volume, no deadline figure and no outcome row', () => {
    // Act
    const report = statisticsReport([original, duplicate], period, deps)
    const alone = statisticsReport([original], period, deps)

    // Assert
    expect(duplicate.outcome).toBe('duplicate')
    expect(report).toEqual(alone)
    expect(report.counts.channel.filter((row) => row.count !== 0)).toEqual([
      { month: '2027-01', value: 'web', count: 1 },
    ])
    expect(report.deadlines.map((row) => [row.clock, row.cases, row.breaches])).toEqual([
      ['acknowledge', 1, 0],
      ['respond', 1, 0],
    ])
    expect(STATISTICS_DIMENSIONS.outcome).not.toContain('duplicate')
  })

  it('leaves an open duplicate’s original counted as open at the end, the duplicate not at all', () => {
    // Arrange: the original still open at the end of January.
    const open = record('MAR-AAAA-0003', { status: 'acknowledged', acknowledgedAt: '2027-01-11T11:00:00+01:00' })

    // Act
    const report = statisticsReport([open, duplicate], period, deps)

    // Assert
    expect(report.openAtEnd).toBe(1)
    expect(report.counts.urgency.find((row) => row.value === 'normal')?.count).toBe(1)
  })
})
