import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsMailStore } from '../platform/aws/mail-store.ts'
import { awsMailer } from '../platform/aws/mailer.ts'
import { composeRetentionRun } from './compose.ts'

const environment = readEnvironment('retention/purge.ts')
const platform = {
  ...awsPlatform(environment),
  ...awsMailStore(environment),
  ...awsMailer(environment),
  publicUrl: environment.PUBLIC_URL,
}

/** Lambda entry point of the daily retention run (EventBridge Scheduler): see purge-handler.ts. */
export const handler = withLambdaContext(
  platform.logger,
  composeRetentionRun(platform, { timeZone: environment.TIME_ZONE, retentionPolicy: environment.RETENTION_POLICY }),
)
