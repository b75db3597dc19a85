/**
 * `npm run roster`: import the roster or show who is on duty. On the local stack (the running `npm start`) through its
 * dev endpoints; on a deployed table (`--table`) through the replaceRoster use case and the normal AWS credentials.
 */
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import * as z from 'zod/mini'
import { DynamoRosterRepository } from '../functions/adapters/dynamo-roster-repository.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import type { Clock } from '../functions/core/ports/clock.ts'
import type { RosterRepository } from '../functions/core/ports/stores.ts'
import { NEXT_SHIFT_HORIZON_DAYS } from '../functions/core/roster/on-duty.ts'
import { replaceRoster } from '../functions/core/roster/replace-roster.ts'
import { RosterInvalidError } from '../functions/core/roster/roster.ts'
import {
  parseMoment,
  type RosterSummary,
  type RosterView,
  rosterSummarySchema,
  rosterView,
  rosterViewSchema,
  summarise,
} from '../functions/core/roster/roster-view.ts'
import { devErrorSchema } from '../functions/http/dev-error-body.ts'

export const USAGE = `Manage the MAR Intake roster: who the advisors are and when they are on duty.

Usage:
  npm run roster -- import <file> [--table <name> [--region <region>]]
  npm run roster -- show [--at <ISO time>] [--json] [--table <name> [--region <region>]]
  npm run roster -- --help

Commands:
  import <file>      Replace the roster in force with the one in <file> (JSON, like config/roster.example.json).
                     A roster with any problem is refused whole, with every problem listed; the roster in force stays.
  show               The roster's time zone, the moment, who is on duty then (primary, backup, coordinators)
                     and when the next primary shift starts.

Options:
  --at <ISO time>    The moment to show instead of now, e.g. 2027-01-11T10:00:00+01:00; without an offset
                     (2027-01-11T10:00) it is read in the roster's time zone. "Now" is the clock of the local stack.
  --json             Print the answer as JSON (with npm, add --silent: npm run --silent roster -- show --json).
  --table <name>     Work on this deployed DynamoDB table instead of the local stack, with the normal AWS
                     credentials (AWS_PROFILE, SSO, environment variables, ...).
  --region <region>  The AWS region of that table (default: AWS_REGION or the profile's region).
  -h, --help         Print this help.

The local stack is the running \`npm start\` at MAR_URL, or else at http://127.0.0.1:$PORT (PORT defaults to 3000).
Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
`

/** Wrong arguments: the message, a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A failure explained to the user: the message on stderr, exit 1. */
export class CliError extends Error {
  override readonly name = 'CliError'
}

export type Target = { kind: 'local'; url: string } | { kind: 'table'; table: string; region?: string }

export type Command =
  | { name: 'help' }
  | { name: 'import'; file: string; target: Target }
  | { name: 'show'; at?: string; json: boolean; target: Target }

export interface CliDependencies {
  env: Record<string, string | undefined>
  out(text: string): void
  err(text: string): void
  readFile(path: string): Promise<string>
  fetch: typeof globalThis.fetch
  /** Now, in --table mode (the local stack has its own clock). */
  clock: Clock
  /** The roster repository on a deployed table; close() releases its client. */
  tableRosters(table: string, region: string | undefined): { rosters: RosterRepository; close(): void }
}

/** Runs one command; returns the exit code. Never throws for anything the user can cause. */
export async function runRosterCli(argv: string[], deps: CliDependencies): Promise<number> {
  let command: Command
  try {
    command = parseArguments(argv, deps.env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    deps.err(`${error.message}\nRun "npm run roster -- --help" for usage.\n`)
    return 2
  }
  if (command.name === 'help') {
    deps.out(USAGE)
    return 0
  }

  const backend =
    command.target.kind === 'local' ? localBackend(command.target.url, deps) : tableBackend(command.target, deps)
  try {
    if (command.name === 'import') {
      const { text, input } = await readRosterFile(command.file, deps)
      const summary = await backend.replace(text, input)
      deps.out(`Roster imported into ${backend.label}: ${describeSummary(summary)}. It is in force now.\n`)
      return 0
    }
    const view = await backend.view(command.at)
    if (!view)
      throw new CliError(`No roster is in force in ${backend.label} yet. Import one: npm run roster -- import <file>`)
    deps.out(command.json ? `${JSON.stringify(view, null, 2)}\n` : formatView(view))
    return 0
  } catch (error) {
    if (error instanceof RosterInvalidError) {
      deps.err(formatRefusal(command.name === 'import' ? command.file : 'roster', error.problems))
      return 1
    }
    if (error instanceof CliError || error instanceof UsageError) {
      deps.err(`${error.message}\n`)
      return error instanceof UsageError ? 2 : 1
    }
    throw error
  } finally {
    backend.close()
  }
}

export function parseArguments(argv: string[], env: Record<string, string | undefined>): Command {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    // Node's own message, up to its advice about "--" (which does not apply here).
    const message = error instanceof Error ? error.message : String(error)
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'))
  }
  const { values, positionals } = parsed
  if (values.help || positionals[0] === 'help') return { name: 'help' }
  const [name, ...rest] = positionals
  if (name === undefined) throw new UsageError('Which command: import or show?')
  if (name !== 'import' && name !== 'show') throw new UsageError(`Unknown command "${name}": use import or show.`)
  if (values.region !== undefined && values.table === undefined)
    throw new UsageError('--region goes with --table (the local stack has no region).')
  const target = targetOf(values.table, values.region, env)

  if (name === 'import') {
    if (rest.length !== 1) throw new UsageError('import takes exactly one file: npm run roster -- import <file>')
    if (values.at !== undefined) throw new UsageError('--at goes with show.')
    if (values.json) throw new UsageError('--json goes with show.')
    return { name, file: rest[0] as string, target }
  }
  if (rest.length > 0) throw new UsageError(`show takes no file or other words (got "${rest[0]}").`)
  if (values.at !== undefined && parseMoment(values.at, 'UTC') === undefined)
    throw new UsageError(
      `--at: expected an ISO 8601 date and time, e.g. 2027-01-11T10:00:00+01:00, or 2027-01-11T10:00 in the roster's time zone.`,
    )
  return { name, ...(values.at === undefined ? {} : { at: values.at }), json: values.json === true, target }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      at: { type: 'string' },
      json: { type: 'boolean' },
      table: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function targetOf(
  table: string | undefined,
  region: string | undefined,
  env: Record<string, string | undefined>,
): Target {
  if (table !== undefined) {
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table))
      throw new UsageError('--table: expected a DynamoDB table name (3 to 255 letters, digits, "_", "-" or ".").')
    if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new UsageError('--region: expected an AWS region, e.g. eu-west-1.')
    return { kind: 'table', table, ...(region === undefined ? {} : { region }) }
  }
  const configured = env.MAR_URL?.trim() || `http://127.0.0.1:${env.PORT?.trim() || '3000'}`
  let url: URL
  try {
    url = new URL(configured)
  } catch {
    throw new UsageError(`The local stack's address is not a URL: "${configured}" (check MAR_URL or PORT).`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`The local stack's address must be http(s): "${configured}" (check MAR_URL).`)
  return { kind: 'local', url: url.href.replace(/\/+$/, '') }
}

async function readRosterFile(file: string, deps: CliDependencies): Promise<{ text: string; input: unknown }> {
  let text: string
  try {
    text = (await deps.readFile(file)).replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? (error instanceof Error ? error.message : String(error)))
    throw new CliError(`Cannot read the roster file ${file}: ${reason}. Nothing was changed.`)
  }
  if (text.trim() === '') throw new CliError(`The roster file ${file} is empty. Nothing was changed.`)
  try {
    return { text, input: JSON.parse(text) }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new CliError(
      `The roster file ${file} is not valid JSON${where(text, detail)}: ${detail}. Nothing was changed.`,
    )
  }
}

/** " (line 3, column 7)" when the JSON error names a position. */
function where(text: string, detail: string): string {
  const position = /at position (\d+)/.exec(detail)
  if (!position) return ''
  const before = text.slice(0, Number(position[1]))
  const lines = before.split('\n')
  return ` (line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1})`
}

interface RosterBackend {
  /** Where the roster lives, for messages. */
  label: string
  /** Replaces the roster in force; throws RosterInvalidError when it is refused. */
  replace(text: string, input: unknown): Promise<RosterSummary>
  /** Who is on duty at `at` (now when absent); undefined when no roster is in force. */
  view(at: string | undefined): Promise<RosterView | undefined>
  close(): void
}

/** The local stack, through PUT and GET /_dev/roster. */
function localBackend(url: string, deps: CliDependencies): RosterBackend {
  const label = `the local stack at ${url}`

  async function call(method: 'GET' | 'PUT', path: string, body?: string) {
    let response: Response
    try {
      response = await deps.fetch(`${url}${path}`, {
        method,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(30_000),
      })
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
        throw new CliError(`The local stack at ${url} did not answer within 30 seconds.`)
      throw new CliError(
        `The local stack is not running at ${url} (${connectionProblem(error)}): start it with npm start, or set MAR_URL to where it runs.`,
      )
    }
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const error = z.safeParse(devErrorSchema, json)
    return { status: response.status, json, error: error.success ? error.data.error : undefined }
  }

  function unexpected(route: string, status: number, error: { code: string; message?: string } | undefined): CliError {
    if (status === 404 && !error)
      return new CliError(
        `${url} has no roster endpoint (${route} answered 404): is it an up-to-date MAR Intake (npm start)?`,
      )
    const detail = error ? ` (${error.code}${error.message ? `: ${error.message}` : ''})` : ''
    return new CliError(`The local stack at ${url} answered ${route} with ${status}${detail}.`)
  }

  return {
    label,
    async replace(text) {
      const { status, json, error } = await call('PUT', '/_dev/roster', text)
      if (status === 400 && error?.code === 'roster_invalid') throw new RosterInvalidError(error.problems ?? [])
      const summary = z.safeParse(rosterSummarySchema, json)
      if (status !== 200 || !summary.success) throw unexpected('PUT /_dev/roster', status, error)
      return summary.data
    },
    async view(at) {
      const query = at === undefined ? '' : `?${new URLSearchParams({ at })}`
      const { status, json, error } = await call('GET', `/_dev/roster${query}`)
      if (status === 404 && error?.code === 'no_roster') return undefined
      if (status === 400 && error?.code === 'validation_failed')
        throw new UsageError(`--at: ${error.message ?? 'not a date and time the local stack understands'}`)
      const view = z.safeParse(rosterViewSchema, json)
      if (status !== 200 || !view.success) throw unexpected('GET /_dev/roster', status, error)
      return view.data
    },
    close() {},
  }
}

/** A deployed table: the same use case as the dev endpoint, with the normal AWS credential chain. */
function tableBackend(target: { table: string; region?: string }, deps: CliDependencies): RosterBackend {
  const { rosters, close } = deps.tableRosters(target.table, target.region)
  const label = `table ${target.table}${target.region ? ` (${target.region})` : ''}`
  const aws = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      if (error instanceof RosterInvalidError || error instanceof UsageError) throw error
      throw new CliError(describeAwsError(error, target.table))
    }
  }
  return {
    label,
    replace: (_text, input) => aws(async () => summarise(await replaceRoster(input, { rosters, clock: deps.clock }))),
    view: (at) =>
      aws(async () => {
        const roster = await rosters.getRoster()
        if (!roster) return undefined
        const moment = at === undefined ? deps.clock.now() : parseMoment(at, roster.timeZone)
        if (!moment) throw new UsageError("--at: not a date and time in the roster's time zone.")
        return rosterView(roster, moment)
      }),
    close,
  }
}

export function describeAwsError(error: unknown, table: string): string {
  const name = error instanceof Error ? error.name : typeof error
  const message = error instanceof Error ? error.message : String(error)
  if (name === 'ResourceNotFoundException') return `Table ${table} was not found: check --table and --region.`
  if (/region is missing/i.test(message)) return 'No AWS region: pass --region or set AWS_REGION.'
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message))
    return 'No AWS credentials found: sign in (e.g. aws sso login) or set AWS_PROFILE.'
  if (
    [
      'AccessDeniedException',
      'UnrecognizedClientException',
      'ExpiredTokenException',
      'InvalidSignatureException',
    ].includes(name)
  )
    return `AWS refused access to table ${table} (${name}): check your credentials and permissions.`
  return `DynamoDB call on table ${table} failed (${name}: ${message}).`
}

function connectionProblem(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const first = cause instanceof AggregateError ? cause.errors[0] : cause
  if (first instanceof Error) return (first as NodeJS.ErrnoException).code ?? first.message
  return error instanceof Error ? error.message : String(error)
}

export function describeSummary({ advisors, shifts, absences }: RosterSummary): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  return [
    count(advisors, 'advisor', 'advisors'),
    count(shifts, 'shift', 'shifts'),
    count(absences, 'absence', 'absences'),
  ].join(', ')
}

/** The refusal: a headline, then every problem on a line of its own. */
export function formatRefusal(source: string, problems: string[]): string {
  const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`
  const lines = problems.map((problem) => `- ${printable(problem)}`)
  return `The roster in ${source} was refused (${count}); the roster in force has not changed.\n${lines.join('\n')}\n`
}

const ROLE_LABELS = [
  ['primaries', 'primary'],
  ['backups', 'backup'],
  ['coordinators', 'coordinator'],
] as const

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** The view as a text table for a person at a terminal. */
export function formatView(view: RosterView): string {
  const rows: string[][] = [['Role', 'Id', 'Name']]
  for (const [key, label] of ROLE_LABELS) {
    const people = view.onDuty[key]
    if (people.length === 0) rows.push([label, '-', '(nobody)'])
    for (const { id, name } of people) rows.push([label, printable(id), printable(name)])
  }
  const next = view.nextPrimaryShiftStart
    ? formatMoment(view.nextPrimaryShiftStart)
    : `none in the next ${NEXT_SHIFT_HORIZON_DAYS} days`
  return [
    ...columns([
      ['Time zone', printable(view.timeZone)],
      ['Moment', formatMoment(view.at)],
    ]),
    '',
    'On duty',
    ...columns(rows),
    '',
    ...columns([['Next primary shift starts', next]]),
    '',
  ].join('\n')
}

/** "2027-01-11T10:00:00+01:00" → "Monday 11 January 2027 10:00 (UTC+01:00)"; the wall-clock time as written. */
export function formatMoment(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso)
  if (!match) return printable(iso)
  const [, year, month, day, hour, minute, second, offset] = match
  const weekday = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay()
  const seconds = second && second !== '00' ? `:${second}` : ''
  const zone = offset === 'Z' ? 'UTC' : `UTC${offset}`
  return `${WEEKDAY_NAMES[weekday]} ${Number(day)} ${MONTH_NAMES[Number(month) - 1]} ${year} ${hour}:${minute}${seconds} (${zone})`
}

/** Rows padded into columns two spaces apart, without trailing spaces. */
function columns(rows: string[][]): string[] {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length)
    })
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}

/** Text from the roster or the server may reach a terminal: no control or bidirectional-override characters. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
}

function defaultDependencies(): CliDependencies {
  return {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    fetch: globalThis.fetch,
    clock: { now: () => new Date() },
    tableRosters(table, region) {
      const client = createDocumentClient(region === undefined ? {} : { region })
      return { rosters: new DynamoRosterRepository(client, table), close: () => client.destroy() }
    },
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  process.exitCode = await runRosterCli(process.argv.slice(2), defaultDependencies())
}
