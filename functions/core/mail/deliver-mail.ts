import type { Clock } from '../ports/clock.ts'
import type { Mailer, MailOutbox } from '../ports/mail.ts'
import type { MessageThreads } from '../ports/stores.ts'
import { type MailKind, type MessageRef, type OutboxEntry, PermanentMailError, type Threading } from './mail.ts'

/** Some queued mail could not be sent; the rest went out. Retrying sends only what is still pending. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError'
  constructor(readonly failed: number) {
    super(`${failed} mail(s) could not be sent yet`)
  }
}

export interface DeliveryReport {
  sent: Array<{ id: string; kind: MailKind }>
  /** Refused for good by the mail service: marked failed, not retried. */
  refused: Array<{ id: string; kind: MailKind }>
}

/**
 * Use case: send every mail queued for a case. Each mail is marked sent as soon as the mail service took it, so a
 * retry after a partial failure sends only what is left. (If the process dies between the service taking a mail and
 * the mark, that one mail can go out twice: at least once, by design, never lost.)
 */
export async function deliverPendingMail(
  reference: string,
  deps: { outbox: MailOutbox; mailer: Mailer; clock: Clock; threads?: MessageThreads },
): Promise<DeliveryReport> {
  const sent: DeliveryReport['sent'] = []
  const refused: DeliveryReport['refused'] = []
  let failed = 0
  for (const entry of await deps.outbox.pending(reference)) {
    try {
      const delivered = { id: entry.id, kind: entry.kind }
      if ((await deliverQueuedMail(entry, deps)) === 'sent') sent.push(delivered)
      else refused.push(delivered)
    } catch {
      failed++
    }
  }
  if (failed > 0) throw new MailDeliveryError(failed)
  return { sent, refused }
}

/**
 * Sends one queued mail and marks it at once: 'sent', or 'refused' when the mail service refused it for good (marked
 * failed, not retried). A passing failure throws and leaves it pending.
 */
export async function deliverQueuedMail(
  entry: OutboxEntry,
  deps: { outbox: MailOutbox; mailer: Mailer; clock: Clock; threads?: MessageThreads },
): Promise<'sent' | 'refused'> {
  try {
    const { messageId } = await deps.mailer.send(entry, await threadingOf(entry, deps.outbox))
    await deps.outbox.markSent(entry.reference, entry.id, { messageId, sentAt: deps.clock.now() })
    // A requester's reply to this mail names its Message-ID: that is how it finds its case again.
    await deps.threads?.link(messageId, entry.reference)
    return 'sent'
  } catch (error) {
    if (!(error instanceof PermanentMailError)) throw error
    await deps.outbox.markFailed(entry.reference, entry.id, { reason: error.reason, failedAt: deps.clock.now() })
    return 'refused'
  }
}

/** The Message-ID of the mail this one answers, once that went out (sent earlier, or just before in this run). */
async function threadingOf(entry: OutboxEntry, outbox: MailOutbox): Promise<Threading | undefined> {
  const parent = entry.inReplyToMailId ? await outbox.get(entry.reference, entry.inReplyToMailId) : undefined
  const ours: MessageRef | undefined = parent?.messageId ? { sent: parent.messageId } : undefined
  const theirs: MessageRef | undefined = entry.inReplyToReceived ? { received: entry.inReplyToReceived } : undefined
  const inReplyTo = ours ?? theirs
  if (inReplyTo === undefined) return undefined
  return { inReplyTo, references: [theirs, ours].filter((ref): ref is MessageRef => ref !== undefined) }
}
