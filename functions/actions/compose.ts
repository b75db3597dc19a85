import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import type { PlatformWith } from '../platform/platform.ts'
import { createActionHandler } from './action-handler.ts'
import { actionPages } from './action-pages.ts'

/** GET|POST /actions/{token}, wired once: for the Lambda (action.ts) and the local runtime alike. */
export function composeActions(
  platform: PlatformWith<
    'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'logger' | 'signingKey' | 'allowedOrigins'
  >,
) {
  return createActionHandler({
    cases: new DynamoCaseRepository(platform.documents, platform.tableName, platform.itemBackstopDays),
    rosters: new DynamoRosterRepository(platform.documents, platform.tableName),
    signingKey: platform.signingKey,
    clock: platform.clock,
    logger: platform.logger,
    pages: actionPages,
    allowedOrigins: platform.allowedOrigins,
  })
}
