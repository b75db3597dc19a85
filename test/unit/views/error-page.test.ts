import { describe, expect, it } from 'vitest'
import { renderErrorPage } from '../../../functions/views/pages/error-page.ts'
import { inlineCodeProblems, tags, text } from './html-checks.ts'

describe('Page: error', () => {
  describe.each([413, 415, 429, 500, 503, 404, 400])('status %i', (status) => {
    it.each(['nl', 'en'] as const)('is a friendly page in %s without technical detail', (lang) => {
      const html = renderErrorPage({ lang, status })
      expect(html).toContain(`<html lang="${lang}">`)
      expect(tags(html, 'h1')).toHaveLength(1)
      expect(html).toContain(lang === 'nl' ? 'Acuut gevaar? Bel 112' : 'Immediate danger? Call 112')
      expect(tags(html, 'a').some((tag) => tag.attrs.href === (lang === 'nl' ? '/' : '/en/'))).toBe(true)
      expect(text(html)).not.toMatch(new RegExp(`\\b${status}\\b|stack|exception|undefined`, 'i'))
      expect(inlineCodeProblems(html)).toEqual([])
    })
  })

  it('tells to wait before trying again after too many requests', () => {
    expect(text(renderErrorPage({ lang: 'nl', status: 429 }))).toMatch(/Wacht/)
  })

  it('uses a given title and message, escaped', () => {
    const html = renderErrorPage({ lang: 'en', status: 500, title: 'Oops <b>', message: '"><script>alert(1)</script>' })
    expect(html).toContain('<h1 class="page__title">Oops &lt;b&gt;</h1>')
    expect(html).not.toContain('<script>alert')
  })
})
