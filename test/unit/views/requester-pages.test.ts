import { describe, expect, it } from 'vitest'
import { formatMoment } from '../../../functions/views/mail/notifications.ts'
import { renderConfirmationPage } from '../../../functions/views/pages/confirmation.ts'
import { renderErrorPage } from '../../../functions/views/pages/error-page.ts'
import { renderFollowUpPage } from '../../../functions/views/pages/follow-up.ts'
import { renderRequestFormPage } from '../../../functions/views/pages/request-form.ts'
import { telHref } from '../../../functions/views/pages/site-settings.ts'
import { renderThrottledPage } from '../../../functions/views/pages/throttled-page.ts'
import { inlineCodeProblems, rendered, tags, templates, text } from './html-checks.ts'

/** A configuration that differs from the defaults, so a page that ignored it would show. */
const SITE = { marPhone: '010 - 498 76 54', intakeAddress: 'advies@mar.example.nl', timeZone: 'Europe/Amsterdam' }
/** Tuesday 8 December 2026, 12:30 in Rotterdam. */
const RESPOND_BY = '2026-12-08T11:30:00.000Z'
const DATE = { nl: 'dinsdag 8 december om 12:30', en: 'Tuesday 8 December at 12:30' }
const RECEIPT = '4F7K-Q2XD-9M3A-TR8C'

const hrefs = (html: string) => tags(rendered(html), 'a').map((tag) => tag.attrs.href)

describe('Requester pages: MAR’s own phone and address, and tap-to-call numbers', () => {
  const pages = (lang: 'nl' | 'en') => ({
    form: renderRequestFormPage({ lang, site: SITE }),
    confirmation: renderConfirmationPage({
      lang,
      reference: 'MAR-7K3Q-9XDF',
      urgent: false,
      respondBy: RESPOND_BY,
      site: SITE,
    }),
    followUp: renderFollowUpPage({ lang, site: SITE }),
    error: renderErrorPage({ lang, status: 500, site: SITE }),
  })

  describe.each(['nl', 'en'] as const)('in %s', (lang) => {
    it.each(Object.keys(pages('nl')))(
      'the %s page links 112, 0900-8844 and MAR’s configured number and address',
      (name) => {
        const html = pages(lang)[name as keyof ReturnType<typeof pages>]
        expect(hrefs(html)).toEqual(
          expect.arrayContaining(['tel:112', 'tel:09008844', 'tel:0104987654', 'mailto:advies@mar.example.nl']),
        )
        expect(text(rendered(html))).toContain('010 - 498 76 54')
        expect(inlineCodeProblems(html)).toEqual([])
      },
    )
  })

  it('shows the configuration’s defaults (06 - 23 66 03 86, mar_bsd@rotterdam.nl) where no configuration reaches', () => {
    const html = renderThrottledPage({ lang: 'nl', retryAfterSeconds: 3 })
    expect(hrefs(html)).toEqual(expect.arrayContaining(['tel:0623660386', 'mailto:mar_bsd@rotterdam.nl']))
  })

  it('writes a phone number as a dialable tel: address', () => {
    expect(telHref('06 - 23 66 03 86')).toBe('tel:0623660386')
    expect(telHref('0900-8844')).toBe('tel:09008844')
    expect(telHref('+31 (0)10 123 45 67')).toBe('tel:+310101234567')
  })
})

describe('Page: confirmation, tailored to the request', () => {
  describe.each(['nl', 'en'] as const)('in %s', (lang) => {
    const named = renderConfirmationPage({
      lang,
      reference: 'MAR-7K3Q-9XDF',
      urgent: false,
      respondBy: RESPOND_BY,
      site: SITE,
    })
    const anonymous = renderConfirmationPage({
      lang,
      reference: 'MAR-7K3Q-9XDF',
      urgent: false,
      receipt: RECEIPT,
      respondBy: RESPOND_BY,
      site: SITE,
    })
    const urgent = renderConfirmationPage({
      lang,
      reference: 'MAR-7K3Q-9XDF',
      urgent: true,
      respondBy: RESPOND_BY,
      site: SITE,
    })

    it('gives the answer date the acknowledgement mail gives, not "a few working days"', () => {
      expect(formatMoment(new Date(RESPOND_BY), SITE.timeZone, lang)).toBe(DATE[lang])
      for (const page of [named, anonymous, urgent]) {
        expect(page).toContain(`<time data-respond-by datetime="${RESPOND_BY}">${DATE[lang]}</time>`)
        expect(text(page)).not.toMatch(/enkele werkdagen|a few working days/)
      }
    })

    it('tells a named requester when MAR answers, without the anonymous follow-up text', () => {
      expect(text(named)).toContain(
        lang === 'nl' ? `U krijgt uiterlijk ${DATE.nl} antwoord` : `You get an answer by ${DATE.en}`,
      )
      expect(named).not.toContain('/follow-up')
      expect(text(named)).not.toMatch(/anoniem|anonymous|ontvangstcode|receipt code/i)
    })

    it('gives an anonymous requester the receipt code, unbroken and with a copy button, and when to look for the answer', () => {
      expect(anonymous).toMatch(
        new RegExp(`<strong class="reference__value reference__value--receipt" data-receipt>${RECEIPT}</strong>`),
      )
      const buttons = tags(anonymous, 'button').filter((tag) => 'data-copy' in tag.attrs)
      expect(buttons).toHaveLength(2)
      // Hidden until form.js switches it on: without JavaScript the codes are plain text.
      for (const button of buttons) expect(button.attrs.hidden).toBe('')
      const lookAfter =
        lang === 'nl'
          ? `Kijk na ${DATE.nl} op de pagina „Uw vraag volgen”`
          : `Look after ${DATE.en} on the page “Follow your request”`
      expect(text(anonymous).replace(/\s+\./g, '.')).toContain(lookAfter)
      expect(hrefs(anonymous)).toContain(lang === 'nl' ? '/follow-up' : '/en/follow-up')
      expect(text(anonymous)).not.toMatch(lang === 'nl' ? /U krijgt uiterlijk/ : /You get an answer by/)
    })

    it('says what to do now after an immediate-danger request: 112 first, then 0900-8844 or MAR', () => {
      const notice = urgent.slice(urgent.indexOf('notice--urgent'), urgent.indexOf('data-reference'))
      expect(hrefs(notice)).toEqual(expect.arrayContaining(['tel:112', 'tel:09008844', 'tel:0104987654']))
      expect(text(notice)).toContain(lang === 'nl' ? 'Wat u nu doet' : 'What to do now')
      expect(named).not.toContain('notice--urgent')
    })

    it('tells a requester who sent the same anonymous request again that the earlier receipt code no longer works', () => {
      const again = renderConfirmationPage({
        lang,
        reference: 'MAR-7K3Q-9XDF',
        urgent: false,
        receipt: RECEIPT,
        respondBy: RESPOND_BY,
        replayed: true,
      })
      expect(text(again)).toMatch(lang === 'nl' ? /werkt niet meer/ : /no longer works/)
      expect(text(anonymous)).not.toMatch(lang === 'nl' ? /werkt niet meer/ : /no longer works/)
    })

    it('is in the form page as a template with every variant marked for the script, and MAR’s time zone', () => {
      const form = renderRequestFormPage({ lang, site: SITE })
      const [template] = templates(form)
      const marked = tags(template ?? '')
        .map((tag) => tag.attrs['data-show-if'])
        .filter(Boolean)
      expect(new Set(marked)).toEqual(new Set(['urgent', 'named', 'anonymous']))
      expect(form).toMatch(
        /<template id="confirmation-template"[^>]* data-lang="(nl|en)" data-time-zone="Europe\/Amsterdam">/,
      )
      expect(template).toContain('<time data-respond-by></time>')
    })
  })
})

describe('Page: follow-up, what the requester did and when they may try again', () => {
  describe.each(['nl', 'en'] as const)('in %s', (lang) => {
    it('confirms a sent message as a success, not with the warning’s style', () => {
      const html = renderFollowUpPage({
        lang,
        conversation: {
          reference: 'MAR-7K3Q-9XDF',
          receipt: RECEIPT,
          status: 'received',
          messages: [{ author: 'requester', text: 'Aanvulling', at: '2026-12-01T10:00:00.000Z' }],
          sent: true,
        },
      })
      const status = tags(html, 'p').find((tag) => tag.attrs.role === 'status')
      expect(status?.attrs.class).toBe('notice notice--success')
    })

    it('says at what time a requester who is locked out may try again', () => {
      const html = renderFollowUpPage({
        lang,
        site: SITE,
        refusal: { kind: 'locked', message: 'Later.', retryAt: '2026-12-01T17:42:10.000Z' },
      })
      expect(text(html).replace(/\s+\./g, '.')).toContain(
        lang === 'nl' ? 'Probeer het na 18:42 opnieuw.' : 'Try again after 18:42.',
      )
      expect(html).toContain('<time datetime="2026-12-01T17:42:10.000Z">18:42</time>')
    })
  })
})
