import { DynamoCaseRepository, DynamoCaseRetention } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { mailTemplates } from '../views/mail/notifications.ts'
import { createPurgeHandler } from './purge-handler.ts'

/** The daily retention run, wired once: for the Lambda (purge.ts) and the local runtime's schedule alike. */
export function composeRetentionRun(
  platform: PlatformWith<
    'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'logger' | 'publicUrl' | 'mailStore' | 'mailer'
  >,
  settings: SettingsWith<'timeZone' | 'retentionPolicy'>,
) {
  return createPurgeHandler({
    cases: new DynamoCaseRepository(platform.documents, platform.tableName, platform.itemBackstopDays),
    retention: new DynamoCaseRetention(platform.documents, platform.tableName),
    outbox: new DynamoMailOutbox(platform.documents, platform.tableName, platform.itemBackstopDays),
    rosters: new DynamoRosterRepository(platform.documents, platform.tableName),
    store: platform.mailStore,
    mailer: platform.mailer,
    clock: platform.clock,
    templates: mailTemplates,
    publicUrl: platform.publicUrl,
    timeZone: settings.timeZone,
    retentionPolicy: settings.retentionPolicy,
    logger: platform.logger,
  })
}
