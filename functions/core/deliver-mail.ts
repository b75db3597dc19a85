import type { Clock } from './clock.ts'
import {
  type Mailer,
  type MailKind,
  type MailOutbox,
  type OutboxEntry,
  PermanentMailError,
  type Threading,
} from './mail.ts'

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
  deps: { outbox: MailOutbox; mailer: Mailer; clock: Clock },
): Promise<DeliveryReport> {
  const sent: DeliveryReport['sent'] = []
  const refused: DeliveryReport['refused'] = []
  let failed = 0
  for (const entry of await deps.outbox.pending(reference)) {
    try {
      const { messageId } = await deps.mailer.send(entry, await threadingOf(entry, deps.outbox))
      await deps.outbox.markSent(reference, entry.id, { messageId, sentAt: deps.clock.now() })
      sent.push({ id: entry.id, kind: entry.kind })
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await deps.outbox.markFailed(reference, entry.id, { reason: error.reason, failedAt: deps.clock.now() })
        refused.push({ id: entry.id, kind: entry.kind })
      } else {
        failed++
      }
    }
  }
  if (failed > 0) throw new MailDeliveryError(failed)
  return { sent, refused }
}

/** The Message-ID of the mail this one answers, once that went out (sent earlier, or just before in this run). */
async function threadingOf(entry: OutboxEntry, outbox: MailOutbox): Promise<Threading | undefined> {
  if (entry.inReplyToMailId === undefined) return undefined
  const parent = await outbox.get(entry.reference, entry.inReplyToMailId)
  if (parent?.messageId === undefined) return undefined
  return { inReplyTo: parent.messageId, references: [parent.messageId] }
}
