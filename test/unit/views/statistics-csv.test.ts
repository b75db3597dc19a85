import { describe, expect, it } from 'vitest'
import type { StatisticsReport } from '../../../functions/core/statistics/statistics-report.ts'
import { csvCell, statisticsCsv, statisticsCsvFileName } from '../../../functions/views/statistics/csv.ts'

describe('View: statistics as CSV', () => {
  it.each([
    ['plain text', 'web', 'web'],
    ['a number', 12, '12'],
    ['a missing figure', null, ''],
    ['a formula', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a plus', '+31 6 1234', "'+31 6 1234"],
    ['a minus', '-2+3', "'-2+3"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', `"'\r=1"`],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a small cell', '<5', '<5'],
  ])('writes %s safely', (_kind, value, written) => {
    expect(csvCell(value)).toBe(written)
  })

  it('writes a header, a row per month and value, the deadline figures and the cases open at the end', () => {
    // Arrange
    const report: StatisticsReport = {
      from: '2026-12-01',
      to: '2026-12-31',
      published: true,
      months: ['2026-12'],
      counts: {
        channel: [
          { month: '2026-12', value: 'web', count: 7 },
          { month: '2026-12', value: 'email', count: '<5' },
          { month: '2026-12', value: 'phone', count: 0 },
        ],
        topic: [{ month: '2026-12', value: 'unclassified', count: '<5' }],
        requesterType: [],
        sector: [],
        ideology: [],
        signals: [],
        urgency: [],
        outcome: [],
      },
      deadlines: [
        {
          month: '2026-12',
          clock: 'acknowledge',
          cases: 8,
          stopped: 7,
          inTime: 6,
          breaches: '<5',
          inTimeShare: null,
          medianBusinessHours: 1.25,
        },
        {
          month: '2026-12',
          clock: 'respond',
          cases: 8,
          stopped: 5,
          inTime: 5,
          breaches: 0,
          inTimeShare: 1,
          medianBusinessHours: 10,
        },
      ],
      openAtEnd: 6,
    }

    // Act
    const csv = statisticsCsv(report)

    // Assert
    expect(csv).toBe(
      [
        'month,dimension,value,figure',
        '2026-12,channel,web,7',
        '2026-12,channel,email,<5',
        '2026-12,channel,phone,0',
        '2026-12,topic,unclassified,<5',
        '2026-12,deadline:acknowledge,cases,8',
        '2026-12,deadline:acknowledge,stopped,7',
        '2026-12,deadline:acknowledge,inTime,6',
        '2026-12,deadline:acknowledge,breaches,<5',
        '2026-12,deadline:acknowledge,inTimeShare,',
        '2026-12,deadline:acknowledge,medianBusinessHours,1.25',
        '2026-12,deadline:respond,cases,8',
        '2026-12,deadline:respond,stopped,5',
        '2026-12,deadline:respond,inTime,5',
        '2026-12,deadline:respond,breaches,0',
        '2026-12,deadline:respond,inTimeShare,1',
        '2026-12,deadline:respond,medianBusinessHours,10',
        '2026-12,open-at-end,2026-12-31,6',
        '',
      ].join('\r\n'),
    )
    expect(statisticsCsvFileName(report)).toBe('mar-statistieken-2026-12-01-2026-12-31-publicatie.csv')
    expect(statisticsCsvFileName({ ...report, published: false })).toBe('mar-statistieken-2026-12-01-2026-12-31.csv')
  })
})
