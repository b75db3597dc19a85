import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readLambdaEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { allowedOriginsOf } from '../http/same-origin.ts'
import { followUpDependencies } from './compose.ts'
import { createFollowUpHandler } from './follow-up-handler.ts'

const environment = readLambdaEnvironment()
const logger = createLogger()

/**
 * Lambda entry point for POST /api/follow-up and POST /api/follow-up/messages (see follow-up-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    logger,
    createFollowUpHandler(
      followUpDependencies(createDocumentClient(), {
        tableName: environment.TABLE_NAME,
        publicUrl: environment.PUBLIC_URL,
        maxBodyBytes: environment.MAX_BODY_BYTES,
        logger,
        allowedOrigins: allowedOriginsOf(environment.PUBLIC_URL, environment.ALLOWED_ORIGINS),
      }),
    ),
  ),
  originSecretFromEnvironment(),
)
