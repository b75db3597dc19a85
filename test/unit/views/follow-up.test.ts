import { describe, expect, it } from 'vitest'
import { renderFollowUpPage } from '../../../functions/views/pages/follow-up.ts'
import { inlineCodeProblems, tags, text } from './html-checks.ts'

const HOSTILE = '<script>alert("x")</script> & "quoted" \u202Etekst'

describe('Page: follow-up', () => {
  describe.each(['nl', 'en'] as const)('in %s', (lang) => {
    it('asks for the reference and the receipt in a form that posts to the API, its language switch to the other page', () => {
      const html = renderFollowUpPage({ lang })
      expect(html).toContain(`<html lang="${lang}">`)
      expect(tags(html, 'h1')).toHaveLength(1)
      const [form] = tags(html, 'form')
      expect(form?.attrs).toMatchObject({ method: 'post', action: '/api/follow-up' })
      const inputs = tags(html, 'input').map((input) => input.attrs)
      expect(inputs.map((input) => input.name)).toEqual(['language', 'reference', 'receipt'])
      for (const input of inputs.slice(1)) expect(input.autocomplete).toBe('off')
      const other = lang === 'nl' ? '/en/follow-up' : '/follow-up'
      expect(tags(html, 'a').some((link) => link.attrs.href === other && link.attrs.hreflang !== undefined)).toBe(true)
      expect(inlineCodeProblems(html)).toEqual([])
    })

    it('fills the reference in again after a refusal, never the receipt', () => {
      const html = renderFollowUpPage({
        lang,
        reference: 'MAR-7K3Q-9XDF',
        refusal: { kind: 'denied', message: 'Nee.' },
      })
      const byName = Object.fromEntries(tags(html, 'input').map((input) => [input.attrs.name, input.attrs]))
      expect(byName.reference?.value).toBe('MAR-7K3Q-9XDF')
      expect(byName.receipt?.value).toBe('')
      expect(text(html)).toContain('Nee.')
    })

    it('shows the conversation as text, escaped, and carries the pair only in the reply form’s hidden fields', () => {
      const html = renderFollowUpPage({
        lang,
        conversation: {
          reference: 'MAR-7K3Q-9XDF',
          receipt: '4F7K-Q2XD-9M3A-TR8C',
          status: 'answered',
          messages: [
            { author: 'requester', text: HOSTILE, at: '2026-12-04T15:55:00.000Z' },
            { author: 'advisor', text: 'Ons advies.', at: '2026-12-07T09:00:00.000Z' },
          ],
        },
      })
      expect(html).not.toContain('<script>alert')
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;')
      // Friday 16:55 in Rotterdam, not 15:55 UTC.
      expect(text(html)).toContain(lang === 'nl' ? '4 december 2026 om 16:55' : '4 December 2026 at 16:55')
      const [form] = tags(html, 'form')
      expect(form?.attrs.action).toBe('/api/follow-up/messages')
      const hidden = tags(html, 'input').filter((input) => input.attrs.type === 'hidden')
      expect(Object.fromEntries(hidden.map((input) => [input.attrs.name, input.attrs.value]))).toEqual({
        language: lang,
        reference: 'MAR-7K3Q-9XDF',
        receipt: '4F7K-Q2XD-9M3A-TR8C',
      })
      for (const tag of tags(html)) {
        for (const attr of ['href', 'src', 'action']) expect(tag.attrs[attr] ?? '').not.toContain('4F7K')
      }
    })
  })
})
