import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { SesMailer, sesMessageIdHeader } from '../../../functions/adapters/ses-mailer.ts'
import { type OutgoingMail, PermanentMailError } from '../../../functions/core/mail/mail.ts'

const ses = mockClient(SESv2Client)
const client = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })

const OPTIONS = {
  from: 'MAR Intake <notificaties@mar.example.nl>',
  intakeAddress: 'MAR <mar@rotterdam.example.nl>',
  configurationSetName: 'mar-intake',
  region: 'eu-west-1',
}

const reply: OutgoingMail = {
  id: 'reply:2027-01-11T10:00:00.000Z-deadbeef',
  kind: 'reply',
  to: ['melder@example.org'],
  subject: '[MAR-0000-0001] Antwoord op uw vraag aan MAR',
  text: 'Ons antwoord.',
  html: '<p>Ons antwoord.</p>',
  from: 'intake',
  inReplyToMailId: 'requester-acknowledgement',
}

function sentInput() {
  const calls = ses.commandCalls(SendEmailCommand)
  expect(calls).toHaveLength(1)
  return calls[0]?.args[0].input
}

describe('Adapter: SES mailer, sender and threading', () => {
  beforeEach(() => {
    ses.reset()
    ses.on(SendEmailCommand).resolves({ MessageId: '0102018f-next' })
  })

  it('sends an answer to a requester from the intake address, in reply to the earlier mail', async () => {
    // Arrange
    const mailer = new SesMailer(client, OPTIONS)

    // Act
    const receipt = await mailer.send(reply, {
      inReplyTo: { sent: '0102018f-ack' },
      references: [{ sent: '0102018f-ack' }],
    })

    // Assert
    expect(receipt).toEqual({ messageId: '0102018f-next' })
    expect(sentInput()).toEqual({
      FromEmailAddress: 'MAR <mar@rotterdam.example.nl>',
      Destination: { ToAddresses: ['melder@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: '[MAR-0000-0001] Antwoord op uw vraag aan MAR', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Ons antwoord.', Charset: 'UTF-8' },
            Html: { Data: '<p>Ons antwoord.</p>', Charset: 'UTF-8' },
          },
          Headers: [
            { Name: 'In-Reply-To', Value: '<0102018f-ack@eu-west-1.amazonses.com>' },
            { Name: 'References', Value: '<0102018f-ack@eu-west-1.amazonses.com>' },
          ],
        },
      },
      ConfigurationSetName: 'mar-intake',
      EmailTags: [{ Name: 'kind', Value: 'reply' }],
    })
  })

  it('names every earlier mail in References, oldest first, separated by spaces', async () => {
    // Arrange
    const mailer = new SesMailer(client, OPTIONS)

    // Act
    await mailer.send(reply, { inReplyTo: { sent: 'second' }, references: [{ sent: 'first' }, { sent: 'second' }] })

    // Assert
    expect(sentInput()?.Content?.Simple?.Headers).toEqual([
      { Name: 'In-Reply-To', Value: '<second@eu-west-1.amazonses.com>' },
      { Name: 'References', Value: '<first@eu-west-1.amazonses.com> <second@eu-west-1.amazonses.com>' },
    ])
  })

  it('sends without threading headers when there is nothing to reply to', async () => {
    // Arrange
    const mailer = new SesMailer(client, OPTIONS)

    // Act
    await mailer.send(reply)

    // Assert
    expect(sentInput()?.Content?.Simple).not.toHaveProperty('Headers')
  })

  it.each([
    ['advisor mail (no sender named)', undefined],
    ['mail that names the notification sender', 'sender'],
  ] as const)('sends %s from the notification sender', async (_kind, from) => {
    // Arrange
    const mailer = new SesMailer(client, OPTIONS)
    const { from: _from, inReplyToMailId: _reply, ...advisorMail } = reply

    // Act
    await mailer.send({ ...advisorMail, kind: 'assignment', ...(from ? { from } : {}) })

    // Assert
    expect(sentInput()?.FromEmailAddress).toBe('MAR Intake <notificaties@mar.example.nl>')
  })

  it('falls back to the notification sender for intake mail when no intake address is configured', async () => {
    // Arrange
    const { intakeAddress: _intake, ...withoutIntake } = OPTIONS
    const mailer = new SesMailer(client, withoutIntake)

    // Act
    await mailer.send(reply)

    // Assert
    expect(sentInput()?.FromEmailAddress).toBe('MAR Intake <notificaties@mar.example.nl>')
  })

  it('turns a rejection by SES into a permanent mail error', async () => {
    // Arrange
    ses
      .on(SendEmailCommand)
      .rejects(new SESv2ServiceException({ name: 'MessageRejected', $fault: 'client', $metadata: {}, message: 'no' }))
    const mailer = new SesMailer(client, OPTIONS)

    // Act
    const sending = mailer.send(reply)

    // Assert
    await expect(sending).rejects.toBeInstanceOf(PermanentMailError)
    await expect(sending).rejects.toMatchObject({ reason: 'MessageRejected' })
  })
})

describe('Rule: the Message-ID header SES gives a mail', () => {
  it.each([
    ['us-east-1', '<abc-123@email.amazonses.com>'],
    ['eu-west-1', '<abc-123@eu-west-1.amazonses.com>'],
    ['eu-central-1', '<abc-123@eu-central-1.amazonses.com>'],
  ])('in %s is %s', (region, header) => {
    // Act
    const value = sesMessageIdHeader('abc-123', region)

    // Assert
    expect(value).toBe(header)
  })
})
