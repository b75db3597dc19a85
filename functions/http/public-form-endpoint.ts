import type { Logger } from '@aws-lambda-powertools/logger'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { problemResponses } from './problem-responses.ts'
import { requestBody } from './request-body.ts'
import type { Response } from './responses.ts'

/**
 * The middleware of a public door that a plain browser form posts to (the web form, the follow-up box): errors
 * answered in the one place, as a page when a form post wants one, and the body parsed (JSON or form) within its
 * limit. The door adds its handler.
 */
export function publicFormEndpoint(options: {
  logger: Logger
  maxBodyBytes: number
  /** The page a refused form post gets (Dutch: the language of the request is not known yet). */
  errorPage: (status: number) => string
}) {
  return middy<APIGatewayProxyEventV2, Response>()
    .use(
      problemResponses({
        logger: options.logger,
        renderErrorPage: (problem) => options.errorPage(problem.status),
      }),
    )
    .use(requestBody({ maxBytes: options.maxBodyBytes }))
}
