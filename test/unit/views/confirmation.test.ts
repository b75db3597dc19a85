import { describe, expect, it } from 'vitest'
import { renderConfirmationPage } from '../../../functions/views/pages/confirmation.ts'
import { renderRequestFormPage } from '../../../functions/views/pages/request-form.ts'
import { inlineCodeProblems, rendered, tags, templates, text } from './html-checks.ts'

const RESPOND_BY = '2026-12-08T11:30:00.000Z'
const URGENT = { nl: 'Is er nu gevaar? Bel direct 112', en: 'Is someone in danger now? Call 112 straight away' }

describe('Page: confirmation', () => {
  describe.each(['nl', 'en'] as const)('in %s', (lang) => {
    it('shows the reference prominently, with advice to note it down', () => {
      const html = renderConfirmationPage({ lang, reference: 'MAR-7K3Q-9XDF', urgent: false, respondBy: RESPOND_BY })
      expect(html).toContain(`<html lang="${lang}">`)
      expect(tags(html, 'h1')).toHaveLength(1)
      expect(html).toMatch(/<strong class="reference__value"[^>]*>MAR-7K3Q-9XDF<\/strong>/)
      expect(text(html)).toMatch(lang === 'nl' ? /Schrijf dit nummer op/ : /Write this number down/)
      expect(inlineCodeProblems(html)).toEqual([])
    })

    it('tells to call 112 first, above the reference, when the request is urgent', () => {
      const html = renderConfirmationPage({ lang, reference: 'MAR-7K3Q-9XDF', urgent: true, respondBy: RESPOND_BY })
      expect(html).toContain(URGENT[lang])
      expect(html.indexOf(URGENT[lang])).toBeLessThan(html.indexOf('MAR-7K3Q-9XDF'))
    })

    it('gives no urgent guidance when the request is not urgent', () => {
      const html = renderConfirmationPage({ lang, reference: 'MAR-7K3Q-9XDF', urgent: false, respondBy: RESPOND_BY })
      expect(html).not.toContain(URGENT[lang])
      expect(html).not.toContain('notice--urgent')
    })

    it('shows a receipt code only when there is one', () => {
      const without = renderConfirmationPage({ lang, reference: 'MAR-7K3Q-9XDF', urgent: false, respondBy: RESPOND_BY })
      const withReceipt = renderConfirmationPage({
        lang,
        reference: 'MAR-7K3Q-9XDF',
        urgent: false,
        receipt: 'R3C31PT',
        respondBy: RESPOND_BY,
      })
      expect(without).not.toContain('data-receipt')
      expect(withReceipt).toContain('>R3C31PT</strong>')
    })
  })

  it('escapes the reference', () => {
    const html = renderConfirmationPage({
      lang: 'nl',
      reference: '<script>alert(1)</script>',
      urgent: false,
      respondBy: RESPOND_BY,
    })
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('is also in the form page as an inert template for the script, in the same words', () => {
    const form = renderRequestFormPage({ lang: 'en' })
    const [template] = templates(form)
    expect(template).toContain('data-reference')
    expect(template).toContain(URGENT.en)
    expect(rendered(form)).not.toContain(URGENT.en)
    expect(tags(rendered(form), 'h1')).toHaveLength(1)
  })
})
