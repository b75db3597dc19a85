// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { renderCaseDetailPage } from '../../../functions/views/advisor/index.ts'
import { mailCase } from './fixtures.ts'
import { loadPage } from './page.ts'

async function showCase(data: ReturnType<typeof mailCase>) {
  const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
  renderCase(data)
}
const notices = () => document.getElementById('mail-notices')?.textContent ?? ''

describe('Workspace: a mail whose sender SES could not authenticate', () => {
  beforeEach(() => loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD'))

  it('warns plainly, links the case it names, and shows the envelope sender that differs from From', async () => {
    await showCase(
      mailCase(
        { returnPath: 'bounce@lists.example.net', noAutoReply: 'unverified-sender' },
        { unverifiedSender: true, relatedTo: 'MAR-AAAA-BBBB' },
      ),
    )
    expect(notices()).toContain('de afzender van dit bericht is niet echt bevestigd')
    expect(notices()).toContain('Afzender volgens de mailserver (Return-Path): bounce@lists.example.net')
    expect(notices()).toContain('Dit bericht noemt melding: MAR-AAAA-BBBB')
    expect(notices()).not.toContain('gesloten melding')
    expect(document.querySelector('#mail-notices a')?.getAttribute('href')).toBe('/advisor/cases/MAR-AAAA-BBBB')
  })

  it('says nothing of the kind for an authenticated mail whose envelope sender is its From', async () => {
    await showCase(mailCase({ returnPath: 'burger@example.nl' }))
    expect(notices()).not.toContain('niet echt bevestigd')
    expect(notices()).not.toContain('Return-Path')
  })
})
