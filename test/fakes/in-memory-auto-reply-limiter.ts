import { newCaseVerdict, type SenderCases } from '../../functions/core/mail/sender-flood.ts'
import type { AutoReplyLimiter, NewCaseVerdict } from '../../functions/core/ports/stores.ts'
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

  readonly newCases = new Map<string, SenderCases>()

  async recordNewCase(
    senderKey: string,
    reference: string,
    now: Date,
    limits: { allowance: number; windowMs: number; summaryWindowMs: number },
  ): Promise<NewCaseVerdict> {
    const { verdict, next } = newCaseVerdict(this.newCases.get(senderKey) ?? [], reference, now, limits)
    if (next) this.newCases.set(senderKey, next)
    return verdict
  }

  async excessCases(senderKey: string, holder: string) {
    return (this.newCases.get(senderKey) ?? [])
      .filter((entry) => entry.holder === holder)
      .map((entry) => entry.reference)
  }
}
