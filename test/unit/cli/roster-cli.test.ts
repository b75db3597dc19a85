import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type CliDependencies, runRosterCli, USAGE } from '../../../bin/roster.ts'
import { type DevRosterDependencies, getDevRoster, putDevRoster } from '../../../local/dev-roster.ts'
import { InMemoryRosterRepository } from '../../fakes/in-memory-roster-repository-cli.ts'

const example = readFileSync('config/roster.example.json', 'utf8')
const NOW = new Date('2027-01-11T09:00:00Z')

function broken(): string {
  const roster = JSON.parse(example) as { shifts: Record<string, unknown>[] }
  roster.shifts.push(
    { advisorId: 'adv-99', role: 'primary', weekdays: ['sat'], from: '09:00', to: '12:00' },
    { advisorId: 'adv-01', role: 'backup', start: '2027-01-16T12:00:00+01:00', end: '2027-01-16T09:00:00+01:00' },
  )
  return JSON.stringify(roster)
}

/** A local stack that serves only the roster dev endpoints, in memory. */
function devStackFetch(stack: DevRosterDependencies): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    if (url.pathname !== '/_dev/roster') return new Response('Not Found', { status: 404 })
    const result =
      init?.method === 'PUT'
        ? await putDevRoster(String(init.body), stack)
        : await getDevRoster(url.searchParams, stack)
    return Response.json(result.body, { status: result.status })
  }) as typeof fetch
}

function harness(options: { files?: Record<string, string>; fetch?: typeof fetch; env?: Record<string, string> } = {}) {
  const stack = { rosters: new InMemoryRosterRepository(), clock: { now: () => NOW } }
  const table = { rosters: new InMemoryRosterRepository(), opened: [] as (string | undefined)[][], closed: 0 }
  const output = { out: '', err: '' }
  const files: Record<string, string> = { 'roster.json': example, 'broken.json': broken(), ...options.files }
  const deps: CliDependencies = {
    env: options.env ?? {},
    out: (text) => {
      output.out += text
    },
    err: (text) => {
      output.err += text
    },
    readFile: async (path) => {
      const content = files[path]
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return content
    },
    fetch: options.fetch ?? devStackFetch(stack),
    clock: { now: () => NOW },
    tableRosters: (name, region) => {
      table.opened.push([name, region])
      return {
        rosters: table.rosters,
        close: () => {
          table.closed += 1
        },
      }
    },
  }
  const run = async (...argv: string[]) => {
    output.out = ''
    output.err = ''
    const code = await runRosterCli(argv, deps)
    return { code, ...output }
  }
  return { run, stack, table }
}

describe('Roster CLI: import and show on the local stack', () => {
  it('imports a roster and shows who is on duty on a Monday morning', async () => {
    const { run, stack } = harness()

    const imported = await run('import', 'roster.json')
    const shown = await run('show', '--at', '2027-01-11T10:00:00+01:00')

    expect(imported).toEqual({
      code: 0,
      out: 'Roster imported into the local stack at http://127.0.0.1:3000: 5 advisors, 7 shifts, 1 absence. It is in force now.\n',
      err: '',
    })
    expect(stack.rosters.versions).toHaveLength(1)
    expect(shown.code).toBe(0)
    expect(shown.out).toContain('Moment     Monday 11 January 2027 10:00 (UTC+01:00)')
    expect(shown.out).toContain('primary      adv-01  Anouk Verbeek')
    expect(shown.out).toContain('backup       adv-03  Marloes Kuipers')
    expect(shown.out).toContain('coordinator  adv-05  Priya Ramdin')
    expect(shown.out).not.toContain('@')
  })

  it('shows the local stack its own now, and prints JSON on request', async () => {
    const { run } = harness()
    await run('import', 'roster.json')

    const shown = await run('show', '--json')

    expect(shown.code).toBe(0)
    expect(JSON.parse(shown.out)).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      at: '2027-01-11T10:00:00+01:00',
      onDuty: { primaries: [{ id: 'adv-01', name: 'Anouk Verbeek' }] },
      nextPrimaryShiftStart: '2027-01-12T08:30:00+01:00',
    })
  })

  it('refuses a roster with problems whole, lists each problem on stderr and keeps the roster in force', async () => {
    const { run, stack } = harness()
    await run('import', 'roster.json')

    const refused = await run('import', 'broken.json')

    expect(refused.code).toBe(1)
    expect(refused.out).toBe('')
    expect(refused.err.split('\n')).toEqual([
      'The roster in broken.json was refused (2 problems); the roster in force has not changed.',
      '- shifts[7].advisorId: unknown advisor "adv-99"',
      '- shifts[8].end: must be after start',
      '',
    ])
    expect(stack.rosters.versions).toHaveLength(1)
  })

  it('says when no roster has been imported yet', async () => {
    const { run } = harness()

    const shown = await run('show')

    expect(shown).toMatchObject({ code: 1, out: '' })
    expect(shown.err).toContain('No roster is in force in the local stack at http://127.0.0.1:3000 yet.')
  })

  it('tells to start the local stack when nothing answers', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    })
    const { run } = harness({
      env: { PORT: '3100' },
      fetch: async () => {
        throw refused
      },
    })

    const shown = await run('show')

    expect(shown.code).toBe(1)
    expect(shown.err).toBe(
      'The local stack is not running at http://127.0.0.1:3100 (ECONNREFUSED): start it with npm start, or set MAR_URL to where it runs.\n',
    )
  })

  it('says when the server at that address has no roster endpoint', async () => {
    const { run } = harness({ fetch: async () => new Response('Not Found', { status: 404 }) })

    const imported = await run('import', 'roster.json')

    expect(imported.code).toBe(1)
    expect(imported.err).toContain('has no roster endpoint (PUT /_dev/roster answered 404)')
  })

  it('passes a server error on without a stack trace', async () => {
    const { run } = harness({ fetch: async () => Response.json({ message: 'Internal Server Error' }, { status: 500 }) })

    const shown = await run('show')

    expect(shown).toEqual({
      code: 1,
      out: '',
      err: 'The local stack at http://127.0.0.1:3000 answered GET /_dev/roster with 500.\n',
    })
  })
})

describe('Roster CLI: the roster file', () => {
  it.each([
    ['missing.json', 'Cannot read the roster file missing.json: there is no such file. Nothing was changed.'],
    ['empty.json', 'The roster file empty.json is empty. Nothing was changed.'],
    ['bad.json', 'The roster file bad.json is not valid JSON'],
  ])('refuses %s with a clear message and sends nothing', async (file, message) => {
    const calls: string[] = []
    const { run } = harness({
      files: { 'empty.json': ' \n', 'bad.json': '{\n  "timeZone": "Europe/Amsterdam",\n  advisors: []\n}' },
      fetch: async (input) => {
        calls.push(String(input))
        return new Response(null, { status: 500 })
      },
    })

    const imported = await run('import', file)

    expect(imported.code).toBe(1)
    expect(imported.err).toContain(message)
    expect(calls).toEqual([])
  })

  it('accepts a file that starts with a byte order mark', async () => {
    const { run, stack } = harness({ files: { 'bom.json': `\uFEFF${example}` } })

    expect((await run('import', 'bom.json')).code).toBe(0)
    expect(stack.rosters.versions).toHaveLength(1)
  })
})

describe('Roster CLI: a deployed table', () => {
  it('replaces the roster through the use case and shows it, without touching the local stack', async () => {
    const { run, stack, table } = harness({
      fetch: async () => {
        throw new Error('the local stack must not be called')
      },
    })

    const imported = await run('import', 'roster.json', '--table', 'MarIntake-Cases', '--region', 'eu-west-1')
    const shown = await run('show', '--table', 'MarIntake-Cases', '--at', '2027-01-10T23:00')

    expect(imported).toMatchObject({ code: 0, err: '' })
    expect(imported.out).toContain('Roster imported into table MarIntake-Cases (eu-west-1): 5 advisors')
    expect(table.rosters.versions[0]?.savedAt).toEqual(NOW)
    expect(stack.rosters.versions).toHaveLength(0)
    expect(table.opened).toEqual([
      ['MarIntake-Cases', 'eu-west-1'],
      ['MarIntake-Cases', undefined],
    ])
    expect(table.closed).toBe(2)
    expect(shown.code).toBe(0)
    expect(shown.out).toContain('Moment     Sunday 10 January 2027 23:00 (UTC+01:00)')
    expect(shown.out).toContain('primary      -       (nobody)')
    expect(shown.out).toContain('Next primary shift starts  Monday 11 January 2027 08:30 (UTC+01:00)')
  })

  it('refuses a roster with problems whole in the table too', async () => {
    const { run, table } = harness()
    await run('import', 'roster.json', '--table', 'MarIntake-Cases')

    const refused = await run('import', 'broken.json', '--table', 'MarIntake-Cases')

    expect(refused.code).toBe(1)
    expect(refused.err).toContain(
      '- shifts[7].advisorId: unknown advisor "adv-99"\n- shifts[8].end: must be after start\n',
    )
    expect(table.rosters.versions).toHaveLength(1)
  })

  it('explains an AWS failure in one line', async () => {
    const { run, table } = harness()
    table.rosters.getRoster = async () => {
      throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' })
    }

    const shown = await run('show', '--table', 'NoSuchTable')

    expect(shown).toEqual({ code: 1, out: '', err: 'Table NoSuchTable was not found: check --table and --region.\n' })
  })
})

describe('Roster CLI: usage', () => {
  it('prints the usage for --help', async () => {
    const { run } = harness()

    expect(await run('--help')).toEqual({ code: 0, out: USAGE, err: '' })
    expect(USAGE).toContain('npm run roster -- import <file>')
    expect(USAGE).toContain('npm run roster -- show [--at <ISO time>] [--json]')
  })

  it('refuses wrong usage with exit code 2 and a pointer to --help', async () => {
    const { run } = harness()

    expect(await run('show', '--at', 'monday')).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringContaining('Run "npm run roster -- --help" for usage.'),
    })
  })
})
