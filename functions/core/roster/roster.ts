/**
 * The roster: who the advisors are and when they are on duty. One schema is the door for the roster file.
 *
 * Problems are reported in English as `path: message`. They may name ids, keys and paths, never a name or an
 * e-mail address (those are personal data and end up in logs).
 */
import * as z from 'zod/mini'
import { isEmailAddress } from '../shared/email-address.ts'
import {
  formatOffset,
  isValidTimeZone,
  minutesOfDay,
  offsetMinutesAt,
  parseOffsetDateTime,
  parseWallTime,
  WEEKDAYS,
} from '../shared/zoned-time.ts'

export const ADVISOR_ROLES = ['advisor', 'coordinator'] as const
export const SHIFT_ROLES = ['primary', 'backup'] as const
export type AdvisorRole = (typeof ADVISOR_ROLES)[number]
export type ShiftRole = (typeof SHIFT_ROLES)[number]

const LIMITS = { id: 64, name: 200, email: 254 } as const

/** Ids are logged and quoted in problems, so they are short slugs; keep names out of them ("adv-01", not "jan"). */
const ADVISOR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
/** Keys of unknown fields are quoted only when they look like keys. */
const SAFE_KEY = /^[A-Za-z0-9_$-]{1,64}$/

/** A string that passes `test`, or a custom issue whose message is `message` (which never quotes the value). */
function text(test: (value: string) => boolean, message: string) {
  return z.string().check(
    z.superRefine((value, context) => {
      if (!test(value)) context.issues.push({ code: 'custom', input: undefined, message })
    }),
  )
}

/** A non-empty list of distinct choices. */
function choices<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.array(z.enum(values)).check(
    z.superRefine((list, context) => {
      if (list.length === 0)
        context.issues.push({ code: 'custom', input: undefined, message: `expected at least one ${what}` })
      const seen = new Set<string>()
      list.forEach((value, index) => {
        if (seen.has(value)) {
          context.issues.push({
            code: 'custom',
            input: undefined,
            path: [index],
            message: `duplicate ${what} "${value}"`,
          })
        }
        seen.add(value)
      })
    }),
  )
}

const advisorId = text(
  (value) => ADVISOR_ID.test(value),
  `expected an id of at most ${LIMITS.id} letters, digits, ".", "_" or "-", starting with a letter or digit`,
)
const offsetDateTime = text(
  (value) => parseOffsetDateTime(value) !== undefined,
  'expected an ISO 8601 date and time with an offset, e.g. "2027-03-29T08:30:00+02:00"',
)
const wallTime = text((value) => parseWallTime(value) !== undefined, 'expected a time as "HH:MM", 00:00 to 23:59')
const shiftRole = z.enum(SHIFT_ROLES)

export const advisorSchema = z.strictObject({
  id: advisorId,
  name: text(
    (value) => value.trim() !== '' && value.length <= LIMITS.name && !CONTROL_CHARACTERS.test(value),
    `expected a name of 1 to ${LIMITS.name} characters on one line`,
  ),
  email: text((value) => value.length <= LIMITS.email && isEmailAddress(value), 'expected a valid e-mail address'),
  roles: choices(ADVISOR_ROLES, 'role'),
})

/** A shift on a fixed date: an explicit plan, which an absence does not cancel. */
export const datedShiftSchema = z.strictObject({
  advisorId,
  role: shiftRole,
  start: offsetDateTime,
  end: offsetDateTime,
})

/** A shift every week on these weekdays, from–to in wall-clock time of the roster's time zone (same day). */
export const weeklyShiftSchema = z.strictObject({
  advisorId,
  role: shiftRole,
  weekdays: choices(WEEKDAYS, 'weekday'),
  from: wallTime,
  to: wallTime,
})

export const absenceSchema = z.strictObject({
  advisorId,
  start: offsetDateTime,
  end: offsetDateTime,
})

/** Weekly entries are the ones with any of these keys; the others are dated. */
const WEEKLY_KEYS = ['weekdays', 'from', 'to'] as const

export const rosterSchema = z
  .strictObject({
    timeZone: text(isValidTimeZone, 'expected an IANA time zone, e.g. "Europe/Amsterdam"'),
    advisors: z.array(advisorSchema),
    shifts: z.array(z.union([datedShiftSchema, weeklyShiftSchema])),
    absences: z._default(z.array(absenceSchema), () => []),
  })
  .check(
    z.superRefine(
      (value, context) => {
        for (const { path, message } of rosterWideProblems(value as unknown as Record<string, unknown>)) {
          context.issues.push({ code: 'custom', input: undefined, path, message })
        }
      },
      { when: (payload) => isRecord(payload.value) },
    ),
  )

export type Roster = z.infer<typeof rosterSchema>
export type Advisor = z.infer<typeof advisorSchema>
export type DatedShift = z.infer<typeof datedShiftSchema>
export type WeeklyShift = z.infer<typeof weeklyShiftSchema>
export type Shift = DatedShift | WeeklyShift
export type Absence = z.infer<typeof absenceSchema>

export function isWeeklyShift(shift: Shift): shift is WeeklyShift {
  return 'weekdays' in shift
}

export class RosterInvalidError extends Error {
  override readonly name = 'RosterInvalidError'
  constructor(readonly problems: string[]) {
    super(
      `The roster is not valid (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
    )
  }
}

/** Parses a roster, or throws a RosterInvalidError listing every problem at once. */
export function parseRoster(input: unknown): Roster {
  const result = z.safeParse(rosterSchema, input)
  if (result.success) return result.data
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, [], input))
  throw new RosterInvalidError(sortByPath(problems).map(({ path, message }) => `${formatPath(path)}: ${message}`))
}

type Path = PropertyKey[]

interface Problem {
  path: Path
  message: string
}

/** Rules across entries. Runs even when single fields failed, so every problem is reported at once. */
function rosterWideProblems(roster: Record<string, unknown>): Problem[] {
  const problems: Problem[] = []
  const timeZone = typeof roster.timeZone === 'string' && isValidTimeZone(roster.timeZone) ? roster.timeZone : undefined
  const advisors = Array.isArray(roster.advisors) ? roster.advisors : undefined
  const rolesById = new Map<string, unknown>()
  const firstWithEmail = new Map<string, number>()
  const firstWithId = new Map<string, number>()

  advisors?.forEach((advisor, index) => {
    if (!isRecord(advisor)) return
    if (typeof advisor.id === 'string' && ADVISOR_ID.test(advisor.id)) {
      const first = firstWithId.get(advisor.id)
      if (first === undefined) {
        firstWithId.set(advisor.id, index)
        rolesById.set(advisor.id, advisor.roles)
      } else {
        problems.push({
          path: ['advisors', index, 'id'],
          message: `duplicate advisor id ${quoteId(advisor.id)} (also at advisors[${first}])`,
        })
      }
    }
    if (typeof advisor.email === 'string') {
      const address = advisor.email.trim().toLowerCase()
      const first = firstWithEmail.get(address)
      if (first === undefined) firstWithEmail.set(address, index)
      else {
        problems.push({
          path: ['advisors', index, 'email'],
          message: `duplicate e-mail address (same as advisors[${first}].email)`,
        })
      }
    }
  })

  /** Unknown ids are quoted only when they have the shape of an id, so a name or an address is never echoed. */
  const checkAdvisor = (path: Path, id: unknown, needsAdvisorRole: boolean) => {
    if (!advisors || typeof id !== 'string' || !ADVISOR_ID.test(id)) return
    if (!rolesById.has(id)) {
      problems.push({ path, message: `unknown advisor ${quoteId(id)}` })
      return
    }
    const roles = rolesById.get(id)
    if (needsAdvisorRole && Array.isArray(roles) && roles.length > 0 && !roles.includes('advisor')) {
      problems.push({ path, message: `advisor ${quoteId(id)} does not have the "advisor" role that shifts need` })
    }
  }

  const checkPeriod = (path: Path, entry: Record<string, unknown>) => {
    const start = typeof entry.start === 'string' ? parseOffsetDateTime(entry.start) : undefined
    const end = typeof entry.end === 'string' ? parseOffsetDateTime(entry.end) : undefined
    for (const [key, moment] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (!moment || moment.utc || !timeZone) continue
      const actual = offsetMinutesAt(moment.instant, timeZone)
      if (actual !== moment.offsetMinutes) {
        problems.push({
          path: [...path, key],
          message: `offset ${formatOffset(moment.offsetMinutes)} is not the offset of ${timeZone} at that moment (${formatOffset(actual)})`,
        })
      }
    }
    if (start && end && start.instant.getTime() >= end.instant.getTime()) {
      problems.push({ path: [...path, 'end'], message: 'must be after start' })
    }
  }

  if (Array.isArray(roster.shifts)) {
    roster.shifts.forEach((shift, index) => {
      if (!isRecord(shift)) return
      const path = ['shifts', index]
      checkAdvisor([...path, 'advisorId'], shift.advisorId, true)
      if (isWeeklyEntry(shift)) {
        const from = typeof shift.from === 'string' ? parseWallTime(shift.from) : undefined
        const to = typeof shift.to === 'string' ? parseWallTime(shift.to) : undefined
        if (from && to && minutesOfDay(from) >= minutesOfDay(to)) {
          problems.push({
            path: [...path, 'to'],
            message: 'must be after from (weekly shifts end on the day they start: use dated shifts for nights)',
          })
        }
      } else {
        checkPeriod(path, shift)
      }
    })
  }

  if (Array.isArray(roster.absences)) {
    roster.absences.forEach((absence, index) => {
      if (!isRecord(absence)) return
      checkAdvisor(['absences', index, 'advisorId'], absence.advisorId, false)
      checkPeriod(['absences', index], absence)
    })
  }

  return problems
}

type Issue = z.core.$ZodIssue

function describeIssue(issue: Issue, prefix: Path, input: unknown): Problem[] {
  const path = [...prefix, ...issue.path]
  const missing = valueAt(input, path) === undefined
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return [{ path, message: 'required' }]
  switch (issue.code) {
    case 'custom':
      return [{ path, message: issue.message }]
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        SAFE_KEY.test(key)
          ? { path: [...path, key], message: 'unknown key' }
          : { path, message: 'unknown key (not shown)' },
      )
    case 'invalid_union': {
      const entry = valueAt(input, path)
      if (!isRecord(entry)) return [{ path, message: 'expected an object' }]
      const branch = issue.errors[isWeeklyEntry(entry) ? 1 : 0] ?? []
      return branch.flatMap((inner) => describeIssue(inner, path, input))
    }
    case 'invalid_type':
      return [{ path, message: `expected ${article(issue.expected)}` }]
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map((value) => `"${String(value)}"`).join(', ')}` }]
    default:
      return [{ path, message: 'not valid' }]
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list'
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function isWeeklyEntry(entry: Record<string, unknown>): boolean {
  return WEEKLY_KEYS.some((key) => key in entry)
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function quoteId(id: string): string {
  return `"${id}"`
}

function formatPath(path: Path): string {
  if (path.length === 0) return 'roster'
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join('')
}

/** Problems in file order: by top-level field, then by entry; the order of problems within an entry is kept. */
function sortByPath(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => comparePaths(a.problem.path, b.problem.path) || a.index - b.index)
    .map(({ problem }) => problem)
}

const FIELD_ORDER = ['timeZone', 'advisors', 'shifts', 'absences']

function comparePaths([fieldA, entryA]: Path, [fieldB, entryB]: Path): number {
  const byField = FIELD_ORDER.indexOf(String(fieldA)) - FIELD_ORDER.indexOf(String(fieldB))
  if (fieldA === undefined || fieldB === undefined || byField !== 0) return byField
  return (typeof entryA === 'number' ? entryA : -1) - (typeof entryB === 'number' ? entryB : -1)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
