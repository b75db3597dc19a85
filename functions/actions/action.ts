import { Logger } from '@aws-lambda-powertools/logger'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readActionsEnvironment } from '../adapters/environment.ts'
import { secretsManagerSigningKey } from '../adapters/signing-key.ts'
import { createActionHandler } from './action-handler.ts'
import { actionPages } from './action-pages.ts'

const environment = readActionsEnvironment()

/** Lambda entry point for GET|POST /actions/{token} (see action-handler.ts). */
export const handler = createActionHandler({
  cases: new DynamoCaseRepository(createDocumentClient(), environment.TABLE_NAME),
  signingKey: secretsManagerSigningKey(new SecretsManagerClient({}), environment.SIGNING_SECRET_ARN),
  clock: { now: () => new Date() },
  logger: new Logger(),
  pages: actionPages,
})
