import type { AutoReplyLimiter } from '../../functions/core/ports/stores.ts'
import { DAY_MS } from '../../functions/core/shared/clock.ts'

/** The AutoReplyLimiter contract in memory: per key, the messages allowed in the last 24 hours. */
export class InMemoryAutoReplyLimiter implements AutoReplyLimiter {
  readonly sent = new Map<string, Array<{ key: string; at: number }>>()

  async allow(senderKey: string, messageKey: string, now: Date, limit: number) {
    const entries = this.sent.get(senderKey) ?? []
    if (entries.some((entry) => entry.key === messageKey)) return 'already' as const
    const recent = entries.filter((entry) => now.getTime() - entry.at < DAY_MS)
    if (recent.length >= limit) return 'denied' as const
    this.sent.set(senderKey, [...recent, { key: messageKey, at: now.getTime() }])
    return 'allowed' as const
  }
}
