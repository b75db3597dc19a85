/** What kind of mail, which also names its purpose in logs and in the outbox. */
export type MailKind =
  | 'assignment'
  | 'urgent-alert'
  | 'unassigned-alert'
  | 'requester-acknowledgement'
  | 'reminder'
  | 'breach-alert'
  | 'escalation'
  | 'reply'
  | 'new-message'
  | 'oversized-answer'
  | 'stale-case'
  | 'flood-summary'
  | 'advisor-reminder'

/**
 * RFC 3834's `Auto-Submitted` for each kind: answers to a requester's mail or request that no person wrote are
 * `auto-replied`, notices to staff `auto-generated`; an advisor's reply is a person's mail and carries none.
 */
export function autoSubmitted(kind: MailKind): 'auto-replied' | 'auto-generated' | undefined {
  if (kind === 'reply') return undefined
  if (kind === 'requester-acknowledgement' || kind === 'oversized-answer') return 'auto-replied'
  return 'auto-generated'
}

/** A mail ready to send. Advisor mail holds no content of the case: see notifications.ts. */
export interface OutgoingMail {
  /** Unique within its case and derived from why it is sent, so the same mail is never queued twice. */
  id: string
  kind: MailKind
  to: string[]
  cc?: string[]
  subject: string
  text: string
  html: string
  /** Whose address it is sent from: MAR's notification sender (default) or the intake address people write to. */
  from?: 'sender' | 'intake'
  /** Threads the mail under an earlier mail of the same case (its Message-ID in In-Reply-To and References). */
  inReplyToMailId?: string
  /** Threads the mail under a mail the requester sent (its Message-ID, without angle brackets), when ours is missing. */
  inReplyToReceived?: string
}

/** A Message-ID: of a mail we sent (as the mail service named it) or of one we received (as its sender named it). */
export type MessageRef = { sent: string } | { received: string }

/** How a mail is threaded when it goes out. */
export interface Threading {
  inReplyTo: MessageRef
  references: MessageRef[]
}

export interface OutboxEntry extends OutgoingMail {
  reference: string
  queuedAt: string
  status: 'pending' | 'sent' | 'failed'
  sentAt?: string
  messageId?: string
}

export class PermanentMailError extends Error {
  override readonly name = 'PermanentMailError'
  constructor(readonly reason: string) {
    super(`The mail service will not accept this mail (${reason})`)
  }
}
