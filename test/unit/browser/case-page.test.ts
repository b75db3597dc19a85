// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { ADVISOR_ACTION_NAMES, type AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { mailCase, webCase } from './fixtures.ts'
import { loadPage } from './page.ts'

const SECTION: Record<AdvisorActionName, string> = {
  acknowledge: 'acknowledge-block',
  replies: 'reply-block',
  'no-reply-needed': 'no-reply-needed-block',
  notes: 'note-block',
  assign: 'assign-block',
  pause: 'pause-block',
  resume: 'resume-block',
  close: 'close-block',
  classify: 'classify-block',
  reminders: 'reminder-block',
}

async function showCase(data: ReturnType<typeof webCase>) {
  const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
  renderCase(data)
}

const visible = (id: string) => {
  const element = document.getElementById(id)
  expect(element, id).not.toBeNull()
  return !element?.hidden
}
const text = (id: string) => document.getElementById(id)?.textContent ?? ''

describe('Workspace: the case page', () => {
  beforeEach(() => loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD'))

  describe('shows exactly the actions the server allows', () => {
    it.each(ADVISOR_ACTION_NAMES.map((action) => [action]))(
      'shows %s alone when it alone is allowed',
      async (action) => {
        await showCase(webCase({}, [action]))
        for (const other of ADVISOR_ACTION_NAMES) expect(visible(SECTION[other]), other).toBe(other === action)
      },
    )

    it('shows every action the server allows, and no other', async () => {
      await showCase(webCase({}, ['acknowledge', 'replies', 'notes', 'assign', 'pause', 'close', 'classify']))
      const shown = ADVISOR_ACTION_NAMES.filter((action) => visible(SECTION[action]))
      expect(shown).toEqual(['acknowledge', 'replies', 'notes', 'assign', 'pause', 'close', 'classify'])
    })

    it('follows the server, not the status or the pause: a paused case the server lets pause shows pause', async () => {
      const paused = { since: '2026-12-05T09:00:00.000Z', reason: 'wacht op school', by: 'adv-01' }
      await showCase(webCase({ status: 'acknowledged', pause: paused }, ['notes', 'pause']))
      expect(visible('pause-block')).toBe(true)
      expect(visible('resume-block')).toBe(false)
      expect(visible('acknowledge-block')).toBe(false)
    })

    it('shows a closed case with only what the server allows (notes)', async () => {
      await showCase(webCase({ status: 'closed', outcome: 'advice-given' }, ['notes']))
      for (const action of ADVISOR_ACTION_NAMES) expect(visible(SECTION[action]), action).toBe(action === 'notes')
      expect(text('case-closed')).toBe('Deze melding is gesloten (Advies gegeven).')
      expect(visible('reply-unavailable')).toBe(false)
    })

    it('shows no action when the answer names none', async () => {
      const data = webCase()
      delete data.allowedActions
      await showCase(data)
      for (const action of ADVISOR_ACTION_NAMES) expect(visible(SECTION[action]), action).toBe(false)
    })

    it('reads allowedActions inside the case as well', async () => {
      const data = webCase({ allowedActions: ['notes', 'resume'] })
      delete data.allowedActions
      await showCase(data)
      expect(ADVISOR_ACTION_NAMES.filter((action) => visible(SECTION[action]))).toEqual(['notes', 'resume'])
    })
  })

  describe('the reply', () => {
    it('says where the answer goes', async () => {
      await showCase(webCase())
      expect(text('reply-to')).toBe('Het antwoord gaat naar j.de.vries@school.example.nl.')
      expect((document.getElementById('reply-text') as HTMLTextAreaElement).disabled).toBe(false)
      expect(visible('reply-unavailable')).toBe(false)
    })

    it('says an anonymous requester reads it in the follow-up box', async () => {
      await showCase(webCase({ anonymous: true, email: undefined, name: undefined, followUpBox: true }))
      expect(text('reply-to')).toMatch(/^De melder is anoniem: het antwoord komt in de ontvangstbus/)
    })

    it('without an address or a box, offers phone alone and says to call them and write down what was said', async () => {
      await showCase(webCase({ email: undefined, phone: '010 123 4567' }))
      expect(visible('reply-block')).toBe(true)
      expect(visible('reply-unavailable')).toBe(true)
      expect(text('reply-unavailable')).toBe(
        'De melder heeft geen e-mailadres en geen ontvangstbus: u antwoordt per telefoon. Bel de melder en schrijf hieronder op wat u zei; dan stopt de termijn voor antwoorden. Telefoonnummer van de melder: 010 123 4567.',
      )
      const offered = [...document.querySelectorAll<HTMLInputElement>('#reply-via input[name="via"]')]
        .filter((radio) => !radio.closest<HTMLElement>('.choice')?.hidden)
        .map((radio) => [radio.value, radio.checked])
      expect(offered).toEqual([['phone', true]])
      const reply = document.getElementById('reply-text') as HTMLTextAreaElement
      expect(reply.disabled).toBe(false)
      expect(reply.getAttribute('aria-describedby')).toContain('reply-unavailable')
      expect(text('reply-to')).toBe(
        'U belt de melder en schrijft hier op wat u zei. Er gaat niets naar de melder; de termijn voor antwoorden stopt. Telefoonnummer van de melder: 010 123 4567.',
      )
    })

    it('offers mail (checked) and phone to a requester with an address, and says where each goes', async () => {
      await showCase(webCase())
      const radios = [...document.querySelectorAll<HTMLInputElement>('#reply-via input[name="via"]')]
      const offered = radios
        .filter((radio) => !radio.closest<HTMLElement>('.choice')?.hidden)
        .map((radio) => [radio.value, radio.checked])
      expect(offered).toEqual([
        ['mail', true],
        ['phone', false],
      ])
      const phone = radios.find((radio) => radio.value === 'phone') as HTMLInputElement
      phone.checked = true
      phone.dispatchEvent(new Event('change', { bubbles: true }))
      expect(text('reply-to')).toMatch(/^U belt de melder en schrijft hier op wat u zei\./)
      expect(visible('reply-unavailable')).toBe(false)
    })

    it('offers the follow-up box (checked) and phone to an anonymous web requester', async () => {
      await showCase(webCase({ anonymous: true, email: undefined, name: undefined, followUpBox: true }))
      const offered = [...document.querySelectorAll<HTMLInputElement>('#reply-via input[name="via"]')]
        .filter((radio) => !radio.closest<HTMLElement>('.choice')?.hidden)
        .map((radio) => [radio.value, radio.checked])
      expect(offered).toEqual([
        ['follow-up', true],
        ['phone', false],
      ])
    })
  })

  describe('shows what people wrote as text', () => {
    it('never parses a description as HTML', async () => {
      const description = 'Dreigt <img src=x onerror=alert(1)> & <script>alert(2)</script>'
      await showCase(webCase({ description }))
      expect(text('case-description')).toBe(description)
      expect(document.querySelector('#case-view img, #case-view script')).toBeNull()
    })

    it('shows a mail by its text, never by its sanitised HTML', async () => {
      await showCase(mailCase({ text: 'Tekst van de mail', html: '<p>HTML-DEEL</p>' }))
      expect(visible('case-mail')).toBe(true)
      expect(text('mail-text')).toBe('Tekst van de mail')
      expect(document.body.textContent).not.toContain('HTML-DEEL')
      expect(document.getElementById('mail-text')?.children).toHaveLength(0)
    })

    it('shows each bidirectional control in the description, mail, messages and notes visibly', async () => {
      const spoof = 'Betaal \u202Efdp.exe\u202C nu \u2066x\u2069 \u200E\u200F\u061C'
      const shown = 'Betaal ⟨U+202E⟩fdp.exe⟨U+202C⟩ nu ⟨U+2066⟩x⟨U+2069⟩ ⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩'
      await showCase(
        webCase({
          description: spoof,
          messages: [
            { id: 'm1', kind: 'note', author: 'advisor', advisorId: 'adv-01', text: spoof, at: '2026-12-04T16:00:00Z' },
            {
              id: 'm2',
              kind: 'reply',
              author: 'advisor',
              advisorId: 'adv-01',
              text: spoof,
              at: '2026-12-04T16:01:00Z',
            },
            { id: 'm3', kind: 'follow-up', author: 'requester', text: spoof, at: '2026-12-04T16:02:00Z' },
          ],
          pause: { since: '2026-12-05T09:00:00.000Z', reason: spoof, by: 'adv-01' },
        }),
      )
      expect(text('case-description')).toBe(shown)
      const messages = Array.from(
        document.querySelectorAll('#case-messages .messages__text'),
        (item) => item.textContent,
      )
      expect(messages).toEqual([shown, shown, shown])
      expect(document.querySelector('.case-pause__reason')?.textContent).toBe(shown)
      expect(document.getElementById('case-view')?.textContent).not.toMatch(
        /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/,
      )

      loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
      await showCase(
        mailCase(
          { text: spoof },
          {
            messages: [
              {
                id: 'm4',
                kind: 'mail',
                author: 'requester',
                text: spoof,
                at: '2026-12-04T16:03:00Z',
                mail: { subject: 'Re', to: [], cc: [], attachments: [], verdicts: {} },
              },
            ],
          },
        ),
      )
      expect(text('mail-text')).toBe(shown)
      expect(document.querySelector('#case-messages .messages__text')?.textContent).toBe(shown)
    })

    it('keeps right-to-left text itself (only the controls are shown)', async () => {
      await showCase(webCase({ description: 'مرحبا שלום' }))
      expect(text('case-description')).toBe('مرحبا שלום')
    })
  })

  it('fills every part of the case with the copy the page hands over (no text missing)', async () => {
    await showCase(
      mailCase(
        {
          quarantined: true,
          verdicts: { spam: 'FAIL' },
          noAutoReply: 'automatic',
          attachments: [{ id: 'a1', name: 'brief.pdf', type: 'application/pdf', size: 2048 }],
        },
        {
          breaches: [{ clock: 'acknowledge', dueAt: '2026-12-04T16:30:00Z', recordedAt: '2026-12-04T16:31:00Z' }],
          attachments: [{ id: 'a1', name: 'brief.pdf', type: 'application/pdf', size: 2048, href: '/x' }],
          events: [
            {
              id: 'e1',
              at: '2026-12-04T15:30:00Z',
              type: 'assigned',
              advisorId: 'adv-02',
              detail: { from: 'adv-01', by: 'adv-01' },
            },
            {
              id: 'e2',
              at: '2026-12-04T15:31:00Z',
              type: 'classified',
              advisorId: 'adv-01',
              detail: { topic: 'case', urgency: 'urgent' },
            },
            {
              id: 'e3',
              at: '2026-12-04T15:32:00Z',
              type: 'attachment-downloaded',
              advisorId: 'adv-01',
              detail: { attachmentId: 'a1' },
            },
            {
              id: 'e4',
              at: '2026-12-04T15:33:00Z',
              type: 'paused',
              advisorId: 'adv-01',
              detail: { until: '2026-12-08T09:00:00Z' },
            },
            {
              id: 'e5',
              at: '2026-12-04T15:34:00Z',
              type: 'closed',
              advisorId: 'adv-01',
              detail: { outcome: 'referred' },
            },
          ],
        },
      ),
    )
    const page = document.getElementById('case-view')?.textContent ?? ''
    expect(page).not.toMatch(/undefined|null|\{\w+\}/)
    expect(text('case-reference')).toBe('MAR-7K2P-9QXD')
    expect(document.title).toBe('Melding MAR-7K2P-9QXD – MAR-werkplek')
    expect(text('case-events')).toContain('aan Marloes Kuipers · was Anouk Verbeek (u) · door Anouk Verbeek (u)')
    expect(text('case-events')).toContain('bijlage: brief.pdf')
    expect(text('case-attachments')).toContain('achtergehouden')
    expect(text('mail-notices')).toContain('De spamfilter houdt dit bericht voor spam.')
    expect(text('case-breaches')).toMatch(/^Ontvangst bevestigen: termijn van /)
  })
})
