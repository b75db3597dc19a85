import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../adapters/workflow-settings.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { publicSiteSettings } from '../views/pages/site-settings.ts'
import { intakePagesFor } from './intake-pages.ts'
import { createSubmitHandler } from './submit-handler.ts'

/** POST /api/requests, wired once: for the Lambda (submit.ts) and the local runtime alike. */
export function composeSubmit(
  platform: PlatformWith<
    'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'randomBytes' | 'logger' | 'allowedOrigins' | 'searchKey'
  >,
  settings: SettingsWith<'caseRetentionDays' | 'maxBodyBytes' | 'workflow' | 'marPhone' | 'intakeAddress' | 'timeZone'>,
) {
  return createSubmitHandler({
    cases: new DynamoCaseRepository(
      platform.documents,
      platform.tableName,
      platform.itemBackstopDays,
      platform.searchKey,
    ),
    clock: platform.clock,
    randomBytes: platform.randomBytes,
    caseRetentionDays: settings.caseRetentionDays,
    // The answer date the confirmation gives: the one the acknowledgement mail gives (core/deadlines).
    calendar: businessCalendarFrom(settings.workflow),
    windows: responseWindowsFrom(settings.workflow),
    maxBodyBytes: settings.maxBodyBytes,
    logger: platform.logger,
    pages: intakePagesFor(publicSiteSettings(settings)),
    allowedOrigins: platform.allowedOrigins,
  })
}
