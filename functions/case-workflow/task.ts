import { SESv2Client } from '@aws-sdk/client-sesv2'
import { cloudWatchWorkflowMetrics } from '../adapters/cloudwatch-metrics.ts'
import { DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readWorkflowEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { SesMailer } from '../adapters/ses-mailer.ts'
import { caseWorkflowDependencies } from './compose.ts'
import { createWorkflowTaskHandler } from './task-handler.ts'

const environment = readWorkflowEnvironment()
const documents = createDocumentClient()
const logger = createLogger()

/** Lambda entry point for every Task of the case workflow state machine (see task-handler.ts). */
export const handler = withLambdaContext(
  logger,
  createWorkflowTaskHandler({
    ...caseWorkflowDependencies(documents, environment),
    threads: new DynamoMessageThreads(documents, environment.TABLE_NAME, environment.CASE_RETENTION_DAYS),
    mailer: new SesMailer(new SESv2Client({}), {
      from: environment.SENDER_ADDRESS,
      intakeAddress: environment.INTAKE_ADDRESS,
      region: environment.AWS_REGION,
      configurationSetName: environment.SES_CONFIGURATION_SET,
    }),
    metrics: cloudWatchWorkflowMetrics(),
    logger,
  }),
)
