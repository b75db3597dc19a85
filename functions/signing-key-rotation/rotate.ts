import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { composeSigningKeyRotation } from './compose.ts'

/** Lambda entry point of the link-signing secret's rotation (see rotate-handler.ts). */
export const handler = withLambdaContext(
  createLogger(),
  composeSigningKeyRotation({ secretsManager: new SecretsManagerClient({}) }),
)
