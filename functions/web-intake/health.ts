import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { checkHealth } from './health-handler.ts'

/**
 * Lambda entry point for GET /health (see health-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(withLambdaContext(createLogger(), checkHealth), originSecretFromEnvironment())
