import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'

/** A Lambda handler as API Gateway (HTTP API, payload format 2.0) calls it. */
export type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>

/** API Gateway refuses bodies over 10 MB before any function runs; so does this stand-in. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024
const TEXT_TYPES = /^(?:text\/|application\/(?:json|x-www-form-urlencoded|xml))/i
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

export async function readBody(request: IncomingMessage, maxBytes = GATEWAY_MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength
    if (size > maxBytes) throw new BodyTooLargeError()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** The event API Gateway builds: lower-case headers (repeats joined by commas), text bodies as text, others base64. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  route: {
    routeKey: string
    pathParameters?: Record<string, string>
    /** The JWT authorizer's claims, as API Gateway hands them to the function. */
    claims?: Record<string, string | number | boolean | string[]>
    /** Headers CloudFront adds to every request to the API origin, over any the viewer sent (the origin secret). */
    originHeaders?: Record<string, string>
  },
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headersDistinct)) {
    if (value !== undefined) headers[name.toLowerCase()] = value.join(',')
  }
  for (const [name, value] of Object.entries(route.originHeaders ?? {})) headers[name.toLowerCase()] = value
  const queryStringParameters: Record<string, string> = {}
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value
  }
  const asText = TEXT_TYPES.test(headers['content-type'] ?? '') && isUtf8(body)
  const now = new Date()
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      ...(route.claims ? { authorizer: { jwt: { claims: route.claims, scopes: null } } } : {}),
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0 ? { body: body.toString(asText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.byteLength > 0 && !asText,
  }
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 10_000
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}

export function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  response.statusCode = result.statusCode ?? 200
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value))
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies)
  response.end(
    result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  )
}

function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes)
    return true
  } catch {
    return false
  }
}
