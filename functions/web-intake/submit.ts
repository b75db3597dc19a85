import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsPublicSite } from '../platform/aws/public-site.ts'
import { awsSearchKey } from '../platform/aws/search-key.ts'
import { composeSubmit } from './compose.ts'

const environment = readEnvironment('web-intake/submit.ts')
const platform = { ...awsPlatform(environment), ...awsPublicSite(environment), ...awsSearchKey(environment) }

/**
 * Lambda entry point for POST /api/requests (see submit-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    platform.logger,
    composeSubmit(platform, {
      caseRetentionDays: environment.CASE_RETENTION_DAYS,
      maxBodyBytes: environment.MAX_BODY_BYTES,
      marPhone: environment.MAR_PHONE,
      intakeAddress: environment.INTAKE_ADDRESS,
      workflow: environment.WORKFLOW_SETTINGS,
      timeZone: environment.WORKFLOW_SETTINGS.timeZone,
    }),
  ),
  originSecretFromEnvironment(),
)
