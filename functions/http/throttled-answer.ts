import { renderThrottledPage } from '../views/pages/throttled-page.ts'
import { htmlResponse } from './responses.ts'

/**
 * What a request the route throttle turned away gets, before any handler runs: API Gateway's own JSON answer
 * (`{"message":"Too Many Requests"}`) for scripts and JSON clients, and for a browser's plain form post the form's
 * page in its language (the form's hidden `language` field, else the Referer's `/en/`) saying to try again in N
 * seconds. Both carry `Retry-After`. Used by the local gateway; in AWS the same answer is made at the edge (README).
 */
export function routeThrottledAnswer(
  request: { contentType?: string; accept?: string; body?: string; referer?: string },
  retryAfterSeconds: number,
): { statusCode: 429; headers: Record<string, string>; body: string } {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  const contentType = request.contentType?.toLowerCase() ?? ''
  const formPost =
    contentType.startsWith('application/x-www-form-urlencoded') &&
    !(request.accept?.toLowerCase() ?? '').includes('application/json')
  if (!formPost) {
    return {
      statusCode: 429,
      headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      body: JSON.stringify({ message: 'Too Many Requests' }),
    }
  }
  const page = htmlResponse(429, renderThrottledPage({ lang: formLanguage(request), retryAfterSeconds: seconds }), {
    'retry-after': String(seconds),
  })
  return { statusCode: 429, headers: page.headers as Record<string, string>, body: page.body as string }
}

function formLanguage(request: { body?: string; referer?: string }): 'nl' | 'en' {
  const language = new URLSearchParams((request.body ?? '').slice(0, 64 * 1024)).get('language')
  if (language === 'en' || language === 'nl') return language
  try {
    return new URL(request.referer ?? '', 'http://localhost').pathname.startsWith('/en/') ? 'en' : 'nl'
  } catch {
    return 'nl'
  }
}
