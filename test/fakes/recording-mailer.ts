import type { OutgoingMail } from '../../functions/core/mail/mail.ts'
import type { Mailer } from '../../functions/core/ports/mail.ts'

/** Shaped like the error SES v2 throws when it throttles (HTTP 429). */
export class TooManyRequestsException extends Error {
  override readonly name = 'TooManyRequestsException'
  readonly $fault = 'client'
  readonly $metadata = { httpStatusCode: 429 }

  constructor() {
    super('Too many requests')
  }
}

export interface SentMail extends OutgoingMail {
  messageId: string
}

/** A Mailer that keeps what it sends, and can be told to refuse the next sends as SES does when it throttles. */
export class RecordingMailer implements Mailer {
  readonly sent: SentMail[] = []
  /** Every call to send, accepted or refused, by mail id. */
  readonly attempts: string[] = []
  #failuresLeft = 0

  /** The next `count` sends reject with a TooManyRequestsException; the ones after succeed. */
  failNext(count: number): void {
    this.#failuresLeft = count
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    this.attempts.push(mail.id)
    if (this.#failuresLeft > 0) {
      this.#failuresLeft--
      throw new TooManyRequestsException()
    }
    const messageId = `message-${this.sent.length + 1}`
    this.sent.push({ ...structuredClone(mail), messageId })
    return { messageId }
  }
}
