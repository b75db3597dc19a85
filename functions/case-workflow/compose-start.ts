import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { createStartHandler } from './start-handler.ts'

/** The table stream's one reader (start.ts): starts each case's workflow and keeps its statistics record. */
export function composeCaseStream(
  platform: PlatformWith<'documents' | 'tableName' | 'itemBackstopDays' | 'logger' | 'workflowStarter'>,
  settings: SettingsWith<'timeZone'>,
) {
  return createStartHandler({
    starter: platform.workflowStarter,
    cases: new DynamoCaseRepository(platform.documents, platform.tableName, platform.itemBackstopDays),
    statistics: new DynamoCaseStatistics(platform.documents, platform.tableName),
    timeZone: settings.timeZone,
    logger: platform.logger,
  })
}
