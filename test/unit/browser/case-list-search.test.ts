// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseListPage } from '../../../functions/views/advisor/index.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.token.sig'
const ADVISORS = [
  { id: 'adv-01', name: 'Anouk Verbeek' },
  { id: 'adv-02', name: 'Youssef Bakkali' },
]
const CLOSED_ROW = {
  reference: 'MAR-7K2P-9QXD',
  status: 'closed',
  topic: 'case',
  urgency: 'normal',
  channel: 'email',
  assignee: 'adv-02',
  dueAt: null,
  clock: null,
  paused: false,
  createdAt: '2027-01-04T09:00:00.000Z',
  requesterType: null,
  sector: null,
}

/** The list page signed in, its API answering every list request with the closed case. */
async function openList(path = '/advisor/') {
  loadPage(renderCaseListPage(), path)
  sessionStorage.setItem('mar.advisor.token', TOKEN)
  const urls: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL) => {
      urls.push(String(url))
      if (String(url) === '/advisor/config.json') return json(200, { signIn: 'dev' })
      return json(200, {
        cases: [CLOSED_ROW],
        me: { id: 'adv-01', name: 'Anouk Verbeek', roles: [] },
        advisors: ADVISORS,
      })
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  const form = document.getElementById('case-filter') as HTMLFormElement
  const listCalls = () => urls.filter((url) => url.startsWith('/api/advisor/cases'))
  const submit = async () => {
    form.requestSubmit()
    await settle()
  }
  const set = (selector: string, value: string) => {
    const field = form.querySelector<HTMLInputElement | HTMLSelectElement>(selector)
    if (!field) throw new Error(`no ${selector}`)
    field.value = value
  }
  return { form, listCalls, submit, set }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace list: the search box and the filters', () => {
  beforeEach(() => vi.resetModules())

  it('offers every status (closed included), the roster’s advisors, the channels and the topics, each labelled', async () => {
    const { form } = await openList()
    const options = (name: string) =>
      Array.from(form.querySelectorAll<HTMLOptionElement>(`select[name="${name}"] option`), (option) => option.value)
    expect(options('status')).toEqual(['', 'received', 'assigned', 'unassigned', 'acknowledged', 'answered', 'closed'])
    expect(options('assigneeId')).toEqual(['', 'adv-01', 'adv-02'])
    expect(options('channel')).toEqual(['', 'web', 'email', 'phone'])
    expect(options('topic')).toEqual(['', 'question', 'case', 'training'])
    expect(options('risk')).toEqual(['', 'overdue', 'due-soon', 'on-time', 'paused', 'none'])
    for (const field of form.querySelectorAll('input:not([type="checkbox"]), select')) {
      expect(form.querySelector(`label[for="${field.id}"]`)?.textContent).not.toBe('')
    }
    expect(form.querySelector<HTMLInputElement>('input[name="q"]')?.type).toBe('search')
  })

  it('searches with the words and every filter, and shows a closed case it found', async () => {
    const { listCalls, submit, set } = await openList()
    set('input[name="q"]', '  Müller  ')
    set('select[name="status"]', 'closed')
    set('select[name="assigneeId"]', 'adv-02')
    set('select[name="channel"]', 'email')
    set('select[name="topic"]', 'case')

    await submit()

    const asked = new URL(listCalls().at(-1) ?? '', 'https://mar.example')
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      q: 'Müller',
      status: 'closed',
      assignee: 'adv-02',
      channel: 'email',
      topic: 'case',
    })
    const row = document.querySelector('#case-rows tr')
    expect(row?.querySelector('a')?.getAttribute('href')).toBe('/advisor/cases/MAR-7K2P-9QXD')
    expect(row?.textContent).toContain('Gesloten')
    expect(row?.textContent).toContain('Youssef Bakkali')
  })

  it('keeps the filters in the page address, never the search words', async () => {
    const { submit, set } = await openList()
    set('input[name="q"]', 'Jansen')
    set('select[name="channel"]', 'phone')

    await submit()

    expect(location.search).toBe('?channel=phone')
    expect(location.href).not.toContain('Jansen')
  })

  it('keeps "only mine": it asks for assignee=me and sets the assignee filter aside while on', async () => {
    const { form, listCalls, submit, set } = await openList()
    set('select[name="assigneeId"]', 'adv-02')
    const mine = form.querySelector<HTMLInputElement>('input[name="assignee"]')
    mine?.click()

    await submit()

    expect(form.querySelector<HTMLSelectElement>('select[name="assigneeId"]')?.disabled).toBe(true)
    const asked = new URL(listCalls().at(-1) ?? '', 'https://mar.example')
    expect(asked.searchParams.getAll('assignee')).toEqual(['me'])
    expect(location.search).toBe('?assignee=me')
  })

  it('asks for the late cases only when "Te laat" is chosen', async () => {
    const { listCalls, submit, set } = await openList()
    set('select[name="risk"]', 'overdue')

    await submit()

    const asked = new URL(listCalls().at(-1) ?? '', 'https://mar.example')
    expect(asked.searchParams.get('risk')).toBe('overdue')
    expect(location.search).toBe('?risk=overdue')
  })

  it('restores the filters from the page address on a reload, the advisor too', async () => {
    const { form, listCalls } = await openList('/advisor/?status=closed&assignee=adv-02&topic=training')

    const first = new URL(listCalls()[0] ?? '', 'https://mar.example')
    expect(Object.fromEntries(first.searchParams)).toEqual({ status: 'closed', assignee: 'adv-02', topic: 'training' })
    expect(form.querySelector<HTMLSelectElement>('select[name="assigneeId"]')?.value).toBe('adv-02')
    expect(form.querySelector<HTMLSelectElement>('select[name="status"]')?.value).toBe('closed')
  })
})
