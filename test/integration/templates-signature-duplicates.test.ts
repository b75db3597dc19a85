import { describe, expect, it } from 'vitest'
import { mailDesk } from '../support/smtp-client.ts'
import { questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Daily work on the whole local stack (issue "Daily work", items 4 and 5): reply templates read by every advisor and
 * written by coordinators only; the one signature under every answer, by mail and in the follow-up box, in Dutch and
 * English; a case closed as a duplicate, linked both ways, still readable, and counted once in the statistics.
 */
const MONDAY_10 = '2027-01-11T10:00:00+01:00'
const SIGNATURE_NL =
  'Met vriendelijke groet,\nAnouk\nMeld- en Adviespunt Radicalisering, gemeente Rotterdam\nTelefoon: 06 - 23 66 03 86'
const SIGNATURE_EN =
  'Kind regards,\nAnouk\nMeld- en Adviespunt Radicalisering (Radicalisation Advice Point), City of Rotterdam\nPhone: 06 - 23 66 03 86'

const occurrences = (text: string, part: string) => text.split(part).length - 1

describe('Daily work: reply templates, one signature, duplicates', () => {
  const local = useLocalStack({ smtpPort: 0, throttle: { ratePerSecond: 10_000, burst: 5_000 } })
  const desk = mailDesk(local)

  /** PUT or DELETE on the advisor API as a signed-in advisor (the harness client speaks GET and POST). */
  const send = async (token: string, method: 'PUT' | 'DELETE', path: string, body?: unknown) => {
    const response = await fetch(`${local.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: await response.json() }
  }

  describe('reply templates', () => {
    it('shows the starter templates to any advisor, Dutch first, and refuses an advisor’s PUT and DELETE with 403', async () => {
      await local.setClock(MONDAY_10)
      const advisor = await local.signIn('adv-01')

      const listed = await advisor.get('/api/advisor/templates')
      const put = await send(advisor.token, 'PUT', '/api/advisor/templates/eigen', { title: 'Eigen', text: 'Tekst' })
      const deleted = await send(advisor.token, 'DELETE', '/api/advisor/templates/terugbellen')

      expect(listed.status).toBe(200)
      const templates = (listed.body as { templates: Array<{ id: string; language: string }> }).templates
      expect(templates.map((template) => template.language)).toEqual(['nl', 'nl', 'nl', 'nl', 'en', 'en', 'en'])
      expect(templates.map((template) => template.id)).toContain('terugbellen')
      expect(put).toEqual({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } })
      expect(deleted.status).toBe(403)
      expect((await advisor.get('/api/advisor/templates')).body).toEqual(listed.body)
    })

    it('lets a coordinator add, change and delete templates, keeping the others', async () => {
      const coordinator = await local.signIn('adv-03')
      const advisor = await local.signIn('adv-01')

      const created = await send(coordinator.token, 'PUT', '/api/advisor/templates/bedankt-en', {
        title: 'Thanks',
        text: 'Thank you for your message.',
        language: 'en',
      })
      const changed = await send(coordinator.token, 'PUT', '/api/advisor/templates/terugbellen', {
        title: 'Terugbellen',
        text: 'Wanneer kan ik u bellen?',
      })
      const removed = await send(coordinator.token, 'DELETE', '/api/advisor/templates/doorverwijzing')
      const again = await send(coordinator.token, 'DELETE', '/api/advisor/templates/doorverwijzing')

      expect(created).toEqual({
        status: 201,
        body: {
          template: {
            id: 'bedankt-en',
            language: 'en',
            title: 'Thanks',
            text: 'Thank you for your message.',
            updatedAt: expect.any(String),
            updatedBy: 'adv-03',
          },
        },
      })
      expect(changed.status).toBe(200)
      expect(removed).toEqual({ status: 200, body: { id: 'doorverwijzing', deleted: true } })
      expect(again.status).toBe(404)
      const { templates } = (await advisor.get('/api/advisor/templates')).body as {
        templates: Array<{ id: string; title: string; text: string }>
      }
      expect(templates.map((template) => template.id)).toEqual([
        'meer-informatie',
        'terugbellen',
        'voorlichting',
        'more-information-en',
        'call-back-en',
        'referral-en',
        'bedankt-en',
      ])
      expect(templates.find((template) => template.id === 'terugbellen')?.text).toBe('Wanneer kan ik u bellen?')
    })

    it('refuses a bad template with 400 and a message per field', async () => {
      const coordinator = await local.signIn('adv-03')

      const refused = await send(coordinator.token, 'PUT', '/api/advisor/templates/Niet%20Goed', {
        title: 'Twee\nregels',
        text: '',
        language: 'de',
      })
      const tooLong = await send(coordinator.token, 'PUT', '/api/advisor/templates/lang', {
        title: 'x'.repeat(101),
        text: 'y'.repeat(10_001),
      })

      expect(refused.status).toBe(400)
      expect(refused.body.error.fields).toEqual({
        id: 'Een id is 1 tot 64 kleine letters, cijfers of streepjes, zoals welkom-nl.',
        title: 'Een titel is één regel, zonder stuurtekens.',
        text: 'Vul een tekst in.',
        language: 'Kies een taal: nl, en.',
      })
      expect(tooLong.body.error.fields).toEqual({
        title: 'De titel is langer dan 100 tekens.',
        text: 'De tekst is langer dan 10000 tekens.',
      })
    })
  })

  describe('one signature under every answer', () => {
    it('signs a mail reply once, with the advisor’s first name and MAR’s phone, in Dutch and in English', async () => {
      const advisor = await local.signIn('adv-01')
      const dutch = await local.submit(questionRequest({ email: 'nl.melder@example.org' }))
      const english = await local.submit(questionRequest({ email: 'en.melder@example.org', language: 'en' }))

      await advisor.act(dutch, 'replies', { text: 'Wij bellen u morgen om 10 uur.' })
      await advisor.act(english, 'replies', { text: 'We will call you tomorrow at 10.' })

      const replyTo = async (reference: string) =>
        (await local.mailFor(reference)).find(
          (mail) => mail.subject.includes('Antwoord') || mail.subject.includes('Answer'),
        )
      const nl = await replyTo(dutch)
      const en = await replyTo(english)
      expect(nl?.text.endsWith(SIGNATURE_NL)).toBe(true)
      expect(occurrences(nl?.text ?? '', 'Met vriendelijke groet')).toBe(1)
      expect(occurrences(nl?.html ?? '', 'Met vriendelijke groet')).toBe(1)
      expect(nl?.html).toContain('Telefoon: 06 - 23 66 03 86')
      expect(en?.text.endsWith(SIGNATURE_EN)).toBe(true)
      expect(occurrences(en?.text ?? '', 'Kind regards')).toBe(1)
      expect(occurrences(en?.text ?? '', 'regards')).toBe(1)
    })

    it('signs an answer in the follow-up box, in the JSON and on the page without JavaScript', async () => {
      const advisor = await local.signIn('adv-01')
      const { email: _email, ...anonymous } = questionRequest({ anonymous: true, language: 'en' })
      const created = await fetch(`${local.url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(anonymous),
      })
      const { reference, receipt } = (await created.json()) as { reference: string; receipt: string }
      await local.settle()

      await advisor.act(reference, 'replies', { text: 'Thank you, we advise you to talk to the school.' })
      const opened = await fetch(`${local.url}/api/follow-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reference, receipt }),
      })
      const page = await fetch(`${local.url}/api/follow-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ reference, receipt, language: 'en' }).toString(),
      })

      const conversation = (await opened.json()) as { messages: Array<Record<string, unknown>> }
      expect(conversation.messages[1]).toEqual({
        author: 'advisor',
        text: 'Thank you, we advise you to talk to the school.',
        at: expect.any(String),
        signature: { name: 'Anouk', phone: '06 - 23 66 03 86' },
      })
      const html = await page.text()
      expect(occurrences(html, 'Kind regards,')).toBe(1)
      expect(html).toContain(
        'Kind regards,<br>Anouk<br>Meld- en Adviespunt Radicalisering (Radicalisation Advice Point), City of Rotterdam<br>Phone: 06 - 23 66 03 86',
      )
    })
  })

  describe('duplicates', () => {
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1')

    it('closes a mail case as a duplicate of a web case: links both ways, the duplicate stays readable, the statistics count one', async () => {
      const advisor = await local.signIn('adv-01')
      const coordinator = await local.signIn('adv-03')
      const before = (await coordinator.get('/api/advisor/stats?from=2027-01-01&to=2027-01-31')).body as {
        counts: { channel: Array<{ value: string; count: number }> }
      }
      const original = await local.submit(questionRequest({ email: 'dubbel@example.org' }))
      const duplicate = await desk.newCase({
        from: 'dubbel@example.org',
        subject: 'Nogmaals mijn vraag',
        text: 'Ik stuur mijn vraag ook per e-mail.',
        attachments: [{ filename: 'verslag.pdf', content: PDF, contentType: 'application/pdf' }],
      })
      await local.settle()
      const mailCases = () => (before.counts.channel.find((row) => row.value === 'email') as { count: number }).count

      const refusedItself = await advisor.post(`/api/advisor/cases/${duplicate}/close`, {
        outcome: 'duplicate',
        duplicateOf: duplicate,
      })
      const refusedUnknown = await advisor.post(`/api/advisor/cases/${duplicate}/close`, {
        outcome: 'duplicate',
        duplicateOf: 'MAR-0000-0000',
      })
      const closed = await advisor.act(duplicate, 'close', { outcome: 'duplicate', duplicateOf: original })

      expect(refusedItself.status).toBe(400)
      expect((refusedItself.body as { error: { fields: unknown } }).error.fields).toEqual({
        duplicateOf: 'Een melding kan geen dubbele van zichzelf zijn.',
      })
      expect((refusedUnknown.body as { error: { fields: unknown } }).error.fields).toEqual({
        duplicateOf: 'Er is geen melding met dit zaaknummer (meer).',
      })
      expect(closed).toEqual({ reference: duplicate, status: 'closed', duplicateOf: original })

      // Both ways, in the case read of each.
      const duplicateView = await advisor.caseOf(duplicate)
      const originalView = await advisor.caseOf(original)
      expect(duplicateView).toMatchObject({ status: 'closed', outcome: 'duplicate', duplicateOf: original })
      expect(originalView.duplicates).toEqual([duplicate])
      expect(originalView.events.map((event) => event.type)).toContain('duplicate-linked')

      // The duplicate's mail and attachment stay readable after closing.
      expect(duplicateView.channel === 'email' && duplicateView.mail.text).toBe('Ik stuur mijn vraag ook per e-mail.')
      const [attachment] = duplicateView.attachments
      const download = await fetch(`${local.url}${attachment?.href}`, {
        headers: { authorization: `Bearer ${advisor.token}` },
      })
      expect(download.status).toBe(200)
      expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF)

      // A case that is itself a duplicate cannot be the original of another.
      const third = await local.submit(questionRequest({ email: 'derde@example.org' }))
      const chained = await advisor.post(`/api/advisor/cases/${third}/close`, {
        outcome: 'duplicate',
        duplicateOf: duplicate,
      })
      expect(chained.status).toBe(400)

      // The statistics count the web case and not the mail duplicate.
      await local.settle()
      const after = (await coordinator.get('/api/advisor/stats?from=2027-01-01&to=2027-01-31')).body as {
        counts: { channel: Array<{ value: string; count: number }>; outcome: Array<{ value: string }> }
      }
      const count = (report: typeof after, channel: string) =>
        report.counts.channel.find((row) => row.value === channel)?.count
      expect(count(after, 'email')).toBe(mailCases())
      expect(count(after, 'web')).toBe((count(before as typeof after, 'web') ?? 0) + 2)
      expect(after.counts.outcome.map((row) => row.value)).not.toContain('duplicate')
    })
  })
})
