import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsMailStore } from '../platform/aws/mail-store.ts'
import { awsMailer } from '../platform/aws/mailer.ts'
import { awsSearchKey } from '../platform/aws/search-key.ts'
import { awsSigningKey } from '../platform/aws/signing-key.ts'
import { composeMailIntake } from './compose.ts'

const environment = readEnvironment('mail-intake/receive.ts')
const platform = {
  ...awsPlatform(environment),
  ...awsSearchKey(environment),
  publicUrl: environment.PUBLIC_URL,
  ...awsSigningKey(environment),
  ...awsMailStore(environment),
  ...awsMailer(environment),
}

/** Lambda entry point for mail SES stored in the mail bucket (S3 ObjectCreated on `inbound/`): see receive-handler.ts. */
export const handler = withLambdaContext(
  platform.logger,
  composeMailIntake(platform, {
    workflow: environment.WORKFLOW_SETTINGS,
    caseRetentionDays: environment.CASE_RETENTION_DAYS,
    intakeAddress: environment.INTAKE_ADDRESS,
    senderAddress: environment.SENDER_ADDRESS,
  }),
)
