import type { OutboxEntry, OutgoingMail } from '../../functions/core/mail/mail.ts'
import type { MailOutbox } from '../../functions/core/ports/mail.ts'

/** The MailOutbox contract in memory: one queue per case, a mail id queued once, pending mail oldest first. */
export class InMemoryMailOutbox implements MailOutbox {
  readonly #byCase = new Map<string, OutboxEntry[]>()

  async enqueue(reference: string, mail: OutgoingMail, queuedAt: Date): Promise<void> {
    const entries = this.#byCase.get(reference) ?? []
    if (entries.some((entry) => entry.id === mail.id)) return
    entries.push({ ...structuredClone(mail), reference, queuedAt: queuedAt.toISOString(), status: 'pending' })
    this.#byCase.set(reference, entries)
  }

  async pending(reference: string): Promise<OutboxEntry[]> {
    return this.entries(reference)
      .filter((entry) => entry.status === 'pending')
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
  }

  async get(reference: string, mailId: string): Promise<OutboxEntry | undefined> {
    const entry = this.#byCase.get(reference)?.find((candidate) => candidate.id === mailId)
    return entry && structuredClone(entry)
  }

  async markSent(reference: string, mailId: string, receipt: { messageId: string; sentAt: Date }): Promise<void> {
    const entry = this.#byCase.get(reference)?.find((candidate) => candidate.id === mailId)
    // The DynamoDB outbox refuses to mark a mail that was never queued (attribute_exists): so does this one.
    if (entry === undefined) throw new Error(`No mail ${mailId} queued for ${reference}`)
    entry.status = 'sent'
    entry.sentAt = receipt.sentAt.toISOString()
    entry.messageId = receipt.messageId
  }

  async markFailed(reference: string, mailId: string, failure: { reason: string; failedAt: Date }): Promise<void> {
    const entry = this.#byCase.get(reference)?.find((candidate) => candidate.id === mailId)
    if (entry === undefined) throw new Error(`No mail ${mailId} queued for ${reference}`)
    entry.status = 'failed'
    Object.assign(entry, { failedAt: failure.failedAt.toISOString(), failureReason: failure.reason })
  }

  /** Every mail queued for the case, sent or not, in the order it was queued (for assertions). */
  entries(reference: string): OutboxEntry[] {
    return structuredClone(this.#byCase.get(reference) ?? [])
  }

  /** Every mail queued for any case (for assertions). */
  all(): OutboxEntry[] {
    return [...this.#byCase.keys()].flatMap((reference) => this.entries(reference))
  }
}
