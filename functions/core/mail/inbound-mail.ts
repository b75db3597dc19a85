/**
 * A mail message as it came in at the intake address, parsed: what a case needs of it and nothing more. No
 * `Received` headers, no IP addresses, no tracking URLs; the original HTML only sanitised.
 */

export interface InboundAddress {
  /** Lower-cased, trimmed; the comparison form. */
  address: string
  /** The display name as written (single line, control and bidi characters removed). */
  name?: string
}

export interface InboundAttachment {
  /** Unique within the message: `a1`, `a2`, … in the order they appear. */
  id: string
  /** A safe file name: no path, no control or bidi characters, at most 200 characters; `bijlage-<n>` if none. */
  name: string
  /** The declared media type, lower-cased (`application/octet-stream` if none or malformed). */
  type: string
  size: number
  content: Uint8Array
}

/** Why a message is automatic mail that must never get an automatic answer (RFC 3834 and common practice). */
export type AutomaticReason =
  | 'auto-submitted'
  | 'precedence'
  | 'list'
  | 'x-autoreply'
  | 'delivery-report'
  | 'system-sender'
  | 'empty-return-path'

export interface InboundMessage {
  /** The Message-ID without angle brackets; undefined if the message has none. */
  messageId?: string
  /** Message-IDs named in In-Reply-To and References, without angle brackets, in order, deduplicated. */
  inReplyTo: string[]
  references: string[]
  from?: InboundAddress
  /** The envelope sender (SMTP MAIL FROM / SES `mail.source`); '' for the null return path `<>`. */
  returnPath?: string
  to: InboundAddress[]
  cc: InboundAddress[]
  /** The Date header as ISO 8601, if it parsed. */
  date?: string
  /** Decoded (encoded-words), single line. */
  subject: string
  /** Readable text: the text/plain part, or the HTML part made readable (scripts, styles, images dropped). */
  text: string
  /** The HTML part, sanitised (no scripts, styles, event handlers, remote images or tracking pixels); if any. */
  html?: string
  attachments: InboundAttachment[]
  /** Set when the message is automatic mail (the first reason found). */
  automatic?: AutomaticReason
  /** Size of the raw message in bytes. */
  size: number
  /**
   * SES's verdicts: spam and virus (`X-SES-Spam-Verdict`, `X-SES-Virus-Verdict`) and sender authentication (SPF,
   * DKIM, DMARC, from the `Authentication-Results` SES puts on top): PASS, FAIL, GRAY, PROCESSING_FAILED.
   */
  verdicts: { spam?: string; virus?: string; spf?: string; dkim?: string; dmarc?: string }
  /** The sender asked for no automatic answers (`X-Auto-Response-Suppress: All`, `AutoReply` or `OOF`). */
  suppressAutoResponse?: boolean
}

/**
 * A sender that SES could not authenticate: DMARC failed, or SPF and DKIM both failed. Its From may be forged, so
 * its mail never joins, changes or re-opens an existing case and gets no automatic answer.
 */
export function senderUnverified(verdicts: InboundMessage['verdicts']): boolean {
  return verdicts.dmarc === 'FAIL' || (verdicts.spf === 'FAIL' && verdicts.dkim === 'FAIL')
}

/** The message could not be read as mail at all (not even headers): it is kept, flagged, and filed as such. */
export class UnreadableMessageError extends Error {
  override readonly name = 'UnreadableMessageError'
}
