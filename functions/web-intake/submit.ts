import { randomBytes } from 'node:crypto'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readLambdaEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { allowedOriginsOf } from '../http/same-origin.ts'
import { intakePages } from './intake-pages.ts'
import { createSubmitHandler } from './submit-handler.ts'

const environment = readLambdaEnvironment()
const logger = createLogger()

/**
 * Lambda entry point for POST /api/requests (see submit-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    logger,
    createSubmitHandler({
      cases: new DynamoCaseRepository(createDocumentClient(), environment.TABLE_NAME),
      clock: { now: () => new Date() },
      randomBytes,
      caseRetentionDays: environment.CASE_RETENTION_DAYS,
      maxBodyBytes: environment.MAX_BODY_BYTES,
      logger,
      pages: intakePages,
      allowedOrigins: allowedOriginsOf(environment.PUBLIC_URL, environment.ALLOWED_ORIGINS),
    }),
  ),
  originSecretFromEnvironment(),
)
