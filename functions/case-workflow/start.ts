import { SFNClient } from '@aws-sdk/client-sfn'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readStarterEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { StepFunctionsWorkflowStarter } from '../adapters/step-functions-starter.ts'
import { createStartHandler } from './start-handler.ts'

const environment = readStarterEnvironment()
const documents = createDocumentClient()
const logger = createLogger()

/**
 * Lambda entry point for the table's stream, the one reader of case items: starts and replaces each case's workflow
 * and keeps its statistics record (see start-handler.ts).
 */
export const handler = withLambdaContext(
  logger,
  createStartHandler({
    starter: new StepFunctionsWorkflowStarter(new SFNClient({}), environment.STATE_MACHINE_ARN),
    cases: new DynamoCaseRepository(documents, environment.TABLE_NAME),
    statistics: new DynamoCaseStatistics(documents, environment.TABLE_NAME),
    timeZone: environment.TIME_ZONE,
    logger,
  }),
)
