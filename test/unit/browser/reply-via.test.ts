// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.reply.sig'

async function startPage(answer: (url: string, init: RequestInit) => Response) {
  const posts: Array<{ url: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (init.method === 'POST') posts.push({ url, body: JSON.parse(String(init.body)) })
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return posts
}

const field = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const choose = (via: string) => {
  for (const radio of document.querySelectorAll<HTMLInputElement>('#reply-via input[name="via"]')) {
    radio.checked = radio.value === via
  }
}
const submitReply = async () => {
  field<HTMLButtonElement>('reply-submit').click()
  await settle()
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: answering by phone', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('sends what was said with via "phone", and says the answer was recorded and the clock stopped', async () => {
    const posts = await startPage((_url, init) =>
      init.method === 'POST' ? json(201, { status: 'answered', via: 'phone' }) : json(200, webCase()),
    )
    choose('phone')
    field<HTMLTextAreaElement>('reply-text').value = 'Gebeld: uitgelegd wat de school kan doen.'
    await submitReply()
    expect(posts).toEqual([
      {
        url: '/api/advisor/cases/MAR-7K2P-9QXD/replies',
        body: { via: 'phone', text: 'Gebeld: uitgelegd wat de school kan doen.' },
      },
    ])
    expect(document.querySelector('#reply-form .case-form__done')?.textContent).toBe(
      'Telefonisch antwoord vastgelegd: de termijn voor antwoorden is gestopt.',
    )
  })

  it('sends a mail answer with via "mail" (the way checked first)', async () => {
    const posts = await startPage((_url, init) =>
      init.method === 'POST' ? json(201, { status: 'answered', via: 'mail' }) : json(200, webCase()),
    )
    field<HTMLTextAreaElement>('reply-text').value = 'Goedemiddag'
    await submitReply()
    expect(posts[0]?.body).toEqual({ via: 'mail', text: 'Goedemiddag' })
    expect(document.querySelector('#reply-form .case-form__done')?.textContent).toBe(
      'Antwoord verstuurd naar de melder.',
    )
  })

  it('marks a phone answer as such among the messages and in the history', async () => {
    const answered = webCase({
      status: 'answered',
      messages: [
        {
          id: 'm1',
          kind: 'reply',
          author: 'advisor',
          advisorId: 'adv-01',
          text: 'Gebeld.',
          at: '2026-12-07T10:00:00.000Z',
          via: 'phone',
        },
      ],
      events: [
        {
          id: 'replied:m1',
          at: '2026-12-07T10:00:00.000Z',
          type: 'replied',
          advisorId: 'adv-01',
          detail: { messageId: 'm1', via: 'phone' },
        },
        {
          id: 'no-reply-needed:m2',
          at: '2026-12-08T10:00:00.000Z',
          type: 'no-reply-needed',
          advisorId: 'adv-01',
          detail: { messageId: 'm2', round: 2 },
        },
      ],
    })
    await startPage(() => json(200, answered))
    expect(field('case-messages').textContent).toMatch(
      /Antwoord aan de melder · Anouk Verbeek \(u\) · .+ · per telefoon/,
    )
    const history = [...document.querySelectorAll('#case-events li')].map((item) => item.textContent ?? '')
    expect(history[0]).toMatch(/^Antwoord verstuurd.*per telefoon$/)
    expect(history[1]).toMatch(/^Geen antwoord nodig op het nieuwe bericht/)
  })
})

describe('Workspace: a message that needs no answer', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('offers it when the server allows it, sends the reason, and says the clock stopped', async () => {
    const allowed = webCase({ status: 'acknowledged' }, ['replies', 'no-reply-needed', 'notes', 'close'])
    const posts = await startPage((_url, init) =>
      init.method === 'POST' ? json(201, { status: 'answered' }) : json(200, allowed),
    )
    expect(field('no-reply-needed-block').hidden).toBe(false)
    field<HTMLButtonElement>('no-reply-needed-form').querySelector('button')?.click()
    await settle()
    expect(field('no-reply-needed-reason-error').textContent).toBe('Fout: Vul dit veld in.')
    field<HTMLTextAreaElement>('no-reply-needed-reason').value = 'Een bedankje.'
    field<HTMLButtonElement>('no-reply-needed-form').querySelector('button')?.click()
    await settle()
    expect(posts).toEqual([
      { url: '/api/advisor/cases/MAR-7K2P-9QXD/no-reply-needed', body: { reason: 'Een bedankje.' } },
    ])
    expect(document.querySelector('#no-reply-needed-form .case-form__done')?.textContent).toBe(
      'Vastgelegd: geen antwoord nodig. De termijn voor antwoorden is gestopt.',
    )
  })
})
