import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { MailCase } from '../../functions/core/cases/case.ts'
import { envelopeSenderOf, mailDesk } from '../support/smtp-client.ts'
import { ADVISOR_EMAIL, type CapturedMail, useLocalStack } from './local-stack-harness.ts'

/**
 * Every message of the mail corpus (test/fixtures/mail/real and hostile, see its README) sent over SMTP to the local
 * intake as a mail server would deliver it: each is answered 250 and filed as a case of its own (none lost), the
 * stack keeps answering, and automatic mail — bounces, delivery reports, out-of-office, list and noreply mail — gets
 * no automatic answer. The envelope sender is the fixture's Return-Path (`<>` for the bounce), else its From.
 */
const FIXTURES_DIR = new URL('../fixtures/mail/', import.meta.url).pathname
const FIXTURES = ['real', 'hostile'].flatMap((folder) =>
  readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => !name.endsWith('.md'))
    .sort()
    .map((name) => `${folder}/${name}`),
)
/** The automatic mail among them, and the reason it gets no answer (the first rule that holds). */
const AUTOMATIC: Record<string, string> = {
  'real/delivery-status-bounce.eml': 'delivery-report',
  'real/out-of-office-auto-replied.eml': 'auto-submitted',
  'real/mailing-list.eml': 'list',
  'real/noreply-sender.eml': 'system-sender',
}
const STAFF = new Set<string>(Object.values(ADVISOR_EMAIL))
const MONDAY_10 = '2026-12-07T10:00:00+01:00'

describe('Mail intake: the corpus of real-world and hostile mail, over SMTP', () => {
  const local = useLocalStack({ smtpPort: 0 })
  const desk = mailDesk(local)
  beforeAll(() => local.setClock(MONDAY_10))
  const filed: string[] = []

  it('has the corpus to send: the README’s 16 real and 13 hostile messages', () => {
    expect(FIXTURES.filter((file) => file.startsWith('real/'))).toHaveLength(16)
    expect(FIXTURES.filter((file) => file.startsWith('hostile/'))).toHaveLength(13)
    expect(Object.keys(AUTOMATIC).every((file) => FIXTURES.includes(file))).toBe(true)
  })

  it.each(FIXTURES)(
    'files %s as one case (250), answers it at most its acknowledgement, and keeps running',
    async (file) => {
      const raw = readFileSync(join(FIXTURES_DIR, file))
      const mailBefore = (await local.mail()).length

      const { answer, opened } = await desk.sendRaw(raw, { from: envelopeSenderOf(raw, 'onbekend@corpus.example') })

      expect(answer.code).toBe(250)
      expect(opened).toHaveLength(1)
      const reference = opened[0] as string
      filed.push(reference)
      const stored = (await local.caseOf(reference)) as unknown as MailCase
      expect(stored.channel).toBe('email')
      expect((await fetch(`${local.url}/health`)).status).toBe(200)
      // What went out for it beside the advisors' notifications: its acknowledgement, unless it gets no automatic reply.
      const toOutside = (await local.mail())
        .slice(mailBefore)
        .filter((mail: CapturedMail) => mail.to.some((address) => !STAFF.has(address)))
      const automatic = AUTOMATIC[file]
      if (automatic !== undefined) expect(stored.mail.noAutoReply).toBe(automatic)
      expect(toOutside.map((mail) => mail.subject)).toEqual(
        stored.mail.noAutoReply === undefined ? [`[${reference}] Uw vraag aan MAR is ontvangen`] : [],
      )
    },
  )

  it('lost none: one distinct open case for every message sent', async () => {
    expect(new Set(filed).size).toBe(FIXTURES.length)
    const coordinator = await local.signIn('adv-03')
    const { body } = await coordinator.get('/api/advisor/cases')
    const listed = (body as { cases: Array<{ reference: string; channel: string }> }).cases
    expect(listed.filter((entry) => filed.includes(entry.reference)).map((entry) => entry.channel)).toEqual(
      filed.map(() => 'email'),
    )
  })
})
