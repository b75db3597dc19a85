import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsWorkflowStarter } from '../platform/aws/workflow-starter.ts'
import { composeCaseStream } from './compose-start.ts'

const environment = readEnvironment('case-workflow/start.ts')
const platform = { ...awsPlatform(environment), ...awsWorkflowStarter(environment) }

/**
 * Lambda entry point for the table's stream, the one reader of case items: starts and replaces each case's workflow
 * and keeps its statistics record (see start-handler.ts).
 */
export const handler = withLambdaContext(
  platform.logger,
  composeCaseStream(platform, { timeZone: environment.TIME_ZONE }),
)
