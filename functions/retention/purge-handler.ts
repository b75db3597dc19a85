import type { Logger } from '@aws-lambda-powertools/logger'
import { type RetentionRunDependencies, runRetention } from '../core/retention/retention.ts'

/** Raised when some cases could not be purged or flagged: the scheduler retries the run (then its dead-letter queue). */
export class RetentionRunIncompleteError extends Error {
  override readonly name = 'RetentionRunIncompleteError'
  constructor(readonly failed: number) {
    super(`${failed} case(s) could not be purged or flagged; the run is retried`)
  }
}

/**
 * The daily retention run (EventBridge Scheduler in AWS, the dev clock locally): purge the closed cases whose
 * retention ran out, flag the stale open ones. Logs counts only.
 */
export function createPurgeHandler(deps: RetentionRunDependencies & { logger: Logger }) {
  return async (): Promise<{ purged: number; flagged: number }> => {
    const report = await runRetention(deps)
    deps.logger.info('retention run', { purged: report.purged, flagged: report.flagged, failed: report.failed })
    if (report.failed > 0) throw new RetentionRunIncompleteError(report.failed)
    return { purged: report.purged, flagged: report.flagged }
  }
}
