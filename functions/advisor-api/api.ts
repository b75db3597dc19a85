import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { originVerified } from '../http/origin-verify.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsMailStore } from '../platform/aws/mail-store.ts'
import { awsPublicSite } from '../platform/aws/public-site.ts'
import { awsSearchKey } from '../platform/aws/search-key.ts'
import { awsSigningKey } from '../platform/aws/signing-key.ts'
import { composeAdvisorApi } from './compose.ts'

const environment = readEnvironment('advisor-api/api.ts')
const platform = {
  ...awsPlatform(environment),
  ...awsSearchKey(environment),
  ...awsPublicSite(environment),
  ...awsSigningKey(environment),
  ...awsMailStore(environment),
}

/**
 * Lambda entry point for /api/advisor/* (see advisor-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    platform.logger,
    composeAdvisorApi(platform, {
      workflow: environment.WORKFLOW_SETTINGS,
      caseRetentionDays: environment.CASE_RETENTION_DAYS,
      maxBodyBytes: environment.MAX_BODY_BYTES,
      retentionPolicy: environment.RETENTION_POLICY,
      marPhone: environment.MAR_PHONE,
    }),
  ),
  originSecretFromEnvironment(),
)
