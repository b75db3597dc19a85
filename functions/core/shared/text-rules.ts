/**
 * What counts as acceptable text on every channel. Text is stored as it arrives in Unicode's composed form (NFC,
 * `normalisedText`: the same word typed on two keyboards is the same text), and anything that cannot be stored and
 * shown back faithfully is refused instead of repaired.
 */

/** C0 and C1 control characters and DEL, except tab and line feed. A carriage return is allowed only before a line feed (form posts send CRLF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const FORBIDDEN_IN_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/u
/**
 * Single-line values (names, addresses, phone numbers) take no control characters at all — no line breaks to smuggle
 * headers — no line separators, and nothing invisible: format characters (`\p{Cf}`: bidirectional overrides,
 * zero-width spaces and joiners, soft hyphens, tags) and the Hangul fillers that render as nothing, which could make
 * one name or address look like another to an advisor.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const FORBIDDEN_IN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u115F\u1160\u3164\uFFA0\p{Cf}]/u
/** Letters, marks on letters, digits, punctuation and symbols: what a reader actually sees. */
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/gu

export type TextProblem = 'not_unicode' | 'control_characters' | 'too_long' | 'too_short'

export function countCodePoints(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

export function countVisibleCharacters(text: string): number {
  return text.match(VISIBLE_CHARACTER)?.length ?? 0
}

export function textProblem(
  text: string,
  rules: { multiline: boolean; maxLength: number; minVisible?: number },
): TextProblem | undefined {
  if (!text.isWellFormed()) return 'not_unicode'
  if ((rules.multiline ? FORBIDDEN_IN_MULTILINE : FORBIDDEN_IN_SINGLE_LINE).test(text)) return 'control_characters'
  if (countCodePoints(text) > rules.maxLength) return 'too_long'
  if (rules.minVisible !== undefined && countVisibleCharacters(text) < rules.minVisible) return 'too_short'
  return undefined
}

/** Composed form (NFC), so that equal-looking texts are equal; text that is not well-formed Unicode is left as it is. */
export function normalisedText(text: string): string {
  return text.isWellFormed() ? text.normalize('NFC') : text
}
