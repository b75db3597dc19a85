// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderRequestFormPage } from '../../../functions/views/pages/request-form.ts'
import { retryAfterSeconds } from '../../../web/src/form/request-body.ts'
import { json, loadPage, settle } from './page.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function startForm(answer: () => Response) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return answer()
    }),
  )
  await import('../../../web/src/form/main.ts')
  return calls
}

const form = () => document.getElementById('request-form') as HTMLFormElement
const check = (selector: string) => {
  const input = document.querySelector<HTMLInputElement>(selector)
  if (!input) throw new Error(selector)
  input.checked = true
  input.dispatchEvent(new Event('change', { bubbles: true }))
}
const submit = async () => {
  form().querySelector<HTMLButtonElement>('button[type="submit"]')?.click()
  await settle()
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Form: progressive enhancement', () => {
  beforeEach(() => loadPage(renderRequestFormPage({ lang: 'nl' }), '/'))

  it('sends the form as JSON to /api/requests with a fresh Idempotency-Key, and shows the confirmation in place', async () => {
    const calls = await startForm(() => json(201, { reference: 'MAR-7K2P-9QXD', status: 'received' }))
    check('input[name="requesterType"][value="professional"]')
    check('input[name="topic"][value="question"]')
    const description = form().querySelector('textarea[name="description"]') as HTMLTextAreaElement
    description.value = 'Een leerling deelt filmpjes die geweld verheerlijken.'
    await submit()
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('/api/requests')
    const headers = new Headers(calls[0]?.init.headers)
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('idempotency-key')).toMatch(UUID)
    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({
      requesterType: 'professional',
      topic: 'question',
      anonymous: false,
      description: 'Een leerling deelt filmpjes die geweld verheerlijken.',
      language: 'nl',
      consent: false,
      website: '',
    })
    expect(document.querySelector('main [data-reference]')?.textContent).toBe('MAR-7K2P-9QXD')
    expect(document.getElementById('request-form')).toBeNull()
  })

  it('shows the field messages of a 400 beside the fields and in a summary, and sends the corrected form under a new key', async () => {
    let answer = json(400, { error: { code: 'validation_failed', fields: { description: 'Beschrijf uw zorg.' } } })
    const calls = await startForm(() => answer)
    await submit()
    expect(document.getElementById('description-error')?.textContent).toBe('Fout: Beschrijf uw zorg.')
    expect(document.getElementById('error-summary')?.querySelector('a')?.getAttribute('href')).toBe('#description')
    expect(document.activeElement?.id).toBe('error-summary-title')
    expect(document.title.startsWith('Fout: ')).toBe(true)
    answer = json(503, {})
    await submit()
    const keys = calls.map((call) => new Headers(call.init.headers).get('idempotency-key'))
    expect(keys[0]).not.toBe(keys[1])
  })

  it('says how long to wait when throttled', async () => {
    await startForm(() => json(429, { message: 'Too Many Requests' }, { 'retry-after': '12' }))
    await submit()
    expect(document.getElementById('form-message')?.textContent).toContain('12')
  })

  it('counts the description and shows the professional fields only for a professional', async () => {
    await startForm(() => json(500, {}))
    const details = document.getElementById('professional-details') as HTMLElement
    expect(details.hidden).toBe(true)
    check('input[name="requesterType"][value="professional"]')
    expect(details.hidden).toBe(false)
    expect(document.getElementById('description-count')?.textContent).not.toBe('')
  })

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('12')).toBe(12)
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(30)
    expect(retryAfterSeconds(null)).toBeUndefined()
    expect(retryAfterSeconds('later')).toBeUndefined()
  })
})
