import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { composeMailEvents } from './compose.ts'

const environment = readEnvironment('mail-events/mail-events.ts')
const platform = awsPlatform(environment)

/** Lambda entry point for SES bounce and complaint events (SNS): see mail-events-handler.ts. */
export const handler = withLambdaContext(
  platform.logger,
  composeMailEvents(platform, { caseRetentionDays: environment.CASE_RETENTION_DAYS }),
)
