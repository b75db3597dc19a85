import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readMailEventsEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { mailEventsDependencies } from './compose.ts'
import { createMailEventsHandler } from './mail-events-handler.ts'

const environment = readMailEventsEnvironment()
const logger = createLogger()

/** Lambda entry point for SES bounce and complaint events (SNS): see mail-events-handler.ts. */
export const handler = withLambdaContext(
  logger,
  createMailEventsHandler(
    mailEventsDependencies(createDocumentClient(), {
      tableName: environment.TABLE_NAME,
      caseRetentionDays: environment.CASE_RETENTION_DAYS,
      logger,
    }),
  ),
)
