import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import {
  autoSubmitted,
  type MessageRef,
  type OutgoingMail,
  PermanentMailError,
  type Threading,
} from '../core/mail/mail.ts'
import type { Mailer } from '../core/ports/mail.ts'

/** SES answers that no retry can change (throttling, outages and account-level pauses are retried). */
const PERMANENT_ERRORS = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException'])

/**
 * The Message-ID header SES gives a mail it sent: its MessageId at the region's SES mail domain
 * (`email.amazonses.com` in us-east-1). Replies name it in In-Reply-To, so threading needs the header's form.
 */
export function sesMessageIdHeader(messageId: string, region: string): string {
  const domain = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`
  return `<${messageId}@${domain}>`
}

/**
 * Sends mail through SES v2, from the configured sender (or, for answers to requesters, the intake address they
 * write to) and through the configuration set (bounces, metrics).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { from: string; intakeAddress?: string; configurationSetName?: string; region: string },
  ) {}

  async send(mail: OutgoingMail, threading?: Threading): Promise<{ messageId: string }> {
    const from = mail.from === 'intake' && this.options.intakeAddress ? this.options.intakeAddress : this.options.from
    const header = (ref: MessageRef) =>
      'sent' in ref ? sesMessageIdHeader(ref.sent, this.options.region) : `<${ref.received}>`
    const automatic = autoSubmitted(mail.kind)
    const headers = [
      ...(threading
        ? [
            { Name: 'In-Reply-To', Value: header(threading.inReplyTo) },
            { Name: 'References', Value: threading.references.map(header).join(' ') },
          ]
        : []),
      // RFC 3834: well-behaved responders do not answer mail marked so; Exchange's out-of-office honours the second.
      ...(automatic ? [{ Name: 'Auto-Submitted', Value: automatic }] : []),
      ...(automatic ? [{ Name: 'X-Auto-Response-Suppress', Value: 'All' }] : []),
    ]
    const result = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: mail.to, ...(mail.cc?.length ? { CcAddresses: mail.cc } : {}) },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
              ...(headers.length > 0 ? { Headers: headers } : {}),
            },
          },
          ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
          EmailTags: [{ Name: 'kind', Value: mail.kind }],
        }),
      )
      .catch((error: unknown) => {
        const name = error instanceof Error ? error.name : ''
        throw PERMANENT_ERRORS.has(name) ? new PermanentMailError(name) : error
      })
    if (!result.MessageId) throw new Error('SES accepted the mail without a message id')
    return { messageId: result.MessageId }
  }
}
