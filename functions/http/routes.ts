/**
 * Every HTTP route of MAR Intake, declared once. This table feeds the CDK routes (lib/constructs/api.ts), the local
 * gateway (local/) and each handler's dispatch: a route that is not here does not exist anywhere.
 */

/** The Lambda functions behind the HTTP API, by the name the local runtime and the logs give them. */
export const HTTP_FUNCTIONS = ['web-intake-submit', 'health', 'follow-up', 'actions', 'advisor-api'] as const
export type HttpFunctionName = (typeof HTTP_FUNCTIONS)[number]

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface HttpRoute {
  readonly method: HttpMethod
  /** API Gateway's path template: literal segments and `{name}` parameters. */
  readonly path: string
  readonly function: HttpFunctionName
  /** `staff`: behind the JWT authorizer (Cognito access token with scope openid); `public`: anyone. */
  readonly auth: 'public' | 'staff'
}

const route = <const M extends HttpMethod, const P extends string, const F extends HttpFunctionName>(
  method: M,
  path: P,
  fn: F,
  auth: 'public' | 'staff' = 'public',
) => ({ method, path, function: fn, auth }) as const

export const HTTP_ROUTES = [
  route('POST', '/api/requests', 'web-intake-submit'),
  route('GET', '/health', 'health'),
  route('POST', '/api/follow-up', 'follow-up'),
  route('POST', '/api/follow-up/messages', 'follow-up'),
  route('GET', '/actions/{token}', 'actions'),
  route('POST', '/actions/{token}', 'actions'),
  route('GET', '/api/advisor/cases', 'advisor-api', 'staff'),
  route('POST', '/api/advisor/cases', 'advisor-api', 'staff'),
  route('GET', '/api/advisor/cases/{reference}', 'advisor-api', 'staff'),
  route('DELETE', '/api/advisor/cases/{reference}', 'advisor-api', 'staff'),
  route('GET', '/api/advisor/cases/{reference}/export', 'advisor-api', 'staff'),
  route('GET', '/api/advisor/cases/{reference}/attachments/{id}', 'advisor-api', 'staff'),
  route('DELETE', '/api/advisor/cases/{reference}/reminders/{id}', 'advisor-api', 'staff'),
  /** The case actions (core/advisor-actions): `{action}` is an action's route name. */
  route('POST', '/api/advisor/cases/{reference}/{action}', 'advisor-api', 'staff'),
  route('GET', '/api/advisor/stats', 'advisor-api', 'staff'),
  /** Reply templates (core/templates): every advisor reads them, coordinators write and delete them. */
  route('GET', '/api/advisor/templates', 'advisor-api', 'staff'),
  route('PUT', '/api/advisor/templates/{id}', 'advisor-api', 'staff'),
  route('DELETE', '/api/advisor/templates/{id}', 'advisor-api', 'staff'),
  route('GET', '/api/advisor/workload', 'advisor-api', 'staff'),
] as const satisfies readonly HttpRoute[]

type Routes = (typeof HTTP_ROUTES)[number]
/** `METHOD /path/{param}` as API Gateway names a route (`event.routeKey`). */
export type RouteKey = `${Routes['method']} ${Routes['path']}`
export type RouteKeyOf<F extends HttpFunctionName> =
  Extract<Routes, { function: F }> extends infer R ? (R extends Routes ? `${R['method']} ${R['path']}` : never) : never

export const routeKeyOf = (route: HttpRoute): string => `${route.method} ${route.path}`

export function routesOf(fn: HttpFunctionName): HttpRoute[] {
  return HTTP_ROUTES.filter((candidate) => candidate.function === fn)
}

/** The routes' distinct paths, each with its methods: what `HttpApi.addRoutes` takes. */
export function pathsOf(routes: readonly HttpRoute[]): Array<{ path: string; methods: HttpMethod[] }> {
  const byPath = new Map<string, HttpMethod[]>()
  for (const candidate of routes) byPath.set(candidate.path, [...(byPath.get(candidate.path) ?? []), candidate.method])
  return [...byPath].map(([path, methods]) => ({ path, methods }))
}

export interface RouteMatch {
  route: HttpRoute
  /** The parameters' raw (still percent-encoded) path segments, by name. */
  pathParameters: Record<string, string>
}

/**
 * The route API Gateway would choose for a request: same method, same number of segments, every literal segment
 * equal; of several, the one with the most literal segments (the most specific path wins).
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/').slice(1)
  let best: { match: RouteMatch; literals: number } | undefined
  for (const candidate of HTTP_ROUTES) {
    if (candidate.method !== method) continue
    const template = candidate.path.split('/').slice(1)
    if (template.length !== segments.length) continue
    const pathParameters: Record<string, string> = {}
    let literals = 0
    const fits = template.every((part, index) => {
      const segment = segments[index] as string
      if (part.startsWith('{') && part.endsWith('}')) {
        pathParameters[part.slice(1, -1)] = segment
        return segment !== ''
      }
      literals++
      return part === segment
    })
    if (fits && (best === undefined || literals > best.literals)) {
      best = { match: { route: candidate, pathParameters }, literals }
    }
  }
  return best?.match
}
