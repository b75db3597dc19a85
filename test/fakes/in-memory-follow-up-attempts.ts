import type { FollowUpAttempts } from '../../functions/core/ports/stores.ts'

/** FollowUpAttempts in memory: one window per key, started by its first attempt (as DynamoFollowUpAttempts). */
export class InMemoryFollowUpAttempts implements FollowUpAttempts {
  readonly windows = new Map<string, { attempts: number; windowStart: Date }>()

  async count(key: string, now: Date, windowMs: number) {
    const running = this.windows.get(key)
    if (running === undefined || running.windowStart.getTime() <= now.getTime() - windowMs) {
      this.windows.set(key, { attempts: 1, windowStart: now })
      return { attempts: 1, windowStart: now }
    }
    running.attempts++
    return { ...running }
  }

  async giveBack(key: string) {
    const running = this.windows.get(key)
    if (running !== undefined && running.attempts > 0) running.attempts--
  }
}
