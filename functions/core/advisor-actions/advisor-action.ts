/**
 * What an advisor action is: its input (a strict zod schema, the door), when it is allowed (allowed-actions.ts: one
 * table by status, plus the action's own guard), and its effect. Every action is one module beside this one, and
 * registry.ts lists them; the advisor API dispatches from the registry and tells the workspace which are allowed.
 */
import * as z from 'zod/mini'
import type { Case } from '../cases/case.ts'
import type { CaseWorkflowDependencies } from '../deadlines/case-workflow.ts'
import type { Roster } from '../roster/roster.ts'
import type { ActingAdvisor } from '../roster/staff.ts'
import { CaseStateConflictError, type ConflictCode, ValidationError } from '../shared/errors.ts'
import type { FieldProblem, ProblemRule } from '../shared/field-problems.ts'
import { textProblem } from '../shared/text-rules.ts'
import { parseOffsetDateTime } from '../shared/zoned-time.ts'
import { type StatusChange, statusRefusal } from './allowed-actions.ts'

export type CaseActionDependencies = CaseWorkflowDependencies & {
  /** MAR's phone number (configuration `marPhone`), signed under every answer to a requester (reply.ts). */
  marPhone?: string
}

type Fields = Record<string, z.ZodMiniType>

export interface AdvisorAction<F extends Fields = Fields, R = unknown> {
  /** The body's fields; any other field is refused (counted, never named). */
  readonly fields: F
  /** The answer's status: 201 when the action creates something (a message), 200 otherwise. */
  readonly status: 200 | 201
  /** The status it moves the case to, allowed or not by the table of status changes (allowed-actions.ts). */
  readonly moves: StatusChange
  /** What the table's refusal is called when the case is not closed (default `conflict`). */
  readonly refusedAs?: ConflictCode
  /**
   * Why a case in its present state refuses the action beyond the status table (a conflict code), or undefined.
   * Asked when the workspace lists the allowed actions, and again on the case as it is when the action is stored.
   */
  readonly guard?: (current: Case) => ConflictCode | undefined
  readonly run: (request: {
    reference: string
    actor: ActingAdvisor
    /** The roster in force, as read to check the advisor is on it. */
    roster: Roster
    input: z.output<z.ZodMiniObject<F>>
    deps: CaseActionDependencies
  }) => Promise<R>
}

/** Any action, whatever its input: what a list of actions holds. */
export type AnyAdvisorAction = Pick<AdvisorAction, 'status' | 'moves' | 'refusedAs' | 'guard'> & {
  readonly fields: Fields
  readonly run: (request: never) => Promise<unknown>
}

export function defineAction<const F extends Fields, R>(action: AdvisorAction<F, R>): AdvisorAction<F, R> {
  return action
}

/** Why the case refuses the action now (the status table, then the action's guard), or undefined: allowed. */
export function refusalOf(action: AnyAdvisorAction, current: Case): ConflictCode | undefined {
  return statusRefusal(action.moves, current, action.refusedAs) ?? action.guard?.(current)
}

/** Throws the refusal (409) when the case, as it is now, does not allow the action. */
export function refuseUnlessAllowed(action: AnyAdvisorAction, current: Case): void {
  const code = refusalOf(action, current)
  if (code !== undefined) throw new CaseStateConflictError(code)
}

/** The action's input from a JSON body, or a ValidationError that names each field's rule. */
export function parseActionInput<F extends Fields>(action: AdvisorAction<F>, body: unknown) {
  return parseBody(action.fields, body)
}

/** A JSON body of exactly these fields (the advisor API's strict door), or a ValidationError naming each rule. */
export function parseBody<F extends Fields>(fields: F, body: unknown): z.output<z.ZodMiniObject<F>> {
  const choices = Object.keys(fields)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ path: '_body', rule: 'body_not_an_object' }])
  }
  const result = z.safeParse(z.strictObject(fields), body)
  if (result.success) return result.data
  const unknown = result.error.issues.find((issue) => issue.code === 'unrecognized_keys')
  // Unknown fields say everything about the body: nothing else is checked until they are gone.
  if (unknown !== undefined) {
    throw new ValidationError([
      { path: '_body', rule: 'body_unknown_fields', params: { count: unknown.keys.length, choices } },
    ])
  }
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    path: String(issue.path[0] ?? '_body'),
    rule: issue.message as ProblemRule,
    ...(issue.code === 'custom' && issue.params ? { params: issue.params as FieldProblem['params'] } : {}),
  }))
  throw new ValidationError(problems)
}

/** Advisor texts (replies, notes, pause reasons): stored exactly, so what cannot be stored faithfully is refused. */
export const ADVISOR_TEXT_MAX_LENGTH = 10_000

const refused = (rule: ProblemRule, params?: FieldProblem['params']) => ({
  code: 'custom' as const,
  message: rule,
  ...(params ? { params } : {}),
})

/** An advisor's text of at most `max` characters: something visible, tabs and line breaks allowed, stored exactly. */
export function advisorTextUpTo(max: number) {
  return z.string('advisor_text_required').check(
    z.superRefine((value, context) => {
      const problem =
        value.trim() === '' ? 'too_short' : textProblem(value, { multiline: true, maxLength: max, minVisible: 1 })
      if (problem === undefined) return
      const rule = problem === 'too_short' ? 'advisor_text_required' : (`advisor_text_${problem}` as const)
      context.issues.push({ ...refused(rule, { max }), input: value })
    }),
  )
}

/** A reply, note or reason: any text with something visible, tabs and line breaks allowed, at most 10,000 characters. */
export const advisorText = advisorTextUpTo(ADVISOR_TEXT_MAX_LENGTH)

/** One of a list of values; the message lists them (never the value sent). */
export function oneOf<const T extends string>(choices: readonly T[], rule: ProblemRule = 'choose_one_of') {
  return z.unknown().check(
    z.superRefine((value, context) => {
      if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
        context.issues.push({ ...refused(rule, { choices }), input: value })
      }
    }),
  ) as unknown as z.ZodMiniType<T>
}

/** A moment with its offset (`2027-01-15T09:00:00+01:00`); absent, null or empty means none. */
export const optionalMoment = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((value, context): Date | undefined => {
      if (value === undefined || value === null || value === '') return undefined
      const parsed = typeof value === 'string' ? parseOffsetDateTime(value)?.instant : undefined
      if (parsed === undefined) context.issues.push({ ...refused('moment_with_zone'), input: value })
      return parsed
    }),
  ),
)

/** A moment with its offset that must be given (`2027-01-15T09:00:00+01:00`). */
export const requiredMoment = z.pipe(
  z.unknown(),
  z.transform((value, context): Date => {
    const parsed = typeof value === 'string' ? parseOffsetDateTime(value)?.instant : undefined
    if (parsed === undefined) context.issues.push({ ...refused('moment_with_zone'), input: value })
    return parsed ?? new Date(Number.NaN)
  }),
)

/** Refuses a moment that is not after `now` (checked by the action: the schema does not know the time). */
export function futureMoment(field: string, moment: Date | undefined, now: Date): Date | undefined {
  if (moment !== undefined && moment.getTime() <= now.getTime()) {
    throw new ValidationError([{ path: field, rule: 'moment_in_future' }])
  }
  return moment
}

/** A message id that sorts by time and is unique within the case. */
export function messageId(now: Date, deps: Pick<CaseActionDependencies, 'randomBytes'>): string {
  const suffix = Buffer.from(deps.randomBytes(4)).toString('hex')
  return `${now.toISOString()}-${suffix}`
}

/**
 * Runs the change that a queued mail depends on; when the change is refused (the case closed meanwhile, or it kept
 * changing), the mail is marked failed so no later run sends it, and the refusal goes on to the advisor.
 */
export async function withdrawnOnRefusal<T>(
  deps: CaseActionDependencies,
  reference: string,
  mailId: string | undefined,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change()
  } catch (error) {
    if (error instanceof CaseStateConflictError && mailId !== undefined) {
      await deps.outbox.markFailed(reference, mailId, {
        reason: `withdrawn: ${error.code}`,
        failedAt: deps.clock.now(),
      })
    }
    throw error
  }
}
