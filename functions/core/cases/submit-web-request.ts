import type { BusinessCalendar } from '../deadlines/business-calendar.ts'
import { planFor } from '../deadlines/case-workflow.ts'
import { deadlinePlan, type ResponseWindows } from '../deadlines/deadlines.ts'
import { hashReceipt, newReceipt } from '../follow-up/receipt.ts'
import type { Clock } from '../ports/clock.ts'
import type { CaseRepository } from '../ports/stores.ts'
import { IdempotencyKeyReusedError } from '../shared/errors.ts'
import { sha256Hex } from '../shared/hash.ts'
import { type Case, type CaseStatus, newCaseEnvelope, type Urgency, urgencyOf, type WebCase } from './case.ts'
import { changeCase } from './change-case.ts'
import { newReference, type RandomBytes } from './reference.ts'
import { parseWebRequest, type WebRequest } from './web-request.ts'

export interface SubmitWebRequestDependencies {
  cases: CaseRepository
  clock: Clock
  randomBytes: RandomBytes
  caseRetentionDays: number
  /** The business calendar and response windows: the answer date is the acknowledgement mail's (planFor). */
  calendar: BusinessCalendar
  windows: ResponseWindows
}

export interface SubmitWebRequestOptions {
  /** The client's Idempotency-Key header, already checked for shape. */
  idempotencyKey?: string
  /**
   * A plain form post without a key (no JavaScript): the request itself is the key, so a reload or a second click,
   * which sends the very same form again, files nothing new and answers with the same case. (The static form page
   * is the same file for everyone: it cannot carry a key of its own per visitor.)
   */
  keyedByContent?: boolean
}

export type SubmitOutcome =
  | {
      kind: 'accepted'
      reference: string
      status: CaseStatus
      urgency: Urgency
      replayed: boolean
      /** An anonymous request's receipt code, in clear for this answer only (only its hash is stored). */
      receipt?: string
      /**
       * An anonymous form post (no key) that came before: its first code stays the only one. Identical content is
       * no proof that it is the same person, so the repeat gets no code that would open the first one's box.
       */
      receiptKept?: true
      /** When MAR answers at the latest: the respond deadline, as the acknowledgement mail gives it. */
      respondBy: Date
    }
  /** A robot filled in the honeypot: it gets an answer that looks normal, and nothing is stored. */
  | { kind: 'discarded'; reference: string; status: CaseStatus; urgency: Urgency; receipt?: string; respondBy: Date }

export const IDEMPOTENCY_WINDOW_HOURS = 24
/** A 40-bit reference collides rarely; this many draws in a row failing means something else is wrong. */
const MAX_REFERENCE_DRAWS = 5

/**
 * Use case: a professional or private person submits a request through the web form. The request is checked whole
 * (ValidationError), then the case is stored before anything else happens.
 */
export async function submitWebRequest(
  input: unknown,
  options: SubmitWebRequestOptions,
  deps: SubmitWebRequestDependencies,
): Promise<SubmitOutcome> {
  if (honeypotFilled(input)) {
    // Answered like any accepted request, whatever else was sent, so a robot learns nothing from the answer.
    const sent = input as Record<string, unknown>
    const anonymous = sent.anonymous === true
    // The date a request of this topic would get, so the answer looks like any other.
    const topic = sent.topic === 'case' || sent.topic === 'training' ? sent.topic : 'question'
    return {
      kind: 'discarded',
      reference: newReference(deps.randomBytes),
      status: 'received',
      urgency: 'normal',
      ...(anonymous ? { receipt: newReceipt(deps.randomBytes) } : {}),
      respondBy: deadlinePlan({ receivedAt: deps.clock.now(), urgency: 'normal', topic }, deps.calendar, deps.windows)
        .respondBy,
    }
  }
  const request = parseWebRequest(input)
  const outcome = await storeRequest(request, options, deps)
  if (!request.anonymous || outcome.kind !== 'accepted' || outcome.receipt !== undefined) return outcome
  if (options.keyedByContent) return { ...outcome, receiptKept: true }
  return { ...outcome, receipt: await replacedReceipt(outcome.reference, deps) }
}

/**
 * A repeat of an anonymous request (the same Idempotency-Key and body: its first answer was lost on the way) gets a
 * new receipt, which replaces the first one: the code was shown only in the answer that never arrived, and only its
 * hash is kept, so it cannot be shown again.
 */
async function replacedReceipt(reference: string, deps: SubmitWebRequestDependencies): Promise<string> {
  const receipt = newReceipt(deps.randomBytes)
  const receiptHash = await hashReceipt(receipt, deps.randomBytes)
  await changeCase(deps.cases, reference, () => ({ receiptHash }))
  return receipt
}

async function storeRequest(
  request: WebRequest,
  options: SubmitWebRequestOptions,
  deps: SubmitWebRequestDependencies,
): Promise<SubmitOutcome> {
  const urgency = urgencyOf(request)
  const fingerprint = sha256Hex(JSON.stringify(request))
  const keyHash =
    options.idempotencyKey !== undefined
      ? sha256Hex(options.idempotencyKey)
      : options.keyedByContent
        ? sha256Hex(`form-post:${fingerprint}`)
        : undefined

  for (let draw = 0; draw < MAX_REFERENCE_DRAWS; draw++) {
    const now = deps.clock.now()
    let reference = newReference(deps.randomBytes)
    let claimedByUs = true
    if (keyHash !== undefined) {
      const claim = await deps.cases.claimIdempotencyKey(
        { keyHash, reference, fingerprint, expiresAt: addHours(now, IDEMPOTENCY_WINDOW_HOURS).toISOString() },
        now,
      )
      if (claim.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
      claimedByUs = claim.reference === reference
      reference = claim.reference
    }

    // A repeat usually finds its case stored already: answer from it without trying to write it again.
    const earlier = claimedByUs ? undefined : await deps.cases.getCase(reference)
    if (earlier !== undefined && earlier.idempotencyKeyHash === keyHash) return replayOf(earlier, deps)

    const receipt = request.anonymous ? newReceipt(deps.randomBytes) : undefined
    const newCase = caseFromRequest(request, {
      reference,
      now,
      urgency,
      keyHash,
      retentionDays: deps.caseRetentionDays,
      ...(receipt === undefined ? {} : { receiptHash: await hashReceipt(receipt, deps.randomBytes) }),
    })
    if ((await deps.cases.createCase(newCase)) === 'created') {
      return {
        kind: 'accepted',
        reference,
        status: newCase.status,
        urgency,
        replayed: !claimedByUs,
        ...(receipt === undefined ? {} : { receipt }),
        respondBy: planFor(newCase, deps).respondBy,
      }
    }
    const existing = await deps.cases.getCase(reference)
    if (existing !== undefined && keyHash !== undefined && existing.idempotencyKeyHash === keyHash) {
      return replayOf(existing, deps)
    }
    // The reference belongs to an unrelated case: give the key back (if it was ours) and draw again.
    if (keyHash !== undefined && claimedByUs) await deps.cases.releaseIdempotencyKey(keyHash, reference)
  }
  throw new Error('No free case reference after repeated draws')
}

function replayOf(stored: Case, deps: SubmitWebRequestDependencies): SubmitOutcome {
  return {
    kind: 'accepted',
    reference: stored.reference,
    status: stored.status,
    urgency: stored.urgency,
    replayed: true,
    respondBy: planFor(stored, deps).respondBy,
  }
}

/** The honeypot field is hidden from people; only a robot fills it in. */
function honeypotFilled(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false
  const website = (input as Record<string, unknown>).website
  return website !== undefined && website !== ''
}

export function caseFromRequest(
  request: WebRequest,
  context: {
    reference: string
    now: Date
    urgency: Urgency
    keyHash: string | undefined
    retentionDays: number
    channel?: WebCase['channel']
    receiptHash?: string
  },
): WebCase {
  const { website: _honeypot, consent: _consent, ...submission } = request
  return {
    ...submission,
    ...newCaseEnvelope({ ...context }),
    channel: context.channel ?? 'web',
    consentedAt: context.now.toISOString(),
    ...(context.keyHash === undefined ? {} : { idempotencyKeyHash: context.keyHash }),
    ...(context.receiptHash === undefined ? {} : { receiptHash: context.receiptHash }),
  }
}

function addHours(moment: Date, hours: number): Date {
  return new Date(moment.getTime() + hours * 3_600_000)
}
