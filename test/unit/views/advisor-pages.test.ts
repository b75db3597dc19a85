import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CASE_STATUSES, type CaseEvent, OUTCOMES } from '../../../functions/core/cases/case.ts'
import { IDEOLOGIES, REQUESTER_TYPES, SECTORS, SIGNALS, TOPICS } from '../../../functions/core/cases/web-request.ts'
import { CLASSIFY_FIELDS } from '../../../functions/views/advisor/action-forms.ts'
import { MAIL_FIELDS, SUBMISSION_FACTS } from '../../../functions/views/advisor/case-detail.ts'
import { SCRIPT_COPY } from '../../../functions/views/advisor/copy.ts'
import {
  advisorPages,
  renderCaseDetailPage,
  renderCaseListPage,
  renderPhoneIntakePage,
  renderStatisticsPage,
} from '../../../functions/views/advisor/index.ts'
import { siteAssetsDir, sitePages } from '../../../web/site.ts'
import { elementById, ids, inlineCodeProblems, type Tag, tags } from './html-checks.ts'

const PAGES = [
  { name: 'case list', path: 'advisor/index.html', html: renderCaseListPage() },
  { name: 'case', path: 'advisor/case.html', html: renderCaseDetailPage() },
  { name: 'phone intake', path: 'advisor/phone/index.html', html: renderPhoneIntakePage() },
  { name: 'statistics', path: 'advisor/stats/index.html', html: renderStatisticsPage() },
]

const CONTROLS = ['input', 'select', 'textarea']

function controls(html: string): Tag[] {
  return tags(html).filter((tag) => CONTROLS.includes(tag.name) && tag.attrs.type !== 'hidden')
}

function optionValues(html: string, selectId: string): string[] {
  return tags(elementById(html, selectId) ?? '', 'option').map((tag) => tag.attrs.value ?? '')
}

function inputValues(html: string, name: string): string[] {
  return tags(html, 'input')
    .filter((tag) => tag.attrs.name === name)
    .map((tag) => tag.attrs.value ?? '')
}

/** The JSON the workspace script (web/src/advisor/copy.ts) reads its texts from. */
function scriptCopy(html: string): Record<string, Record<string, unknown>> {
  const body = tags(html, 'body')[0]
  const decoded = (body?.attrs['data-copy'] ?? '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
  return JSON.parse(decoded)
}

const stylesheet = readFileSync(join(siteAssetsDir, 'advisor.css'), 'utf8')

describe('Pages: advisor workspace', () => {
  describe.each(PAGES)('$name', ({ html }) => {
    it('is a complete Dutch document, kept out of search engines', () => {
      expect(html.startsWith('<!doctype html>')).toBe(true)
      expect(html).toContain('<html lang="nl">')
      expect(tags(html, 'title')).toHaveLength(1)
      expect(tags(html, 'meta').find((tag) => tag.attrs.name === 'viewport')?.attrs.content).toContain(
        'width=device-width',
      )
      expect(tags(html, 'meta').find((tag) => tag.attrs.name === 'robots')?.attrs.content).toBe('noindex, nofollow')
    })

    it('has no inline script, event handler or style: the CSP allows only our own files', () => {
      expect(inlineCodeProblems(html)).toEqual([])
    })

    it('loads the workspace script as a module, and its stylesheet after the public one', () => {
      const scripts = tags(html, 'script')
      expect(scripts.map((tag) => tag.attrs)).toEqual([{ type: 'module', src: '/assets/advisor.js' }])
      const sheets = tags(html, 'link')
        .filter((tag) => tag.attrs.rel === 'stylesheet')
        .map((tag) => tag.attrs.href)
      expect(sheets).toEqual(['/assets/rotterdam-tokens.css', '/assets/styles.css', '/assets/advisor.css'])
    })

    it('starts with a skip link to the one main region', () => {
      const body = html.slice(html.indexOf('<body'))
      expect(tags(body, 'a')[0]?.attrs).toMatchObject({ class: 'skip-link', href: '#main' })
      expect(tags(html, 'main')).toHaveLength(1)
      expect(tags(html, 'main')[0]?.attrs.id).toBe('main')
    })

    it('has unique ids, and every reference to an id points at one', () => {
      const all = ids(html)
      expect(all.length).toBe(new Set(all).size)
      for (const tag of tags(html)) {
        for (const attr of ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls']) {
          for (const id of (tag.attrs[attr] ?? '').split(/\s+/).filter(Boolean)) {
            expect(all, `${attr}="${id}" in ${tag.source}`).toContain(id)
          }
        }
      }
    })

    it('labels every control with a <label for>', () => {
      const labelled = new Set(tags(html, 'label').map((tag) => tag.attrs.for))
      const found = controls(html)
      expect(found.length).toBeGreaterThan(0)
      for (const control of found) expect(labelled, control.source).toContain(control.attrs.id)
    })

    it('gives every button a type and a text', () => {
      for (const match of html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)) {
        expect(match[1], match[0]).toMatch(/type="(button|submit)"/)
        expect((match[2] ?? '').replace(/<[^>]+>/g, '').trim(), match[0]).not.toBe('')
      }
    })

    it('never skips a heading level', () => {
      const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]))
      expect(levels[0]).toBe(1)
      for (let index = 1; index < levels.length; index++) {
        expect(levels[index] ?? 0, `heading ${index}`).toBeLessThanOrEqual((levels[index - 1] ?? 0) + 1)
      }
    })

    it('has a polite status region and an alert region for the script to speak through', () => {
      expect(tags(html).find((tag) => tag.attrs.id === 'page-status')?.attrs.role).toBe('status')
      expect(tags(html).find((tag) => tag.attrs.id === 'page-alert')?.attrs.role).toBe('alert')
    })

    it('hands the script a label for every value the API sends', () => {
      const copy = scriptCopy(html)
      expect(Object.keys(copy.status ?? {})).toEqual([...CASE_STATUSES])
      expect(Object.keys(copy.outcome ?? {})).toEqual([...OUTCOMES])
      expect(Object.keys(copy.topic ?? {})).toEqual([...TOPICS])
      expect(Object.keys(copy.sector ?? {})).toEqual([...SECTORS])
      expect(Object.keys(copy.signals ?? {})).toEqual([...SIGNALS])
      expect(Object.keys(copy.ideology ?? {})).toEqual([...IDEOLOGIES])
      expect(Object.keys(copy.requesterType ?? {})).toEqual([...REQUESTER_TYPES])
      expect(Object.keys(copy.channel ?? {}).sort()).toEqual(['email', 'phone', 'web'])
      const events: Array<CaseEvent['type']> = [
        'received',
        'read',
        'replied',
        'note-added',
        'paused',
        'closed',
        'mail-received',
        'reopened',
        'classified',
        'attachment-downloaded',
        'follow-up-received',
      ]
      for (const type of events) expect(copy.event?.[type], type).toEqual(expect.any(String))
      expect(Object.keys(copy.messageKind ?? {}).sort()).toEqual(['follow-up', 'mail', 'note', 'reply'])
    })
  })

  describe('case list (/advisor/)', () => {
    const html = renderCaseListPage()

    it('has a sign-in view and a case list view, both shown by the script, each with one h1', () => {
      for (const id of ['signin-view', 'cases-view']) {
        const view = tags(html).find((tag) => tag.attrs.id === id)
        expect(view?.attrs).toHaveProperty('hidden')
        expect(view?.attrs['data-title']).toMatch(/MAR-werkplek$/)
      }
      expect(tags(html, 'h1')).toHaveLength(2)
    })

    it('filters by "mijn meldingen" and by every status (closed too, issue 18), as a GET form without a token in it', () => {
      const form = tags(html, 'form')[0]
      expect(form?.attrs).toMatchObject({ method: 'get', action: '/advisor/', role: 'search' })
      expect(tags(html, 'input').find((tag) => tag.attrs.id === 'filter-mine')?.attrs).toMatchObject({
        type: 'checkbox',
        name: 'assignee',
        value: 'me',
      })
      expect(optionValues(html, 'filter-status')).toEqual(['', ...CASE_STATUSES])
      expect(tags(html, 'input').find((tag) => tag.attrs.id === 'filter-q')?.attrs).toMatchObject({
        type: 'search',
        name: 'q',
      })
    })

    it('has a table with a caption and a column header per field, and labels for the stacked phone layout', () => {
      expect(html).toMatch(/<caption class="visually-hidden">[^<]+<\/caption>/)
      const headers = tags(elementById(html, 'case-table') ?? '', 'th').map((tag) => tag.attrs.scope)
      expect(headers).toEqual(Array(7).fill('col'))
      const rows = tags(html, 'tbody')[0]
      expect(rows?.attrs['data-label-reference']).toBe('Zaaknummer')
      expect(rows?.attrs['data-label-deadline']).toBe('Termijn')
    })

    it('has a workload table (shown to coordinators by the script) with a caption and four column headers', () => {
      const block = elementById(html, 'workload-block') ?? ''
      expect(tags(html, 'section').find((tag) => tag.attrs.id === 'workload-block')?.attrs).toHaveProperty('hidden')
      expect(block).toMatch(/<caption class="visually-hidden">[^<]+<\/caption>/)
      expect(tags(block, 'th').map((tag) => tag.attrs.scope)).toEqual(Array(4).fill('col'))
      expect(elementById(html, 'workload-rows')).toBeDefined()
    })

    it('links to phone intake', () => {
      expect(tags(html, 'a').filter((tag) => tag.attrs.href === '/advisor/phone/').length).toBeGreaterThanOrEqual(1)
    })
  })

  describe('case (/advisor/cases/<reference>)', () => {
    const html = renderCaseDetailPage()

    it('has a form per action of the API', () => {
      const actions = tags(html, 'form').map((tag) => tag.attrs['data-action'])
      expect(actions).toEqual([
        'acknowledge',
        'classify',
        'replies',
        'no-reply-needed',
        'notes',
        'assign',
        'pause',
        'resume',
        'reminders',
        'close',
      ])
      for (const form of tags(html, 'form')) expect(form.attrs).toHaveProperty('novalidate')
    })

    it('offers the five outcomes, in Dutch', () => {
      expect(optionValues(html, 'close-outcome')).toEqual(['', ...OUTCOMES])
      const labels = tags(elementById(html, 'close-outcome') ?? '', 'option').length
      expect(labels).toBe(OUTCOMES.length + 1)
      expect(html).toContain('>Advies gegeven</option>')
      expect(html).toContain('>Doorverwezen</option>')
    })

    it('takes texts up to the API limit and a pause end as a local date and time', () => {
      for (const id of ['reply-text', 'note-text', 'pause-reason']) {
        expect(tags(html, 'textarea').find((tag) => tag.attrs.id === id)?.attrs.maxlength).toBe('10000')
      }
      expect(tags(html, 'input').find((tag) => tag.attrs.id === 'pause-until')?.attrs.type).toBe('datetime-local')
    })

    it('takes a reminder as a local date and time with a note of at most 500 characters', () => {
      expect(tags(html, 'input').find((tag) => tag.attrs.id === 'reminder-at')?.attrs.type).toBe('datetime-local')
      expect(tags(html, 'textarea').find((tag) => tag.attrs.id === 'reminder-note')?.attrs.maxlength).toBe('500')
    })

    it('has one place for each part of the case, filled with text by the script', () => {
      for (const id of [
        'case-reference',
        'case-description',
        'case-facts',
        'case-deadlines',
        'case-pause',
        'case-breaches',
        'case-messages',
        'case-events',
        'reply-unavailable',
      ]) {
        expect(ids(html), id).toContain(id)
      }
      const facts = tags(html, 'dd').map((tag) => tag.attrs['data-fact'])
      expect(facts).toEqual(
        expect.arrayContaining(['name', 'email', 'phone', 'signals', 'ideology', 'immediateDanger']),
      )
    })
  })

  describe('case page for a mail (/advisor/cases/<reference>, channel email)', () => {
    const html = renderCaseDetailPage()

    it('has an E-mail section, hidden until a mail case is shown, with a row per header it keeps', () => {
      const section = tags(html, 'section').find((tag) => tag.attrs.id === 'case-mail')
      expect(section?.attrs).toMatchObject({ 'aria-labelledby': 'mail-title' })
      expect(section?.attrs).toHaveProperty('hidden')
      expect(elementById(html, 'mail-title')).toContain('>E-mail')
      expect(
        tags(html, 'dd')
          .map((tag) => tag.attrs['data-mail'] ?? '')
          .filter(Boolean),
      ).toEqual([...MAIL_FIELDS])
      expect(ids(html)).toContain('mail-notices')
    })

    it('shows the mail text in an empty <pre> that the script fills with text, never an HTML container', () => {
      const pre = tags(html, 'pre')
      expect(pre.map((tag) => tag.attrs.id)).toEqual(['mail-text'])
      expect(elementById(html, 'mail-text')).toBe('<pre class="case-text case-mail__text" id="mail-text">')
      expect(tags(html, 'iframe')).toEqual([])
      // It wraps: the sender's line breaks are kept, long lines and words are broken at the page's width.
      expect(stylesheet).toMatch(
        /\.case-text,\n\.messages__text \{\n {2}white-space: pre-wrap;\n {2}overflow-wrap: anywhere;/,
      )
    })

    it('has an attachments list, hidden until there are attachments', () => {
      const block = tags(html, 'section').find((tag) => tag.attrs.id === 'case-attachments-block')
      expect(block?.attrs).toHaveProperty('hidden')
      expect(block?.attrs['aria-labelledby']).toBe('attachments-title')
      expect(tags(html, 'ul').find((tag) => tag.attrs.id === 'case-attachments')?.attrs['aria-describedby']).toBe(
        'attachments-hint',
      )
    })

    it('marks the web-only facts, which a mail case hides', () => {
      const marked = tags(html, 'div')
        .filter((tag) => 'data-submission' in tag.attrs)
        .map((tag) => tag.attrs['data-fact-row'])
      expect(marked).toEqual([...SUBMISSION_FACTS])
      expect(marked).not.toContain('topic')
      expect(marked).not.toContain('sector')
    })

    it('classifies with one labelled select per field of the API, each starting with "ongewijzigd"', () => {
      const form = elementById(html, 'classify-form') ?? ''
      expect(Object.keys(CLASSIFY_FIELDS)).toEqual(['topic', 'urgency', 'requesterType', 'sector'])
      const selects = tags(form, 'select')
      expect(selects.map((tag) => tag.attrs.name)).toEqual(['topic', 'urgency', 'requesterType', 'sector'])
      const labels = new Map(
        [...form.matchAll(/<label class="field__label" for="([^"]+)">([^<]+)<\/label>/g)].map((match) => [
          match[1],
          match[2],
        ]),
      )
      expect(selects.map((tag) => labels.get(tag.attrs.id ?? ''))).toEqual([
        'Onderwerp',
        'Urgentie',
        'Melder',
        'Sector',
      ])
      expect(optionValues(html, 'classify-topic')).toEqual(['', ...TOPICS])
      expect(optionValues(html, 'classify-urgency')).toEqual(['', 'normal', 'urgent'])
      expect(optionValues(html, 'classify-requesterType')).toEqual(['', ...REQUESTER_TYPES])
      expect(optionValues(html, 'classify-sector')).toEqual(['', ...SECTORS])
      for (const id of ['classify-topic', 'classify-urgency', 'classify-requesterType', 'classify-sector']) {
        expect(elementById(html, id), id).toMatch(/<option value="">ongewijzigd<\/option>/)
      }
      expect(elementById(html, 'classify-topic')).toContain('>Algemene vraag</option>')
      expect(elementById(html, 'classify-sector')).toContain('>Onderwijs</option>')
    })

    it('groups the classify selects in a fieldset where "choose at least one" lands', () => {
      const fieldset = tags(html, 'fieldset').find((tag) => tag.attrs['data-field'] === '_body')
      expect(fieldset?.attrs['aria-describedby']).toBe('classify-hint')
      expect(elementById(html, 'classify-form')).toContain(
        '<legend class="group__legend">Wat wilt u wijzigen?</legend>',
      )
    })

    it('names where a reply goes', () => {
      expect(tags(html, 'p').find((tag) => tag.attrs.id === 'reply-to')?.attrs).toHaveProperty('hidden')
    })

    it('says in Dutch why no automatic acknowledgement went, for every reason the filing code gives', () => {
      const filing = readFileSync(new URL('../../../functions/core/mail/file-message.ts', import.meta.url), 'utf8')
      const refusal = /async function autoReplyRefusal[\s\S]*?\n}\n/.exec(filing)?.[0] ?? ''
      const reasons = new Set([
        ...[...refusal.matchAll(/return '([a-z-]+)'/g)].map((match) => match[1]),
        ...[...filing.matchAll(/noAutoReply: '([a-z-]+)'/g)].map((match) => match[1]),
      ])
      expect(reasons.size).toBeGreaterThanOrEqual(5)
      const labels = SCRIPT_COPY.noAutoReply as Record<string, string>
      for (const reason of reasons) expect(labels[reason ?? ''], reason).toEqual(expect.any(String))
      for (const reason of ['auto-submitted', 'x-autoreply', 'delivery-report', 'system-sender', 'list']) {
        expect(labels[reason], reason).toEqual(expect.any(String))
      }
    })
  })

  describe('phone intake (/advisor/phone/)', () => {
    const html = renderPhoneIntakePage()

    it('asks for the web form fields (no honeypot), with the same vocabularies', () => {
      const names = new Set(controls(html).map((tag) => tag.attrs.name))
      expect([...names].sort()).toEqual(
        [
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
        ].sort(),
      )
      expect(inputValues(html, 'requesterType')).toEqual([...REQUESTER_TYPES])
      expect(inputValues(html, 'sector')).toEqual([...SECTORS])
      expect(inputValues(html, 'topic')).toEqual([...TOPICS])
      expect(inputValues(html, 'signals')).toEqual([...SIGNALS])
      expect(optionValues(html, 'ideology')).toEqual(['', ...IDEOLOGIES])
      expect(inputValues(html, 'language')).toEqual(['nl', 'en'])
    })

    it('never falls back to a GET that would put the call in the address bar', () => {
      expect(tags(html, 'form')[0]?.attrs).toMatchObject({ method: 'post', action: '/api/advisor/cases' })
    })

    it('has one h1', () => {
      expect(tags(html, 'h1')).toHaveLength(1)
    })
  })

  describe('statistics (/advisor/stats/)', () => {
    const html = renderStatisticsPage()

    it('asks for the period as two date fields in a GET form, the API’s field names', () => {
      const form = tags(html, 'form')[0]
      expect(form?.attrs).toMatchObject({ method: 'get', action: '/advisor/stats/' })
      expect(controls(html).map((tag) => [tag.attrs.name, tag.attrs.type])).toEqual([
        ['from', 'date'],
        ['to', 'date'],
      ])
      expect(
        tags(html)
          .filter((tag) => tag.attrs['data-field'])
          .map((tag) => tag.attrs['data-field']),
      ).toEqual(['from', 'to'])
    })

    it('has a place for each chart, a captioned table beside each, and both CSV downloads', () => {
      expect(elementById(html, 'stats-volume-chart')).toBeDefined()
      expect(elementById(html, 'stats-deadlines-chart')).toBeDefined()
      expect(tags(html, 'caption').length).toBe(2)
      expect(tags(html, 'button').map((tag) => [tag.attrs.id, tag.attrs['data-publish']])).toEqual([
        ['sign-out', undefined],
        [undefined, undefined],
        ['stats-download', 'false'],
        ['stats-download-published', 'true'],
        ['stats-download-excel', 'false'],
        ['stats-download-excel-published', 'true'],
      ])
    })

    it('is linked from the workspace navigation on every page, marked as the current page here only', () => {
      for (const page of PAGES) {
        const link = tags(page.html, 'a').find((tag) => tag.attrs.href === '/advisor/stats/')
        expect(link, page.name).toBeDefined()
        expect(link?.attrs['aria-current'], page.name).toBe(page.name === 'statistics' ? 'page' : undefined)
      }
    })

    it('hands the script a label for every dimension, and for every bucket of an absent value', () => {
      const copy = scriptCopy(html).statistics as { dimensions: object; buckets: object }
      expect(Object.keys(copy.dimensions).sort()).toEqual([
        'channel',
        'ideology',
        'outcome',
        'requesterType',
        'sector',
        'signals',
        'topic',
        'urgency',
      ])
      expect(Object.keys(copy.buckets).sort()).toEqual(['none', 'not-given', 'open', 'unclassified'])
    })
  })

  describe('site', () => {
    it('publishes the four workspace pages with the public ones', () => {
      const paths = sitePages().map((page) => page.path)
      for (const page of advisorPages()) expect(paths).toContain(page.path)
      expect(advisorPages().map((page) => page.path)).toEqual(PAGES.map((page) => page.path))
    })
  })
})
