import type { Logger } from '@aws-lambda-powertools/logger'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { problemResponses } from './problem-responses.ts'
import { requestBody } from './request-body.ts'
import type { Response } from './responses.ts'
import { type AllowedOrigins, sameOriginOnly } from './same-origin.ts'

/**
 * The middleware of a public door that a plain browser form posts to (the web form, the follow-up box): errors
 * answered in the one place, as a page when a form post wants one, posts from other sites refused, and the body
 * parsed (JSON or form) within its limit. The door adds its handler.
 */
export function publicFormEndpoint(options: {
  logger: Logger
  maxBodyBytes: number
  /** The page a refused form post gets (Dutch: the language of the request is not known yet). */
  errorPage: (status: number) => string
  /** Pages that may post here; a post from any other site is refused (403 `cross_site_request`). */
  allowedOrigins: AllowedOrigins
}) {
  return middy<APIGatewayProxyEventV2, Response>()
    .use(
      problemResponses({
        logger: options.logger,
        renderErrorPage: (problem) => options.errorPage(problem.status),
      }),
    )
    .use(sameOriginOnly(options.allowedOrigins))
    .use(requestBody({ maxBytes: options.maxBodyBytes }))
}
