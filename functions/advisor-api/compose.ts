import { DynamoCaseRetention } from '../adapters/dynamo-case-repository.ts'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { type CaseWorkflowPlatform, caseWorkflowDependencies } from '../case-workflow/compose.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { createAdvisorApiHandler } from './advisor-handler.ts'

/** /api/advisor/*, wired once: for the Lambda (api.ts) and the local runtime alike. */
export function composeAdvisorApi(
  platform: CaseWorkflowPlatform & PlatformWith<'logger' | 'mailStore' | 'searchKey'>,
  settings: SettingsWith<'workflow' | 'caseRetentionDays' | 'maxBodyBytes' | 'retentionPolicy'>,
) {
  return createAdvisorApiHandler({
    ...caseWorkflowDependencies(platform, settings),
    store: platform.mailStore,
    statistics: new DynamoCaseStatistics(platform.documents, platform.tableName),
    retention: new DynamoCaseRetention(platform.documents, platform.tableName),
    retentionPolicy: settings.retentionPolicy,
    caseRetentionDays: settings.caseRetentionDays,
    maxBodyBytes: settings.maxBodyBytes,
    logger: platform.logger,
  })
}
