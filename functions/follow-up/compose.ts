import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoFollowUpAttempts } from '../adapters/dynamo-follow-up-attempts.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { mailTemplates } from '../views/mail/notifications.ts'
import { renderErrorPage, renderFollowUpPage } from '../views/pages/index.ts'
import { publicSiteSettings } from '../views/pages/site-settings.ts'
import { createFollowUpHandler, type FollowUpHandlerDependencies } from './follow-up-handler.ts'

export type FollowUpPlatform = PlatformWith<
  | 'documents'
  | 'tableName'
  | 'itemBackstopDays'
  | 'clock'
  | 'randomBytes'
  | 'logger'
  | 'publicUrl'
  | 'allowedOrigins'
  | 'searchKey'
>

/** The follow-up function's dependencies on a platform (its advisor notice links to the platform's public URL). */
export function followUpDependencies(
  platform: FollowUpPlatform,
  settings: SettingsWith<'maxBodyBytes' | 'marPhone' | 'intakeAddress' | 'timeZone'>,
): FollowUpHandlerDependencies {
  const site = publicSiteSettings(settings)
  return {
    cases: new DynamoCaseRepository(
      platform.documents,
      platform.tableName,
      platform.itemBackstopDays,
      platform.searchKey,
    ),
    outbox: new DynamoMailOutbox(platform.documents, platform.tableName, platform.itemBackstopDays),
    rosters: new DynamoRosterRepository(platform.documents, platform.tableName),
    attempts: new DynamoFollowUpAttempts(platform.documents, platform.tableName),
    clock: platform.clock,
    randomBytes: platform.randomBytes,
    templates: mailTemplates,
    publicUrl: platform.publicUrl,
    maxBodyBytes: settings.maxBodyBytes,
    logger: platform.logger,
    allowedOrigins: platform.allowedOrigins,
    pages: {
      followUp: (options) => renderFollowUpPage({ ...options, site }),
      error: (options) => renderErrorPage({ ...options, site }),
    },
  }
}

/** POST /api/follow-up and /api/follow-up/messages, wired once: for the Lambda (follow-up.ts) and `local/` alike. */
export function composeFollowUp(
  platform: FollowUpPlatform,
  settings: SettingsWith<'maxBodyBytes' | 'marPhone' | 'intakeAddress' | 'timeZone'>,
) {
  return createFollowUpHandler(followUpDependencies(platform, settings))
}
