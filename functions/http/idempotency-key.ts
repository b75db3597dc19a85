import { ValidationError } from '../core/shared/errors.ts'
import type { Language } from '../core/shared/field-problems.ts'

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/

/** The optional `Idempotency-Key` header: 1–255 visible ASCII characters, or a 400. */
export function readIdempotencyKey(headers: Record<string, string | undefined> | undefined, language: Language) {
  const key = headers?.['idempotency-key']
  if (key === undefined) return undefined
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ path: 'Idempotency-Key', rule: 'invalid_idempotency_key' }], language)
  }
  return key
}
