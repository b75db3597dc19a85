import type { Logger } from '@aws-lambda-powertools/logger'
import { nextRetentionRun } from '../functions/retention/schedule.ts'
import type { DevClock } from './dev-clock.ts'

/**
 * The daily retention run (EventBridge Scheduler in AWS) on the dev clock: an advance past 03:00 runs it first. Ends
 * when the clock stops with the stack.
 */
export function scheduleRetentionRuns(
  clock: DevClock,
  timeZone: string,
  run: (event: unknown) => Promise<unknown>,
  logger: Logger,
): void {
  void clock
    .track(async () => {
      for (;;) {
        await clock.until(nextRetentionRun(clock.now(), timeZone))
        await run({}).catch((error: unknown) =>
          logger.error('retention run failed', { errorName: error instanceof Error ? error.name : typeof error }),
        )
      }
    })
    .catch(() => undefined) // the clock stopped with the stack
}
