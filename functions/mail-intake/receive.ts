import { S3Client } from '@aws-sdk/client-s3'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { DynamoAutoReplyLimiter, DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readMailIntakeEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { parseInboundMessage } from '../adapters/mime/parse-message.ts'
import { S3ObjectStore } from '../adapters/s3-object-store.ts'
import { SesMailer } from '../adapters/ses-mailer.ts'
import { caseWorkflowDependencies } from '../case-workflow/compose.ts'
import { createReceiveHandler } from './receive-handler.ts'

const environment = readMailIntakeEnvironment()
const documents = createDocumentClient()
const logger = createLogger()

/** Lambda entry point for mail SES stored in the mail bucket (S3 ObjectCreated on `inbound/`): see receive-handler.ts. */
export const handler = withLambdaContext(
  logger,
  createReceiveHandler({
    ...caseWorkflowDependencies(documents, environment),
    threads: new DynamoMessageThreads(documents, environment.TABLE_NAME, environment.CASE_RETENTION_DAYS),
    limiter: new DynamoAutoReplyLimiter(documents, environment.TABLE_NAME),
    store: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET),
    mailer: new SesMailer(new SESv2Client({}), {
      from: environment.INTAKE_ADDRESS,
      intakeAddress: environment.INTAKE_ADDRESS,
      region: environment.AWS_REGION,
      ...(environment.SES_CONFIGURATION_SET ? { configurationSetName: environment.SES_CONFIGURATION_SET } : {}),
    }),
    ownAddresses: [environment.INTAKE_ADDRESS, ...(environment.SENDER_ADDRESS ? [environment.SENDER_ADDRESS] : [])],
    parse: (raw) => parseInboundMessage(raw),
    caseRetentionDays: environment.CASE_RETENTION_DAYS,
    logger,
  }),
)
