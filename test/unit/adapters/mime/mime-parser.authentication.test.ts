import { describe, expect, it } from 'vitest'
import { parseInboundMessage } from '../../../../functions/adapters/mime/parse-message.ts'
import { senderUnverified } from '../../../../functions/core/mail/inbound-mail.ts'

const message = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)
const person = ['From: Melder <melder@example.org>', 'To: mar_bsd@rotterdam.nl', 'Subject: Vraag']

describe('Adapter: MIME parser — SES sender authentication and RFC 3834 suppression', () => {
  it('reads spf, dkim and dmarc from the Authentication-Results SES puts on top', async () => {
    const parsed = await parseInboundMessage(
      message([
        'Authentication-Results: amazonses.com; spf=fail (spfCheck: x) smtp.mailfrom=a@b; dkim=pass header.i=@b; dmarc=fail header.from=b',
        ...person,
        '',
        'Tekst',
      ]),
    )
    expect(parsed.verdicts).toMatchObject({ spf: 'FAIL', dkim: 'PASS', dmarc: 'FAIL' })
    expect(senderUnverified(parsed.verdicts)).toBe(true)
  })

  it('ignores a forged Authentication-Results below SES’s, and one that is not SES’s', async () => {
    const forgedBelow = await parseInboundMessage(
      message([
        'Authentication-Results: amazonses.com; spf=fail; dkim=fail; dmarc=fail',
        'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
        'X-SES-DMARC-Verdict: PASS',
        ...person,
        '',
        'Tekst',
      ]),
    )
    expect(forgedBelow.verdicts).toMatchObject({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' })
    const notSes = await parseInboundMessage(
      message(['Authentication-Results: mx.example.org; dmarc=pass', ...person, '', 'Tekst']),
    )
    expect(notSes.verdicts).not.toHaveProperty('dmarc')
  })

  it.each([
    [{ spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, false],
    [{ spf: 'FAIL', dkim: 'PASS', dmarc: 'PASS' }, false],
    [{ spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY' }, false],
    [{ spf: 'FAIL', dkim: 'FAIL', dmarc: 'GRAY' }, true],
    [{ spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' }, true],
    [{ spf: 'GRAY', dkim: 'GRAY', dmarc: 'GRAY' }, false],
  ])('judges %o unverified: %s', (verdicts, unverified) => {
    expect(senderUnverified(verdicts)).toBe(unverified)
  })

  it.each(['All', 'AutoReply', 'OOF', 'DR, RN, NRN, OOF, AutoReply'])(
    'marks X-Auto-Response-Suppress: %s as asking for no automatic answer',
    async (value) => {
      const parsed = await parseInboundMessage(message([`X-Auto-Response-Suppress: ${value}`, ...person, '', 'Tekst']))
      expect(parsed.suppressAutoResponse).toBe(true)
      expect(parsed).not.toHaveProperty('automatic')
    },
  )

  it('does not mark X-Auto-Response-Suppress: DR, RN (only receipts suppressed)', async () => {
    const parsed = await parseInboundMessage(message(['X-Auto-Response-Suppress: DR, RN', ...person, '', 'Tekst']))
    expect(parsed).not.toHaveProperty('suppressAutoResponse')
  })

  it('treats a bounce that names its failed recipients as a delivery report', async () => {
    const parsed = await parseInboundMessage(message(['X-Failed-Recipients: x@example.org', ...person, '', 'Tekst']))
    expect(parsed.automatic).toBe('delivery-report')
  })
})
