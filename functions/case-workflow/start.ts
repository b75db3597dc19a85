import { Logger } from '@aws-lambda-powertools/logger'
import { SFNClient } from '@aws-sdk/client-sfn'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readStarterEnvironment } from '../adapters/environment.ts'
import { StepFunctionsWorkflowStarter } from '../adapters/step-functions-starter.ts'
import { createStartHandler } from './start-handler.ts'

const environment = readStarterEnvironment()

/**
 * Lambda entry point for the table's stream, the one reader of case items: starts and replaces each case's workflow
 * and keeps its statistics record (see start-handler.ts).
 */
export const handler = createStartHandler({
  starter: new StepFunctionsWorkflowStarter(new SFNClient({}), environment.STATE_MACHINE_ARN),
  statistics: new DynamoCaseStatistics(createDocumentClient(), environment.TABLE_NAME),
  timeZone: environment.TIME_ZONE,
  logger: new Logger(),
})
