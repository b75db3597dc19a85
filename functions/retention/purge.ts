import { S3Client } from '@aws-sdk/client-s3'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readRetentionEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { S3ObjectStore } from '../adapters/s3-object-store.ts'
import { SesMailer } from '../adapters/ses-mailer.ts'
import { retentionDependencies } from './compose.ts'
import { createPurgeHandler } from './purge-handler.ts'

const environment = readRetentionEnvironment()
const logger = createLogger()

/** Lambda entry point of the daily retention run (EventBridge Scheduler): see purge-handler.ts. */
export const handler = withLambdaContext(
  logger,
  createPurgeHandler({
    ...retentionDependencies(createDocumentClient(), {
      tableName: environment.TABLE_NAME,
      publicUrl: environment.PUBLIC_URL,
      timeZone: environment.TIME_ZONE,
      retentionPolicy: environment.RETENTION_POLICY,
      store: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET),
      mailer: new SesMailer(new SESv2Client({}), {
        from: environment.SENDER_ADDRESS,
        intakeAddress: environment.INTAKE_ADDRESS,
        region: environment.AWS_REGION,
        configurationSetName: environment.SES_CONFIGURATION_SET,
      }),
    }),
    logger,
  }),
)
