import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MailCase } from '../../functions/core/cases/case.ts'
import { INTAKE_ADDRESS, mailDesk, sendMail, type TestMail } from '../support/smtp-client.ts'
import {
  ADVISOR_EMAIL,
  addressedTo,
  type CapturedMail,
  type DevCase,
  type LocalStackHarness,
  useLocalStack,
} from './local-stack-harness.ts'

/**
 * Mail you can trust, and no way to flood anyone — over real SMTP and HTTP on the local stack. The SMTP stand-in
 * puts SES's sender-authentication verdicts on top of each message from `X-Local-Test-SPF|DKIM|DMARC` (default
 * PASS). On Mondays adv-01 is the only primary on duty; adv-03 and adv-05 are the coordinators.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'
const SENDER_ADDRESS = 'noreply@mar.rotterdam.nl'
const ACKNOWLEDGEMENT = (reference: string) => `[${reference}] Uw vraag aan MAR is ontvangen`
const NEW_MESSAGE = (reference: string) => `[${reference}] nieuw bericht van de melder`
const sesId = (messageId: string) => `<${messageId}@eu-west-1.amazonses.com>`
const unique = (name: string, domain = 'example.nl') => `${name}.${randomBytes(3).toString('hex')}@${domain}`
const messageId = (name: string) => `<${name}.${randomBytes(4).toString('hex')}@example.nl>`
type FiledCase = DevCase & MailCase

/** Everything the harness does in one stack: the route throttles are not under test here (but see the last block). */
function trustStack() {
  const local = useLocalStack({ throttle: { ratePerSecond: 10_000, burst: 5_000 } })
  return { local, desk: mailDesk(local) }
}

const mailFrom = (address: string, overrides: Partial<TestMail> = {}): TestMail => ({
  from: `Melder <${address}>`,
  subject: 'Zorgen over mijn buurjongen',
  text: 'Hij deelt filmpjes die geweld verheerlijken.',
  messageId: messageId('m'),
  ...overrides,
})

/** The case as /_dev/cases has it, with its events and messages: the whole of it, to compare before and after. */
const snapshot = async (local: LocalStackHarness, reference: string) => JSON.stringify(await local.caseOf(reference))

describe('Mail you can trust: a forged From never touches an existing case', () => {
  const { local, desk } = trustStack()

  /** A requester's case in the given state, with the Message-ID of its acknowledgement. */
  async function caseIn(state: 'open' | 'answered' | 'closed') {
    await local.setClock(MONDAY_10)
    const requester = unique('melder')
    const reference = await desk.newCase(mailFrom(requester))
    const [acknowledgement] = addressedTo(await local.mailFor(reference), requester) as [CapturedMail]
    const advisor = await local.signIn('adv-01')
    if (state !== 'open') await advisor.act(reference, 'replies', { text: 'Wij bellen u morgen.' }, 201)
    if (state === 'closed') await advisor.act(reference, 'close', { outcome: 'advice-given' })
    return { requester, reference, acknowledgementId: acknowledgement.messageId }
  }

  const VERDICTS: Array<{ name: string; headers: Record<string, string> }> = [
    { name: 'DMARC fails (SPF and DKIM pass)', headers: { 'X-Local-Test-DMARC': 'FAIL' } },
    {
      name: 'SPF and DKIM both fail (DMARC gray)',
      headers: { 'X-Local-Test-SPF': 'FAIL', 'X-Local-Test-DKIM': 'FAIL', 'X-Local-Test-DMARC': 'GRAY' },
    },
    {
      name: 'everything fails, and the forger wrote SES headers of its own',
      headers: {
        'X-Local-Test-SPF': 'FAIL',
        'X-Local-Test-DKIM': 'FAIL',
        'X-Local-Test-DMARC': 'FAIL',
        'Authentication-Results': 'amazonses.com; spf=pass; dkim=pass; dmarc=pass',
        'X-SES-Spam-Verdict': 'PASS',
      },
    },
  ]
  const THREADING = ['quoted reference', 'In-Reply-To', 'References'] as const
  const STATES = ['open', 'answered', 'closed'] as const
  const table = STATES.flatMap((state) =>
    THREADING.flatMap((threading) => VERDICTS.map((verdict) => ({ state, threading, verdict }))),
  )

  it.each(table)(
    '$state case, forged reply by $threading, $verdict.name → original unchanged, a new flagged case',
    async ({ state, threading, verdict }) => {
      const { requester, reference, acknowledgementId } = await caseIn(state)
      const before = await snapshot(local, reference)
      const mailBefore = (await local.mail()).length

      const forged = mailFrom(requester, {
        subject: threading === 'quoted reference' ? `Re: [${reference}] ik trek mijn melding in` : 'Re: uw vraag',
        text: 'Ik trek mijn melding in; mijn buurjongen is onschuldig.',
        headers: verdict.headers,
        ...(threading === 'In-Reply-To' ? { inReplyTo: sesId(acknowledgementId) } : {}),
        ...(threading === 'References' ? { references: sesId(acknowledgementId) } : {}),
      })
      const { answer, opened } = await desk.send(forged)

      expect(answer.code).toBe(250)
      expect(await snapshot(local, reference)).toBe(before)
      expect(opened).toHaveLength(1)
      const flagged = (await local.caseOf(opened[0] as string)) as FiledCase
      expect(flagged).toMatchObject({ unverifiedSender: true, relatedTo: reference, status: 'assigned' })
      expect(flagged.mail).toMatchObject({ noAutoReply: 'unverified-sender', returnPath: requester })
      // No automatic answer to the forged address, and nobody told about the original case.
      const after = (await local.mail()).slice(mailBefore)
      expect(addressedTo(after, requester)).toEqual([])
      expect(after.filter((mail) => mail.subject.includes(reference))).toEqual([])
    },
  )

  it('still threads a reply whose SPF fails but DKIM passes (a forwarder): it joins the case', async () => {
    const { requester, reference, acknowledgementId } = await caseIn('open')
    const { opened } = await desk.send(
      mailFrom(requester, { headers: { 'X-Local-Test-SPF': 'FAIL' }, inReplyTo: sesId(acknowledgementId) }),
    )
    expect(opened).toEqual([])
    expect((await local.caseOf(reference)).messages).toHaveLength(1)
  })

  it('keeps the envelope sender when it differs from From, and says so on the case', async () => {
    await local.setClock(MONDAY_10)
    const author = unique('schrijver')
    const bounceAddress = unique('bounces', 'lists.example.net')
    const reference = await desk.newCase(mailFrom(author, { envelope: { from: bounceAddress } }))
    const stored = (await local.caseOf(reference)) as FiledCase
    expect(stored.mail.from?.address).toBe(author)
    expect(stored.mail.returnPath).toBe(bounceAddress)
  })
})

describe('No way to flood anyone: caps per canonical mailbox, across web and mail', () => {
  const { local, desk } = trustStack()

  it('gives five spellings of one Gmail mailbox three acknowledgements in 24 hours, web and mail together', async () => {
    await local.setClock(MONDAY_10)
    const name = `slachtoffer${randomBytes(3).toString('hex')}`
    const dotted = `${name.slice(0, 4)}.${name.slice(4)}`
    const spellings = [
      { via: 'web', address: `${name}@gmail.com` },
      { via: 'mail', address: `${dotted.toUpperCase()}@GoogleMail.com` },
      { via: 'web', address: `${name}+mar@googlemail.com` },
      { via: 'mail', address: `${dotted}+2@gmail.com` },
      { via: 'web', address: `${name.toUpperCase()}+x@Gmail.com` },
    ] as const
    const references: string[] = []
    for (const { via, address } of spellings) {
      references.push(
        via === 'web'
          ? await local.submit({
              requesterType: 'private',
              topic: 'question',
              email: address,
              description: 'Een vraag over mijn buurjongen.',
              consent: true,
            })
          : await desk.newCase(mailFrom(address)),
      )
    }

    const acknowledgements = (await local.mail()).filter((mail) =>
      references.some((reference) => mail.subject === ACKNOWLEDGEMENT(reference)),
    )
    expect(acknowledgements.map((mail) => mail.to.map((to) => to.toLowerCase()))).toEqual(
      spellings.slice(0, 3).map(({ address }) => [address.toLowerCase()]),
    )
    // Every case was filed and routed, and keeps the address as typed.
    for (const [index, reference] of references.entries()) {
      const stored = await local.caseOf(reference)
      expect(stored.status).toBe('assigned')
      const typed = stored.channel === 'email' ? (stored as FiledCase).mail.from?.address : stored.email
      expect(typed?.toLowerCase()).toBe(spellings[index]?.address.toLowerCase())
    }
  })
})

describe('No way to flood anyone: notices coalesce, floods are summarised, nothing is lost', () => {
  const { local, desk } = trustStack()
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const notices = async (reference: string) =>
    addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter(
      (mail) => mail.subject === NEW_MESSAGE(reference),
    )

  it('gives the assignee one notice for ten quick follow-up messages; all ten are kept; the next window tells again', async () => {
    await local.setClock(MONDAY_10)
    const asked = await post('/api/requests', {
      requesterType: 'private',
      topic: 'question',
      anonymous: true,
      description: 'Ik maak me zorgen over mijn broer.',
      consent: true,
    })
    expect(asked.status).toBe(201)
    const { reference, receipt } = asked.body as { reference: string; receipt: string }
    await local.settle()

    for (let index = 1; index <= 10; index++) {
      const sent = await post('/api/follow-up/messages', { reference, receipt, text: `Aanvulling ${index}` })
      expect(sent.status).toBe(201)
    }
    await local.settle()

    expect(await notices(reference)).toHaveLength(1)
    const stored = await local.caseOf(reference)
    expect((stored as DevCase & { messages: unknown[] }).messages).toHaveLength(10)

    await local.advance('PT16M')
    expect(await notices(reference)).toHaveLength(1)
    await post('/api/follow-up/messages', { reference, receipt, text: 'Nog iets' })
    await local.settle()
    expect(await notices(reference)).toHaveLength(2)
  })

  it('gives the assignee one notice for ten replies in one mail thread; all ten are filed on the case', async () => {
    await local.setClock(MONDAY_10)
    const requester = unique('schrijver')
    const reference = await desk.newCase(mailFrom(requester))
    const [acknowledgement] = addressedTo(await local.mailFor(reference), requester) as [CapturedMail]

    for (let index = 1; index <= 10; index++) {
      const answer = await sendMail(
        local.stack.smtpPort,
        mailFrom(requester, {
          subject: `Re: [${reference}] aanvulling ${index}`,
          text: `Aanvulling ${index}`,
          inReplyTo: sesId(acknowledgement.messageId),
        }),
      )
      expect(answer.code).toBe(250)
    }
    await local.settle()

    expect(await notices(reference)).toHaveLength(1)
    expect((await local.caseOf(reference)).messages).toHaveLength(10)
  })

  it('files 30 mails from one sender in seconds as 30 cases: 3 acknowledgements, 3 notices, one summary of the other 27', async () => {
    await local.setClock(MONDAY_10)
    const flooder = unique('vloed')
    const mailBefore = (await local.mail()).length
    const started = Date.now()
    for (let index = 1; index <= 30; index++) {
      const answer = await sendMail(
        local.stack.smtpPort,
        mailFrom(flooder, { subject: `Melding ${index}`, text: `Bericht ${index}` }),
      )
      expect(answer.code).toBe(250)
    }
    expect(Date.now() - started).toBeLessThan(15_000)
    await local.advance('PT16M')

    const coordinator = await local.signIn('adv-03')
    const { body } = await coordinator.get('/api/advisor/cases')
    const listed = (body as { cases: Array<{ reference: string }> }).cases.map((entry) => entry.reference)
    const flooderCases: string[] = []
    for (const reference of listed) {
      const stored = (await local.caseOf(reference)) as FiledCase
      if (stored.channel === 'email' && stored.mail.from?.address === flooder) flooderCases.push(reference)
    }
    expect(flooderCases).toHaveLength(30)

    const sent = (await local.mail()).slice(mailBefore)
    expect(addressedTo(sent, flooder)).toHaveLength(3)
    const perCase = sent.filter((mail) => flooderCases.some((reference) => mail.subject.includes(`[${reference}]`)))
    expect(perCase.filter((mail) => mail.to.includes(ADVISOR_EMAIL['adv-01']))).toHaveLength(3)
    const summaries = sent.filter((mail) => mail.subject === '27 nieuwe e-mailmeldingen van één afzender')
    // One summary, to each advisor on duty (the primary and the coordinators), listing the references only.
    expect(summaries.map((mail) => mail.to[0]).sort()).toEqual(
      [ADVISOR_EMAIL['adv-01'], ADVISOR_EMAIL['adv-03'], ADVISOR_EMAIL['adv-05']].sort(),
    )
    const listedInSummary = summaries[0]?.text.match(/MAR-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? []
    expect(new Set(listedInSummary).size).toBe(27)
    expect(listedInSummary.every((reference) => flooderCases.includes(reference))).toBe(true)
    expect(summaries[0]?.text).not.toContain(flooder)
    expect(summaries[0]?.text).not.toContain('Bericht')
  })
})

describe('RFC 3834: our automatic mail says so, and we answer no automatic mail', () => {
  const { local, desk } = trustStack()

  it('stops a loop partner that answers every acknowledgement from a new address within 3 rounds', async () => {
    await local.setClock(MONDAY_10)
    const first = unique('melder')
    await desk.newCase(mailFrom(first))
    let answerTo = first
    let rounds = 0
    for (; rounds < 8; rounds++) {
      const acknowledgement = addressedTo(await local.mail(), answerTo).find((mail) =>
        mail.subject.includes('Uw vraag aan MAR is ontvangen'),
      )
      if (acknowledgement === undefined) break
      // A badly behaved responder: no Auto-Submitted, a new address each time, threaded under our mail.
      answerTo = unique(`responder${rounds}`, 'autoreply.example.net')
      const { answer } = await desk.send(
        mailFrom(answerTo, {
          subject: `Re: ${acknowledgement.subject}`,
          text: 'Dank voor uw bericht. Dit is een automatisch antwoord.',
          inReplyTo: sesId(acknowledgement.messageId),
        }),
      )
      expect(answer.code).toBe(250)
    }
    // Our first acknowledgement is answered, and so is the one to the responder's first address; no more.
    expect(rounds).toBe(2)
  })

  it.each([
    ['X-Auto-Response-Suppress: All', { 'X-Auto-Response-Suppress': 'All' }, 'auto-response-suppressed'],
    ['X-Auto-Response-Suppress: OOF', { 'X-Auto-Response-Suppress': 'OOF' }, 'auto-response-suppressed'],
    ['Precedence: list', { Precedence: 'list' }, 'precedence'],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }, 'auto-submitted'],
    ['List-Id', { 'List-Id': '<zorg.lists.example.net>' }, 'list'],
    ['X-Failed-Recipients (a bounce)', { 'X-Failed-Recipients': 'x@example.org' }, 'delivery-report'],
  ])('files mail marked %s and answers it nothing', async (_name, headers, reason) => {
    await local.setClock(MONDAY_10)
    const sender = unique('automaat')
    const reference = await desk.newCase(mailFrom(sender, { headers }))
    expect(addressedTo(await local.mail(), sender)).toEqual([])
    expect(((await local.caseOf(reference)) as FiledCase).mail.noAutoReply).toBe(reason)
  })

  it('marks every automatic mail in /_dev/mail Auto-Submitted: auto-replied to requesters, auto-generated to staff', async () => {
    await local.setClock(MONDAY_10)
    const requester = unique('melder')
    const reference = await desk.newCase(mailFrom(requester))
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Wij bellen u morgen.' }, 201)
    await local.submit({
      requesterType: 'professional',
      sector: 'education',
      topic: 'question',
      email: unique('mentor'),
      description: 'Een leerling deelt filmpjes.',
      consent: true,
      immediateDanger: true,
    })
    await local.advance('P5D')

    const mails = await local.mail()
    const staff = mails.filter((mail) => mail.from === SENDER_ADDRESS)
    const acknowledgements = mails.filter((mail) => mail.subject.includes('Uw vraag aan MAR is ontvangen'))
    const replies = mails.filter((mail) => mail.from === INTAKE_ADDRESS && !acknowledgements.includes(mail))
    expect(staff.length).toBeGreaterThan(5)
    expect(acknowledgements.length).toBeGreaterThan(1)
    expect(replies.length).toBeGreaterThan(0)
    for (const mail of staff)
      expect([mail.subject, mail.headers['Auto-Submitted']]).toEqual([mail.subject, 'auto-generated'])
    for (const mail of acknowledgements) {
      expect([mail.subject, mail.headers['Auto-Submitted']]).toEqual([mail.subject, 'auto-replied'])
    }
    // An advisor's reply is a person's mail: threaded, not marked automatic.
    for (const mail of replies) {
      expect(mail.headers).not.toHaveProperty('Auto-Submitted')
      expect(mail.headers['In-Reply-To']).toEqual(expect.stringMatching(/^<.+>$/))
    }
  })
})

describe('Human answers to throttling', () => {
  const local = useLocalStack({ throttle: { ratePerSecond: 0.01, burst: 2 } })
  const formPost = (language: string) =>
    fetch(`${local.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ language, requesterType: 'private', description: 'x' }).toString(),
    })

  it('answers a throttled form post with the form’s page saying when to try again, and JSON clients with JSON', async () => {
    await formPost('nl')
    await formPost('nl')
    const dutch = await formPost('nl')
    const english = await formPost('en')
    const json = await fetch(`${local.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })

    expect(dutch.status).toBe(429)
    expect(dutch.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const seconds = Number(dutch.headers.get('retry-after'))
    expect(seconds).toBeGreaterThan(0)
    expect(await dutch.text()).toContain(`Probeer het over ${seconds} seconden opnieuw.`)
    expect(english.status).toBe(429)
    expect(await english.text()).toMatch(/Please try again in \d+ seconds\./)
    expect(json.status).toBe(429)
    expect(json.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await json.json()).toEqual({ message: 'Too Many Requests' })
  })
})
