import { describeProblems, type Language } from '../core/cases/field-messages.ts'
import { messageFor } from '../core/cases/web-request.ts'
import { ValidationError } from '../core/shared/errors.ts'

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/

/** The optional `Idempotency-Key` header: 1–255 visible ASCII characters, or a 400. */
export function readIdempotencyKey(headers: Record<string, string | undefined> | undefined, language: Language) {
  const key = headers?.['idempotency-key']
  if (key === undefined) return undefined
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError(
      describeProblems([{ path: 'Idempotency-Key', rule: 'invalid_idempotency_key' }], language),
      messageFor(language),
    )
  }
  return key
}
