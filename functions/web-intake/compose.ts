import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { intakePages } from './intake-pages.ts'
import { createSubmitHandler } from './submit-handler.ts'

/** POST /api/requests, wired once: for the Lambda (submit.ts) and the local runtime alike. */
export function composeSubmit(
  platform: PlatformWith<
    'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'randomBytes' | 'logger' | 'allowedOrigins' | 'searchKey'
  >,
  settings: SettingsWith<'caseRetentionDays' | 'maxBodyBytes'>,
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
    maxBodyBytes: settings.maxBodyBytes,
    logger: platform.logger,
    pages: intakePages,
    allowedOrigins: platform.allowedOrigins,
  })
}
