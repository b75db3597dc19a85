import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseMessage, MailCase } from '../../functions/core/cases/case.ts'
import { INTAKE_ADDRESS, mailDesk, type TestMail } from '../support/smtp-client.ts'
import {
  ADVISOR_EMAIL,
  addressedTo,
  type CapturedMail,
  type DevCase,
  type LocalStackHarness,
  mailMentions,
  useLocalStack,
} from './local-stack-harness.ts'

/**
 * The e-mail intake on the whole local stack, driven the way a mail server and a citizen drive it: real SMTP
 * (nodemailer) into the local SMTP intake, which files each message with the same receive handler as the
 * S3-triggered function; the workflow routes, clocks and mails on the dev clock; advisors act through the API.
 *
 * A mail case has no topic until an advisor classifies it and runs on the `case` windows: acknowledge in 4, respond
 * in 16 business hours (Mon–Fri 08:30–17:00 Europe/Amsterdam). On Mondays adv-01 is the only primary on duty.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'
/** MAR's notification sender (advisor mail comes from it). */
const SENDER_ADDRESS = 'noreply@mar.rotterdam.nl'
const REFERENCE = /^MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
const ACKNOWLEDGEMENT_SUBJECT = (reference: string) => `[${reference}] Uw vraag aan MAR is ontvangen`
const NEW_MESSAGE_SUBJECT = (reference: string) => `[${reference}] nieuw bericht van de melder`
/** How a reply names a mail we sent: SES's Message-ID header form in the local region. */
const sesId = (messageId: string) => `<${messageId}@eu-west-1.amazonses.com>`

/** The dev clock runs at real speed between calls, so moments are the planned ones give or take a few seconds. */
function near(actual: string | undefined, expected: string) {
  expect(actual).toEqual(expect.any(String))
  expect(Math.abs(Date.parse(actual as string) - Date.parse(expected))).toBeLessThan(5_000)
}

/** A sender address no other test uses (the cap of 3 automatic replies a day is per sender). */
function uniqueAddress(name: string): string {
  return `${name}.${randomBytes(3).toString('hex')}@example.nl`
}

/** A mail case as /_dev/cases shows it: with its events, messages and attachment records. */
type FiledCase = DevCase & MailCase & { messages: CaseMessage[] }
const caseFile = async (local: LocalStackHarness, reference: string): Promise<FiledCase> =>
  (await local.caseOf(reference)) as FiledCase
const mailOf = (stored: DevCase) => (stored as FiledCase).mail
const subjects = (mails: CapturedMail[]) => mails.map((mail) => mail.subject)

describe('Mail intake: a citizen writes to the intake address', () => {
  // Everything the stack writes to stdout/stderr (its logs, at DEBUG), to show that no mail content reaches them.
  const logged: string[] = []
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write }
  beforeAll(() => {
    const capture = (chunk: unknown) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))
      return true
    }
    process.stdout.write = capture as typeof process.stdout.write
    process.stderr.write = capture as typeof process.stderr.write
  })
  afterAll(() => {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
  })
  const local = useLocalStack({ smtpPort: 0, logLevel: 'DEBUG' })
  const desk = mailDesk(local)
  /** What the citizens in this block wrote: none of it may appear in the logs or in advisor mail. */
  const secrets: string[] = []
  const citizenMail = (name: string, overrides: Partial<TestMail> = {}): TestMail => {
    const address = uniqueAddress(name)
    const mail = {
      from: `Bezorgde Burger <${address}>`,
      subject: `Zorgen over mijn neef Karim ${name}`,
      text: `Mijn neef Karim deelt filmpjes die geweld verheerlijken (${name}).`,
      messageId: `<${name}.${randomBytes(4).toString('hex')}@example.nl>`,
      ...overrides,
    }
    secrets.push(address, mail.subject, mail.text)
    return mail
  }
  const addressOf = (mail: TestMail) => /<([^>]+)>/.exec(mail.from)?.[1] ?? mail.from

  it('files a citizen’s mail as one e-mail case with no topic, on the case windows (4 h to acknowledge, 16 h to respond)', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('eerste')
    const { answer, opened } = await desk.send(mail)

    expect(answer.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    const reference = opened[0] as string
    const stored = await caseFile(local, reference)
    expect(stored).toMatchObject({ reference, channel: 'email', status: 'assigned', assignee: 'adv-01' })
    expect(stored).not.toHaveProperty('topic')
    expect(mailOf(stored)).toMatchObject({
      messageId: mail.messageId?.slice(1, -1),
      from: { address: addressOf(mail), name: 'Bezorgde Burger' },
      to: [{ address: INTAKE_ADDRESS }],
      subject: mail.subject,
      text: mail.text,
      attachments: [],
      verdicts: { spam: 'PASS', virus: 'PASS' },
    })
    expect(stored.events.map((event) => event.type)).toEqual(['mail-received', 'assigned'])
    const advisor = await local.signIn('adv-01')
    const view = await advisor.caseOf(reference)
    near(view.deadlines.acknowledge.dueAt, '2026-12-07T14:00:00+01:00')
    near(view.deadlines.respond.dueAt, '2026-12-09T09:00:00+01:00')
  })

  it('acknowledges it once, from the intake address, with [reference] in the subject, threaded under their mail', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('bevestiging')
    const reference = await desk.newCase(mail)
    await local.advance('PT1H')

    const toCitizen = addressedTo(await local.mail(), addressOf(mail))
    expect(subjects(toCitizen)).toEqual([ACKNOWLEDGEMENT_SUBJECT(reference)])
    const [acknowledgement] = toCitizen
    expect(acknowledgement?.from).toBe(INTAKE_ADDRESS)
    expect(acknowledgement?.inReplyTo).toBe(mail.messageId)
    expect(acknowledgement?.references).toBe(mail.messageId)
    expect(acknowledgement?.text).toContain(`Uw zaaknummer is ${reference}.`)
    expect(mailMentions(acknowledgement as CapturedMail, 'filmpjes')).toBe(false)
  })

  it('tells the advisor on duty a mail came in, without its subject, text or sender', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('adviseur')
    const reference = await desk.newCase(mail)

    const toAdvisor = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    expect(subjects(toAdvisor)).toEqual([`[${reference}] nieuwe melding (nog niet ingedeeld)`])
    const [assignment] = toAdvisor as [CapturedMail]
    expect(assignment.text).toContain('Kanaal: e-mail')
    for (const secret of [addressOf(mail), mail.subject, mail.text, 'Karim', 'Bezorgde Burger']) {
      expect(mailMentions(assignment, secret)).toBe(false)
    }
  })

  it('lets a citizen answer the acknowledgement with their mail client’s Reply: it comes back to the intake and joins the case', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('antwoordknop')
    const reference = await desk.newCase(mail)
    const [acknowledgement] = addressedTo(await local.mailFor(reference), addressOf(mail)) as [CapturedMail]

    const reply = await desk.send({
      from: mail.from,
      to: [acknowledgement.from],
      subject: `Re: ${acknowledgement.subject}`,
      text: 'Hierbij nog een aanvulling.',
      inReplyTo: sesId(acknowledgement.messageId),
      references: `${mail.messageId} ${sesId(acknowledgement.messageId)}`,
    })
    expect({ code: reply.answer.code, opened: reply.opened }).toEqual({ code: 250, opened: [] })
    expect((await caseFile(local, reference)).messages.map((message) => [message.kind, message.text])).toEqual([
      ['mail', 'Hierbij nog een aanvulling.'],
    ])
  })

  it('continues the case when the citizen answers the acknowledgement (In-Reply-To): a mail message, the assignee told, no second acknowledgement', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('vervolg')
    const reference = await desk.newCase(mail)
    const [acknowledgement] = addressedTo(await local.mailFor(reference), addressOf(mail)) as [CapturedMail]
    await local.advance('PT30M')

    const reply = {
      from: mail.from,
      subject: 'Re: uw bevestiging',
      text: 'Hij heeft vandaag weer iets gedeeld.',
      messageId: `<vervolg-reply.${randomBytes(4).toString('hex')}@example.nl>`,
      inReplyTo: sesId(acknowledgement.messageId),
      references: `${mail.messageId} ${sesId(acknowledgement.messageId)}`,
    }
    secrets.push(reply.text)
    const first = await desk.send(reply)
    // The same reply delivered again (a mail server's retry) changes nothing.
    const again = await desk.send(reply)

    expect([first.answer.code, again.answer.code]).toEqual([250, 250])
    expect([first.opened, again.opened]).toEqual([[], []])
    const stored = await caseFile(local, reference)
    expect(stored.status).toBe('assigned')
    expect(stored.messages).toEqual([
      expect.objectContaining({
        kind: 'mail',
        author: 'requester',
        text: reply.text,
        mail: expect.objectContaining({ messageId: reply.messageId.slice(1, -1), subject: reply.subject }),
      }),
    ])
    expect(stored.events.filter((event) => event.type === 'mail-received')).toHaveLength(2)
    expect(subjects(addressedTo(await local.mail(), addressOf(mail)))).toEqual([ACKNOWLEDGEMENT_SUBJECT(reference)])
    const notices = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter(
      (sent) => sent.subject === NEW_MESSAGE_SUBJECT(reference),
    )
    expect(notices).toHaveLength(1)
    const [notice] = notices as [CapturedMail]
    expect(notice.text).toContain('De melder heeft een nieuw bericht gestuurd bij deze melding.')
    for (const secret of [reply.text, addressOf(mail), mail.subject]) expect(mailMentions(notice, secret)).toBe(false)
  })

  it('continues the case on the reference in the subject alone, from the same sender written in capitals', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('onderwerp')
    const reference = await desk.newCase(mail)

    const followUp = await desk.send({
      from: `Bezorgde Burger <${addressOf(mail).toUpperCase()}>`,
      subject: `Aanvulling op ${reference.toLowerCase()}`,
      text: 'Nog een aanvulling, zonder antwoordkoppen.',
    })

    expect(followUp.answer.code).toBe(250)
    expect(followUp.opened).toEqual([])
    const stored = await caseFile(local, reference)
    expect(stored.messages.map((message) => [message.kind, message.text])).toEqual([
      ['mail', 'Nog een aanvulling, zonder antwoordkoppen.'],
    ])
    expect(subjects(addressedTo(await local.mail(), addressOf(mail)))).toEqual([ACKNOWLEDGEMENT_SUBJECT(reference)])
  })

  it('gives a stranger who quotes the reference a new case flagged as mentioning another, and leaves the original alone', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('origineel')
    const reference = await desk.newCase(mail)
    const stranger = citizenMail('vreemde')

    const { answer, opened } = await desk.send({ ...stranger, subject: `Re: [${reference}] ik weet er meer van` })

    expect(answer.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    const strangersCase = await caseFile(local, opened[0] as string)
    expect(strangersCase.mentionsOtherCase).toBe(true)
    expect(strangersCase).not.toHaveProperty('relatedTo')
    expect(mailOf(strangersCase).from?.address).toBe(addressOf(stranger))
    expect((await caseFile(local, reference)).messages).toEqual([])
    // The stranger is acknowledged under their own reference, never told the other case's.
    expect(subjects(addressedTo(await local.mail(), addressOf(stranger)))).toEqual([
      ACKNOWLEDGEMENT_SUBJECT(opened[0] as string),
    ])
  })

  it('gives a stranger who answers someone else’s acknowledgement (In-Reply-To) a new case as well', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('doorgestuurd')
    const reference = await desk.newCase(mail)
    const [acknowledgement] = addressedTo(await local.mailFor(reference), addressOf(mail)) as [CapturedMail]
    const stranger = citizenMail('meelezer')

    const { answer, opened } = await desk.send({
      ...stranger,
      subject: 'Re: Uw vraag aan MAR is ontvangen',
      inReplyTo: sesId(acknowledgement.messageId),
      references: sesId(acknowledgement.messageId),
    })

    expect(answer.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    expect(opened[0]).not.toBe(reference)
    expect((await caseFile(local, opened[0] as string)).mentionsOtherCase).toBe(true)
    expect((await caseFile(local, reference)).messages).toEqual([])
  })

  it('sends an advisor’s answer to the sender; their reply re-opens the case with a new respond round and its reminder at the new 75 %', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('heropenen')
    const reference = await desk.newCase(mail)
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Dank voor uw bericht. Wij bellen u morgen.' })

    const toCitizen = addressedTo(await local.mail(), addressOf(mail))
    expect(subjects(toCitizen)).toEqual([
      ACKNOWLEDGEMENT_SUBJECT(reference),
      `[${reference}] Antwoord op uw vraag aan MAR`,
    ])
    const [acknowledgement, answer] = toCitizen as [CapturedMail, CapturedMail]
    expect(answer.from).toBe(INTAKE_ADDRESS)
    expect(answer.inReplyTo).toBe(sesId(acknowledgement.messageId))
    expect((await caseFile(local, reference)).status).toBe('answered')

    await local.setClock('2026-12-07T11:00:00+01:00')
    const reply = await desk.send({
      from: mail.from,
      subject: `Re: ${answer.subject}`,
      text: 'Morgen kan ik niet, liever woensdag.',
      inReplyTo: sesId(answer.messageId),
    })
    expect(reply.answer.code).toBe(250)
    const reopened = await caseFile(local, reference)
    expect(reopened.status).toBe('acknowledged')
    expect(reopened.events.filter((event) => event.type === 'reopened')).toEqual([
      expect.objectContaining({ detail: { round: 2 } }),
    ])
    const notices = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter(
      (sent) => sent.subject === NEW_MESSAGE_SUBJECT(reference),
    )
    expect(notices.map((notice) => notice.text.split('\n')[0])).toEqual([
      'De melder heeft opnieuw geschreven; de melding is daardoor heropend en wacht op antwoord.',
    ])
    near((await advisor.caseOf(reference)).deadlines.respond.dueAt, '2026-12-09T10:00:00+01:00')

    // 16 business hours from Monday 11:00 end Wednesday 10:00; 75 % of them (12 h) is Tuesday 14:30.
    const reminders = async () =>
      addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter(
        (sent) => sent.subject === `[${reference}] herinnering`,
      )
    await local.setClock('2026-12-08T14:25:00+01:00')
    expect(await reminders()).toEqual([])
    await local.setClock('2026-12-08T14:35:00+01:00')
    const [reminder, ...more] = await reminders()
    expect(more).toEqual([])
    expect(reminder?.text.split('\n')[0]).toBe(
      'Herinnering: de termijn voor het beantwoorden loopt woensdag 9 december om 10:00 af.',
    )
    near(reminder?.sentAt, '2026-12-08T14:30:00+01:00')
  })

  // BUG (functions/core/mail/file-message.ts:178, `reopens` ignores `message.automatic`): an out-of-office (`Auto-Submitted: auto-replied`) answering
  // the advisor's reply re-opens the answered case like a citizen's reply: status back to awaiting an answer, a new
  // respond round with its reminders, and a "heropend" notice — for a message no one wrote.
  it('keeps an answered case answered when the citizen’s out-of-office answers the advisor’s reply', async () => {
    await local.setClock(MONDAY_10)
    const mail = citizenMail('afwezig')
    const reference = await desk.newCase(mail)
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Wij bellen u morgen.' })
    const [, answer] = addressedTo(await local.mail(), addressOf(mail)) as [CapturedMail, CapturedMail]

    const outOfOffice = await desk.send({
      from: mail.from,
      subject: `Automatisch antwoord: ${answer.subject}`,
      text: 'Ik ben tot maandag afwezig.',
      inReplyTo: sesId(answer.messageId),
      headers: { 'Auto-Submitted': 'auto-replied' },
    })

    expect(outOfOffice.answer.code).toBe(250)
    const stored = await caseFile(local, reference)
    expect(stored.messages.map((message) => message.kind)).toEqual(['reply', 'mail'])
    expect(stored.status).toBe('answered')
    expect(stored.events.filter((event) => event.type === 'reopened')).toEqual([])
  })

  it('writes nothing of the mail to the logs: no address, subject or text', () => {
    const logs = logged.join('')
    // The capture works: the filing itself is logged (reference and outcome only).
    expect(logs).toContain('"message":"mail filed"')
    expect(secrets.length).toBeGreaterThan(20)
    const leaked = secrets.filter((secret) => logs.toLowerCase().includes(secret.toLowerCase()))
    expect(leaked).toEqual([])
    expect(logs).not.toContain('Karim')
  })
})

describe('Mail intake: a reply to a closed case', () => {
  const local = useLocalStack({ smtpPort: 0 })
  const desk = mailDesk(local)

  /** A case that was answered and closed; the advisor's answer (to reply to). */
  async function closedCase(name: string) {
    const address = uniqueAddress(name)
    const reference = await desk.newCase({
      from: address,
      subject: 'Vraag over een leerling',
      text: 'Een leerling zegt dingen die mij zorgen baren.',
      messageId: `<${name}.${randomBytes(4).toString('hex')}@example.nl>`,
    })
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Wij adviseren u het volgende.' })
    await advisor.act(reference, 'close', { outcome: 'advice-given' })
    const answer = addressedTo(await local.mail(), address).find((sent) => sent.subject.includes('Antwoord')) as
      | CapturedMail
      | undefined
    if (answer === undefined) throw new Error('no answer went out')
    return { address, reference, advisor, answer }
  }

  it('re-opens a case closed less than 30 days ago', async () => {
    await local.setClock(MONDAY_10)
    const { address, reference, answer } = await closedCase('gesloten')
    await local.advance('P29D')

    const { answer: smtp, opened } = await desk.send({
      from: address,
      subject: `Re: ${answer.subject}`,
      text: 'Het is weer erger geworden.',
      inReplyTo: sesId(answer.messageId),
    })

    expect(smtp.code).toBe(250)
    // Open again, and the only case that appeared in the list.
    expect(opened).toEqual([reference])
    const stored = await caseFile(local, reference)
    expect(stored.status).toBe('acknowledged')
    expect(stored).not.toHaveProperty('closedAt')
    expect(stored).not.toHaveProperty('outcome')
    expect(stored.messages.map((message) => message.kind)).toEqual(['reply', 'mail'])
    expect(stored.events.filter((event) => event.type === 'reopened')).toEqual([
      expect.objectContaining({ detail: { round: 2 } }),
    ])
    expect(subjects(addressedTo(await local.mail(), address))).toEqual([
      ACKNOWLEDGEMENT_SUBJECT(reference),
      `[${reference}] Antwoord op uw vraag aan MAR`,
    ])
  })

  // BUG (functions/core/advisor-actions/case-actions.ts:453): the close event's id is the constant 'closed', so when a re-opened case
  // is closed again the second close (who, when, which outcome) is silently dropped from the audit trail.
  it('records both closes in the audit trail when a re-opened case is closed again', async () => {
    await local.setClock(MONDAY_10)
    const { address, reference, answer } = await closedCase('tweemaal')
    await desk.send({
      from: address,
      subject: `Re: ${answer.subject}`,
      text: 'Nog één ding.',
      inReplyTo: sesId(answer.messageId),
    })
    const coordinator = await local.signIn('adv-03')
    await coordinator.act(reference, 'close', { outcome: 'referred' })

    const closes = (await caseFile(local, reference)).events.filter((event) => event.type === 'closed')
    expect(closes.map((event) => [event.advisorId, event.detail?.outcome])).toEqual([
      ['adv-01', 'advice-given'],
      ['adv-03', 'referred'],
    ])
  })

  it('opens a new case that refers to the old one when the case was closed 30 days ago or more', async () => {
    await local.setClock(MONDAY_10)
    const { address, reference, answer } = await closedCase('lang-geleden')
    await local.advance('P31D')

    const { answer: smtp, opened } = await desk.send({
      from: address,
      subject: `Re: ${answer.subject}`,
      text: 'Na een maand: het speelt weer.',
      inReplyTo: sesId(answer.messageId),
    })

    expect(smtp.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    const [newReference] = opened as [string]
    expect(newReference).not.toBe(reference)
    const created = await caseFile(local, newReference)
    expect(created).toMatchObject({ channel: 'email', relatedTo: reference })
    expect(created).not.toHaveProperty('mentionsOtherCase')
    const old = await caseFile(local, reference)
    expect(old.status).toBe('closed')
    expect(old.messages.map((message) => message.kind)).toEqual(['reply'])
    expect(subjects(addressedTo(await local.mail(), address))).toEqual([
      ACKNOWLEDGEMENT_SUBJECT(reference),
      `[${reference}] Antwoord op uw vraag aan MAR`,
      ACKNOWLEDGEMENT_SUBJECT(newReference),
    ])
  })
})

/** A delivery status report (RFC 3464) as a mail server sends it, from a sender that looks like anyone. */
function deliveryReport(from: string, messageId: string): string {
  return [
    `From: Mail Delivery <${from}>`,
    `To: ${INTAKE_ADDRESS}`,
    'Subject: Delivery Status Notification (Failure)',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example',
    '',
    'Final-Recipient: rfc822; iemand@example.nl',
    'Action: failed',
    'Status: 5.1.1',
    '--b1--',
    '',
  ].join('\r\n')
}

describe('Mail intake: no mail loops', () => {
  const local = useLocalStack({ smtpPort: 0 })
  const desk = mailDesk(local)
  // Within office hours, so that each case is routed to the advisor on duty at once.
  beforeAll(() => local.setClock(MONDAY_10))
  const mail = (from: string, overrides: Partial<TestMail> = {}): TestMail => ({
    from,
    subject: 'Bericht',
    text: 'Een bericht.',
    messageId: `<${randomBytes(6).toString('hex')}@example.nl>`,
    ...overrides,
  })

  it('acknowledges at most 3 new mails of one sender in 24 hours, and again the next day', async () => {
    const citizen = uniqueAddress('veelschrijver')
    const references: string[] = []
    for (const number of [1, 2, 3, 4]) {
      references.push(
        await desk.newCase(mail(citizen, { subject: `Vraag ${number}`, text: `Vraag nummer ${number}.` })),
      )
    }

    expect(subjects(addressedTo(await local.mail(), citizen))).toEqual(
      references.slice(0, 3).map((reference) => ACKNOWLEDGEMENT_SUBJECT(reference)),
    )
    const fourth = await caseFile(local, references[3] as string)
    expect(mailOf(fourth).noAutoReply).toBe('daily-limit')

    await local.advance('P1D')
    const nextDay = await desk.newCase(mail(citizen, { subject: 'Vraag 5', text: 'Vraag nummer 5.' }))
    expect(subjects(addressedTo(await local.mail(), citizen))).toEqual(
      [...references.slice(0, 3), nextDay].map((reference) => ACKNOWLEDGEMENT_SUBJECT(reference)),
    )
  })

  const AUTOMATIC: Array<{ what: string; from: string; reason: string; overrides?: Partial<TestMail> }> = [
    {
      what: 'an out-of-office (Auto-Submitted: auto-replied)',
      from: uniqueAddress('afwezig'),
      reason: 'auto-submitted',
      overrides: { headers: { 'Auto-Submitted': 'auto-replied' } },
    },
    {
      what: 'bulk mail (Precedence: bulk)',
      from: uniqueAddress('bulk'),
      reason: 'precedence',
      overrides: { headers: { Precedence: 'bulk' } },
    },
    {
      what: 'list mail (List-Id)',
      from: uniqueAddress('lijst'),
      reason: 'list',
      overrides: { headers: { 'List-Id': 'Nieuwsbrief <nieuws.lists.example>' } },
    },
    {
      what: 'an X-Autoreply',
      from: uniqueAddress('autoreply'),
      reason: 'x-autoreply',
      overrides: { headers: { 'X-Autoreply': 'yes' } },
    },
    { what: 'a MAILER-DAEMON sender', from: 'MAILER-DAEMON@mx.example.net', reason: 'system-sender' },
    { what: 'a noreply sender', from: 'noreply@winkel.example', reason: 'system-sender' },
    { what: 'our own intake address as sender', from: INTAKE_ADDRESS, reason: 'own-address' },
    { what: 'our own notification sender as sender', from: SENDER_ADDRESS, reason: 'system-sender' },
    {
      what: 'an empty return path (MAIL FROM:<>)',
      from: uniqueAddress('leegpad'),
      reason: 'empty-return-path',
      overrides: { envelope: { from: '' } },
    },
  ]

  it.each(AUTOMATIC)(
    'files $what as a case and sends it no automatic mail at all',
    async ({ from, reason, overrides }) => {
      const { answer, opened } = await desk.send(mail(from, overrides))

      expect(answer.code).toBe(250)
      expect(opened).toEqual([expect.stringMatching(REFERENCE)])
      const stored = await caseFile(local, opened[0] as string)
      expect(mailOf(stored).noAutoReply).toBe(reason)
      expect(stored.events.find((event) => event.type === 'mail-received')?.detail).toEqual({ noAutoReply: reason })
      expect(addressedTo(await local.mail(), from.toLowerCase())).toEqual([])
      // The case itself is routed and its advisor told, like any other.
      expect(subjects(addressedTo(await local.mailFor(opened[0] as string), ADVISOR_EMAIL['adv-01']))).toEqual([
        `[${opened[0]}] nieuwe melding (nog niet ingedeeld)`,
      ])
    },
  )

  it('files a delivery status report as a case and answers it nothing', async () => {
    const from = uniqueAddress('bezorging')
    const { answer, opened } = await desk.sendRaw(
      deliveryReport(from, `<dsn.${randomBytes(4).toString('hex')}@mx.example>`),
      {
        from: 'bounces@mx.example',
      },
    )

    expect(answer.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    expect(mailOf(await caseFile(local, opened[0] as string)).noAutoReply).toBe('delivery-report')
    expect(addressedTo(await local.mail(), from)).toEqual([])
    expect(addressedTo(await local.mail(), 'bounces@mx.example')).toEqual([])
  })

  it('joins an out-of-office that answers the acknowledgement to the case, and answers it nothing', async () => {
    const citizen = uniqueAddress('vakantie')
    const reference = await desk.newCase(mail(citizen))
    const [acknowledgement] = addressedTo(await local.mail(), citizen) as [CapturedMail]

    const { answer, opened } = await desk.send(
      mail(citizen, {
        subject: `Automatisch antwoord: ${acknowledgement.subject}`,
        text: 'Ik ben afwezig tot 4 januari.',
        inReplyTo: sesId(acknowledgement.messageId),
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    )

    expect(answer.code).toBe(250)
    expect(opened).toEqual([])
    expect((await caseFile(local, reference)).messages.map((message) => message.text)).toEqual([
      'Ik ben afwezig tot 4 januari.',
    ])
    expect(subjects(addressedTo(await local.mail(), citizen))).toEqual([ACKNOWLEDGEMENT_SUBJECT(reference)])
  })

  it('files the same message delivered three times once, and acknowledges it once', async () => {
    const citizen = uniqueAddress('driemaal')
    const raw = [
      `From: ${citizen}`,
      `To: ${INTAKE_ADDRESS}`,
      'Subject: Drie keer hetzelfde',
      `Message-ID: <drie.${randomBytes(4).toString('hex')}@example.nl>`,
      'Date: Mon, 07 Dec 2026 10:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Dit bericht komt drie keer aan.',
      '',
    ].join('\r\n')

    const deliveries = [
      await desk.sendRaw(raw, { from: citizen }),
      await desk.sendRaw(raw, { from: citizen }),
      await desk.sendRaw(raw, { from: citizen }),
    ]

    expect(deliveries.map((delivery) => delivery.answer.code)).toEqual([250, 250, 250])
    expect(deliveries.map((delivery) => delivery.opened.length)).toEqual([1, 0, 0])
    const reference = deliveries[0]?.opened[0] as string
    const stored = await caseFile(local, reference)
    expect(stored.messages).toEqual([])
    expect(stored.events.filter((event) => event.type === 'mail-received')).toHaveLength(1)
    expect(subjects(addressedTo(await local.mail(), citizen))).toEqual([ACKNOWLEDGEMENT_SUBJECT(reference)])
  })

  it('answers a 12 MB message once, politely, pointing at the web form, and files no case', async () => {
    const citizen = uniqueAddress('groot')
    const messageId = `<groot.${randomBytes(4).toString('hex')}@example.nl>`
    const big = mail(citizen, {
      messageId,
      subject: 'Filmpje van mijn neef',
      attachments: [{ filename: 'filmpje.mp4', content: randomBytes(9 * 1024 * 1024), contentType: 'video/mp4' }],
    })

    const { answer, opened } = await desk.send(big)

    expect(answer.code).toBe(250)
    expect(opened).toEqual([])
    const toCitizen = addressedTo(await local.mail(), citizen)
    expect(subjects(toCitizen)).toEqual(['Uw e-mail aan MAR was te groot / Your e-mail to MAR was too large'])
    const [polite] = toCitizen as [CapturedMail]
    expect(polite.from).toBe(INTAKE_ADDRESS)
    expect(polite.inReplyTo).toBe(messageId)
    expect(polite.text).toContain(`gebruik het formulier op onze website: ${local.url}/`)
    expect(mailMentions(polite, 'Filmpje van mijn neef')).toBe(false)
  })
})

describe('Mail intake: attachments, long mail, quarantine, classification and recipients', () => {
  const local = useLocalStack({ smtpPort: 0 })
  const desk = mailDesk(local)
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n\u0000\u00ff', 'latin1')

  it('lists the attachments on the case by safe name, type and size, each with its download link', async () => {
    await local.setClock(MONDAY_10)
    const reference = await desk.newCase({
      from: uniqueAddress('bijlagen'),
      subject: 'Met bijlagen',
      text: 'Zie de bijlagen.',
      attachments: [
        { filename: 'rapport.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: '../../x', content: 'geheim', contentType: 'text/plain' },
        { filename: 'factuur\u202Efdp.exe', content: 'MZ', contentType: 'application/octet-stream' },
      ],
    })
    const advisor = await local.signIn('adv-01')

    const { attachments } = await advisor.caseOf(reference)

    const id = (n: number) => expect.stringMatching(new RegExp(`^[0-9a-f]{16}-a${n}$`))
    expect(attachments).toEqual([
      { id: id(1), name: 'rapport.pdf', type: 'application/pdf', size: PDF.byteLength, href: expect.any(String) },
      { id: id(2), name: 'x', type: 'text/plain', size: 6, href: expect.any(String) },
      { id: id(3), name: 'factuurfdp.exe', type: 'application/octet-stream', size: 2, href: expect.any(String) },
    ])
    for (const attachment of attachments) {
      expect(attachment.href).toBe(`/api/advisor/cases/${reference}/attachments/${attachment.id}`)
    }
  })

  it('serves an attachment to a signed-in advisor as a download with the exact bytes, recorded as theirs; 401 without a token', async () => {
    const reference = await desk.newCase({
      from: uniqueAddress('download'),
      subject: 'Rapport',
      text: 'Het rapport.',
      attachments: [{ filename: 'rapport.pdf', content: PDF, contentType: 'application/pdf' }],
    })
    const advisor = await local.signIn('adv-01')
    const [attachment] = (await advisor.caseOf(reference)).attachments
    if (attachment === undefined) throw new Error('the case lists no attachment')

    const response = await fetch(`${local.url}${attachment.href}`, {
      headers: { authorization: `Bearer ${advisor.token}` },
    })
    const anonymous = await fetch(`${local.url}${attachment.href}`)

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="rapport.pdf"; filename*=UTF-8''rapport.pdf`,
    )
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toEqual({ message: 'Unauthorized' })
    const downloads = (await caseFile(local, reference)).events.filter(
      (event) => event.type === 'attachment-downloaded',
    )
    expect(downloads).toEqual([
      expect.objectContaining({ advisorId: 'adv-01', detail: { attachmentId: attachment.id } }),
    ])
  })

  // BUG (functions/adapters/mime/parse-message.ts:21-23 with functions/core/mail/file-message.ts:270 and :176): the parser keeps
  // up to 1,000,000 characters of text (and of sanitised HTML) on the case item, but a DynamoDB item holds at most
  // 400 KB: createCase fails (ValidationException "Item size has exceeded the maximum allowed size"), the receive
  // handler throws, SMTP answers 451 and every retry fails the same way — the mail never becomes a case (in AWS:
  // Lambda retries, then the dead-letter queue). Any mail with more than ~400 KB of text or HTML, far below 10 MB.
  it('files a mail with 600 KB of text (far below the 10 MB limit) as a case', async () => {
    const line = 'Hij stuurt me elke dag lange berichten en filmpjes, en ik weet niet meer wat ik moet doen.\n'
    const { answer, opened } = await desk.send({
      from: uniqueAddress('lang'),
      subject: 'Een lang verhaal',
      text: line.repeat(Math.ceil(600_000 / line.length)),
    })

    expect(answer.code).toBe(250)
    expect(opened).toEqual([expect.stringMatching(REFERENCE)])
    expect(mailOf(await caseFile(local, opened[0] as string)).text.startsWith(line)).toBe(true)
  })

  it('quarantines a mail that failed the virus scan: flagged, not acknowledged, its attachments withheld (409)', async () => {
    const citizen = uniqueAddress('virus')
    const reference = await desk.newCase({
      from: citizen,
      subject: 'Factuur',
      text: 'Zie bijlage.',
      headers: { 'X-Local-Test-Virus': 'FAIL' },
      attachments: [{ filename: 'factuur.pdf', content: PDF, contentType: 'application/pdf' }],
    })
    const advisor = await local.signIn('adv-01')

    const stored = await caseFile(local, reference)
    expect(mailOf(stored)).toMatchObject({
      quarantined: true,
      noAutoReply: 'quarantined',
      verdicts: { spam: 'PASS', virus: 'FAIL' },
    })
    expect(addressedTo(await local.mail(), citizen)).toEqual([])
    const [attachment] = (await advisor.caseOf(reference)).attachments
    if (attachment === undefined) throw new Error('the case lists no attachment')
    const response = await fetch(`${local.url}${attachment.href}`, {
      headers: { authorization: `Bearer ${advisor.token}` },
    })
    expect(response.status).toBe(409)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('quarantined')
    expect((await caseFile(local, reference)).events.map((event) => event.type)).not.toContain('attachment-downloaded')
  })

  it('moves the clocks to the question windows when an advisor classifies the mail as a question (8 h to acknowledge)', async () => {
    await local.setClock(MONDAY_10)
    const reference = await desk.newCase({ from: uniqueAddress('vraag'), subject: 'Een vraag', text: 'Hoe zit het?' })
    const advisor = await local.signIn('adv-01')
    near((await advisor.caseOf(reference)).deadlines.acknowledge.dueAt, '2026-12-07T14:00:00+01:00')

    const classified = await advisor.act(reference, 'classify', { topic: 'question' })

    expect(classified).toEqual({ reference, status: 'assigned', topic: 'question', urgency: 'normal' })
    const view = await advisor.caseOf(reference)
    near(view.deadlines.acknowledge.dueAt, '2026-12-08T09:30:00+01:00')
    near(view.deadlines.respond.dueAt, '2026-12-11T16:00:00+01:00')
    const reminders = async () =>
      (await local.mailFor(reference)).filter((sent) => sent.subject === `[${reference}] herinnering`)
    // The case windows' reminder (75 % of 4 h: 13:00) no longer comes; the question's (75 % of 8 h: 16:00) does.
    await local.setClock('2026-12-07T15:55:00+01:00')
    expect(await reminders()).toEqual([])
    await local.setClock('2026-12-07T16:05:00+01:00')
    const [reminder, ...more] = await reminders()
    expect(more).toEqual([])
    near(reminder?.sentAt, '2026-12-07T16:00:00+01:00')
  })

  it.each([
    { body: { topic: 'bogus' }, field: 'topic' },
    { body: { urgency: 'high' }, field: 'urgency' },
    { body: { sector: 42 }, field: 'sector' },
    { body: {}, field: '_body' },
    { body: { colour: 'red' }, field: '_body' },
  ])('refuses to classify with $body (400 naming $field)', async ({ body, field }) => {
    const reference = await desk.newCase({ from: uniqueAddress('fout'), subject: 'Vraag', text: 'Vraag.' })
    const advisor = await local.signIn('adv-01')

    const answer = await advisor.post(`/api/advisor/cases/${reference}/classify`, body)

    expect(answer.status).toBe(400)
    const error = (answer.body as { error: { code: string; fields: Record<string, string> } }).error
    expect(error.code).toBe('validation_failed')
    expect(Object.keys(error.fields)).toEqual([field])
    expect(await caseFile(local, reference)).not.toHaveProperty('topic')
  })

  it('refuses recipients other than the intake address with 550 at RCPT, and files nothing for them', async () => {
    const citizen = uniqueAddress('ontvangers')
    const both = await desk.send({
      from: citizen,
      to: [INTAKE_ADDRESS, 'iemand@rotterdam.nl'],
      subject: 'Aan twee',
      text: 'Aan twee.',
    })
    const onlyOther = await desk.send({
      from: citizen,
      to: ['mar_bsd@rotterdam.nl.example', 'postmaster@rotterdam.nl'],
      subject: 'Aan anderen',
      text: 'Aan anderen.',
    })

    expect(both.answer).toMatchObject({
      code: 250,
      accepted: [INTAKE_ADDRESS],
      rejected: ['iemand@rotterdam.nl'],
      rejectedCodes: [550],
    })
    expect(both.opened).toHaveLength(1)
    expect(onlyOther.answer).toMatchObject({ code: 550, accepted: [], rejectedCodes: [550, 550] })
    expect(onlyOther.opened).toEqual([])
  })
})
