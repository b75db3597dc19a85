import { describe, expect, it } from 'vitest'
import { IMMEDIATE_DANGER_GUIDANCE } from '../../../functions/views/guidance.ts'
import { replyMail } from '../../../functions/views/mail/notifications.ts'
import { renderFollowUpPage } from '../../../functions/views/pages/follow-up.ts'

const signature = { name: 'Youssef', phone: '06 - 23 66 03 86' }

describe('View: the one signature under an answer', () => {
  it('ends a Dutch reply mail with the advisor’s first name, MAR and its phone, and no other sign-off', () => {
    const mail = replyMail({ reference: 'MAR-0000-0001', language: 'nl', text: 'Wij bellen u morgen.', signature })

    expect(mail.text).toBe(
      [
        'Wij bellen u morgen.',
        'U kunt op deze e-mail antwoorden. Laat het zaaknummer in de onderwerpregel staan.',
        IMMEDIATE_DANGER_GUIDANCE.nl,
        'Met vriendelijke groet,\nYoussef\nMeld- en Adviespunt Radicalisering, gemeente Rotterdam\nTelefoon: 06 - 23 66 03 86',
      ].join('\n\n'),
    )
    expect(mail.html).toContain(
      '<p>Met vriendelijke groet,<br>Youssef<br>Meld- en Adviespunt Radicalisering, gemeente Rotterdam<br>Telefoon: 06 - 23 66 03 86</p>\n</body>',
    )
  })

  it('ends an English reply mail with the English signature, once', () => {
    const mail = replyMail({ reference: 'MAR-0000-0001', language: 'en', text: 'We will call you.', signature })

    expect(
      mail.text.endsWith(
        '\n\nKind regards,\nYoussef\nMeld- en Adviespunt Radicalisering (Radicalisation Advice Point), City of Rotterdam\nPhone: 06 - 23 66 03 86',
      ),
    ).toBe(true)
    expect(mail.text.split('Kind regards').length - 1).toBe(1)
    expect(mail.text).not.toContain('Met vriendelijke groet')
  })

  it('signs an answer in the follow-up box on the page, in the page’s language, and nothing the requester wrote', () => {
    const page = renderFollowUpPage({
      lang: 'nl',
      conversation: {
        reference: 'MAR-0000-0001',
        receipt: 'AAAA-BBBB-CCCC-DDDD',
        status: 'answered',
        messages: [
          { author: 'requester', text: 'Mijn vraag', at: '2027-01-11T09:00:00.000Z' },
          { author: 'advisor', text: 'Ons antwoord', at: '2027-01-11T10:00:00.000Z', signature },
        ],
      },
    })

    expect(page.split('conversation__signature').length - 1).toBe(1)
    expect(page).toContain(
      '<p class="conversation__signature">Met vriendelijke groet,<br>Youssef<br>Meld- en Adviespunt Radicalisering, gemeente Rotterdam<br>Telefoon: 06 - 23 66 03 86</p>',
    )
  })
})
