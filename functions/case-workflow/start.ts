import { Logger } from '@aws-lambda-powertools/logger'
import { SFNClient } from '@aws-sdk/client-sfn'
import { readStarterEnvironment } from '../adapters/environment.ts'
import { StepFunctionsWorkflowStarter } from '../adapters/step-functions-starter.ts'
import { createStartHandler } from './start-handler.ts'

const environment = readStarterEnvironment()

/** Lambda entry point for the table's stream: starts the workflow of each new case (see start-handler.ts). */
export const handler = createStartHandler({
  starter: new StepFunctionsWorkflowStarter(new SFNClient({}), environment.STATE_MACHINE_ARN),
  logger: new Logger(),
})
