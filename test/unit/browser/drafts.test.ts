// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage, renderCaseListPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const PATH = '/advisor/cases/MAR-7K2P-9QXD'
const REPLY = 'Goedemiddag, wij bellen u morgen over uw zorgen om Jan.'
const NOTE = 'Gebeld met de mentor, terugbellen na de vakantie.'

/** The case page, started as the browser would, with the API answering from `answer`. */
async function openCase(answer: (url: string, init: RequestInit) => Response) {
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

/** Types as a person does: the value, then an input event. */
function type(id: string, text: string): void {
  const box = document.getElementById(id) as HTMLTextAreaElement
  box.value = text
  box.dispatchEvent(new Event('input', { bubbles: true }))
}

const submit = async (formId: string) => {
  document.getElementById(formId)?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
  await settle()
}
const value = (id: string) => (document.getElementById(id) as HTMLTextAreaElement).value

/** What this tab keeps, as a new page load in the same tab finds it (loadPage starts from an empty storage). */
function keepTab(): () => void {
  const kept = Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key) ?? '']))
  return () => {
    for (const [key, stored] of Object.entries(kept)) sessionStorage.setItem(key, stored)
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: drafts survive an ended session', () => {
  it('keeps a reply typed when the session ended, says so at the sign-in, and puts it back after signing in', async () => {
    // Arrange: signed in as adv-01 on the case; the session ends before the reply is sent.
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.first.sig')
    const replace = vi.spyOn(location, 'replace').mockImplementation(() => undefined)
    await openCase((_url, init) =>
      init.method === 'POST' ? json(401, { message: 'Unauthorized' }) : json(200, webCase()),
    )
    type('reply-text', REPLY)
    type('note-text', NOTE)

    // Act: send it; the API refuses the token.
    await submit('reply-form')

    // Assert: to the sign-in, coming back here, the text kept in this tab only.
    expect(replace).toHaveBeenCalledWith('/advisor/')
    expect(sessionStorage.getItem('mar.advisor.token')).toBeNull()
    expect(sessionStorage.getItem('mar.advisor.return')).toBe(PATH)
    expect(JSON.stringify(Object.fromEntries(Object.entries(sessionStorage)))).toContain(REPLY)
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')

    // The sign-in page says the session ended.
    const restore = keepTab()
    loadPage(renderCaseListPage(), '/advisor/')
    restore()
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/advisor/config.json' ? json(200, { signIn: 'dev' }) : json(200, { advisors: [] }),
      ),
    )
    await import('../../../web/src/advisor/main.ts')
    await settle()
    expect(document.getElementById('signin-view')?.hidden).toBe(false)
    expect(document.getElementById('page-alert')?.textContent).toBe(
      'Uw sessie is verlopen. Log opnieuw in: u komt terug op de pagina waar u was, en tekst die u nog niet had verstuurd staat daar weer klaar.',
    )

    // Signed in again (a new token), back on the case: the text is in its boxes again.
    const back = keepTab()
    loadPage(renderCaseDetailPage(), PATH)
    back()
    sessionStorage.setItem('mar.advisor.token', 'eyJ.second.sig')
    await openCase(() => json(200, webCase()))
    expect(value('reply-text')).toBe(REPLY)
    expect(value('note-text')).toBe(NOTE)
    expect(document.getElementById('case-flash')?.textContent).toBe(
      'De tekst die u nog niet had verstuurd, staat weer in het invulveld. Controleer hem en verstuur hem opnieuw.',
    )
  })

  it('forgets a draft once its form is sent, and keeps the others', async () => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.token.sig')
    const calls = await openCase((_url, init) => (init.method === 'POST' ? json(201, {}) : json(200, webCase())))
    type('reply-text', REPLY)
    type('note-text', NOTE)

    await submit('reply-form')

    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ text: REPLY, via: 'mail' })
    const stored = sessionStorage.getItem('mar.advisor.drafts') ?? ''
    expect(stored).not.toContain(REPLY)
    expect(stored).toContain(NOTE)
    await submit('note-form')
    expect(sessionStorage.getItem('mar.advisor.drafts')).toBeNull()
  })

  it('forgets a draft emptied by hand', async () => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.token.sig')
    await openCase(() => json(200, webCase()))
    type('reply-text', REPLY)
    type('reply-text', '   ')
    expect(sessionStorage.getItem('mar.advisor.drafts')).toBeNull()
  })

  it('never shows one advisor’s draft to another who signs in in the same tab, and drops it', async () => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.token.sig')
    sessionStorage.setItem(
      'mar.advisor.drafts',
      JSON.stringify({ owner: 'adv-02', cases: { 'MAR-7K2P-9QXD': { replies: { text: REPLY } } } }),
    )
    await openCase(() => json(200, webCase()))
    expect(value('reply-text')).toBe('')
    expect(sessionStorage.getItem('mar.advisor.drafts')).toBeNull()
  })

  it('puts a draft back into its own case only', async () => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.token.sig')
    sessionStorage.setItem(
      'mar.advisor.drafts',
      JSON.stringify({ owner: 'adv-01', cases: { 'MAR-AAAA-BBBB': { replies: { text: REPLY } } } }),
    )
    await openCase(() => json(200, webCase()))
    expect(value('reply-text')).toBe('')
    expect(sessionStorage.getItem('mar.advisor.drafts')).toContain(REPLY)
  })

  it('clears every draft at sign-out', async () => {
    loadPage(renderCaseDetailPage(), PATH)
    sessionStorage.setItem('mar.advisor.token', 'eyJ.token.sig')
    vi.spyOn(location, 'assign').mockImplementation(() => undefined)
    await openCase((url) => (url === '/advisor/config.json' ? json(200, { signIn: 'dev' }) : json(200, webCase())))
    type('note-text', NOTE)
    expect(sessionStorage.getItem('mar.advisor.drafts')).toContain(NOTE)

    document.getElementById('sign-out')?.click()
    await settle()

    expect(sessionStorage.getItem('mar.advisor.drafts')).toBeNull()
    expect(sessionStorage.getItem('mar.advisor.token')).toBeNull()
  })
})
