import { describe, expect, it } from 'vitest'
import { parseArguments, UsageError } from '../../../bin/roster.ts'

const local = { kind: 'local', url: 'http://127.0.0.1:3000' }

describe('Roster CLI: arguments', () => {
  it('imports a file into the local stack on port 3000 by default', () => {
    expect(parseArguments(['import', 'roster.json'], {})).toEqual({
      name: 'import',
      file: 'roster.json',
      target: local,
    })
  })

  it('finds the local stack at MAR_URL, or else on PORT', () => {
    expect(parseArguments(['show'], { MAR_URL: 'http://localhost:4000/' })).toMatchObject({
      target: { kind: 'local', url: 'http://localhost:4000' },
    })
    expect(parseArguments(['show'], { PORT: '3100' })).toMatchObject({
      target: { kind: 'local', url: 'http://127.0.0.1:3100' },
    })
  })

  it('shows now, or at a moment, as text or JSON', () => {
    expect(parseArguments(['show'], {})).toEqual({ name: 'show', json: false, target: local })
    expect(parseArguments(['show', '--at', '2027-01-11T10:00:00+01:00', '--json'], {})).toEqual({
      name: 'show',
      at: '2027-01-11T10:00:00+01:00',
      json: true,
      target: local,
    })
    expect(parseArguments(['show', '--at=2027-01-11T10:00'], {})).toMatchObject({ at: '2027-01-11T10:00' })
  })

  it('works on a deployed table with --table, in the region given or the default one', () => {
    expect(parseArguments(['import', 'r.json', '--table', 'MarIntake-Cases', '--region', 'eu-west-1'], {})).toEqual({
      name: 'import',
      file: 'r.json',
      target: { kind: 'table', table: 'MarIntake-Cases', region: 'eu-west-1' },
    })
    expect(parseArguments(['show', '--table', 'MarIntake-Cases'], { MAR_URL: 'http://x' })).toMatchObject({
      target: { kind: 'table', table: 'MarIntake-Cases' },
    })
  })

  it.each([['--help'], ['-h'], ['help'], ['import', '--help'], ['show', '-h', '--json']])(
    'prints help for %j',
    (...argv) => {
      expect(parseArguments(argv, {})).toEqual({ name: 'help' })
    },
  )

  it.each([
    [[], 'Which command: import or show?'],
    [['list'], 'Unknown command "list": use import or show.'],
    [['import'], 'import takes exactly one file'],
    [['import', 'a.json', 'b.json'], 'import takes exactly one file'],
    [['import', 'a.json', '--at', '2027-01-11T10:00'], '--at goes with show.'],
    [['import', 'a.json', '--json'], '--json goes with show.'],
    [['show', 'a.json'], 'show takes no file'],
    [['show', '--at'], "Option '--at <value>' argument missing"],
    [['show', '--at', 'next monday'], '--at: expected an ISO 8601 date and time'],
    [['show', '--at', '2027-02-30T10:00:00+01:00'], '--at: expected an ISO 8601 date and time'],
    [['show', '--verbose'], "Unknown option '--verbose'."],
    [['show', '--region', 'eu-west-1'], '--region goes with --table'],
    [['show', '--table', 'x'], '--table: expected a DynamoDB table name'],
    [['show', '--table', 'cases', '--region', 'Ireland'], '--region: expected an AWS region'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArguments(argv, {})).toThrow(UsageError)
    expect(() => parseArguments(argv, {})).toThrow(message)
  })

  it('refuses a local stack address that is not an http URL', () => {
    expect(() => parseArguments(['show'], { MAR_URL: 'localhost:3000' })).toThrow('must be http(s)')
    expect(() => parseArguments(['show'], { MAR_URL: 'not a url' })).toThrow('is not a URL')
  })
})
