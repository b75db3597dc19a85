import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import type { Mailer, OutgoingMail } from '../core/mail.ts'

/** Sends mail through SES v2, from the configured sender and through the configuration set (bounces, metrics). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { from: string; configurationSetName?: string },
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.client.send(
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
    if (!result.MessageId) throw new Error('SES accepted the mail without a message id')
    return { messageId: result.MessageId }
  }
}
