import { requestFields } from '../shared/request-fields.ts'

/** The JSON body of `POST /api/requests` from the form's fields, as the server's form post would read them. */
export function requestBody(form: HTMLFormElement, lang: 'nl' | 'en'): Record<string, unknown> {
  const website = new FormData(form).get('website')
  return { ...requestFields(form, lang), website: typeof website === 'string' ? website : '' }
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date); undefined when there is none. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - now) / 1000))
}

/** A fresh Idempotency-Key; randomUUID needs a secure context, which HTTPS and localhost are. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
