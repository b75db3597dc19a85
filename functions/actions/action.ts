import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readActionsEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { secretsManagerSigningKey } from '../adapters/signing-key.ts'
import { originVerified } from '../http/origin-verify.ts'
import { allowedOriginsOf } from '../http/same-origin.ts'
import { createActionHandler } from './action-handler.ts'
import { actionPages } from './action-pages.ts'

const environment = readActionsEnvironment()
const logger = createLogger()
const documents = createDocumentClient()

/**
 * Lambda entry point for GET|POST /actions/{token} (see action-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    logger,
    createActionHandler({
      cases: new DynamoCaseRepository(documents, environment.TABLE_NAME),
      rosters: new DynamoRosterRepository(documents, environment.TABLE_NAME),
      signingKey: secretsManagerSigningKey(new SecretsManagerClient({}), environment.SIGNING_SECRET_ARN),
      clock: { now: () => new Date() },
      logger,
      pages: actionPages,
      allowedOrigins: allowedOriginsOf(environment.PUBLIC_URL, environment.ALLOWED_ORIGINS),
    }),
  ),
  originSecretFromEnvironment(),
)
