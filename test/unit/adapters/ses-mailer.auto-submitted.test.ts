import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { SesMailer } from '../../../functions/adapters/ses-mailer.ts'
import type { MailKind, OutgoingMail } from '../../../functions/core/mail/mail.ts'

const ses = mockClient(SESv2Client)
const client = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const mailer = new SesMailer(client, { from: 'noreply@mar.example.nl', region: 'eu-west-1' })

const mail = (kind: MailKind): OutgoingMail => ({
  id: kind,
  kind,
  to: ['someone@example.org'],
  subject: 'Onderwerp',
  text: 'Tekst',
  html: '<p>Tekst</p>',
})

async function headersOf(kind: MailKind) {
  ses.reset()
  ses.on(SendEmailCommand).resolves({ MessageId: 'id' })
  await mailer.send(mail(kind))
  const headers = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Headers ?? []
  return Object.fromEntries(headers.map((header) => [header.Name, header.Value]))
}

describe('Adapter: SES mailer — RFC 3834 marks on our automatic mail', () => {
  beforeEach(() => ses.reset())

  it.each(['requester-acknowledgement', 'oversized-answer'] as const)(
    'marks %s Auto-Submitted: auto-replied',
    async (kind) => {
      expect(await headersOf(kind)).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' })
    },
  )

  it.each([
    'assignment',
    'urgent-alert',
    'unassigned-alert',
    'reminder',
    'breach-alert',
    'escalation',
    'new-message',
    'stale-case',
    'flood-summary',
    'advisor-reminder',
  ] as const)('marks the staff notice %s Auto-Submitted: auto-generated', async (kind) => {
    expect(await headersOf(kind)).toEqual({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' })
  })

  it('leaves an advisor’s own reply unmarked: a person wrote it', async () => {
    expect(await headersOf('reply')).toEqual({})
  })
})
