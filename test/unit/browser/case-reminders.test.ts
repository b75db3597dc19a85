// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.reminders.sig'
const PATH = '/advisor/cases/MAR-7K2P-9QXD'
const REMINDER = {
  id: 'a1b2c3d4e5f6',
  at: '2026-12-09T09:00:00.000Z',
  note: 'School terugbellen.',
  by: 'adv-01',
  setAt: '2026-12-07T09:00:00.000Z',
}

async function startPage(answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; method: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined })
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return calls
}

const list = () => document.getElementById('case-reminders') as HTMLElement

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: reminders on the case page', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('lists each reminder with its moment, who set it and its note, as text', async () => {
    await startPage(() => json(200, webCase({ reminders: [{ ...REMINDER, note: '<b>bellen</b>' }] })))
    const item = list().querySelector('li')
    expect(item?.textContent).toContain('Anouk Verbeek')
    expect(item?.querySelector('.reminders__note')?.textContent).toBe('<b>bellen</b>')
    expect(item?.querySelector('b')).toBeNull()
    expect(item?.querySelector('button')?.getAttribute('aria-label')).toMatch(/^Herinnering van .+ verwijderen$/)
  })

  it('says there are none', async () => {
    await startPage(() => json(200, webCase()))
    expect(list().textContent).toBe('Geen herinneringen.')
  })

  it('removes one with DELETE and shows the case again without it', async () => {
    let removed = false
    const calls = await startPage((_url, init) => {
      if (init.method === 'DELETE') {
        removed = true
        return json(200, { reference: 'MAR-7K2P-9QXD', reminders: [] })
      }
      return json(200, webCase(removed ? {} : { reminders: [REMINDER] }))
    })
    list().querySelector<HTMLButtonElement>('button[data-reminder-id]')?.click()
    await settle()
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual([
      '/api/advisor/cases/MAR-7K2P-9QXD/reminders/a1b2c3d4e5f6',
    ])
    expect(list().textContent).toBe('Geen herinneringen.')
  })

  it('sends a reminder with its moment as Amsterdam wall-clock time', async () => {
    const calls = await startPage((_url, init) =>
      init.method === 'POST' ? json(201, {}) : json(200, webCase({}, ['notes', 'reminders'])),
    )
    expect(document.getElementById('reminder-block')?.hidden).toBe(false)
    ;(document.getElementById('reminder-at') as HTMLInputElement).value = '2026-12-09T10:00'
    ;(document.getElementById('reminder-note') as HTMLTextAreaElement).value = 'School terugbellen.'
    document.getElementById('reminder-form')?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
    await settle()
    const post = calls.find((call) => call.method === 'POST')
    expect(post?.url).toBe('/api/advisor/cases/MAR-7K2P-9QXD/reminders')
    expect(post?.body).toEqual({ at: '2026-12-09T10:00:00+01:00', note: 'School terugbellen.' })
  })
})
