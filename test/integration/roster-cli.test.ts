import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoRosterRepository } from '../../functions/adapters/dynamo-roster-repository.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import { getDevRoster, putDevRoster } from '../../local/dev-roster.ts'
import { type DynamoEngine, ensureCaseTable, LOCAL_AWS, startDynalite } from '../../local/dynamo-engine.ts'

const EXAMPLE = 'config/roster.example.json'
const MONDAY_MORNING = '2027-01-11T10:00:00+01:00'
const SUNDAY_NIGHT = '2027-01-10T23:00:00+01:00'
const TSX = join('node_modules', '.bin', 'tsx')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `tsx bin/roster.ts …` as a child process, with no AWS settings of this machine in its environment. */
function roster(args: string[], env: Record<string, string>): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|MAR_URL$|PORT$)/.test(name)))
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['bin/roster.ts', ...args],
      { env: { ...clean, AWS_EC2_METADATA_DISABLED: 'true', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** The example roster plus a shift for an advisor who is not in it and a shift that ends before it starts. */
function brokenRoster(directory: string): string {
  const roster = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { shifts: Record<string, unknown>[] }
  roster.shifts.push(
    { advisorId: 'adv-99', role: 'primary', weekdays: ['sat'], from: '09:00', to: '12:00' },
    { advisorId: 'adv-01', role: 'backup', weekdays: ['sun'], from: '17:00', to: '08:30' },
  )
  const file = join(directory, 'broken-roster.json')
  writeFileSync(file, JSON.stringify(roster, null, 2))
  return file
}

const PROBLEMS = [
  '- shifts[7].advisorId: unknown advisor "adv-99"',
  '- shifts[8].to: must be after from (weekly shifts end on the day they start: use dated shifts for nights)',
]

/** Each run starts a Node process that compiles the CLI: allow for a busy machine. */
describe('Roster CLI against the local stack endpoints and a real table', { timeout: 90_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'mar-roster-cli-'))
  let engine: DynamoEngine
  let server: Server
  let url: string
  let documentClient: ReturnType<typeof createDocumentClient>
  let broken: string

  beforeAll(async () => {
    engine = await startDynalite()
    await ensureCaseTable(engine.endpoint, 'roster-cli-local')
    await ensureCaseTable(engine.endpoint, 'roster-cli-deployed')
    documentClient = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    const deps = {
      rosters: new DynamoRosterRepository(documentClient, 'roster-cli-local'),
      clock: { now: () => new Date() },
    }
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', async () => {
        const requestUrl = new URL(request.url ?? '/', 'http://localhost')
        const result =
          requestUrl.pathname !== '/_dev/roster'
            ? { status: 404, body: { message: 'Not Found' } }
            : request.method === 'PUT'
              ? await putDevRoster(Buffer.concat(chunks).toString('utf8'), deps)
              : await getDevRoster(requestUrl.searchParams, deps)
        response.writeHead(result.status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(result.body))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    broken = brokenRoster(directory)
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    documentClient.destroy()
    await engine.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('imports the example roster and shows who is on duty on a Monday morning and on a Sunday night', async () => {
    const env = { MAR_URL: url }

    const imported = await roster(['import', EXAMPLE], env)
    const [monday, sunday] = await Promise.all([
      roster(['show', '--at', MONDAY_MORNING], env),
      roster(['show', '--at', SUNDAY_NIGHT, '--json'], env),
    ])

    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.stdout).toContain('5 advisors, 7 shifts, 1 absence')
    expect(monday.code).toBe(0)
    expect(monday.stdout).toContain('Time zone  Europe/Amsterdam')
    expect(monday.stdout).toContain('Moment     Monday 11 January 2027 10:00 (UTC+01:00)')
    expect(monday.stdout).toMatch(/^primary +adv-01 +Anouk Verbeek$/m)
    expect(monday.stdout).toMatch(/^backup +adv-03 +Marloes Kuipers$/m)
    expect(monday.stdout).toMatch(/^coordinator +adv-05 +Priya Ramdin$/m)
    expect(monday.stdout).toContain('Next primary shift starts  Tuesday 12 January 2027 08:30 (UTC+01:00)')
    expect(monday.stdout).not.toContain('@')
    expect(sunday.code).toBe(0)
    expect(JSON.parse(sunday.stdout)).toMatchObject({
      at: SUNDAY_NIGHT,
      onDuty: { primaries: [], backups: [] },
      nextPrimaryShiftStart: '2027-01-11T08:30:00+01:00',
    })
  })

  it('refuses an invalid roster whole, with both problems, and the previous roster stays in force', async () => {
    const env = { MAR_URL: url }
    await roster(['import', EXAMPLE], env)

    const refused = await roster(['import', broken], env)
    const after = await roster(['show', '--at', MONDAY_MORNING, '--json'], env)

    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toContain('was refused (2 problems); the roster in force has not changed.')
    expect(refused.stderr.split('\n')).toEqual(expect.arrayContaining(PROBLEMS))
    expect(JSON.parse(after.stdout)).toMatchObject({ onDuty: { primaries: [{ id: 'adv-01' }] } })
    expect(JSON.parse(after.stdout).advisors).toHaveLength(5)
  })

  it('says clearly that the local stack is not running', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    const shown = await roster(['show'], { PORT: String(port) })

    expect(shown.code).toBe(1)
    expect(shown.stderr).toContain(`The local stack is not running at http://127.0.0.1:${port}`)
    expect(shown.stderr).toContain('start it with npm start')
  })

  it('says clearly that the roster file is missing or not JSON', async () => {
    const notJson = join(directory, 'not-json.json')
    writeFileSync(notJson, '{ "timeZone": "Europe/Amsterdam", }')

    const [missing, malformed] = await Promise.all([
      roster(['import', join(directory, 'missing.json')], { MAR_URL: url }),
      roster(['import', notJson], { MAR_URL: url }),
    ])

    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr).toContain('missing.json: there is no such file')
    expect(malformed).toMatchObject({ code: 1, stdout: '' })
    expect(malformed.stderr).toContain('not-json.json is not valid JSON')
  })

  it('works on a deployed table with --table, through the AWS SDK pointed at the local engine', async () => {
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'eu-west-1',
      MAR_URL: 'http://127.0.0.1:1',
    }
    const table = ['--table', 'roster-cli-deployed']

    const imported = await roster(['import', EXAMPLE, ...table, '--region', 'eu-west-1'], env)
    const refused = await roster(['import', broken, ...table], env)
    const monday = await roster(['show', '--at', MONDAY_MORNING, ...table], env)
    const stored = await new DynamoRosterRepository(documentClient, 'roster-cli-deployed').getRoster()

    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.stdout).toContain('Roster imported into table roster-cli-deployed (eu-west-1): 5 advisors')
    expect(refused.code).toBe(1)
    expect(refused.stderr.split('\n')).toEqual(expect.arrayContaining(PROBLEMS))
    expect(monday.code).toBe(0)
    expect(monday.stdout).toMatch(/^primary +adv-01 +Anouk Verbeek$/m)
    expect(stored?.shifts).toHaveLength(7)
  })

  it('says clearly that a table does not exist', async () => {
    const shown = await roster(['show', '--table', 'no-such-table'], {
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'eu-west-1',
    })

    expect(shown).toMatchObject({ code: 1, stdout: '' })
    expect(shown.stderr).toContain('Table no-such-table was not found')
  })
})
