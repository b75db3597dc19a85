import { describe, expect, it } from 'vitest'
import { devMailbox, devMailboxStyles } from '../../../local/dev-mailbox.ts'
import type { CapturedMail } from '../../../local/ses-engine.ts'
import { tags } from '../views/html-checks.ts'

const mail = (overrides: Partial<CapturedMail>): CapturedMail => ({
  id: 'm1',
  messageId: 'm1',
  from: 'mar_bsd@rotterdam.nl',
  to: ['ouder@example.nl'],
  cc: [],
  bcc: [],
  subject: '[MAR-7K3Q-9XDF] Uw vraag aan MAR is ontvangen',
  text: 'Zie http://127.0.0.1:3000/actions/abc',
  html: '<!doctype html><html><body><p>Hallo &amp; <b>welkom</b></p><script>alert(1)</script></body></html>',
  sentAt: '2026-12-01T10:00:00.000Z',
  headers: {},
  ...overrides,
})

describe('Dev mailbox page', () => {
  it('shows a mail’s HTML part in a sandboxed frame that can run nothing, its markup only as an attribute', async () => {
    const page = String((await devMailbox(async () => [mail({})])).body)
    const [frame] = tags(page, 'iframe')
    expect(frame?.attrs.sandbox).toBe('')
    expect(frame?.attrs.srcdoc).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(tags(page, 'script')).toEqual([])
    expect(page).toContain('<a href="http://127.0.0.1:3000/actions/abc">')
  })

  it('has no frame for a mail without an HTML part, and its own stylesheet from this origin', async () => {
    const page = String((await devMailbox(async () => [mail({ html: '' })])).body)
    expect(tags(page, 'iframe')).toEqual([])
    expect(tags(page, 'link').map((tag) => tag.attrs.href)).toContain('/_dev/mailbox.css')
    const styles = devMailboxStyles()
    expect(styles.contentType).toBe('text/css; charset=utf-8')
    // Long addresses and links wrap on a phone instead of widening the page.
    expect(String(styles.body)).toMatch(/\.mailbox__text \{[^}]*white-space: pre-wrap;[^}]*overflow-wrap: anywhere;/)
  })
})
