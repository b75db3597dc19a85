// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderConfirmationPage } from '../../../functions/views/pages/confirmation.ts'
import { renderRequestFormPage } from '../../../functions/views/pages/request-form.ts'
import { loadPage, settle } from './page.ts'

const RESPOND_BY = '2026-12-08T11:30:00.000Z'

async function confirm(lang: 'nl' | 'en', answer: Record<string, unknown>) {
  loadPage(renderRequestFormPage({ lang }), lang === 'nl' ? '/' : '/en/')
  const { showConfirmation } = await import('../../../web/src/form/confirmation.ts')
  expect(showConfirmation({ reference: 'MAR-7K2P-9QXD', ...answer })).toBe(true)
  return document.querySelector('main') as HTMLElement
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Form: the confirmation the script shows after a 201', () => {
  it('tells a named requester the answer date, in the page’s language, without the anonymous texts', async () => {
    const main = await confirm('nl', { status: 'received', respondBy: RESPOND_BY })
    expect(main.textContent?.replace(/\s+/g, ' ')).toContain('U krijgt uiterlijk dinsdag 8 december om 12:30 antwoord')
    expect(main.querySelector('time')?.getAttribute('datetime')).toBe(RESPOND_BY)
    expect(main.querySelector('[data-receipt]')).toBeNull()
    expect(main.querySelector('a[href="/follow-up"]')).toBeNull()
    expect(main.querySelector('.notice--urgent')).toBeNull()
    expect(main.querySelector('[data-show-if]')).toBeNull()
  })

  it('gives an anonymous requester the receipt code and when to look, and an urgent one what to do now', async () => {
    const main = await confirm('en', {
      status: 'received',
      receipt: '4F7K-Q2XD-9M3A-TR8C',
      guidance: 'Call 112.',
      respondBy: RESPOND_BY,
    })
    expect(main.querySelector('[data-receipt]')?.textContent).toBe('4F7K-Q2XD-9M3A-TR8C')
    expect(main.textContent?.replace(/\s+/g, ' ')).toContain('Look after Tuesday 8 December at 12:30 on the page')
    expect(main.textContent).not.toContain('You get an answer by')
    expect(main.querySelector('.notice--urgent a[href="tel:112"]')).not.toBeNull()
  })

  it('reads the same as the server’s confirmation page', async () => {
    const main = await confirm('nl', { status: 'received', receipt: '4F7K-Q2XD-9M3A-TR8C', respondBy: RESPOND_BY })
    const scripted = main.textContent?.replace(/\s+/g, ' ').trim()
    loadPage(
      renderConfirmationPage({
        lang: 'nl',
        reference: 'MAR-7K2P-9QXD',
        urgent: false,
        receipt: '4F7K-Q2XD-9M3A-TR8C',
        respondBy: RESPOND_BY,
      }),
    )
    expect(document.querySelector('main')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(scripted)
  })

  it('copies the receipt code as it is with one tap, and says so', async () => {
    const written: string[] = []
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => written.push(text) } })
    const main = await confirm('nl', { status: 'received', receipt: '4F7K-Q2XD-9M3A-TR8C', respondBy: RESPOND_BY })
    const button = main.querySelector<HTMLButtonElement>('.reference__value--receipt ~ button[data-copy]')
    expect(button?.hidden).toBe(false)
    button?.click()
    await settle()
    expect(written).toEqual(['4F7K-Q2XD-9M3A-TR8C'])
    expect(button?.parentElement?.querySelector('[role="status"]')?.textContent).toBe('Gekopieerd.')
  })
})
