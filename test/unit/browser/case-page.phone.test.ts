// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.phone.sig'
const PATH = '/advisor/cases/MAR-7K2P-9QXD'

/** The window's size, as happy-dom sets it (its media queries follow). */
function viewport(width: number): void {
  ;(
    window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }
  ).happyDOM.setViewport({ width, height: 800 })
}

type Answer = (url: string, init: RequestInit) => Response

async function startPage(answer: Answer) {
  const posts: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (init.method === 'POST') posts.push(url)
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return posts
}

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const toggle = (section: string) => {
  const found = document.querySelector<HTMLButtonElement>(`#${section}-block > h3 > button`)
  expect(found, section).not.toBeNull()
  return found as HTMLButtonElement
}
/** Which actions are open (their panel shows: advisor.css hides a closed one's), by section id. */
const openForms = () =>
  [...document.querySelectorAll<HTMLElement>('.case-action:not([hidden])')]
    .filter((section) => !section.classList.contains('case-action--closed'))
    .map((section) => section.id.replace(/-block$/, ''))

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  viewport(1024)
})

describe('Workspace: the case page on a phone (390 px)', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    viewport(390)
  })

  it('lists the actions as buttons, all closed, each naming the form it opens', async () => {
    await startPage(() => json(200, webCase()))
    expect(openForms()).toEqual([])
    for (const section of ['acknowledge', 'classify', 'reply', 'note', 'assign', 'pause', 'close']) {
      const button = toggle(section)
      expect(button.getAttribute('aria-expanded'), section).toBe('false')
      expect(button.getAttribute('aria-controls'), section).toBe(`${section}-form`)
      expect(button.type).toBe('button')
      // The heading keeps its name: the section is still labelled by it.
      expect(byId(`${section}-title`).textContent).toBe(button.textContent)
    }
    expect(toggle('note').textContent).toBe('Notitie toevoegen')
  })

  it('opens one action at a time: opening another closes the first; opening it again closes it', async () => {
    await startPage(() => json(200, webCase()))
    toggle('reply').click()
    expect(openForms()).toEqual(['reply'])
    expect(toggle('reply').getAttribute('aria-expanded')).toBe('true')

    toggle('note').click()
    expect(openForms()).toEqual(['note'])
    expect(toggle('reply').getAttribute('aria-expanded')).toBe('false')
    expect(toggle('note').getAttribute('aria-expanded')).toBe('true')

    toggle('note').click()
    expect(openForms()).toEqual([])
    expect(toggle('note').getAttribute('aria-expanded')).toBe('false')
  })

  it('fits an action added later without anything of its own: every .case-action gets the same button', async () => {
    // A new action's section as action-forms.ts renders every section (say, a reminder), before the script starts.
    byId('case-actions').insertAdjacentHTML(
      'beforeend',
      '<section class="case-action" id="later-block" aria-labelledby="later-title"><h3 id="later-title">Later</h3>' +
        '<form class="case-form" id="later-form" data-action="later" novalidate><p class="case-form__done" id="later-done" tabindex="-1"></p></form>' +
        '<ul id="later-list"><li>Woensdag 10.00 uur</li></ul></section>',
    )
    const allowed = [...(webCase().allowedActions ?? []), 'later'] as AdvisorActionName[]
    await startPage(() => json(200, webCase({}, allowed)))
    toggle('note').click()
    toggle('later').click()
    // Its list beside the form opens and closes with it.
    expect(toggle('later').getAttribute('aria-controls')).toBe('later-form later-list')
    expect(openForms()).toEqual(['later'])
  })

  it('after an action, keeps its form open and moves focus to the outcome beside it', async () => {
    const posts = await startPage((_url, init) => (init.method === 'POST' ? json(201, {}) : json(200, webCase())))
    toggle('note').click()
    byId<HTMLTextAreaElement>('note-text').value = 'Gebeld met de mentor.'
    byId('note-form').querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
    await settle()
    await settle()
    expect(posts).toEqual(['/api/advisor/cases/MAR-7K2P-9QXD/notes'])
    expect(openForms()).toEqual(['note'])
    expect(byId('note-done').textContent).toBe('Notitie toegevoegd.')
    expect(document.activeElement).toBe(byId('note-done'))
  })

  it('after an action whose form goes away, moves focus to the outcome at the top of the actions', async () => {
    let acknowledged = false
    await startPage((_url, init) => {
      if (init.method === 'POST') {
        acknowledged = true
        return json(200, {})
      }
      return json(200, acknowledged ? webCase({ status: 'acknowledged' }, ['replies', 'notes', 'close']) : webCase())
    })
    toggle('acknowledge').click()
    byId('acknowledge-form').querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
    await settle()
    await settle()
    expect(byId('acknowledge-block').hidden).toBe(true)
    expect(byId('case-done').textContent).toBe('Ontvangst bevestigd.')
    expect(byId('case-done').hidden).toBe(false)
    expect(document.activeElement).toBe(byId('case-done'))
    // The outcome is the first thing under the actions' heading, where the list of actions was.
    expect(byId('actions-title').nextElementSibling).toBe(byId('case-done'))
  })

  it('shows every form under its plain title again on a wide screen', async () => {
    await startPage(() => json(200, webCase()))
    toggle('note').click()
    viewport(1280)
    await settle()
    expect(document.querySelector('.case-action__toggle')).toBeNull()
    expect(openForms()).toEqual(['acknowledge', 'classify', 'reply', 'note', 'assign', 'pause', 'close'])
    expect(byId('note-title').textContent).toBe('Notitie toevoegen')
  })
})

describe('Workspace: the history', () => {
  beforeEach(() => loadPage(renderCaseDetailPage(), PATH))

  const read = (at: string, advisorId = 'adv-01') => ({ id: `read:${at}`, at, type: 'read', advisorId })

  it('collapses consecutive reads by one advisor into one line with their count, first and last time', async () => {
    const events = [
      { id: 'e1', at: '2026-12-04T15:30:00.000Z', type: 'received' },
      read('2026-12-04T15:40:00.000Z'),
      read('2026-12-04T15:41:00.000Z'),
      read('2026-12-05T08:00:00.000Z'),
      read('2026-12-05T09:12:00.000Z'),
      { id: 'e2', at: '2026-12-05T09:13:00.000Z', type: 'note-added', advisorId: 'adv-01' },
      read('2026-12-05T09:14:00.000Z', 'adv-02'),
      read('2026-12-05T09:15:00.000Z'),
    ]
    const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
    renderCase(webCase({ events }))
    const lines = [...document.querySelectorAll('#case-events > li')]
    expect(lines).toHaveLength(5)
    const reads = lines[1] as HTMLElement
    expect(reads.querySelector('.history__what')?.textContent).toBe('Ingezien 4×4 keer')
    expect(reads.querySelector('[aria-hidden="true"]')?.textContent).toBe('4×')
    expect(reads.querySelector('.visually-hidden')?.textContent).toBe('4 keer')
    expect([...reads.querySelectorAll('time')].map((time) => time.getAttribute('datetime'))).toEqual([
      '2026-12-04T15:40:00.000Z',
      '2026-12-05T09:12:00.000Z',
    ])
    expect(reads.textContent).toMatch(/ tot .* · door Anouk Verbeek \(u\)$/)
    // A read by someone else in between is its own line; so is the read after it.
    expect(lines[3]?.textContent).toMatch(/^Ingezien.*door Marloes Kuipers$/)
    expect(lines[3]?.querySelectorAll('time')).toHaveLength(1)
    expect(lines[4]?.textContent).toMatch(/^Ingezien.*door Anouk Verbeek \(u\)$/)
    expect(lines[4]?.textContent).not.toContain('×')
  })
})
