import { DynamoCaseRetention } from '../adapters/dynamo-case-repository.ts'
import { DynamoReplyTemplates } from '../adapters/dynamo-reply-templates.ts'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { type CaseWorkflowPlatform, caseWorkflowDependencies } from '../case-workflow/compose.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { STARTER_TEMPLATES } from '../views/advisor/starter-templates.ts'
import { createAdvisorApiHandler } from './advisor-handler.ts'

/** /api/advisor/*, wired once: for the Lambda (api.ts) and the local runtime alike. */
export function composeAdvisorApi(
  platform: CaseWorkflowPlatform & PlatformWith<'logger' | 'mailStore' | 'searchKey'>,
  settings: SettingsWith<'workflow' | 'caseRetentionDays' | 'maxBodyBytes' | 'retentionPolicy' | 'marPhone'>,
) {
  return createAdvisorApiHandler({
    ...caseWorkflowDependencies(platform, settings),
    store: platform.mailStore,
    statistics: new DynamoCaseStatistics(platform.documents, platform.tableName),
    retention: new DynamoCaseRetention(platform.documents, platform.tableName),
    retentionPolicy: settings.retentionPolicy,
    caseRetentionDays: settings.caseRetentionDays,
    maxBodyBytes: settings.maxBodyBytes,
    marPhone: settings.marPhone,
    replyTemplates: new DynamoReplyTemplates(platform.documents, platform.tableName),
    starterTemplates: STARTER_TEMPLATES,
    logger: platform.logger,
  })
}
