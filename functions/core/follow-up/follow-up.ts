/**
 * The anonymous requester's private box: with the reference and the receipt code they got once, they read what
 * MAR answered and write back. Nobody can tell from an answer whether a reference exists: a wrong receipt, an
 * unknown reference and a case without a box all get the same refusal after the same work, and five failures for a
 * reference in an hour lock it for the rest of that hour — the right pair included.
 */
import { type Case, type CaseMessage, type CaseStatus, hasFollowUpBox, type ReplySignature } from '../cases/case.ts'
import { CROCKFORD_ALPHABET, typedCrockford } from '../cases/reference.ts'
import { LIMITS } from '../cases/web-request.ts'
import type { CaseWorkflowDependencies } from '../deadlines/case-workflow.ts'
import { REOPEN_CLOSED_WITHIN_DAYS } from '../mail/file-message.ts'
import { requesterWroteAgain } from '../mail/requester-wrote.ts'
import type { FollowUpAttempts } from '../ports/stores.ts'
import { DAY_MS } from '../shared/clock.ts'
import {
  ConversationClosedError,
  FollowUpDeniedError,
  TooManyAttemptsError,
  ValidationError,
} from '../shared/errors.ts'
import type { FieldProblem, Language } from '../shared/field-problems.ts'
import { sha256Hex } from '../shared/hash.ts'
import { textProblem } from '../shared/text-rules.ts'
import { receiptMatches } from './receipt.ts'

export type FollowUpDependencies = Pick<
  CaseWorkflowDependencies,
  'cases' | 'outbox' | 'rosters' | 'clock' | 'randomBytes' | 'templates' | 'publicUrl'
> & { attempts: FollowUpAttempts }

export const MAX_FAILED_ATTEMPTS = 5
export const ATTEMPT_WINDOW_MS = 3_600_000
/** Longer than any reference or receipt, however it is typed; beyond it the value is refused unread. */
const MAX_CREDENTIAL_LENGTH = 64

/** What the requester sees of where their case stands: not who has it, nor whether anyone is on duty. */
export type RequesterStatus = 'received' | 'acknowledged' | 'answered' | 'closed'

export interface FollowUpConversation {
  status: RequesterStatus
  /** Their question first, then MAR's answers and their own messages, oldest first. No internal notes. */
  messages: Array<{
    author: 'advisor' | 'requester'
    text: string
    at: string
    /** Under an answer: who signed it (the page words the signature: views/mail/signature.ts). */
    signature?: ReplySignature
  }>
}

/** Use case: open the box. */
export async function openFollowUp(input: unknown, deps: FollowUpDependencies): Promise<FollowUpConversation> {
  const fields = readFields(input, ['reference', 'receipt'])
  const opened = await openBox(fields.reference, fields.receipt, fields.language, deps)
  return conversation(opened, deps)
}

/**
 * Use case: write in the box. The case re-opens when it was answered, and whoever has it is told (content-free).
 * `conversation` reads the box as it now stands, for a page that shows it, without checking the pair a second time.
 */
export async function postFollowUpMessage(
  input: unknown,
  deps: FollowUpDependencies,
): Promise<{
  status: RequesterStatus
  message: FollowUpConversation['messages'][number]
  conversation: () => Promise<FollowUpConversation>
}> {
  const fields = readFields(input, ['reference', 'receipt', 'text'])
  const current = await openBox(fields.reference, fields.receipt, fields.language, deps)
  const now = deps.clock.now()
  if (
    current.status === 'closed' &&
    now.getTime() - Date.parse(current.closedAt ?? '') > REOPEN_CLOSED_WITHIN_DAYS * DAY_MS
  ) {
    throw new ConversationClosedError(fields.language)
  }
  const id = `${now.toISOString()}-${Buffer.from(deps.randomBytes(4)).toString('hex')}`
  const message: CaseMessage = { id, kind: 'follow-up', author: 'requester', text: fields.text, at: now.toISOString() }
  await deps.cases.addMessage(current.reference, message, current.retainUntil)
  await deps.cases.recordEvent(current.reference, {
    id: `follow-up-received:${id}`,
    at: now.toISOString(),
    type: 'follow-up-received',
    detail: { messageId: id },
  })
  const { stored } = await requesterWroteAgain(current, `follow-up:${id}`, deps)
  return {
    status: requesterStatus(stored.status),
    message: { author: 'requester', text: fields.text, at: message.at },
    conversation: () => conversation(stored, deps),
  }
}

/**
 * The case the pair opens, or a refusal. The attempt is counted before anything is looked up (so guesses sent at
 * once cannot all slip in before the count), and given back when the pair was right.
 */
async function openBox(
  typedReference: string,
  receipt: string,
  language: Language,
  deps: FollowUpDependencies,
): Promise<Case & { receiptHash: string }> {
  const reference = canonicalReference(typedReference)
  const key = followUpAttemptsKey(reference ?? typedReference.trim().toUpperCase())
  const now = deps.clock.now()
  const { attempts, windowStart } = await deps.attempts.count(key, now, ATTEMPT_WINDOW_MS)
  if (attempts > MAX_FAILED_ATTEMPTS) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + ATTEMPT_WINDOW_MS - now.getTime()) / 1000))
    throw new TooManyAttemptsError(retryAfter, language)
  }
  const stored = reference === undefined ? undefined : await deps.cases.getCase(reference)
  const box = stored !== undefined && hasFollowUpBox(stored) ? stored : undefined
  // Hashed even when there is nothing to compare with, so every refusal costs the same.
  if (!(await receiptMatches(receipt, box?.receiptHash)) || box === undefined) throw new FollowUpDeniedError(language)
  await deps.attempts.giveBack(key)
  return box
}

async function conversation(current: Case, deps: FollowUpDependencies): Promise<FollowUpConversation> {
  const file = await deps.cases.getCaseFile(current.reference)
  const source = file?.case ?? current
  const question = source.channel === 'email' ? source.mail.text : source.description
  const messages = (file?.messages ?? [])
    // A phone answer is the advisor's record of a call, not a text the requester was sent.
    .filter((message) => (message.kind === 'reply' && message.via !== 'phone') || message.kind === 'follow-up')
    .map(({ author, text, at, signature }) => ({ author, text, at, ...(signature ? { signature } : {}) }))
  return {
    status: requesterStatus(source.status),
    messages: [{ author: 'requester', text: question, at: source.createdAt }, ...messages],
  }
}

export function requesterStatus(status: CaseStatus): RequesterStatus {
  if (status === 'acknowledged' || status === 'answered' || status === 'closed') return status
  return 'received'
}

/**
 * `MAR-XXXX-XXXX` from the reference as a person types it: any letter case, with or without dashes, spaces or the
 * `MAR` prefix, and O, I, L read as 0, 1, 1 (Crockford). Undefined when it cannot be a reference.
 */
export function canonicalReference(typed: string): string | undefined {
  let compact = typedCrockford(typed)
  // The prefix holds no O, I or L, so it reads the same before and after.
  if (compact.length === 11 && compact.startsWith('MAR')) compact = compact.slice(3)
  if (compact.length !== 8 || [...compact].some((character) => !CROCKFORD_ALPHABET.includes(character))) {
    return undefined
  }
  return `MAR-${compact.slice(0, 4)}-${compact.slice(4)}`
}

type FieldName = 'reference' | 'receipt' | 'text'

/** The fields a follow-up form sends (and `language`, which page to answer with); anything else is refused. */
function readFields<const K extends FieldName>(
  input: unknown,
  names: readonly K[],
): Record<K, string> & { language: Language } {
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : undefined
  const language: Language = body?.language === 'en' ? 'en' : 'nl'
  if (body === undefined) {
    throw new ValidationError([{ path: '_form', rule: 'not_an_object' }], language)
  }
  const problems: FieldProblem[] = []
  const allowed = new Set<string>([...names, 'language'])
  // Unknown names are counted, never echoed: a field name can carry data too.
  if (Object.keys(body).some((name) => !allowed.has(name))) problems.push({ path: '_unknown', rule: 'unknown_field' })
  if (body.language !== undefined && body.language !== 'nl' && body.language !== 'en') {
    problems.push({ path: 'language', rule: 'invalid_choice' })
  }
  const values = {} as Record<K, string>
  for (const name of names) {
    const value = body[name]
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      problems.push({ path: name, rule: 'required' })
    } else if (typeof value !== 'string') {
      problems.push({ path: name, rule: 'expected_text' })
    } else if (name === 'text') {
      const problem = textProblem(value, { multiline: true, maxLength: LIMITS.description })
      if (problem !== undefined) problems.push({ path: name, rule: problem, params: { max: LIMITS.description } })
      else values[name] = value
    } else if (value.length > MAX_CREDENTIAL_LENGTH) {
      problems.push({ path: name, rule: 'too_long', params: { max: MAX_CREDENTIAL_LENGTH } })
    } else {
      values[name] = value
    }
  }
  if (problems.length > 0) throw new ValidationError(problems, language)
  return { ...values, language }
}

/**
 * The key of the attempts to open a reference's box: the reference as it will be looked up, hashed (the table holds
 * no list of guessed references). The retention purge deletes it with the case.
 */
export function followUpAttemptsKey(reference: string): string {
  return sha256Hex(`follow-up:${reference}`)
}
