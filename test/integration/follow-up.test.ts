import { describe, expect, it } from 'vitest'
import { ADVISOR_EMAIL, addressedTo, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * The anonymous requester's follow-up box on the whole local stack: the receipt shown once, only its hash stored,
 * the advisor's answer in the box instead of a mail, the requester's reply re-opening the case and telling the
 * assignee content-free, and guesses stopped — all through the real HTTP paths and DynamoDB engine.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'
const RECEIPT_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
const QUESTION = 'Mijn neef zegt dingen over andere groepen die mij verontrusten.'

function anonymousRequest(overrides: Record<string, unknown> = {}) {
  const { email: _email, ...request } = questionRequest({ anonymous: true, description: QUESTION, ...overrides })
  return request
}

describe('Anonymous follow-up: a private two-way box opened with the reference and the receipt code', () => {
  // The attempt limit is under test, not the route's throttle (its own bucket of 5/s in local/throttle.ts).
  const local = useLocalStack({ throttle: { ratePerSecond: 10_000, burst: 5_000 } })

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text.startsWith('{') ? JSON.parse(text) : text,
    }
  }
  const formPost = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    })
    return { status: response.status, headers: response.headers, html: await response.text() }
  }
  const askAnonymously = async (overrides: Record<string, unknown> = {}) => {
    const answer = await post('/api/requests', anonymousRequest(overrides))
    expect(answer.status).toBe(201)
    await local.settle()
    return answer.body as { reference: string; status: string; receipt: string }
  }

  it('gives an anonymous request a receipt once, and stores only a salted scrypt hash of it', async () => {
    await local.setClock(MONDAY_10)
    const { reference, receipt } = await askAnonymously()
    expect(receipt).toMatch(RECEIPT_SHAPE)

    const stored = await local.caseOf(reference)
    const receiptHash = (stored as unknown as { receiptHash: string }).receiptHash
    expect(receiptHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    const everything = JSON.stringify(stored) + JSON.stringify(await local.mail())
    expect(everything).not.toContain(receipt)
    expect(everything).not.toContain(receipt.replaceAll('-', ''))
  })

  it('gives a named request no receipt and no box', async () => {
    const answer = await post('/api/requests', questionRequest())
    expect(answer.status).toBe(201)
    expect(Object.keys(answer.body).sort()).toEqual(['reference', 'respondBy', 'status'])
    const stored = await local.caseOf(answer.body.reference)
    expect(stored).not.toHaveProperty('receiptHash')
  })

  it('opens the box with the pair in any letter case, with or without the dashes', async () => {
    const { reference, receipt } = await askAnonymously()
    const expected = {
      status: 'received',
      messages: [{ author: 'requester', text: QUESTION, at: expect.any(String) }],
    }
    for (const pair of [
      { reference, receipt },
      { reference: reference.toLowerCase(), receipt: receipt.toLowerCase() },
      { reference: reference.replaceAll('-', ''), receipt: receipt.replaceAll('-', '') },
      { reference: ` ${reference.slice(4)} `, receipt: receipt.toLowerCase().replaceAll('-', ' ') },
    ]) {
      const answer = await post('/api/follow-up', pair)
      expect(answer.status, JSON.stringify(pair)).toBe(200)
      expect(answer.body).toEqual(expected)
    }
  })

  it('answers a wrong receipt, an unknown reference and a named case with exactly the same 401', async () => {
    const { reference, receipt } = await askAnonymously()
    const named = await post('/api/requests', questionRequest())
    const wrongReceipt = `${receipt.slice(0, -1)}${receipt.endsWith('0') ? '1' : '0'}`
    const answers = await Promise.all([
      post('/api/follow-up', { reference, receipt: wrongReceipt }),
      post('/api/follow-up', { reference: 'MAR-0000-0000', receipt }),
      post('/api/follow-up', { reference: named.body.reference, receipt }),
      post('/api/follow-up', { reference, receipt: 'not a receipt' }),
    ])
    const expectedBody = {
      error: {
        code: 'follow_up_denied',
        message:
          'Met dit zaaknummer en deze ontvangstcode kunnen we geen gesprek openen. Controleer ze en probeer het opnieuw.',
      },
    }
    for (const answer of answers) {
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual(expectedBody)
    }
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1)
  })

  it('refuses a missing field with 400 and a message for that field', async () => {
    const answer = await post('/api/follow-up', { reference: 'MAR-0000-0000', language: 'en' })
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('validation_failed')
    expect(answer.body.error.fields).toEqual({ receipt: 'Enter the receipt code you got with your request.' })
    const both = await post('/api/follow-up', { receipt: '', reference: 42 })
    expect(both.status).toBe(400)
    expect(Object.keys(both.body.error.fields).sort()).toEqual(['receipt', 'reference'])
  })

  it('locks a reference for the rest of the hour after 5 failures, the right pair included', async () => {
    await local.setClock(MONDAY_10)
    const { reference, receipt } = await askAnonymously()
    const wrong = { reference, receipt: '0000-0000-0000-0000' }
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await post('/api/follow-up', wrong)).status).toBe(401)
    }
    await local.advance('PT10M')
    const locked = await post('/api/follow-up', { reference, receipt })
    expect(locked.status).toBe(429)
    expect(locked.body.error.code).toBe('too_many_attempts')
    const retryAfter = Number(locked.headers.get('retry-after'))
    // The window started with the first failure, about ten minutes ago: some 50 minutes are left.
    expect(retryAfter).toBeGreaterThan(49 * 60)
    expect(retryAfter).toBeLessThanOrEqual(50 * 60)
    expect((await post('/api/follow-up', wrong)).status).toBe(429)
    expect((await post('/api/follow-up/messages', { reference, receipt, text: 'Hallo?' })).status).toBe(429)

    await local.advance('PT50M')
    expect((await post('/api/follow-up', { reference, receipt })).status).toBe(200)
  })

  it('locks an unknown reference the same way, so a 429 tells nothing either', async () => {
    const wrong = { reference: 'MAR-ZZZZ-ZZZ0', receipt: '0000-0000-0000-0000' }
    const statuses = await Promise.all(Array.from({ length: 8 }, () => post('/api/follow-up', wrong)))
    // Counted before the receipt is checked: guesses sent at once cannot slip past the limit.
    expect(statuses.map((answer) => answer.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
  })

  it('does not count a right pair against the limit', async () => {
    const { reference, receipt } = await askAnonymously()
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect((await post('/api/follow-up', { reference, receipt })).status).toBe(200)
    }
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await post('/api/follow-up', { reference, receipt: '0000-0000-0000-0000' })).status).toBe(401)
    }
  })

  it('puts the advisor’s reply into the box instead of a mail, and the requester’s answer re-opens the case', async () => {
    await local.setClock(MONDAY_10)
    const { reference, receipt } = await askAnonymously()
    const advisor = await local.signIn('adv-01')
    const view = await advisor.caseOf(reference)
    expect(view).not.toHaveProperty('receiptHash')
    expect((view as unknown as { followUpBox: boolean }).followUpBox).toBe(true)

    const reply = 'Goedemiddag. Dank voor uw vraag. Kunt u vertellen hoe oud uw neef is?'
    const answered = await advisor.act(reference, 'replies', { text: reply })
    expect(answered.status).toBe('answered')
    const mailBefore = await local.mailFor(reference)
    expect(mailBefore.every((mail) => Object.values(ADVISOR_EMAIL).some((address) => mail.to.includes(address)))).toBe(
      true,
    )
    expect(mailBefore.some((mail) => mail.text.includes(reply))).toBe(false)

    const opened = await post('/api/follow-up', { reference, receipt })
    expect(opened.body).toEqual({
      status: 'answered',
      messages: [
        { author: 'requester', text: QUESTION, at: expect.any(String) },
        // The one signature the system adds under every answer (its wording: the page's, views/mail/signature.ts).
        {
          author: 'advisor',
          text: reply,
          at: expect.any(String),
          signature: { name: 'Anouk', phone: '06 - 23 66 03 86' },
        },
      ],
    })

    const text = 'Hij is zestien. Ik weet niet of ik zijn ouders moet vertellen wat ik zie.'
    const written = await post('/api/follow-up/messages', { reference, receipt, text })
    expect(written.status).toBe(201)
    expect(written.body).toEqual({
      status: 'acknowledged',
      message: { author: 'requester', text, at: expect.any(String) },
    })
    await local.settle()

    const stored = await local.caseOf(reference)
    expect(stored.status).toBe('acknowledged')
    expect(stored.respondRound).toBe(2)
    expect(stored.events.map((event) => event.type)).toEqual(expect.arrayContaining(['follow-up-received', 'reopened']))
    const notices = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter((mail) =>
      mail.subject.includes('nieuw bericht van de melder'),
    )
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).not.toContain('zestien')
    expect(notices[0]?.html).not.toContain('zestien')

    const again = await advisor.caseOf(reference)
    expect(again.messages.map((message) => [message.kind, message.author, message.text])).toEqual([
      ['reply', 'advisor', reply],
      ['follow-up', 'requester', text],
    ])
    const conversation = await post('/api/follow-up', { reference, receipt })
    expect(conversation.body.messages.map((message: { author: string }) => message.author)).toEqual([
      'requester',
      'advisor',
      'requester',
    ])
  })

  it('keeps internal notes out of the box', async () => {
    const { reference, receipt } = await askAnonymously()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'notes', { text: 'Intern: overleg met wijkagent.' })
    const opened = await post('/api/follow-up', { reference, receipt })
    expect(opened.body.messages).toHaveLength(1)
    expect(opened.text).not.toContain('wijkagent')
  })

  it('refuses a message that breaks the text rules with a field-level 400', async () => {
    const { reference, receipt } = await askAnonymously()
    const tooLong = await post('/api/follow-up/messages', { reference, receipt, text: 'x'.repeat(10_001) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.fields).toEqual({ text: 'Gebruik maximaal 10000 tekens.' })
    const control = await post('/api/follow-up/messages', { reference, receipt, text: 'Hallo\u0007' })
    expect(control.status).toBe(400)
    expect(Object.keys(control.body.error.fields)).toEqual(['text'])
    const blank = await post('/api/follow-up/messages', { reference, receipt, text: '   ' })
    expect(blank.status).toBe(400)
    expect(blank.body.error.fields).toEqual({ text: 'Schrijf uw bericht.' })
  })

  it('gives a repeated anonymous request (same Idempotency-Key) a new receipt that replaces the lost one', async () => {
    const headers = { 'idempotency-key': `follow-up-${Date.now()}` }
    const first = await post('/api/requests', anonymousRequest(), headers)
    const repeat = await post('/api/requests', anonymousRequest(), headers)
    expect(repeat.status).toBe(201)
    expect(repeat.body.reference).toBe(first.body.reference)
    expect(repeat.body.receipt).toMatch(RECEIPT_SHAPE)
    expect(repeat.body.receipt).not.toBe(first.body.receipt)
    const reference = first.body.reference
    expect((await post('/api/follow-up', { reference, receipt: repeat.body.receipt })).status).toBe(200)
    expect((await post('/api/follow-up', { reference, receipt: first.body.receipt })).status).toBe(401)
  })

  it('answers a plain form post with the page: the conversation and a reply form, the receipt in no URL', async () => {
    const { reference, receipt } = await askAnonymously()
    const page = await formPost('/api/follow-up', { language: 'nl', reference, receipt })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.html).toContain(QUESTION.replaceAll("'", '&#39;'))
    expect(page.html).toContain('action="/api/follow-up/messages"')
    const urls = [...page.html.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((match) => match[1])
    expect(urls.some((url) => url?.includes(receipt) || url?.includes(receipt.replaceAll('-', '')))).toBe(false)

    const sent = await formPost('/api/follow-up/messages', { language: 'en', reference, receipt, text: 'Thank you.' })
    expect(sent.status).toBe(200)
    expect(sent.html).toContain('Your message was sent.')
    expect(sent.html).toContain('Thank you.')

    const denied = await formPost('/api/follow-up', { language: 'en', reference, receipt: '0000-0000-0000-0000' })
    expect(denied.status).toBe(401)
    expect(denied.html).toContain('This reference and receipt code do not open a conversation.')
    expect(denied.html).not.toContain('0000-0000-0000-0000')
  })

  it('serves the follow-up page in both languages, linked from the form and the confirmation', async () => {
    for (const [path, lang] of [
      ['/follow-up', 'nl'],
      ['/en/follow-up', 'en'],
    ] as const) {
      const response = await fetch(`${local.url}${path}`)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain(`<html lang="${lang}">`)
      expect(html).toContain('action="/api/follow-up"')
    }
    expect(await (await fetch(`${local.url}/`)).text()).toContain('href="/follow-up"')
    const confirmation = await formPost('/api/requests', {
      requesterType: 'private',
      topic: 'question',
      anonymous: 'on',
      description: QUESTION,
      consent: 'on',
    })
    expect(confirmation.status).toBe(200)
    expect(confirmation.html).toContain('href="/follow-up"')
    expect(confirmation.html).toMatch(/data-receipt>[0-9A-HJKMNP-TV-Z-]{19}</)
  })
})
