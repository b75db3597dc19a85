import * as z from 'zod/mini'
import { isEmailAddress } from '../shared/email-address.ts'
import { ValidationError } from '../shared/errors.ts'
import type { FieldProblem, Language } from '../shared/field-problems.ts'
import { normalisedText, textProblem } from '../shared/text-rules.ts'

export const REQUESTER_TYPES = ['professional', 'private'] as const
export const SECTORS = ['care', 'education', 'welfare', 'other'] as const
export const TOPICS = ['question', 'case', 'training'] as const
export const SIGNALS = [
  'isolation',
  'family-break',
  'hostility',
  'glorifying-violence',
  'intimidation',
  'extreme-ideas',
  'other',
] as const
export const IDEOLOGIES = [
  'extreme-right',
  'left-wing',
  'animal-rights',
  'jihadism',
  'polarisation',
  'returnee',
  'other',
  'unknown',
] as const
export const LANGUAGES = ['nl', 'en'] as const

export const LIMITS = {
  name: 200,
  organisation: 200,
  email: 254,
  phone: 32,
  description: 10_000,
  descriptionMinVisible: 20,
  honeypot: 1_000,
} as const

/** Dutch numbers (06…, 010…, +31…, 0031…) and any E.164 number, written with spaces, dashes, dots or brackets. */
const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/
const PHONE_DIGITS = /^(?:\+[1-9][0-9]{7,14}|00[1-9][0-9]{7,14}|0[1-9][0-9]{8})$/

type Rules = Parameters<typeof textProblem>[1]

/** Text in composed form (NFC), then checked: lengths count what is stored. */
function text(rules: Rules, format?: { rule: 'invalid_email' | 'invalid_phone'; test: (value: string) => boolean }) {
  return z.pipe(z.string(), z.transform(normalisedText)).check(
    z.superRefine((value, context) => {
      const problem = textProblem(value, rules)
      const rule = problem ?? (format && !format.test(value) ? format.rule : undefined)
      if (rule) {
        context.issues.push({
          code: 'custom',
          input: value,
          message: rule,
          params: { rule, max: rules.maxLength, min: rules.minVisible },
        })
      }
    }),
  )
}

const singleLine = (maxLength: number) => text({ multiline: false, maxLength })

const emailAddress = text(
  { multiline: false, maxLength: LIMITS.email },
  {
    rule: 'invalid_email',
    test: isEmailAddress,
  },
)

const phoneNumber = text(
  { multiline: false, maxLength: LIMITS.phone },
  {
    rule: 'invalid_phone',
    test: (value) => PHONE_CHARACTERS.test(value) && PHONE_DIGITS.test(value.replace(/[ ().-]/g, '')),
  },
)

const signals = z.array(z.enum(SIGNALS)).check(
  z.refine((values) => new Set(values).size === values.length, {
    message: 'duplicate',
    params: { rule: 'duplicate' },
  }),
)

const fields = {
  requesterType: z.enum(REQUESTER_TYPES),
  sector: z.optional(z.enum(SECTORS)),
  organisation: z.optional(singleLine(LIMITS.organisation)),
  topic: z.enum(TOPICS),
  anonymous: z._default(z.boolean(), false),
  name: z.optional(singleLine(LIMITS.name)),
  email: z.optional(emailAddress),
  phone: z.optional(phoneNumber),
  description: text({ multiline: true, maxLength: LIMITS.description, minVisible: LIMITS.descriptionMinVisible }),
  signals: z.optional(signals),
  ideology: z.optional(z.enum(IDEOLOGIES)),
  immediateDanger: z.optional(z.boolean()),
  language: z._default(z.enum(LANGUAGES), 'nl'),
  consent: z.literal(true),
  /** Honeypot: hidden from people, so only a robot fills it in. */
  website: z.optional(singleLine(LIMITS.honeypot)),
}

/** Rules between fields. Runs even when single fields failed, so a person sees every problem at once. */
function crossFieldProblems(input: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = []
  const present = (field: string) => input[field] !== undefined
  if (input.requesterType === 'professional' && !present('sector')) {
    problems.push({ path: 'sector', rule: 'sector_required' })
  }
  if (input.anonymous === true) {
    for (const field of ['name', 'email', 'phone'] as const) {
      if (present(field)) problems.push({ path: field, rule: 'empty_when_anonymous' })
    }
  } else if (!present('email') && !present('phone')) {
    problems.push({ path: 'email', rule: 'contact_required' })
  }
  return problems
}

export const webRequestSchema = z.strictObject(fields).check(
  z.superRefine(
    (value, context) => {
      for (const problem of crossFieldProblems(value as Record<string, unknown>)) {
        context.issues.push({
          code: 'custom',
          input: undefined,
          path: [problem.path],
          message: problem.rule,
          params: { rule: problem.rule },
        })
      }
    },
    { when: (payload) => isPlainObject(payload.value) },
  ),
)

export type WebRequest = z.infer<typeof webRequestSchema>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The language to answer in: the one asked for when it is valid, Dutch otherwise. */
export function requestedLanguage(input: unknown): Language {
  return isPlainObject(input) && input.language === 'en' ? 'en' : 'nl'
}

/** Optional fields that an empty string leaves unanswered, as an empty form input does. */
const OPTIONAL_CHOICES = ['sector', 'organisation', 'name', 'email', 'phone', 'ideology', 'website'] as const

/**
 * Parses a submitted web request, or throws a ValidationError whose messages are in the requester's language.
 * An empty string in an optional field means "not filled in" and is left out; text is kept in composed form (NFC).
 * Unknown fields are counted under `_unknown`, never named: a field name can carry data, and error answers travel
 * into logs and tools.
 */
export function parseWebRequest(submitted: unknown): WebRequest {
  const input = isPlainObject(submitted) ? withoutEmptyOptionals(submitted) : submitted
  const result = z.safeParse(webRequestSchema, input)
  if (result.success) return result.data
  const language = requestedLanguage(input)
  if (!isPlainObject(input)) {
    throw new ValidationError([{ path: '_form', rule: 'not_an_object' }], language)
  }
  const problems: FieldProblem[] = []
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push({ path: '_unknown', rule: 'unknown_fields', params: { count: issue.keys.length } })
      continue
    }
    // One message per field: a problem with the third signal is a problem with the signals.
    const field = String(issue.path[0] ?? '_form')
    const path = field
    const params = issue.code === 'custom' ? (issue.params as FieldProblem['params'] & { rule?: string }) : undefined
    if (params?.rule) {
      problems.push({ path, rule: params.rule as FieldProblem['rule'], params })
    } else if (issue.path.length === 1 && input[field] === undefined) {
      problems.push({ path, rule: field === 'consent' ? 'consent_required' : 'required' })
    } else if (field === 'consent') {
      problems.push({ path, rule: 'consent_required' })
    } else if (issue.code === 'invalid_value') {
      problems.push({ path, rule: 'invalid_choice' })
    } else if (issue.code === 'invalid_type' && issue.expected === 'boolean') {
      problems.push({ path, rule: 'expected_boolean' })
    } else if (issue.code === 'invalid_type' && issue.expected === 'array') {
      problems.push({ path, rule: 'expected_list' })
    } else {
      problems.push({ path, rule: 'expected_text' })
    }
  }
  throw new ValidationError(problems, language)
}

function withoutEmptyOptionals(input: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...input }
  for (const field of OPTIONAL_CHOICES) if (copy[field] === '') delete copy[field]
  return copy
}

export type Sector = (typeof SECTORS)[number]
export type Topic = (typeof TOPICS)[number]
