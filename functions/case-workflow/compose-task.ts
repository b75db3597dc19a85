import { DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { type CaseWorkflowPlatform, caseWorkflowDependencies } from './compose.ts'
import { createWorkflowTaskHandler } from './task-handler.ts'

/** Every Task of the case workflow's state machine, wired once: for the Lambda (task.ts) and `local/` alike. */
export function composeWorkflowTask(
  platform: CaseWorkflowPlatform & PlatformWith<'logger' | 'mailer' | 'workflowMetrics'>,
  settings: SettingsWith<'workflow' | 'caseRetentionDays'>,
) {
  return createWorkflowTaskHandler({
    ...caseWorkflowDependencies(platform, settings),
    threads: new DynamoMessageThreads(platform.documents, platform.tableName, settings.caseRetentionDays, () =>
      platform.clock.now(),
    ),
    mailer: platform.mailer,
    metrics: platform.workflowMetrics,
    logger: platform.logger,
  })
}
