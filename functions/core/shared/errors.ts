/** Errors are values with names; one place per door (functions/http) maps them to a response. */

import type { FieldProblem, Language } from './field-problems.ts'

/** One message per field, as the answer carries them (functions/views/field-messages.ts writes them). */
export type FieldErrors = Record<string, string>

/**
 * The input broke one or more rules, each a code (`problems`); the views say them in words. `language` is the
 * language of the page that sent it (a form's); without one the answer is the advisor API's.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    readonly problems: readonly FieldProblem[],
    readonly language?: Language,
  ) {
    super('The request is not valid.')
  }
}

/** The same Idempotency-Key was used before for a different request. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError'
  constructor() {
    super('This Idempotency-Key was already used for a different request.')
  }
}

export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError'
  constructor() {
    super('No case with this reference.')
  }
}

/** The refusals (409) a case action can answer; the workspace has a message for each. */
export const CONFLICT_CODES = [
  'already_acknowledged',
  'case_closed',
  'no_mail_address',
  'no_follow_up_box',
  'no_reply_awaited',
  'already_paused',
  'not_paused',
  'no_running_clock',
  'quarantined',
  'conflict',
  'too_many_templates',
] as const
export type ConflictCode = (typeof CONFLICT_CODES)[number]

/** What the advisor API says with each refusal (the workspace shows its own text per code). */
const CONFLICT_MESSAGES: Record<ConflictCode, string> = {
  already_acknowledged: 'The case was acknowledged already.',
  case_closed: 'The case is closed.',
  no_mail_address: 'The requester left no e-mail address: call them, and record the answer with via "phone".',
  no_follow_up_box: 'The requester has no follow-up box (only anonymous web requests have one).',
  no_reply_awaited: 'The case does not wait for an answer to a message the requester wrote again.',
  already_paused: 'The case is paused already.',
  not_paused: 'The case is not paused.',
  no_running_clock: 'No deadline runs for this case: there is nothing to pause.',
  quarantined: 'The message failed the virus scan: its attachments are withheld.',
  conflict: 'The case kept changing; please try again.',
  too_many_templates: 'There are as many reply templates as MAR keeps: delete one first.',
}

/** No reply template with this id (HTTP 404, as an unknown case). */
export class TemplateNotFoundError extends CaseNotFoundError {
  override readonly message = 'No reply template with this id.'
}

/** The case is in a state that does not allow the action (HTTP 409); `code` says which. */
export class CaseStateConflictError extends Error {
  override readonly name = 'CaseStateConflictError'
  constructor(
    readonly code: ConflictCode,
    message: string = CONFLICT_MESSAGES[code],
  ) {
    super(message)
  }
}

/** Signed in, but not someone who may work cases (no staff role, or not on the roster in force). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError'
  constructor() {
    super('You may not work cases in MAR Intake.')
  }
}

/**
 * A reference and receipt that do not open a follow-up box (HTTP 401). The same error, with the same message, for a
 * wrong receipt, an unknown reference and a case that has no box: the answer must not tell them apart.
 */
export class FollowUpDeniedError extends Error {
  override readonly name = 'FollowUpDeniedError'
  /** `language`: the page's, in which the views say it (functions/views/requester-refusals.ts). */
  constructor(readonly language: Language) {
    super('This reference and receipt code do not open a conversation.')
  }
}

/** Too many failed attempts for one reference (HTTP 429): come back after `retryAfterSeconds`. */
export class TooManyAttemptsError extends Error {
  override readonly name = 'TooManyAttemptsError'
  constructor(
    readonly retryAfterSeconds: number,
    readonly language: Language,
  ) {
    super('Too many attempts for this reference. Try again later.')
  }
}

/** The requester writes in a conversation closed too long ago to re-open (HTTP 409 `case_closed`). */
export class ConversationClosedError extends CaseStateConflictError {
  constructor(readonly language: Language) {
    super('case_closed', 'This conversation was closed some time ago: ask again with the form.')
  }
}

/**
 * The case store is out of reach for now (throttling or an outage, past the SDK's own retries): nothing about the
 * request is wrong, and nothing was half written. The client should come back after `retryAfterSeconds` (HTTP 503
 * with Retry-After); a workflow task is retried by its state machine. Raised by the DynamoDB adapter only, which is
 * the one place that knows DynamoDB's error names.
 */
export class TemporarilyUnavailableError extends Error {
  override readonly name = 'TemporarilyUnavailableError'
  constructor(
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super('The case store is temporarily unavailable.', options)
  }
}
