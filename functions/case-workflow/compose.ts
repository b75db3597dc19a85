import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoAutoReplyLimiter } from '../adapters/dynamo-mail-threads.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../adapters/workflow-settings.ts'
import type { CaseWorkflowDependencies } from '../core/deadlines/case-workflow.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { mailTemplates } from '../views/mail/notifications.ts'

/** What every function that moves a case along takes from its platform. */
export type CaseWorkflowPlatform = PlatformWith<
  'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'randomBytes' | 'publicUrl' | 'signingKey'
> &
  /** The search key: for the functions that file text or search (a repository without it refuses to write text). */
  Partial<PlatformWith<'searchKey'>>

/**
 * The case workflow's ports on a platform, wired once for the functions that share them (the workflow's tasks, the
 * advisor API, the mail intake); each capability's composition adds what is its own.
 */
export function caseWorkflowDependencies(
  platform: CaseWorkflowPlatform,
  settings: SettingsWith<'workflow'>,
): CaseWorkflowDependencies {
  return {
    cases: new DynamoCaseRepository(
      platform.documents,
      platform.tableName,
      platform.itemBackstopDays,
      platform.searchKey,
    ),
    outbox: new DynamoMailOutbox(platform.documents, platform.tableName, platform.itemBackstopDays),
    rosters: new DynamoRosterRepository(platform.documents, platform.tableName),
    clock: platform.clock,
    randomBytes: platform.randomBytes,
    templates: mailTemplates,
    calendar: businessCalendarFrom(settings.workflow),
    windows: responseWindowsFrom(settings.workflow),
    timeZone: settings.workflow.timeZone,
    publicUrl: platform.publicUrl,
    signingKey: platform.signingKey,
    limiter: new DynamoAutoReplyLimiter(platform.documents, platform.tableName),
  }
}
