import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { createMailEventsHandler } from './mail-events-handler.ts'

/** SES bounces and complaints, wired once: for the Lambda (mail-events.ts) and a test alike (no local source). */
export function composeMailEvents(
  platform: PlatformWith<'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'logger'>,
  settings: SettingsWith<'caseRetentionDays'>,
) {
  return createMailEventsHandler({
    cases: new DynamoCaseRepository(platform.documents, platform.tableName, platform.itemBackstopDays),
    threads: new DynamoMessageThreads(platform.documents, platform.tableName, settings.caseRetentionDays, () =>
      platform.clock.now(),
    ),
    logger: platform.logger,
  })
}
