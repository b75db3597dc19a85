import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsPublicSite } from '../platform/aws/public-site.ts'
import { awsSigningKey } from '../platform/aws/signing-key.ts'
import { composeActions } from './compose.ts'

const environment = readEnvironment('actions/action.ts')
const platform = { ...awsPlatform(environment), ...awsPublicSite(environment), ...awsSigningKey(environment) }

/**
 * Lambda entry point for GET|POST /actions/{token} (see action-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(platform.logger, composeActions(platform)),
  originSecretFromEnvironment(),
)
