import { randomBytes } from 'node:crypto'
import { createDocumentClient } from '../../adapters/dynamodb-client.ts'
import { itemBackstopDays } from '../../adapters/environment.ts'
import { createLogger } from '../../adapters/logger.ts'
import type { PlatformWith } from '../platform.ts'

/**
 * The platform of a Lambda function, in parts (functions/platform/aws/*): each entry takes the parts its environment
 * names, one SDK client per part made at cold start, so a bundle carries only the clients its function uses.
 */

/** What every function has: the case table, the real time, node:crypto's random bytes, its own logger. */
export function awsPlatform(environment: {
  TABLE_NAME: string
}): PlatformWith<'documents' | 'tableName' | 'itemBackstopDays' | 'clock' | 'randomBytes' | 'logger'> {
  return {
    documents: createDocumentClient(),
    tableName: environment.TABLE_NAME,
    itemBackstopDays: itemBackstopDays(),
    clock: { now: () => new Date() },
    randomBytes,
    logger: createLogger(),
  }
}
