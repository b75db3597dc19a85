import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { type Mailer, type OutgoingMail, PermanentMailError } from '../core/mail.ts'

/** SES answers that no retry can change (throttling, outages and account-level pauses are retried). */
const PERMANENT_ERRORS = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException'])

/** Sends mail through SES v2, from the configured sender and through the configuration set (bounces, metrics). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { from: string; configurationSetName?: string },
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: this.options.from,
          Destination: { ToAddresses: mail.to, ...(mail.cc?.length ? { CcAddresses: mail.cc } : {}) },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
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
