/** The advisor API client: JSON in and out, the token in the header, our own words for every refusal. */
import { CONFLICT_CODES, type ConflictCode } from '../../../functions/core/shared/errors.ts'
import { copy } from './copy.ts'
import { authorization, goToSignIn } from './session.ts'
import { ensureFreshToken, renewTokens } from './token-renewal.ts'

export const CASES_API = '/api/advisor/cases'
export const STATS_API = '/api/advisor/stats'

/** An answer of the API: its status (0 when the network failed) and its JSON body, if any. */
export interface ApiResult<T = unknown> {
  status: number
  data: T | undefined
}

/** The error body of a 4xx answer. */
export interface ApiErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown }
}

let onUnauthorized: () => void = goToSignIn

/** What a 401 does on this page (the list shows its sign-in; the other pages go there). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler
}

/**
 * One call of the advisor API. A token about to expire is renewed first (in AWS); a 401 is answered by the authorizer
 * before any handler runs, so after a successful renewal the call is sent once more.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  retried = false,
): Promise<ApiResult<T>> {
  await ensureFreshToken()
  const headers: Record<string, string> = { accept: 'application/json', ...authorization(), ...extraHeaders }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    })
  } catch {
    return { status: 0, data: undefined }
  }
  let data: T | undefined
  try {
    data = (await response.json()) as T
  } catch {
    data = undefined
  }
  if (response.status === 401) {
    if (!retried && (await renewTokens())) return api<T>(method, path, body, extraHeaders, true)
    onUnauthorized()
  }
  return { status: response.status, data }
}

/** The field messages of a 400 answer, if it has them. */
export function fieldErrors(result: ApiResult): Record<string, unknown> | undefined {
  if (result.status !== 400) return undefined
  const fields = (result.data as ApiErrorBody | undefined)?.error?.fields
  return fields && typeof fields === 'object' ? (fields as Record<string, unknown>) : undefined
}

function isConflictCode(code: unknown): code is ConflictCode {
  return (CONFLICT_CODES as readonly unknown[]).includes(code)
}

/** The message for an answer that was not a success: our own words for each code, never the raw answer. */
export function errorText(result: ApiResult): string {
  const errors = copy.error
  const code = (result.data as ApiErrorBody | undefined)?.error?.code
  switch (result.status) {
    case 0:
      return errors.network
    case 400:
      return errors.validation
    case 403:
      return errors.forbidden
    case 404:
      return errors.notFound
    case 409:
      return isConflictCode(code) ? errors[code] : errors.conflict
    case 413:
      return errors.tooLarge
    case 429:
      return errors.rateLimited
    default:
      return errors.failed
  }
}
