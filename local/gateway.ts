import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ORIGIN_VERIFY_HEADER, originVerified } from '../functions/http/origin-verify.ts'
import { HTTP_FUNCTIONS, type HttpFunctionName, matchRoute, routeKeyOf } from '../functions/http/routes.ts'
import { routeThrottledAnswer } from '../functions/http/throttled-answer.ts'
import { type HttpLambda, lambdaContext, readBody, toApiGatewayEvent, writeResult } from './api-gateway.ts'
import type { DevAuth } from './dev-auth.ts'
import { functionScope, recordedSecret, type StandInRecorder } from './function-scope.ts'
import { safeDecode, sendJson } from './http-responses.ts'
import type { RouteThrottle } from './throttle.ts'

export interface LocalGatewayOptions {
  /** The HTTP functions by name (functions/http/routes.ts names each route's). */
  functions: Record<HttpFunctionName, HttpLambda>
  /** The JWT authorizer's stand-in, for the routes behind it (`auth: 'staff'`). */
  auth: Pick<DevAuth, 'verify'>
  /** A bucket per route, as the stage's route settings throttle in AWS. */
  throttle: RouteThrottle
  /** Records each read of the origin secret, as GetSecretValue on the route's behalf (check:iam). */
  recordStandInCalls?: StandInRecorder | undefined
}

/**
 * API Gateway and CloudFront in front of it: the route table (functions/http/routes.ts) picks the route as API
 * Gateway would, the stage throttles it, the JWT authorizer checks staff routes, and the origin secret CloudFront adds
 * goes with every request to the function, which checks it as in AWS. Answers whether the request was an API route.
 */
export function createLocalGateway(options: LocalGatewayOptions) {
  const { functions, auth, throttle } = options
  // The stand-in for CloudFront adds the origin secret to every API request, as CloudFront does in AWS.
  const originSecret = randomBytes(32).toString('base64url')
  const record = options.recordStandInCalls
  const secret = async () => originSecret
  const readSecret = record ? recordedSecret(secret, 'origin-verify', record) : secret
  // As each Lambda entry does (functions/http/origin-verify.ts): only what came through "CloudFront" is served.
  const verified = new Map(HTTP_FUNCTIONS.map((name) => [name, originVerified(functions[name], readSecret)] as const))

  return async function gateway(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const match = matchRoute(request.method ?? 'GET', url.pathname)
    if (match === undefined) return false
    const routeKey = routeKeyOf(match.route)
    const permit = throttle.take(routeKey)
    if (!permit.allowed) {
      // JSON for scripts (API Gateway's own answer), the form's page for a plain form post (functions/http).
      const throttled = routeThrottledAnswer(
        {
          ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
          ...(request.headers.accept ? { accept: request.headers.accept } : {}),
          ...(request.headers.referer ? { referer: request.headers.referer } : {}),
          body: new TextDecoder().decode((await readBody(request).catch(() => Buffer.alloc(0))).subarray(0, 64 * 1024)),
        },
        permit.retryAfterSeconds,
      )
      response.writeHead(throttled.statusCode, throttled.headers)
      response.end(throttled.body)
      return true
    }
    const body = await readBody(request)
    const names = Object.keys(match.pathParameters)
    const decoded = names.map((name) => safeDecode(match.pathParameters[name] ?? ''))
    if (decoded.includes(undefined)) {
      sendJson(response, 400, { message: 'Bad Request' })
      return true
    }
    const pathParameters =
      names.length > 0 ? Object.fromEntries(names.map((name, index) => [name, decoded[index] as string])) : undefined
    const staff = match.route.auth === 'staff'
    const claims = staff ? await auth.verify(request.headers.authorization) : undefined
    if (staff && claims === undefined) {
      sendJson(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' })
      return true
    }
    const event = toApiGatewayEvent(request, body, {
      routeKey,
      ...(pathParameters ? { pathParameters } : {}),
      ...(claims ? { claims } : {}),
      originHeaders: { [ORIGIN_VERIFY_HEADER]: originSecret },
    })
    const lambda = verified.get(match.route.function) as HttpLambda
    // The route's scope (check:iam maps a route to its function by the synthesized routes); the function's own inside.
    const invoke = () => lambda(event, lambdaContext(routeKey))
    writeResult(response, await functionScope.run(`route:${routeKey}`, invoke))
    return true
  }
}
