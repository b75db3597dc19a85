import type { CloudFrontResponseEvent, CloudFrontResultResponse } from 'aws-lambda'
import { routeThrottledAnswer } from '../http/throttled-answer.ts'

/**
 * Lambda@Edge, origin response, on the form-post paths (`/api/requests`, `/api/follow-up*`): API Gateway's stage
 * throttle answers 429 `{"message":"Too Many Requests"}` before any of our functions runs, and CloudFront Functions
 * do not run on an origin's error answers — an origin-response function does. A plain form post's 429 becomes the
 * form's page saying to try again in N seconds (the language from the Referer: the body is not in this event);
 * every other answer, and every JSON client's 429, passes unchanged (with `Retry-After`).
 */
export async function handler(event: CloudFrontResponseEvent): Promise<CloudFrontResultResponse> {
  const { request, response } = event.Records[0]?.cf ?? ({} as CloudFrontResponseEvent['Records'][number]['cf'])
  if (response === undefined || response.status !== '429' || request?.method !== 'POST') return response
  const header = (name: string) => request.headers[name]?.[0]?.value
  const retryAfter = Number(response.headers['retry-after']?.[0]?.value ?? '1')
  const answer = routeThrottledAnswer(
    {
      ...(header('content-type') ? { contentType: header('content-type') } : {}),
      ...(header('accept') ? { accept: header('accept') } : {}),
      ...(header('referer') ? { referer: header('referer') } : {}),
    },
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1,
  )
  const headers: NonNullable<CloudFrontResultResponse['headers']> = { ...response.headers }
  for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = [{ key: name, value }]
  return { ...response, status: '429', statusDescription: 'Too Many Requests', headers, body: answer.body }
}
