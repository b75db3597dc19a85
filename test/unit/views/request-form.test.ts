import { describe, expect, it } from 'vitest'
import { renderRequestFormPage } from '../../../functions/views/pages/request-form.ts'
import { elementById, ids, inlineCodeProblems, rendered, tags, text } from './html-checks.ts'

const FIELD_NAMES = [
  'requesterType',
  'sector',
  'organisation',
  'topic',
  'anonymous',
  'name',
  'email',
  'phone',
  'description',
  'signals',
  'ideology',
  'immediateDanger',
  'language',
  'consent',
  'website',
]

const HOSTILE = '"><script>alert(1)</script>'

function optionValues(html: string, name: string): string[] {
  return tags(html, 'input')
    .filter((tag) => tag.attrs.name === name)
    .map((tag) => tag.attrs.value ?? '')
}

describe('Page: request form', () => {
  describe.each([
    { lang: 'nl' as const, notice: 'Acuut gevaar? Bel 112', otherHref: '/en/', otherLang: 'en' },
    { lang: 'en' as const, notice: 'Immediate danger? Call 112', otherHref: '/', otherLang: 'nl' },
  ])('in $lang', ({ lang, notice, otherHref, otherLang }) => {
    const html = renderRequestFormPage({ lang })
    const page = rendered(html)

    it('is a complete document in its language with one h1', () => {
      expect(html.startsWith('<!doctype html>')).toBe(true)
      expect(html).toContain(`<html lang="${lang}">`)
      expect(tags(page, 'h1')).toHaveLength(1)
      expect(tags(page, 'title')).toHaveLength(1)
      expect(tags(page, 'meta').some((tag) => tag.attrs.name === 'viewport')).toBe(true)
    })

    it('shows the 112 notice at the top, before the main content', () => {
      const noticeAt = page.indexOf(notice)
      expect(noticeAt).toBeGreaterThan(0)
      expect(noticeAt).toBeLessThan(page.indexOf('<main'))
    })

    it('starts with a skip link to the main content', () => {
      const firstLink = tags(page.slice(page.indexOf('<body')), 'a')[0]
      expect(firstLink?.attrs.href).toBe('#main')
      expect(ids(page)).toContain('main')
    })

    it('links to the other language', () => {
      const link = tags(page, 'a').find((tag) => tag.attrs.hreflang === otherLang)
      expect(link?.attrs.href).toBe(otherHref)
      expect(link?.attrs.lang).toBe(otherLang)
    })

    it('loads only our own stylesheet and module script', () => {
      const stylesheets = tags(page, 'link').filter((tag) => tag.attrs.rel === 'stylesheet')
      expect(stylesheets.map((tag) => tag.attrs.href)).toContain('/assets/styles.css')
      const scripts = tags(page, 'script')
      expect(scripts).toHaveLength(1)
      expect(scripts[0]?.attrs).toMatchObject({ type: 'module', src: '/assets/form.js' })
    })

    it('posts the API contract as a plain form', () => {
      const form = tags(page, 'form')[0]
      expect(form?.attrs).toMatchObject({
        method: 'post',
        action: '/api/requests',
        enctype: 'application/x-www-form-urlencoded',
      })
      const names = new Set(
        tags(page)
          .filter((tag) => ['input', 'select', 'textarea'].includes(tag.name))
          .map((tag) => tag.attrs.name),
      )
      expect([...names].sort()).toEqual([...FIELD_NAMES].sort())
      expect(optionValues(page, 'requesterType')).toEqual(['professional', 'private'])
      expect(optionValues(page, 'sector')).toEqual(['care', 'education', 'welfare', 'other'])
      expect(optionValues(page, 'topic')).toEqual(['question', 'case', 'training'])
      expect(optionValues(page, 'signals')).toEqual([
        'isolation',
        'family-break',
        'hostility',
        'glorifying-violence',
        'intimidation',
        'extreme-ideas',
        'other',
      ])
      for (const name of ['anonymous', 'immediateDanger', 'consent']) {
        expect(tags(page, 'input').find((tag) => tag.attrs.name === name)?.attrs).toMatchObject({
          type: 'checkbox',
          value: 'on',
        })
      }
      const ideology = elementById(page, 'ideology') ?? ''
      expect(tags(ideology, 'option').map((tag) => tag.attrs.value)).toEqual([
        '',
        'extreme-right',
        'left-wing',
        'animal-rights',
        'jihadism',
        'polarisation',
        'returnee',
        'other',
        'unknown',
      ])
      expect(tags(page, 'textarea')[0]?.attrs).toMatchObject({ name: 'description', maxlength: '10000' })
      expect(tags(page, 'input').find((tag) => tag.attrs.name === 'email')?.attrs).toMatchObject({
        type: 'email',
        autocomplete: 'email',
      })
      expect(tags(page, 'input').find((tag) => tag.attrs.name === 'phone')?.attrs.type).toBe('tel')
      expect(tags(page, 'input').find((tag) => tag.attrs.name === 'language')?.attrs).toMatchObject({
        type: 'hidden',
        value: lang,
      })
    })

    it('labels every field', () => {
      const labelled = new Set(tags(page, 'label').map((tag) => tag.attrs.for))
      const controls = tags(page).filter(
        (tag) => ['input', 'select', 'textarea'].includes(tag.name) && tag.attrs.type !== 'hidden',
      )
      expect(controls.length).toBeGreaterThan(20)
      for (const control of controls) {
        expect(control.attrs.id, control.source).toBeTruthy()
        expect(labelled.has(control.attrs.id), `no label for ${control.source}`).toBe(true)
      }
    })

    it('groups radios and checkboxes in a fieldset with a legend', () => {
      for (const name of ['requesterType', 'sector', 'topic', 'signals']) {
        const start = page.indexOf(`<fieldset class="field field--group" data-field="${name}"`)
        expect(start, name).toBeGreaterThan(0)
        const fieldset = page.slice(start, page.indexOf('</fieldset>', start))
        expect(fieldset).toContain('<legend')
        expect(optionValues(fieldset, name).length).toBeGreaterThan(1)
      }
    })

    it('points every aria-describedby at an element that exists, and uses unique ids', () => {
      const all = ids(page)
      expect(new Set(all).size).toBe(all.length)
      for (const tag of tags(page).filter((tag) => tag.attrs['aria-describedby'])) {
        for (const id of (tag.attrs['aria-describedby'] ?? '').split(' ')) expect(all, tag.source).toContain(id)
      }
    })

    it('hides the honeypot from people but not from robots', () => {
      const input = tags(page, 'input').find((tag) => tag.attrs.name === 'website')
      expect(input?.attrs).toMatchObject({ type: 'text', tabindex: '-1', autocomplete: 'off' })
      const wrapperStart = page.lastIndexOf('<div', page.indexOf('name="website"'))
      expect(tags(page.slice(wrapperStart), 'div')[0]?.attrs).toMatchObject({ class: 'hp', 'aria-hidden': 'true' })
      expect(page).toContain(lang === 'nl' ? 'Laat dit veld leeg' : 'Leave this field empty')
    })

    it('links the consent to a privacy statement on the page', () => {
      expect(elementById(page, 'consent-hint')).toContain('href="#privacy"')
      expect(ids(page)).toContain('privacy')
      expect(text(elementById(page, 'privacy') ?? '')).toMatch(/IP/)
    })

    it('renders no error summary when nothing is wrong', () => {
      expect(page).not.toContain('error-summary')
      expect(page).not.toContain('aria-invalid')
    })

    it('contains nothing the content security policy forbids', () => {
      expect(inlineCodeProblems(html)).toEqual([])
    })
  })

  describe('filled in again after a plain form post', () => {
    it('escapes hostile values in attributes and in the textarea', () => {
      const html = renderRequestFormPage({
        lang: 'nl',
        values: {
          name: HOSTILE,
          email: `a'b"c@example.nl`,
          organisation: 'Tom &amp; Jerry & Co',
          description: `</textarea>${HOSTILE}`,
          phone: '<img src=x onerror=alert(1)>',
          website: '"><a href=x>',
        },
      })
      expect(html).not.toContain('<script>alert')
      expect(html).not.toContain('<img src=x')
      expect(html).not.toContain('</textarea><')
      expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
      expect(html).toContain('value="a&#39;b&quot;c@example.nl"')
      expect(html).toContain('value="Tom &amp;amp; Jerry &amp; Co"')
      expect(html).toContain('&lt;/textarea&gt;&quot;&gt;&lt;script&gt;')
      expect(inlineCodeProblems(html)).toEqual([])
      expect(tags(rendered(html), 'script')).toHaveLength(1)
    })

    it('keeps unicode as typed', () => {
      const html = renderRequestFormPage({ lang: 'en', values: { name: 'Zoë Öztürk 🙂 ‮', description: 'مرحبا 你好' } })
      expect(html).toContain('value="Zoë Öztürk 🙂 ‮"')
      expect(html).toContain('>مرحبا 你好</textarea>')
    })

    it('checks the choices that were made and ignores values that are not options', () => {
      const html = renderRequestFormPage({
        lang: 'nl',
        values: {
          requesterType: 'professional',
          sector: 'education',
          topic: HOSTILE,
          anonymous: 'on',
          signals: ['isolation', 'hostility', HOSTILE],
          ideology: 'jihadism',
          immediateDanger: 'on',
          consent: 'on',
        },
      })
      const checked = tags(html, 'input')
        .filter((tag) => 'checked' in tag.attrs)
        .map((tag) => `${tag.attrs.name}=${tag.attrs.value}`)
      expect(checked.sort()).toEqual(
        [
          'requesterType=professional',
          'sector=education',
          'anonymous=on',
          'signals=isolation',
          'signals=hostility',
          'immediateDanger=on',
          'consent=on',
        ].sort(),
      )
      expect(html).toContain('<option value="jihadism" selected>')
      expect(html).not.toContain('<script>alert')
    })

    it('accepts a single signal as a string', () => {
      const html = renderRequestFormPage({ lang: 'nl', values: { signals: 'other' } })
      expect(tags(html, 'input').find((tag) => tag.attrs.id === 'signals-other')?.attrs).toHaveProperty('checked')
    })

    it('selects the empty ideology option for an unknown value', () => {
      const html = renderRequestFormPage({ lang: 'nl', values: { ideology: HOSTILE } })
      expect(html).toContain('<option value="" selected>')
    })
  })

  describe('with errors', () => {
    const errors = {
      _form: 'Algemeen probleem.',
      requesterType: 'Kies of u de vraag voor uw werk stelt.',
      sector: 'Kies de sector waarin u werkt.',
      topic: 'Kies een onderwerp.',
      email: 'Vul een geldig e-mailadres in.',
      phone: 'Vul een geldig telefoonnummer in.',
      description: 'Beschrijf uw vraag in minstens 20 tekens.',
      'signals.1': 'Kies elke optie maar één keer.',
      ideology: 'Kies een van de opties.',
      consent: 'Ga akkoord met de privacyverklaring.',
      favouriteColour: 'Dit veld is onbekend.',
    }
    const html = renderRequestFormPage({ lang: 'nl', values: { email: 'x@' }, errors })
    const page = rendered(html)
    const summary = elementById(page, 'error-summary') ?? ''

    it('puts a summary with a focusable heading at the top of the content', () => {
      expect(tags(page, 'div').find((tag) => tag.attrs.id === 'error-summary')?.attrs.role).toBe('alert')
      const heading = tags(summary, 'h2')[0]
      expect(heading?.attrs.tabindex).toBe('-1')
      expect(page.indexOf('id="error-summary"')).toBeLessThan(page.indexOf('<form'))
      expect(html).toMatch(/<title>Fout: /)
    })

    it('links each field problem to a control that exists on the page', () => {
      const links = tags(summary, 'a')
      expect(links).toHaveLength(9)
      const all = ids(page)
      for (const link of links) {
        expect(link.attrs.href?.startsWith('#')).toBe(true)
        expect(all).toContain(link.attrs.href?.slice(1))
      }
      expect(links.map((link) => link.attrs.href)).toEqual([
        '#requesterType-professional',
        '#sector-care',
        '#topic-question',
        '#email',
        '#phone',
        '#description',
        '#signals-isolation',
        '#ideology',
        '#consent',
      ])
    })

    it('marks the fields invalid and describes them by their message', () => {
      for (const [field, control] of [
        ['email', 'email'],
        ['description', 'description'],
        ['consent', 'consent'],
        ['ideology', 'ideology'],
      ]) {
        const tag = tags(page).find((candidate) => candidate.attrs.id === control)
        expect(tag?.attrs['aria-invalid'], field).toBe('true')
        expect(tag?.attrs['aria-describedby']?.split(' '), field).toContain(`${field}-error`)
        expect(text(elementById(page, `${field}-error`) ?? '')).toContain(errors[field as keyof typeof errors])
      }
      const signals = tags(page, 'fieldset').find((tag) => tag.attrs['data-field'] === 'signals')
      expect(signals?.attrs['aria-describedby']?.split(' ')).toContain('signals-error')
      expect(text(elementById(page, 'signals-error') ?? '')).toContain(errors['signals.1'])
    })

    it('keeps what was typed', () => {
      expect(page).toContain('value="x@"')
    })

    it('shows problems of unknown fields in the summary only, without a link', () => {
      for (const message of [errors._form, errors.favouriteColour]) {
        expect(summary).toContain(`<li>${message}</li>`)
        expect(page.split(message)).toHaveLength(2)
      }
    })

    it('escapes hostile messages and keys', () => {
      const hostile = renderRequestFormPage({
        lang: 'en',
        errors: { email: HOSTILE, [`${HOSTILE}`]: `&amp; ${HOSTILE}` },
      })
      expect(hostile).not.toContain('<script>alert')
      expect(hostile).toContain('&amp;amp; &quot;&gt;&lt;script&gt;')
      expect(inlineCodeProblems(hostile)).toEqual([])
    })

    it('contains nothing the content security policy forbids', () => {
      expect(inlineCodeProblems(html)).toEqual([])
    })
  })
})
