import { describe, expect, it } from 'vitest'
import type { StatisticsReport } from '../../../functions/core/statistics/statistics-report.ts'
import { statisticsExcelCsv, statisticsExcelFileName } from '../../../functions/views/statistics/excel-csv.ts'
import { dutchNumber, parseDutchCsv } from '../../support/dutch-csv.ts'

function report(published: boolean): StatisticsReport {
  return {
    from: '2026-11-01',
    to: '2026-12-31',
    published,
    months: ['2026-11', '2026-12'],
    counts: {
      channel: [
        { month: '2026-11', value: 'web', count: 1234 },
        { month: '2026-11', value: 'email', count: published ? '<5' : 3 },
        { month: '2026-12', value: 'phone', count: 0 },
      ],
      topic: [{ month: '2026-12', value: 'unclassified', count: 2 }],
      requesterType: [{ month: '2026-12', value: 'not-given', count: 5 }],
      sector: [{ month: '2026-12', value: 'education', count: 6 }],
      ideology: [],
      signals: [{ month: '2026-12', value: 'none', count: 7 }],
      urgency: [{ month: '2026-12', value: 'urgent', count: 8 }],
      outcome: [{ month: '2026-12', value: 'open', count: 9 }],
    },
    deadlines: [
      {
        month: '2026-11',
        clock: 'acknowledge',
        cases: 15,
        stopped: 15,
        inTime: 14,
        breaches: 1,
        inTimeShare: 0.933,
        medianBusinessHours: 1.25,
      },
      {
        month: '2026-11',
        clock: 'respond',
        cases: 15,
        stopped: 10,
        inTime: 10,
        breaches: 0,
        inTimeShare: 1,
        medianBusinessHours: null,
      },
    ],
    openAtEnd: 4,
  }
}

describe('View: statistics for a Dutch spreadsheet (format=excel)', () => {
  it('starts with a byte-order mark, separates by semicolons and writes Dutch labels, read back by a parser', () => {
    // Act
    const { byteOrderMark, rows } = parseDutchCsv(statisticsExcelCsv(report(false)))

    // Assert
    expect(byteOrderMark).toBe(true)
    expect(rows[0]).toEqual(['Maand', 'Indeling', 'Waarde', 'Aantal'])
    expect(rows.every((row) => row.length === 4)).toBe(true)
    expect(rows).toContainEqual(['november 2026', 'Kanaal', 'Webformulier', '1234'])
    expect(rows).toContainEqual(['november 2026', 'Kanaal', 'E-mail', '3'])
    expect(rows).toContainEqual(['december 2026', 'Kanaal', 'Telefoon', '0'])
    expect(rows).toContainEqual(['december 2026', 'Onderwerp', 'Nog niet ingedeeld', '2'])
    expect(rows).toContainEqual(['december 2026', 'Melder', 'Niet opgegeven', '5'])
    expect(rows).toContainEqual(['december 2026', 'Sector', 'Onderwijs', '6'])
    expect(rows).toContainEqual(['december 2026', 'Signalen', 'Geen signalen', '7'])
    expect(rows).toContainEqual(['december 2026', 'Urgentie', 'Urgent', '8'])
    expect(rows).toContainEqual(['december 2026', 'Uitkomst', 'Nog open', '9'])
    expect(rows.at(-1)).toEqual(['december 2026', 'Open aan het eind van de periode', '31 december 2026', '4'])
    // No code of the API is left in the labels.
    expect(rows.flat().filter((cell) => /^(web|email|phone|unclassified|acknowledge|respond)$/.test(cell))).toEqual([])
  })

  it('writes shares as percentages and hours with a decimal comma, a missing figure as an empty cell', () => {
    const { rows } = parseDutchCsv(statisticsExcelCsv(report(false)))
    const figure = (clock: string, name: string) =>
      rows.find((row) => row[0] === 'november 2026' && row[1] === clock && row[2] === name)?.[3]

    expect(figure('Termijn ontvangst bevestigen', 'Meldingen')).toBe('15')
    expect(figure('Termijn ontvangst bevestigen', 'Deel op tijd (%)')).toBe('93,3')
    expect(dutchNumber(figure('Termijn ontvangst bevestigen', 'Deel op tijd (%)') ?? '')).toBe(93.3)
    expect(dutchNumber(figure('Termijn ontvangst bevestigen', 'Mediaan (werkuren)') ?? '')).toBe(1.25)
    expect(figure('Termijn antwoorden', 'Deel op tijd (%)')).toBe('100')
    expect(figure('Termijn antwoorden', 'Mediaan (werkuren)')).toBe('')
    // Every figure cell is a Dutch number or empty: no decimal point anywhere.
    const figures = rows.slice(1).map((row) => row[3] ?? '')
    expect(figures.filter((cell) => cell !== '' && Number.isNaN(dutchNumber(cell)))).toEqual([])
    expect(rows.flat().some((cell) => /\d\.\d/.test(cell))).toBe(false)
  })

  it('keeps <5 in a published report and names the file for Excel', () => {
    const published = report(true)
    const { rows } = parseDutchCsv(statisticsExcelCsv(published))
    expect(rows).toContainEqual(['november 2026', 'Kanaal', 'E-mail', '<5'])
    expect(statisticsExcelFileName(published)).toBe('mar-statistieken-2026-11-01-2026-12-31-publicatie-excel.csv')
    expect(statisticsExcelFileName(report(false))).toBe('mar-statistieken-2026-11-01-2026-12-31-excel.csv')
  })

  it('ends every line with CRLF', () => {
    const text = statisticsExcelCsv(report(false))
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  })
})
