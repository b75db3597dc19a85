// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.actions.sig'
const PATH = '/advisor/cases/MAR-7K2P-9QXD'

/** The reply templates the API answers with (GET /api/advisor/templates), apart from `answer`. */
const TEMPLATES = [
  { id: 'terugbellen', language: 'nl', title: 'Terugbelafspraak', text: 'Wanneer kan ik u bellen?' },
  { id: 'call-back-en', language: 'en', title: 'Propose a call', text: 'When may I call you?' },
]

/** The case page, started as the browser would, with the API answering from `answer` (templates aside). */
async function startPage(answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; method: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined })
      if (url === '/api/advisor/templates') return json(200, { templates: TEMPLATES })
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return calls
}

const submit = async (formId: string) => {
  document.getElementById(formId)?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
  await settle()
}
const field = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
/** Closing asks in the page first: "Ja, sluiten". */
const confirmClose = async () => {
  document.querySelector<HTMLButtonElement>('#close-form [data-confirm-yes]')?.click()
  await settle()
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: acting on a case', () => {
  beforeEach(() => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('says what to fix before sending, beside the field', async () => {
    const calls = await startPage(() => json(200, webCase()))
    await submit('note-form')
    await submit('close-form')
    await submit('classify-form')
    expect(calls.filter((call) => call.method === 'POST')).toEqual([])
    expect(field('note-text-error').textContent).toBe('Fout: Vul dit veld in.')
    expect(field('note-text').getAttribute('aria-invalid')).toBe('true')
    expect(field('close-outcome-error').textContent).toBe('Fout: Kies een uitkomst.')
    expect(document.querySelector('#classify-form .field__error')?.textContent).toBe(
      'Fout: Kies minstens één onderdeel dat u wilt wijzigen.',
    )
  })

  it('sends a pause with its end as Amsterdam wall-clock time, and says it is done', async () => {
    const paused = webCase({ pause: { since: '2026-12-05T09:00:00Z', reason: 'school', by: 'adv-01' } }, [
      'notes',
      'resume',
    ])
    let posted = false
    const calls = await startPage((_url, init) => {
      if (init.method === 'POST') {
        posted = true
        return json(200, {})
      }
      return json(200, posted ? paused : webCase())
    })
    field<HTMLTextAreaElement>('pause-reason').value = 'Wacht op de school'
    field<HTMLInputElement>('pause-until').value = '2026-07-01T09:30'
    await submit('pause-form')
    const post = calls.find((call) => call.method === 'POST')
    expect(post?.url).toBe('/api/advisor/cases/MAR-7K2P-9QXD/pause')
    expect(post?.body).toEqual({ reason: 'Wacht op de school', until: '2026-07-01T09:30:00+02:00' })
    await settle()
    expect(field('case-done').textContent).toBe('Melding gepauzeerd.')
    expect(field('pause-block').hidden).toBe(true)
    expect(field('resume-block').hidden).toBe(false)
  })

  it('names the new assignee after assigning', async () => {
    const calls = await startPage((_url, init) =>
      init.method === 'POST' ? json(200, { assignee: 'adv-02' }) : json(200, webCase()),
    )
    field<HTMLSelectElement>('assign-advisor').value = 'adv-02'
    await submit('assign-form')
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ advisorId: 'adv-02' })
    expect(document.querySelector('#assign-form .case-form__done')?.textContent).toBe(
      'Melding toegewezen aan Marloes Kuipers.',
    )
  })

  it('offers the reply templates, the requester’s language first, and puts the chosen text into the answer', async () => {
    await startPage(() => json(200, webCase({ language: 'en' })))
    const select = field<HTMLSelectElement>('reply-template')
    expect(field('reply-template-field').hidden).toBe(false)
    expect([...select.querySelectorAll('optgroup')].map((group) => group.label)).toEqual(['Engels', 'Nederlands'])
    expect(select.name).toBe('')
    const box = field<HTMLTextAreaElement>('reply-text')
    box.value = 'Dear Jan,'
    select.value = 'call-back-en'
    select.dispatchEvent(new Event('change', { bubbles: true }))
    expect(box.value).toBe('Dear Jan,\n\nWhen may I call you?')
    expect(select.value).toBe('')
  })

  it('asks for the case a duplicate repeats only when the outcome is duplicate, and sends it with the outcome', async () => {
    const calls = await startPage(() => json(200, webCase()))
    const outcome = field<HTMLSelectElement>('close-outcome')
    const duplicateOf = field<HTMLInputElement>('close-duplicate-of')
    expect(duplicateOf.closest<HTMLElement>('[data-shown-when]')?.hidden).toBe(true)
    outcome.value = 'duplicate'
    outcome.dispatchEvent(new Event('change', { bubbles: true }))
    expect(duplicateOf.closest<HTMLElement>('[data-shown-when]')?.hidden).toBe(false)
    await submit('close-form')
    expect(calls.filter((call) => call.method === 'POST')).toEqual([])
    expect(field('close-duplicate-of-error').textContent).toBe(
      'Fout: Vul het zaaknummer in van de melding waarvan dit een dubbele is.',
    )
    duplicateOf.value = 'MAR-AAAA-BBBB'
    await submit('close-form')
    await confirmClose()
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      outcome: 'duplicate',
      duplicateOf: 'MAR-AAAA-BBBB',
    })
  })

  it('does not send a typed duplicate reference with another outcome', async () => {
    const calls = await startPage(() => json(200, webCase()))
    const outcome = field<HTMLSelectElement>('close-outcome')
    outcome.value = 'duplicate'
    outcome.dispatchEvent(new Event('change', { bubbles: true }))
    field<HTMLInputElement>('close-duplicate-of').value = 'MAR-AAAA-BBBB'
    outcome.value = 'referred'
    outcome.dispatchEvent(new Event('change', { bubbles: true }))
    await submit('close-form')
    await confirmClose()
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ outcome: 'referred' })
  })

  it('links a duplicate and the case it repeats both ways', async () => {
    await startPage(() => json(200, webCase({ duplicates: ['MAR-AAAA-BBBB', 'MAR-CCCC-DDDD'] })))
    const links = [...field('case-duplicates').querySelectorAll('a')].map((link) => link.getAttribute('href'))
    expect(field('case-duplicates').hidden).toBe(false)
    expect(links).toEqual(['/advisor/cases/MAR-AAAA-BBBB', '/advisor/cases/MAR-CCCC-DDDD'])
    expect(field('case-duplicate-of').hidden).toBe(true)
  })

  it('shows a refusal in its own words and the case as it is now', async () => {
    let reads = 0
    await startPage((_url, init) => {
      if (init.method === 'POST') return json(409, { error: { code: 'case_closed', message: 'closed' } })
      reads++
      return json(200, reads === 1 ? webCase() : webCase({ status: 'closed', outcome: 'withdrawn' }, ['notes']))
    })
    await submit('acknowledge-form')
    await settle()
    expect(field('page-alert').textContent).toBe('Deze melding is gesloten: dat kan niet meer.')
    expect(reads).toBe(2)
    expect(field('acknowledge-block').hidden).toBe(true)
  })

  it('says a reply went into the follow-up box when it did', async () => {
    await startPage((_url, init) => (init.method === 'POST' ? json(201, { via: 'follow-up' }) : json(200, webCase())))
    field<HTMLTextAreaElement>('reply-text').value = 'Goedemiddag'
    await submit('reply-form')
    expect(document.querySelector('#reply-form .case-form__done')?.textContent).toBe(
      'Antwoord in de ontvangstbus gezet: de melder leest het met zaaknummer en ontvangstcode.',
    )
  })

  it('refuses a path that is no reference without asking the API', async () => {
    loadPage(renderCaseDetailPage(), '/advisor/cases/..%2F..%2Fx')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    const calls = await startPage(() => json(200, {}))
    expect(calls.filter((call) => call.url.startsWith('/api/'))).toEqual([])
    expect(field('page-alert').textContent).toBe('Deze melding bestaat niet. Controleer het zaaknummer.')
  })
})
