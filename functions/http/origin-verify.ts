import { createHash, timingSafeEqual } from 'node:crypto'
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda'
import { jsonResponse } from './responses.ts'

/**
 * The header CloudFront adds to every request it sends to the API (lib/constructs/public-site.ts), with a secret
 * value: a request without it did not come through CloudFront (its WAF, its headers policy) and is refused.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify'

/** The value CloudFront sends (Secrets Manager in AWS, made at start locally). */
export type OriginSecretSource = () => Promise<string>

type HttpHandler<Result> = (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>

/**
 * The first thing every API function does: a request whose `x-origin-verify` is not CloudFront's secret (a direct
 * call of the execute-api endpoint) gets 403 `{error:{code:"forbidden"}}` and reaches nothing else. Compared in
 * constant time (as SHA-256 digests, so the length does not show either).
 */
export function originVerified<Result>(
  handler: HttpHandler<Result>,
  secret: OriginSecretSource,
): HttpHandler<Result | ReturnType<typeof jsonResponse>> {
  return async (event, context) => {
    const presented = event.headers?.[ORIGIN_VERIFY_HEADER]
    let expected: string
    try {
      expected = await secret()
    } catch {
      return jsonResponse(
        503,
        { error: { code: 'temporarily_unavailable', message: 'Probeer het later opnieuw. Please try again later.' } },
        { 'retry-after': '5' },
      )
    }
    if (presented === undefined || !sameSecret(presented, expected)) {
      return jsonResponse(403, { error: { code: 'forbidden', message: 'Forbidden' } })
    }
    return handler(event, context)
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected))
}
