// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const TOKEN = 'eyJ.coordinator.sig'
const REFERENCE = 'MAR-7K2P-9QXD'
const COORDINATOR = { id: 'adv-03', name: 'Sanne de Wit', roles: ['advisor', 'coordinator'] }

async function openCase(data: ReturnType<typeof webCase>, answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ url, init })
      if ((init.method ?? 'GET') === 'GET' && url === `/api/advisor/cases/${REFERENCE}`) return json(200, data)
      return answer(url, init)
    }),
  )
  await import('../../../web/src/advisor/main.ts')
  await settle()
  return calls
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const asCoordinator = () => ({ ...webCase(), me: COORDINATOR })

async function erase(typed: string): Promise<void> {
  byId<HTMLInputElement>('erase-confirm').value = typed
  byId<HTMLButtonElement>('erase-submit').click()
  await settle()
}

beforeEach(() => {
  loadPage(renderCaseDetailPage(), `/advisor/cases/${REFERENCE}`)
  sessionStorage.setItem('mar.advisor.token', TOKEN)
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: the coordinator’s export and erase on the case page', () => {
  it('shows them to a coordinator and to no advisor', async () => {
    await openCase(webCase(), () => json(200, {}))
    expect(byId('coordinator-tools').hidden).toBe(true)

    loadPage(renderCaseDetailPage(), `/advisor/cases/${REFERENCE}`)
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    await openCase(asCoordinator(), () => json(200, {}))
    expect(byId('coordinator-tools').hidden).toBe(false)
    expect(byId('case-export').textContent).toBe('Melding exporteren')
  })

  it('erases nothing until the reference typed is this case’s, and says so beside the field', async () => {
    const calls = await openCase(asCoordinator(), () => json(200, {}))
    for (const typed of ['', 'MAR-7K2P-9QXE', 'MAR-7K2P', 'ja', `${REFERENCE}x`]) {
      await erase(typed)
      expect(
        calls.filter((call) => call.init.method === 'DELETE'),
        typed,
      ).toEqual([])
      expect(byId('erase-confirm-error').textContent).toBe(
        'Fout: Dit is niet het zaaknummer van deze melding. Typ het nummer bovenaan de pagina over.',
      )
      expect(byId('erase-confirm').getAttribute('aria-invalid')).toBe('true')
    }
    expect(byId('case-view').hidden).toBe(false)
  })

  it('erases with the typed reference (spaces and lower case forgiven), then shows the notice instead of the case', async () => {
    sessionStorage.setItem(
      'mar.advisor.drafts',
      JSON.stringify({ owner: 'adv-03', cases: { [REFERENCE]: { notes: { text: 'concept' } } } }),
    )
    const calls = await openCase(asCoordinator(), (_url, init) =>
      init.method === 'DELETE' ? json(200, { reference: REFERENCE, tombstone: {} }) : json(404, {}),
    )

    await erase(` ${REFERENCE.toLowerCase()} `)

    const deletes = calls.filter((call) => call.init.method === 'DELETE')
    expect(deletes.map((call) => call.url)).toEqual([`/api/advisor/cases/${REFERENCE}`])
    expect(new Headers(deletes[0]?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(byId('case-view').hidden).toBe(true)
    expect(byId('case-erased').hidden).toBe(false)
    expect(byId('case-erased-text').textContent).toBe(
      `Melding ${REFERENCE} is gewist. Er is alleen een grafsteen over.`,
    )
    expect(document.activeElement?.id).toBe('case-erased')
    expect(sessionStorage.getItem('mar.advisor.drafts')).toBeNull()
  })

  it('shows a refusal of the erasure in its own words and keeps the case', async () => {
    await openCase(asCoordinator(), () => json(403, { error: { code: 'forbidden' } }))
    await erase(REFERENCE)
    expect(byId('page-alert').textContent).toBe('U hebt geen toegang tot deze melding of deze handeling.')
    expect(byId('case-view').hidden).toBe(false)
    expect(byId('case-erased').hidden).toBe(true)
  })

  it('downloads the export as JSON with the token in the header, through a Blob URL, never a token in a URL', async () => {
    const calls = await openCase(asCoordinator(), () => json(200, { reference: REFERENCE, removed: false }))
    const created: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:mar/export'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const downloads: Array<string | null> = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.getAttribute('download'))
    })

    byId<HTMLButtonElement>('case-export').click()
    await settle()

    const exports = calls.filter((call) => call.url.endsWith('/export'))
    expect(exports.map((call) => call.url)).toEqual([`/api/advisor/cases/${REFERENCE}/export`])
    expect(new Headers(exports[0]?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(downloads).toEqual([`${REFERENCE}-export.json`])
    expect(created[0]?.type).toBe('application/json')
    expect(JSON.parse(await (created[0] as Blob).text())).toEqual({ reference: REFERENCE, removed: false })
    for (const call of calls) expect(call.url).not.toContain(TOKEN)
    // The case is read again: the history shows the export.
    expect(calls.filter((call) => call.url === `/api/advisor/cases/${REFERENCE}`)).toHaveLength(2)
  })
})
