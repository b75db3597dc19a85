import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sendMail } from '../support/smtp-client.ts'
import { ADVISOR_EMAIL, type CapturedMail, useLocalStack } from './local-stack-harness.ts'

/**
 * The privacy sentinel: a distinctive token in every field of every channel (web form as JSON and as a form post,
 * mail over SMTP, the anonymous request and its follow-up box, the phone intake), the whole life cycle driven
 * (routing, reminders and escalations over a weekend, acknowledge, note, pause, reply, the requester writing back,
 * close, the purge a year later), and hostile requests that invite an echo. Then no token may be found in what the
 * process logged, in mail to advisors, in the workflow executions (input and every event of their history), in any
 * 4xx answer, or — after the purge — anywhere in the table.
 */
const T = {
  name: 'SNTL7F3ANAME',
  email: 'SNTL7F3AEMAIL',
  domain: 'SNTL7F3ADOMAIN',
  phone: '0687351942',
  organisation: 'SNTL7F3AORG',
  description: 'SNTL7F3ADESC',
  idempotencyKey: 'SNTL7F3AIDEMKEY',
  formName: 'SNTL7F3AFORMNAME',
  formEmail: 'SNTL7F3AFORMEMAIL',
  formDescription: 'SNTL7F3AFORMDESC',
  anonDescription: 'SNTL7F3AANONDESC',
  followUp: 'SNTL7F3AFOLLOWUP',
  mailDisplayName: 'SNTL7F3AMAILNAME',
  mailFrom: 'SNTL7F3AMAILFROM',
  mailSubject: 'SNTL7F3ASUBJECT',
  mailBody: 'SNTL7F3AMAILBODY',
  fileName: 'SNTL7F3AFILENAME',
  fileContent: 'SNTL7F3AFILECONTENT',
  mailReply: 'SNTL7F3AMAILREPLY',
  phoneName: 'SNTL7F3APHONENAME',
  phoneNumber: '0687351943',
  phoneDescription: 'SNTL7F3APHONEDESC',
  phoneOrganisation: 'SNTL7F3APHONEORG',
  note: 'SNTL7F3ANOTE',
  pauseReason: 'SNTL7F3APAUSE',
  reply: 'SNTL7F3AREPLY',
  badEmail: 'SNTL7F3ABADEMAIL',
  fieldName: 'SNTL7F3AFIELDNAME',
  fieldValue: 'SNTL7F3AFIELDVALUE',
  oversized: 'SNTL7F3AOVERSIZED',
  referenceGuess: 'SNTL7F3AREFGUESS',
  receiptGuess: 'SNTL7F3ARECEIPT',
  actionToken: 'SNTL7F3ATOKEN',
} as const
const TOKENS = Object.values(T)

/** The tokens found in a text: letters compared case-insensitively, phone numbers also without the leading 0. */
function sentinelsIn(text: string): string[] {
  const upper = text.toUpperCase()
  return TOKENS.filter((token) => upper.includes(token) || (/^0\d+$/.test(token) && upper.includes(token.slice(1))))
}

/** Everything the process writes while the stack runs: stdout, stderr and the console (Powertools writes to both). */
function captureProcessOutput() {
  const chunks: string[] = []
  const record = (value: unknown) =>
    chunks.push(typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString() : '')
  const spies: Array<{ mockRestore(): void }> = []
  return {
    start() {
      for (const stream of [process.stdout, process.stderr]) {
        spies.push(
          vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
            record(chunk)
            return true
          }),
        )
      }
      for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
        spies.push(
          vi.spyOn(console, method).mockImplementation((...values: unknown[]) => {
            record(values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' '))
          }),
        )
      }
    },
    stop() {
      for (const spy of spies.splice(0)) spy.mockRestore()
    },
    text: () => chunks.join('\n'),
    /** The JSON log lines (Powertools writes one object per line). */
    lines(): Array<Record<string, unknown>> {
      return chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    },
  }
}

const ADVISOR_ADDRESSES = new Set<string>(Object.values(ADVISOR_EMAIL))
const mailText = (mail: CapturedMail) =>
  [mail.subject, mail.text, mail.html, ...mail.to, ...mail.cc, ...mail.bcc].join('\n')

describe('Privacy: sentinel data through the whole life cycle of every channel', () => {
  const output = captureProcessOutput()
  // Installed before the stack starts (hooks run in order) and removed after it stopped.
  beforeAll(() => output.start())
  afterAll(() => output.stop())
  const local = useLocalStack({ logLevel: 'DEBUG' })

  const refused: Array<{ probe: string; status: number; body: string }> = []
  const references: Record<'web' | 'form' | 'anonymous' | 'mail' | 'phone', string> = {
    web: '',
    form: '',
    anonymous: '',
    mail: '',
    phone: '',
  }
  let receipt = ''

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    })
    return { status: response.status, text: await response.text() }
  }
  /** A request that must be refused: its status pinned, its body kept for the check. */
  async function probe(name: string, expected: number, answer: Promise<{ status: number; text: string }>) {
    const { status, text } = await answer
    expect({ name, status }).toEqual({ name, status: expected })
    refused.push({ probe: name, status, body: text })
  }

  it('takes sentinel data in on every channel', async () => {
    await local.setClock('2026-12-04T16:30:00+01:00') // a Friday afternoon: the weekend comes before any deadline

    const web = await post(
      '/api/requests',
      JSON.stringify({
        requesterType: 'professional',
        sector: 'education',
        organisation: `Het ${T.organisation} College`,
        topic: 'case',
        name: `Anna ${T.name}`,
        email: `${T.email.toLowerCase()}.x@${T.domain.toLowerCase()}.nl`,
        phone: T.phone,
        description: `Een leerling deelt filmpjes, ${T.description}, en trekt zich terug.`,
        signals: ['isolation', 'glorifying-violence'],
        ideology: 'jihadism',
        consent: true,
      }),
      { 'idempotency-key': T.idempotencyKey },
    )
    expect(web.status).toBe(201)
    references.web = JSON.parse(web.text).reference

    const form = await fetch(`${local.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({
        requesterType: 'private',
        topic: 'question',
        name: T.formName,
        email: `${T.formEmail.toLowerCase()}@example.nl`,
        description: `Mijn buurjongen ${T.formDescription} deelt rare dingen online.`,
        consent: 'on',
      }).toString(),
    })
    expect(form.status).toBe(200)
    references.form = /MAR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await form.text())?.[0] ?? ''

    const anonymous = await post(
      '/api/requests',
      JSON.stringify({
        requesterType: 'private',
        topic: 'question',
        anonymous: true,
        description: `Ik durf mijn naam niet te geven: ${T.anonDescription} in mijn straat.`,
        consent: true,
      }),
    )
    expect(anonymous.status).toBe(201)
    ;({ reference: references.anonymous, receipt } = JSON.parse(anonymous.text))

    const smtp = await sendMail(local.stack.smtpPort, {
      from: `"Karel ${T.mailDisplayName}" <${T.mailFrom.toLowerCase()}@example.nl>`,
      subject: `Zorgen ${T.mailSubject}`,
      text: `Beste MAR, ${T.mailBody}: mijn neef radicaliseert.`,
      attachments: [{ filename: `${T.fileName}.txt`, content: `${T.fileContent} verslag`, contentType: 'text/plain' }],
    })
    expect(smtp.code).toBe(250)
    await local.settle()

    const advisor = await local.signIn('adv-01')
    const phone = await advisor.post('/api/advisor/cases', {
      requesterType: 'professional',
      sector: 'welfare',
      organisation: T.phoneOrganisation,
      topic: 'case',
      name: T.phoneName,
      phone: T.phoneNumber,
      description: `Telefoon: ${T.phoneDescription} maakt zich zorgen om een cliënt.`,
      consent: true,
    })
    expect(phone.status).toBe(201)
    references.phone = (phone.body as { reference: string }).reference

    const coordinator = await local.signIn('adv-03')
    const open = (await coordinator.get('/api/advisor/cases')).body as {
      cases: Array<{ reference: string; channel: string }>
    }
    const mailCases = open.cases.filter((entry) => entry.channel === 'email')
    expect(mailCases).toHaveLength(1)
    references.mail = mailCases[0]?.reference ?? ''
    for (const reference of Object.values(references)) expect(reference).toMatch(/^MAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  })

  it('refuses hostile requests without echoing what they carried', async () => {
    const json = (body: unknown) => post('/api/requests', JSON.stringify(body))
    await probe(
      'invalid values and an unknown field name',
      400,
      json({
        requesterType: 'private',
        topic: 'question',
        email: `geen adres ${T.badEmail}`,
        name: `${T.name}\u0007`,
        description: T.description,
        [T.fieldName]: T.fieldValue,
        consent: true,
      }),
    )
    await probe(
      'a form post with an unknown field name',
      400,
      post(
        '/api/requests',
        new URLSearchParams({ requesterType: 'private', topic: 'question', [T.fieldName]: T.fieldValue }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      ),
    )
    await probe('a body over 64 KiB', 413, json({ description: `${T.oversized} `.repeat(4000) }))
    await probe('another media type', 415, post('/api/requests', `${T.description}`, { 'content-type': 'text/plain' }))
    await probe('broken JSON', 400, post('/api/requests', `{"description": "${T.description}`))
    await probe(
      'a wrong receipt',
      401,
      post('/api/follow-up', JSON.stringify({ reference: references.anonymous, receipt: T.receiptGuess })),
    )
    await probe(
      'a guessed reference',
      401,
      post('/api/follow-up', JSON.stringify({ reference: T.referenceGuess, receipt: T.receiptGuess })),
    )
    await probe(
      'a follow-up message with an unknown field',
      400,
      post(
        '/api/follow-up/messages',
        JSON.stringify({ reference: references.anonymous, receipt, text: T.followUp, [T.fieldName]: T.fieldValue }),
      ),
    )
    await probe('a forged action link', 400, post(`/actions/${T.actionToken}`, ''))

    const advisor = await local.signIn('adv-01')
    const staff = async (path: string, body: unknown) => {
      const { status, body: answer } = await advisor.post(path, body)
      return { status, text: typeof answer === 'string' ? answer : JSON.stringify(answer) }
    }
    await probe(
      'a phone intake with bad values and an unknown field name',
      400,
      staff('/api/advisor/cases', {
        requesterType: 'private',
        topic: 'question',
        phone: `${T.phoneNumber} ${T.badEmail}`,
        description: T.phoneDescription,
        [T.fieldName]: T.fieldValue,
        consent: true,
      }),
    )
    await probe(
      'a note with an unknown field name',
      400,
      staff(`/api/advisor/cases/${references.web}/notes`, { text: T.note, [T.fieldName]: T.fieldValue }),
    )
    await probe(
      'a close with an invented outcome',
      400,
      staff(`/api/advisor/cases/${references.web}/close`, { outcome: T.fieldValue }),
    )
    await probe(
      'a case that does not exist',
      404,
      staff(`/api/advisor/cases/${T.referenceGuess}/notes`, { text: T.note }),
    )

    expect(refused.filter((answer) => sentinelsIn(answer.body).length > 0)).toEqual([])
  })

  it('runs reminders and escalations over the weekend, then the advisors act and the requesters write back', async () => {
    await local.advance('P4D') // to Tuesday afternoon: every acknowledge clock reminded, breached and escalated
    const breached = await local.caseOf(references.web)
    expect(breached.breaches?.length).toBeGreaterThan(0)

    const assignee = breached.assignee ?? 'adv-03'
    const advisor = await local.signIn(assignee)
    const coordinator = await local.signIn('adv-03')

    const notification = (await local.mailFor(references.web)).find(
      (mail) =>
        mail.to.includes(ADVISOR_EMAIL[assignee as keyof typeof ADVISOR_EMAIL]) && /\/actions\//.test(mail.text),
    )
    expect(notification?.subject).toContain(references.web)
    const link = local.onThisStack(local.acknowledgeLinkIn(notification as CapturedMail))
    expect((await fetch(link, { method: 'POST' })).status).toBe(200)
    await local.settle()

    await advisor.act(references.web, 'notes', { text: `Intern: ${T.note}` })
    await advisor.act(references.web, 'replies', { text: `Beste mevrouw, ${T.reply}.` })
    for (const reference of [references.form, references.anonymous, references.mail]) {
      await coordinator.act(reference, 'acknowledge')
    }
    await coordinator.act(references.mail, 'classify', { topic: 'case' })
    await coordinator.act(references.mail, 'replies', { text: `Beste heer, ${T.reply}.` })
    await coordinator.act(references.anonymous, 'replies', { text: `Dank u, ${T.reply}.` })
    const phoneAdvisor = await local.signIn('adv-01')
    await phoneAdvisor.act(references.phone, 'pause', { reason: `Wacht op ${T.pauseReason}` })
    await phoneAdvisor.act(references.phone, 'resume')

    const box = await post('/api/follow-up', JSON.stringify({ reference: references.anonymous, receipt }))
    expect(box.status).toBe(200)
    expect(box.text).toContain(T.reply)
    const written = await post(
      '/api/follow-up/messages',
      JSON.stringify({ reference: references.anonymous, receipt, text: `Nog iets: ${T.followUp}.` }),
    )
    expect(written.status).toBe(201)

    const answer = await sendMail(local.stack.smtpPort, {
      from: `"Karel ${T.mailDisplayName}" <${T.mailFrom.toLowerCase()}@example.nl>`,
      subject: `Re: [${references.mail}] ${T.mailSubject}`,
      text: `Dank, nog dit: ${T.mailReply}.`,
    })
    expect(answer.code).toBe(250)
    await local.advance('PT2H')
    expect((await local.caseOf(references.mail)).messages.length).toBeGreaterThan(1)

    for (const reference of Object.values(references)) {
      await coordinator.act(reference, 'close', { outcome: 'advice-given' })
    }
    expect((await local.caseOf(references.anonymous)).status).toBe('closed')
  })

  it('finds no sentinel in the logs, in mail to advisors, in the workflow executions or in the statistics', async () => {
    const lines = output.lines()
    const messages = new Set(lines.map((line) => line.message))
    // The capture sees the application's own lines, with the Lambda context injected: else it could not fail.
    for (const expected of [
      'request accepted',
      'request refused',
      'mail filed',
      'case routed',
      'step run',
      'deadline breached',
      'advisor request',
      'case acknowledged by link',
      'action link refused',
      'follow-up opened',
      'follow-up message received',
      'SMTP message received',
      'retention run',
    ]) {
      expect(messages).toContain(expected)
    }
    expect(lines.find((line) => line.message === 'request accepted')).toMatchObject({
      function_name: 'web-intake-submit',
      function_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    // Every key the code logs is on the allow-list: nothing was dropped on the way.
    expect(lines.filter((line) => 'droppedKeys' in line).map((line) => line.message)).toEqual([])
    expect(sentinelsIn(output.text())).toEqual([])

    const mail = await local.mail()
    const toAdvisors = mail.filter((sent) => sent.to.some((address) => ADVISOR_ADDRESSES.has(address)))
    expect(toAdvisors.length).toBeGreaterThan(5)
    for (const kind of [/nieuwe melding/, /herinnering/, /termijn verstreken/, /escalatie/, /bericht van de melder/]) {
      expect(toAdvisors.some((sent) => kind.test(sent.subject))).toBe(true)
    }
    expect(toAdvisors.flatMap((sent) => sentinelsIn(mailText(sent)))).toEqual([])

    // Mail to a requester: the acknowledgement says nothing of what they wrote; a reply carries the advisor's text.
    const toRequesters = mail.filter((sent) => !sent.to.some((address) => ADVISOR_ADDRESSES.has(address)))
    expect(toRequesters.length).toBeGreaterThan(2)
    for (const sent of toRequesters) {
      const found = sentinelsIn([sent.subject, sent.text, sent.html].join('\n'))
      expect({ subject: sent.subject, found }).toEqual({
        subject: sent.subject,
        found: found.includes(T.reply) ? [T.reply] : [],
      })
    }

    for (const reference of Object.values(references)) {
      const record = local.stack.workflowRecord(reference)
      expect(record.some((event) => event.includes('"RouteCase"'))).toBe(true)
      expect({ reference, found: sentinelsIn(record.join('\n')) }).toEqual({ reference, found: [] })
      const workflow = await local.workflow(reference)
      expect(sentinelsIn(JSON.stringify(workflow))).toEqual([])
    }

    const coordinator = await local.signIn('adv-03')
    const stats = await coordinator.get('/api/advisor/stats?from=2026-12-01&to=2026-12-31&format=csv')
    expect(stats.status).toBe(200)
    expect(sentinelsIn(String(stats.body))).toEqual([])
  })

  it('keeps no sentinel anywhere in the table once the closed cases are purged', async () => {
    // Closed cases are purged 12 months after closing (retention.closedCaseMonths) by the daily retention run: a
    // year and a day on, that run is past.
    await local.advance('P366D')
    for (const reference of Object.values(references)) {
      expect((await fetch(`${local.url}/_dev/cases/${reference}`)).status).toBe(404)
    }
    const items: unknown[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await local.stack.documents.send(
        new ScanCommand({ TableName: local.stack.tableName, ExclusiveStartKey: startKey }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    expect(items.length).toBeGreaterThan(0)
    expect(sentinelsIn(JSON.stringify(items))).toEqual([])
    expect(sentinelsIn(output.text())).toEqual([])
  })
})
