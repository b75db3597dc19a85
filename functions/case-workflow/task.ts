import { readEnvironment } from '../adapters/environment.ts'
import { withLambdaContext } from '../adapters/logger.ts'
import { awsPlatform } from '../platform/aws/base.ts'
import { awsMailer } from '../platform/aws/mailer.ts'
import { awsSigningKey } from '../platform/aws/signing-key.ts'
import { awsWorkflowMetrics } from '../platform/aws/workflow-metrics.ts'
import { composeWorkflowTask } from './compose-task.ts'

const environment = readEnvironment('case-workflow/task.ts')
const platform = {
  ...awsPlatform(environment),
  publicUrl: environment.PUBLIC_URL,
  ...awsSigningKey(environment),
  ...awsMailer(environment),
  ...awsWorkflowMetrics(),
}

/** Lambda entry point for every Task of the case workflow state machine (see task-handler.ts). */
export const handler = withLambdaContext(
  platform.logger,
  composeWorkflowTask(platform, {
    workflow: environment.WORKFLOW_SETTINGS,
    caseRetentionDays: environment.CASE_RETENTION_DAYS,
  }),
)
