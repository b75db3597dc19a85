// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.closing.sig'
const PATH = '/advisor/cases/MAR-7K2P-9QXD'

type Answer = (url: string, init: RequestInit) => Response

/** The case page, started as the browser would, with the API answering from `answer`; the POSTs it made. */
async function startPage(answer: Answer) {
  const posts: Array<{ url: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (init.method === 'POST') posts.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined })
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return posts
}

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const button = (name: string) => {
  const found = [...document.querySelectorAll<HTMLButtonElement>('#close-form button')].find(
    (candidate) => candidate.textContent === name,
  )
  expect(found, name).toBeDefined()
  return found as HTMLButtonElement
}
const click = async (name: string) => {
  button(name).click()
  await settle()
}
const chooseOutcome = (value: string) => {
  const select = byId<HTMLSelectElement>('close-outcome')
  select.value = value
  select.dispatchEvent(new Event('change', { bubbles: true }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: closing a case asks first, in the page', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('sends nothing on the first press: it asks, naming the outcome, with focus on the question', async () => {
    const confirm = vi.fn(() => true)
    vi.stubGlobal('confirm', confirm)
    const posts = await startPage(() => json(200, webCase()))
    chooseOutcome('referred')
    await click('Melding sluiten')

    expect(posts).toEqual([])
    expect(confirm).not.toHaveBeenCalled()
    const step = byId('close-confirm')
    expect(step.hidden).toBe(false)
    expect(step.getAttribute('role')).toBe('group')
    expect(step.getAttribute('aria-labelledby')).toBe('close-confirm-question')
    expect(byId('close-confirm-question').textContent).toBe(
      'Weet u zeker dat u deze melding wilt sluiten, met de uitkomst ‘Doorverwezen’?',
    )
    expect(document.activeElement).toBe(step)
    expect(button('Melding sluiten').hidden).toBe(true)
  })

  it('goes back on "Nee, niet sluiten", with focus on the close button, and sends nothing', async () => {
    const posts = await startPage(() => json(200, webCase()))
    chooseOutcome('advice-given')
    await click('Melding sluiten')
    await click('Nee, niet sluiten')
    expect(posts).toEqual([])
    expect(byId('close-confirm').hidden).toBe(true)
    expect(button('Melding sluiten').hidden).toBe(false)
    expect(document.activeElement).toBe(button('Melding sluiten'))
  })

  it('goes back when the outcome changes while it asks (the question named the old one)', async () => {
    const posts = await startPage(() => json(200, webCase()))
    chooseOutcome('advice-given')
    await click('Melding sluiten')
    chooseOutcome('withdrawn')
    expect(byId('close-confirm').hidden).toBe(true)
    await click('Melding sluiten')
    expect(byId('close-confirm-question').textContent).toContain('‘Ingetrokken door de melder’')
    expect(posts).toEqual([])
  })

  it('asks nothing while no outcome is chosen: it says what to fix', async () => {
    const posts = await startPage(() => json(200, webCase()))
    await click('Melding sluiten')
    expect(byId('close-confirm').hidden).toBe(true)
    expect(byId('close-outcome-error').textContent).toBe('Fout: Kies een uitkomst.')
    expect(posts).toEqual([])
  })

  it('closes on "Ja, sluiten": one POST with the outcome, then the outcome message has focus', async () => {
    let closed = false
    const posts = await startPage((_url, init) => {
      if (init.method === 'POST') {
        closed = true
        return json(200, {})
      }
      return json(200, closed ? webCase({ status: 'closed', outcome: 'advice-given' }, ['notes']) : webCase())
    })
    chooseOutcome('advice-given')
    await click('Melding sluiten')
    await click('Ja, sluiten')
    await settle()
    expect(posts).toEqual([{ url: '/api/advisor/cases/MAR-7K2P-9QXD/close', body: { outcome: 'advice-given' } }])
    expect(byId('close-block').hidden).toBe(true)
    expect(byId('case-done').textContent).toBe('Melding gesloten.')
    expect(document.activeElement).toBe(byId('case-done'))
  })

  describe('warns when no answer ever reached the requester', () => {
    const warningShown = async (data: ReturnType<typeof webCase>) => {
      await startPage(() => json(200, data))
      chooseOutcome('advice-given')
      await click('Melding sluiten')
      const warning = byId('close-unanswered')
      const described = byId('close-confirm').getAttribute('aria-describedby')
      return { shown: !warning.hidden, described, text: warning.textContent }
    }

    it('warns on a case with notes but no answer, and the question group is described by the warning', async () => {
      const note = {
        id: 'm1',
        kind: 'note',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Gebeld',
        at: '2026-12-05T09:00:00Z',
      }
      const { shown, described, text } = await warningShown(webCase({ messages: [note] }))
      expect(shown).toBe(true)
      expect(described).toBe('close-unanswered')
      expect(text).toBe(
        'Let op: de melder heeft nog nooit een antwoord gekregen, niet per e-mail, niet per telefoon en niet in de ontvangstbus.',
      )
    })

    it('does not warn once the case was answered (answeredAt)', async () => {
      const { shown, described } = await warningShown(
        webCase({ status: 'answered', answeredAt: '2026-12-05T09:00:00Z' }),
      )
      expect(shown).toBe(false)
      expect(described).toBeNull()
    })

    it('does not warn when the history holds an answer by phone', async () => {
      const events = [
        { id: 'e1', at: '2026-12-04T15:30:00Z', type: 'received' },
        { id: 'e2', at: '2026-12-05T09:00:00Z', type: 'replied', advisorId: 'adv-01', detail: { via: 'phone' } },
      ]
      expect((await warningShown(webCase({ events }))).shown).toBe(false)
    })

    it('does not warn when an answer went into the follow-up box (a reply message)', async () => {
      const reply = {
        id: 'm1',
        kind: 'reply',
        author: 'advisor',
        advisorId: 'adv-01',
        text: 'Dag',
        at: '2026-12-05T09:00:00Z',
      }
      expect((await warningShown(webCase({ anonymous: true, followUpBox: true, messages: [reply] }))).shown).toBe(false)
    })
  })
})
