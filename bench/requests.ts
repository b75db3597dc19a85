import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { postForm, postJson, professionalRequest } from '../test/integration/intake-harness.ts'

/**
 * The requests the benchmark sends: the integration tests' valid professional request and API Gateway event
 * fixture, as JSON and as the browser's form post, plus one request a person got wrong in several fields.
 */

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** The valid request as the handler sees it after JSON.parse. */
export const validRequest: Record<string, unknown> = { ...professionalRequest() }

/** Professional without a sector, a mistyped address, a too-short description and no consent: four problems. */
export const invalidRequest: Record<string, unknown> = {
  requesterType: 'professional',
  topic: 'case',
  email: 'f.elamrani@regenboog',
  description: 'Zorgen.',
  language: 'nl',
}

export const validJson = (headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  postJson(validRequest, headers)

export const invalidJson = (): APIGatewayProxyEventV2 => postJson(invalidRequest)

/** The valid request as the no-JavaScript form posts it: every text input, empty ones included. */
export function validForm(): APIGatewayProxyEventV2 {
  const request = professionalRequest()
  return postForm(
    [
      ['requesterType', request.requesterType],
      ['sector', request.sector],
      ['organisation', request.organisation],
      ['topic', request.topic],
      ['name', request.name],
      ['email', request.email],
      ['phone', request.phone],
      ['description', request.description],
      ...request.signals.map((signal): [string, string] => ['signals', signal]),
      ['ideology', request.ideology],
      ['consent', 'on'],
      ['website', ''],
      ['language', request.language],
    ],
    { accept: BROWSER_ACCEPT },
  )
}
