import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HTTP_FUNCTIONS, HTTP_ROUTES, type HttpFunctionName, routeKeyOf } from '../../../functions/http/routes.ts'
import type { HttpLambda } from '../../../local/api-gateway.ts'
import { createLocalGateway } from '../../../local/gateway.ts'
import { RouteThrottle } from '../../../local/throttle.ts'

/** What each fake function saw: the gateway's event, by function name. */
const calls: Array<{ name: HttpFunctionName; event: APIGatewayProxyEventV2 }> = []
const fakeFunction =
  (name: HttpFunctionName): HttpLambda =>
  async (event) => {
    calls.push({ name, event })
    return { statusCode: 200, body: name }
  }
const functions = Object.fromEntries(HTTP_FUNCTIONS.map((name) => [name, fakeFunction(name)])) as Record<
  HttpFunctionName,
  HttpLambda
>
const STAFF_TOKEN = 'Bearer good'
const auth = {
  verify: async (authorization: string | undefined) =>
    authorization === STAFF_TOKEN ? { username: 'adv-01' } : undefined,
}

describe('Local gateway: the route table (functions/http/routes.ts) in front of the functions, as API Gateway', () => {
  let server: Server
  let url: string
  let throttle: RouteThrottle

  beforeAll(async () => {
    server = createServer((request, response) => {
      const gateway = createLocalGateway({ functions, auth, throttle })
      void gateway(request, response, new URL(request.url ?? '/', 'http://localhost')).then((handled) => {
        if (!handled) response.writeHead(599).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  beforeEach(() => {
    calls.length = 0
    throttle = new RouteThrottle(() => ({ ratePerSecond: 1000, burst: 1000 }))
  })

  /** A request path for a route: each `{parameter}` filled in. */
  const pathOf = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-value`)

  it('calls each route’s function by the name the table gives it, with its route key and its path parameters', async () => {
    for (const route of HTTP_ROUTES) {
      calls.length = 0
      const response = await fetch(`${url}${pathOf(route.path)}`, {
        method: route.method,
        headers: route.auth === 'staff' ? { authorization: STAFF_TOKEN } : {},
      })
      expect(await response.text()).toBe(route.function)
      expect(calls).toHaveLength(1)
      expect(calls[0]?.event.routeKey).toBe(routeKeyOf(route))
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string)
      expect(calls[0]?.event.pathParameters).toEqual(
        names.length === 0 ? undefined : Object.fromEntries(names.map((name) => [name, `${name}-value`])),
      )
    }
  })

  it('gives the function the origin secret header and the JWT claims, checked by the function as in AWS', async () => {
    await fetch(`${url}/api/advisor/cases`, { headers: { authorization: STAFF_TOKEN, 'x-origin-verify': 'forged' } })
    const event = calls[0]?.event
    expect(event?.headers['x-origin-verify']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((event?.requestContext as { authorizer?: unknown } | undefined)?.authorizer).toEqual({
      jwt: { claims: { username: 'adv-01' }, scopes: null },
    })
  })

  it('answers 401 with Bearer for a staff route without a valid token, and never calls the function', async () => {
    for (const headers of [{}, { authorization: 'Bearer bad' }] as Array<Record<string, string>>) {
      const response = await fetch(`${url}/api/advisor/cases/MAR-AAAA-AAAA`, { headers })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer')
      expect(await response.json()).toEqual({ message: 'Unauthorized' })
    }
    expect(calls).toEqual([])
  })

  it('decodes path parameters once and answers 400 for a broken percent-escape', async () => {
    await fetch(`${url}/actions/a%2Fb`)
    expect(calls[0]?.event.pathParameters).toEqual({ token: 'a/b' })
    const broken = await fetch(`${url}/actions/%E0%A4%A`)
    expect(broken.status).toBe(400)
    expect(await broken.json()).toEqual({ message: 'Bad Request' })
  })

  it('picks the most specific route, and leaves paths and methods it does not have to the server', async () => {
    await fetch(`${url}/api/advisor/cases/MAR-AAAA-AAAA/export`, { headers: { authorization: STAFF_TOKEN } })
    expect(calls[0]?.event.routeKey).toBe('GET /api/advisor/cases/{reference}/export')
    for (const [method, path] of [
      ['GET', '/api/requests'],
      ['POST', '/api/requests/'],
      ['POST', '/health'],
      ['GET', '/actions/'],
      ['GET', '/api/advisor/cases/a/b/c/d'],
    ] as const) {
      expect((await fetch(`${url}${path}`, { method })).status).toBe(599)
    }
  })

  it('throttles per route: 429 with Retry-After once the route’s burst is used up, other routes unaffected', async () => {
    throttle = new RouteThrottle(() => ({ ratePerSecond: 1, burst: 2 }))
    const statuses = []
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await fetch(`${url}/health`)).status)
    expect(statuses).toEqual([200, 200, 429])
    const refused = await fetch(`${url}/health`)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toEqual({ message: 'Too Many Requests' })
    expect((await fetch(`${url}/api/requests`, { method: 'POST' })).status).toBe(200)
  })
})
