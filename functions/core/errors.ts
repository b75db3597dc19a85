/** Errors are values with names; one place per door (functions/http) maps them to a response. */

export type FieldErrors = Record<string, string>

export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    readonly fields: FieldErrors,
    message = 'The request is not valid.',
  ) {
    super(message)
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
