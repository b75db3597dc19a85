import { createHmac, hkdfSync } from 'node:crypto'
import type { Case, CaseMessage } from '../cases/case.ts'
import { isReference } from '../cases/reference.ts'

/**
 * The terms a case is found by (GET /api/advisor/cases?q=…): its reference, the requester's name, e-mail address and
 * phone number, and the words of its description, mail and messages — normalised (lower case, accents stripped, e-mail
 * addresses and phone numbers whole), so that `Müller`, `MULLER` and `muller` are one term. The table never holds a
 * term: the index holds keyed hashes of them (`searchTermHash`), so nobody who reads the table can test a guessed name
 * against it without the key.
 */

/** At most this many distinct terms are indexed for one text (a long mail): the rest is not searchable. */
export const MAX_TERMS_PER_TEXT = 2000
/** Only the start of a longer text is indexed (a 10 MB mail's text would take seconds and thousands of items). */
export const MAX_INDEXED_CHARACTERS = 100_000
/** Words shorter than this are not terms. */
const MIN_WORD_LENGTH = 2
/** Longer "words" (a pasted link, a hash) are not terms. */
const MAX_WORD_LENGTH = 40

/**
 * Words in nearly every case: a term for them would put every case under one index key (a hot partition) and find
 * nothing in particular. Dutch and English, already normalised.
 */
const STOP_WORDS = new Set(
  (
    'de het een en van in is dat op te zijn met voor niet aan er om als ook bij of maar door naar uit dan over wat ' +
    'nog hij zij ze we wij ik je jij u die dit deze heeft hebben had was wordt worden werd kan kunnen al meer mijn ' +
    'zich hem haar ons onze hun wel geen zo toe tot na the an and of to is it that for on with as be by this are ' +
    'or at from was you he she they not but have has his her its our their my me'
  ).split(' '),
)

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
/** A phone number as people write it: digits with spaces, dots, dashes, brackets, a leading + (8–15 digits). */
const PHONE = /(?<![\p{L}\p{N}])\+?\d[\d\s().-]{6,20}\d(?![\p{L}\p{N}])/gu
const REFERENCE = /\bMAR-[0-9A-Z]{4}-[0-9A-Z]{4}\b/giu

/** Lower case, accents stripped (NFD, combining marks removed), compatibility forms folded (`ﬁ` → `fi`). */
export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** A phone number as one term: its digits, the Dutch country code folded (`+31 6 …`, `0031 6 …` → `06…`). */
export function phoneTerm(text: string): string | undefined {
  let digits = text.replace(/\D/g, '')
  if (text.trim().startsWith('+')) digits = `00${digits}`
  // +31 (0)10 … : the trunk zero some write after the country code goes too.
  if (digits.startsWith('0031')) digits = `0${digits.slice(4).replace(/^0/, '')}`
  return digits.length >= 8 && digits.length <= 15 ? `phone:${digits}` : undefined
}

function emailTerm(address: string): string {
  return `email:${normalise(address.trim())}`
}

function referenceTerm(reference: string): string {
  return `ref:${reference.toUpperCase()}`
}

/**
 * The terms of a text: its references, e-mail addresses and phone numbers whole, then the other words. The same rules
 * read the advisor's query, so a query finds what the text was indexed under.
 */
export function textTerms(text: string): string[] {
  const terms: string[] = []
  let rest = text.slice(0, MAX_INDEXED_CHARACTERS)
  rest = rest.replace(REFERENCE, (reference) => {
    terms.push(referenceTerm(reference))
    return ' '
  })
  // Only tokens that can be an address (RFC 5321: 254 characters at most) meet the pattern: a long text without
  // spaces (a 10 MB mail) costs linear time, not quadratic.
  rest = rest
    .split(/(\s+)/)
    .map((token) =>
      token.length > 254 || !token.includes('@')
        ? token
        : token.replace(EMAIL, (address) => {
            terms.push(emailTerm(address))
            return ' '
          }),
    )
    .join('')
  rest = rest.replace(PHONE, (number) => {
    const term = phoneTerm(number)
    if (term === undefined) return number
    terms.push(term)
    return ' '
  })
  for (const word of normalise(rest).split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH || STOP_WORDS.has(word)) continue
    terms.push(`word:${word}`)
  }
  return distinct(terms)
}

/** What a case is found by from the moment it is filed: reference, requester, description, the mail it came as. */
export function caseTerms(source: Case): string[] {
  const terms = [referenceTerm(source.reference)]
  if (source.channel === 'email') {
    const mail = source.mail
    if (mail.from?.address) terms.push(emailTerm(mail.from.address))
    terms.push(...textTerms([mail.from?.name ?? '', mail.subject, mail.text].join('\n')))
  } else {
    if (source.email) terms.push(emailTerm(source.email))
    const phone = source.phone === undefined ? undefined : phoneTerm(source.phone)
    if (phone) terms.push(phone)
    terms.push(...textTerms([source.name ?? '', source.organisation ?? '', source.description].join('\n')))
  }
  return distinct(terms).slice(0, MAX_TERMS_PER_TEXT)
}

/** What a message adds: its words, and for a requester's later mail its sender and subject. */
export function messageTerms(message: CaseMessage): string[] {
  const terms: string[] = []
  if (message.mail?.from?.address) terms.push(emailTerm(message.mail.from.address))
  terms.push(...textTerms([message.mail?.from?.name ?? '', message.mail?.subject ?? '', message.text].join('\n')))
  return distinct(terms).slice(0, MAX_TERMS_PER_TEXT)
}

/** The terms of an advisor's query (every one must match). A bare reference is a reference term. */
export function queryTerms(query: string): string[] {
  const trimmed = query.trim()
  if (isReference(trimmed.toUpperCase())) return [referenceTerm(trimmed)]
  return textTerms(trimmed)
}

function distinct(terms: string[]): string[] {
  return [...new Set(terms)]
}

/**
 * The key the index is keyed with: derived from the search secret (never the secret itself), so the same secret could
 * key other things without one hash telling anything about another.
 */
export function searchIndexKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mar search term key', 32))
}

/** A term as the index holds it: HMAC-SHA-256 under the index key, 128 bits in hex. */
export function searchTermHash(term: string, indexKey: Uint8Array): string {
  return createHmac('sha256', indexKey).update(term, 'utf8').digest('hex').slice(0, 32)
}

/** The search secret as Secrets Manager holds it: a generated string of at least 32 characters, used as UTF-8 bytes. */
export function parseSearchKeySecret(text: string): Uint8Array {
  const secret = text.trim()
  if (secret.length < 32) throw new Error('The search key is missing or too short')
  return Buffer.from(secret, 'utf8')
}
