import type { MiddlewareObj } from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { HttpProblem } from './problem.ts'

/** Methods that change something: only these are checked (a GET shows, it never acts). */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The origins whose pages may post here: the public URL and `allowedOrigins` (e.g. `https://mar.rotterdam.nl`). Read
 * per request: the local stack knows its own origin only once it listens.
 */
export type AllowedOrigins = () => readonly string[]

/**
 * Whether a state-changing request comes from a page MAR does not serve (cross-site request forgery). A browser
 * says where a request comes from in `Sec-Fetch-Site` and `Origin`, and a page cannot forge either:
 * - `Sec-Fetch-Site: same-origin` (or `none`, the person's own action) is our own page: allowed;
 * - `cross-site` is refused; `same-site` is another site under the same domain (another rotterdam.nl application),
 *   allowed only when its `Origin` is one of ours;
 * - an `Origin` that is not one of ours is refused (also `null`, the origin of sandboxed and privacy-sensitive
 *   contexts);
 * - neither header (curl, scripts, old clients): allowed, they are no browser acting for someone.
 */
export function isCrossSiteRequest(event: APIGatewayProxyEventV2, allowedOrigins: readonly string[]): boolean {
  if (!STATE_CHANGING.has(event.requestContext?.http?.method ?? 'GET')) return false
  const fetchSite = event.headers?.['sec-fetch-site']?.toLowerCase()
  if (fetchSite === 'same-origin' || fetchSite === 'none') return false
  const origin = event.headers?.origin
  const ours = origin !== undefined && allowedOrigins.some((allowed) => sameOrigin(allowed, origin))
  if (fetchSite === 'cross-site') return true
  if (fetchSite === 'same-site') return !ours
  return origin !== undefined && !ours
}

/** Middleware: refuses a cross-site state-changing request with 403 `cross_site_request` before anything is read. */
export function sameOriginOnly(allowedOrigins: AllowedOrigins): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: (request) => {
      if (isCrossSiteRequest(request.event, allowedOrigins())) throw crossSiteRequest()
    },
  }
}

export function crossSiteRequest(): HttpProblem {
  return new HttpProblem(
    403,
    'cross_site_request',
    'This request came from another site. Use the form on the site of MAR itself.',
  )
}

/** The allowed origins from the public URL and the comma-separated ALLOWED_ORIGINS of a function's environment. */
export function allowedOriginsOf(publicUrl: string, allowedOrigins = ''): AllowedOrigins {
  const origins = [publicUrl, ...allowedOrigins.split(',')].map((origin) => origin.trim()).filter(Boolean)
  return () => origins
}

/** Origins compared as the browser writes them: scheme, host and port, case-insensitive, no path or trailing slash. */
function sameOrigin(allowed: string, given: string): boolean {
  try {
    const origin = new URL(allowed).origin
    return given.toLowerCase() === origin.toLowerCase()
  } catch {
    return false
  }
}
