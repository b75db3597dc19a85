import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseInboundMessage } from '../../../../functions/adapters/mime/parse-message.ts'
import { type InboundMessage, UnreadableMessageError } from '../../../../functions/core/mail/inbound-mail.ts'

const FIXTURES = new URL('../../../fixtures/mail/real/', import.meta.url)
const PASS = { spam: 'PASS', virus: 'PASS' }
/** The real fixtures carry SES's `Authentication-Results: amazonses.com; spf=pass …; dkim=pass …` on top. */
const SES_AUTHENTICATED = { ...PASS, spf: 'PASS', dkim: 'PASS' }
const MAR = { address: 'mar_bsd@rotterdam.nl' }

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)))
}

async function parse(name: string, envelope?: { returnPath?: string }): Promise<InboundMessage> {
  return parseInboundMessage(fixture(name), envelope)
}

/** The message with each attachment's content replaced by its first bytes as text (enough to recognise it). */
function withoutContent(message: InboundMessage) {
  return {
    ...message,
    attachments: message.attachments.map(({ content, ...attachment }) => ({
      ...attachment,
      starts: Buffer.from(content.subarray(0, 8)).toString('latin1'),
    })),
  }
}

function message(lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)
}

describe('Use case: read a real-world mail', { timeout: 5_000 }, () => {
  it('reads an Outlook mail: the plain alternative, sanitised HTML, winmail.dat, nothing of Received or the IP', async () => {
    const parsed = await parse('outlook-alternative-winmail.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: 'AM0PR07MB6100A1B2C3D4E5F6A7B8C9D0E1F2A3B4@AM0PR07MB6100.eurprd07.prod.outlook.com',
      inReplyTo: [],
      references: [],
      from: { address: 'p.jansen@voorbeeldcollege.nl', name: 'Jansen, Petra' },
      returnPath: 'p.jansen@voorbeeldcollege.nl',
      to: [{ address: 'mar_bsd@rotterdam.nl', name: 'MAR Rotterdam' }],
      cc: [],
      date: '2026-12-03T09:14:05.000Z',
      subject: 'Zorgen over een leerling',
      text:
        'Goedemorgen,\n\nIk ben mentor op het Voorbeeldcollege. Een leerling uit 4 havo deelt de laatste weken ' +
        'filmpjes in de klassenapp die geweld verheerlijken. Kunnen we hierover sparren?\n\nMet vriendelijke groet,' +
        '\n\nPetra Jansen\nMentor 4 havo | Voorbeeldcollege',
      html: expect.stringContaining('<p><b>Petra Jansen</b><br />Mentor 4 havo | Voorbeeldcollege</p>'),
      attachments: [
        { id: 'a1', name: 'winmail.dat', type: 'application/ms-tnef', size: 516, starts: 'x\x9F>"\x00\x01\x02\x03' },
      ],
      size: 4577,
      verdicts: SES_AUTHENTICATED,
    })
    expect(parsed.html).not.toMatch(/style|class=|<o:p|MsoNormal|font-face/)
    expect(JSON.stringify(withoutContent(parsed))).not.toMatch(/145\.97\.12\.201|209\.85\.218\.44|Received|mail-ej1/)
  })

  it('reads a Gmail reply: quoted history kept in the text, In-Reply-To and the folded References as ids', async () => {
    const parsed = await parse('gmail-reply-quoted.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: 'CAJx9k4YbQ+5tE2P=reply-1@mail.gmail.com',
      inReplyTo: ['0102019384f1c0de-5d1f2a3b-aaaa-bbbb-cccc-000011112222-000000@eu-west-1.amazonses.com'],
      references: [
        'CAF=rotterdam-first-contact@mail.gmail.com',
        '0102019384f1c0de-5d1f2a3b-aaaa-bbbb-cccc-000011112222-000000@eu-west-1.amazonses.com',
      ],
      from: { address: 'samira.elamrani@gmail.com', name: 'Samira El Amrani' },
      returnPath: 'samira.elamrani@gmail.com',
      to: [{ address: 'mar_bsd@rotterdam.nl', name: 'MAR Rotterdam' }],
      cc: [],
      date: '2026-12-03T09:14:09.000Z',
      subject: 'Re: [MAR-7K3P-Q9XA] Uw melding is ontvangen',
      text: expect.stringMatching(/^Dank voor uw snelle reactie\. Hij heeft gisteren weer iets gedeeld/),
      html: expect.stringContaining('<blockquote>Beste Samira,<br />'),
      attachments: [],
      size: 3349,
      verdicts: SES_AUTHENTICATED,
    })
    expect(parsed.text).toContain(
      'Groet, Samira\n\nOp do 3 dec 2026 om 10:30 schreef MAR Rotterdam <mar_bsd@rotterdam.nl>:',
    )
    expect(parsed.text).toContain('> Dank voor uw bericht. Wij hebben het ontvangen onder nummer MAR-7K3P-Q9XA.')
    expect(parsed.html).toContain(
      '<a href="mailto:mar_bsd@rotterdam.nl" rel="noopener noreferrer nofollow">mar_bsd@rotterdam.nl</a>',
    )
    expect(parsed.html).not.toMatch(/class=|style=|dir=/)
  })

  it('reads an Apple Mail message with an inline image: the image is an attachment, not in the HTML', async () => {
    const parsed = await parse('apple-mail-related-inline-image.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: '5C3B1A2D-9E8F-4D7C-B6A5-0F1E2D3C4B5A@icloud.com',
      inReplyTo: [],
      references: [],
      from: { address: 'j.de.vries@icloud.com', name: 'Jeroen de Vries' },
      returnPath: 'j.de.vries@icloud.com',
      to: [MAR],
      cc: [],
      date: '2026-12-04T15:02:11.000Z',
      subject: 'Foto van de tekst op de muur',
      text:
        'Hallo,\n\nDeze tekst stond vanochtend op de muur bij het buurthuis. Ik weet niet wie het gedaan heeft.' +
        '\n\nGroet,\nJeroen',
      html: expect.stringContaining('<div>Deze tekst stond vanochtend op de muur bij het buurthuis.'),
      attachments: [{ id: 'a1', name: 'IMG_4821.png', type: 'image/png', size: 70, starts: '\x89PNG\r\n\x1A\n' }],
      size: 2018,
      verdicts: PASS,
    })
    expect(parsed.html).not.toMatch(/<img|cid:/)
  })

  it('reads a forwarded message/rfc822: kept as an .eml, its text under a header block, its PDF listed after it', async () => {
    const parsed = await parse('forwarded-inline-rfc822.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: 'fwd-1@ziggo.example',
      inReplyTo: [],
      references: [],
      from: { address: 'w.bakker@ziggo.example', name: 'Wim Bakker' },
      returnPath: 'w.bakker@ziggo.example',
      to: [MAR],
      cc: [],
      date: '2026-12-03T07:45:00.000Z',
      subject: 'Fwd: Wakker worden!',
      text: [
        'Deze mail kreeg de klassenouder gisteren. Zie het doorgestuurde bericht.',
        '',
        '---------- Doorgestuurd bericht / Forwarded message ----------',
        'Van / From: Onbekende Afzender <anoniem1234@protonmail.example>',
        'Datum / Date: 2026-12-02T19:00:41.000Z',
        'Onderwerp / Subject: Wakker worden!',
        'Aan / To: ouders-4havo@voorbeeldcollege.nl',
        '',
        'Lees dit pamflet en deel het met iedereen die het moet weten.',
      ].join('\n'),
      attachments: [
        { id: 'a1', name: 'bijlage-1.eml', type: 'message/rfc822', size: 919, starts: 'Received' },
        { id: 'a2', name: 'pamflet.pdf', type: 'application/pdf', size: 142, starts: '%PDF-1.4' },
      ],
      size: 2173,
      verdicts: SES_AUTHENTICATED,
    })
    const eml = new TextDecoder().decode(parsed.attachments[0]?.content)
    expect(eml).toContain('Message-ID: <inner-forwarded-1@protonmail.example>')
  })

  it('keeps a message/rfc822 marked as attachment as its named .eml, without reading it into the text', async () => {
    const parsed = await parse('forwarded-as-attachment.eml')

    expect(parsed.text).toBe('Nog een bericht, als bijlage.')
    expect(withoutContent(parsed).attachments).toEqual([
      { id: 'a1', name: 'Wat ik je zei.eml', type: 'message/rfc822', size: 256, starts: 'From: Ja' },
    ])
    expect(parsed.automatic).toBeUndefined()
  })

  it('reads a Thunderbird reply: flowed text joined, quoted history, both References, the Cc lower-cased', async () => {
    const parsed = await parse('thunderbird-reply-flowed.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: '3f9e1c2a-7b6d-4e5f-9a8b-1c2d3e4f5a6b@wijkteam.example',
      inReplyTo: ['advisor-answer-1@eu-west-1.amazonses.com'],
      references: ['first-ack@eu-west-1.amazonses.com', 'advisor-answer-1@eu-west-1.amazonses.com'],
      from: { address: 'karin@wijkteam.example', name: 'Karin Visser' },
      returnPath: 'karin@wijkteam.example',
      to: [{ address: 'mar_bsd@rotterdam.nl', name: 'MAR Rotterdam' }],
      cc: [{ address: 'teamleider@wijkteam.example', name: 'Teamleider Wijkteam' }],
      date: '2026-12-04T14:31:20.000Z',
      subject: 'Re: Uw vraag aan MAR [MAR-ABCD-EFGH]',
      text: expect.stringContaining(
        'Zoals afgesproken stuur ik de namen van de twee leerlingen niet per mail; ik bel morgen.',
      ),
      attachments: [],
      size: 1709,
      verdicts: SES_AUTHENTICATED,
    })
    expect(parsed.text).toMatch(/Op 04-12-2026 om 11:02 schreef MAR Rotterdam:\n> Beste Karin,\n>\n> Wilt u ons/)
  })

  it('makes HTML-only mail readable: link text only, no images, scripts, styles or tracking URLs', async () => {
    const parsed = await parse('html-only-tracking.eml')

    expect(parsed.text).toBe(
      'Een melding\n\nEen lezer stuurde ons een zorgwekkend filmpje van het schoolplein.\n\n\n\n' +
        'Bekijk het artikel: Lees meer of klik hier.\n\nReacties',
    )
    expect(parsed.subject).toBe('Tip voor de redactie: filmpje op school')
    expect(parsed.attachments).toEqual([])
    expect(parsed.automatic).toBeUndefined()
    expect(parsed.html).toBe(
      [
        '<h1>Een melding</h1>',
        '<p>Een lezer stuurde ons een <b>zorgwekkend</b> filmpje van het schoolplein.</p>',
        '<p></p>',
        '<p>Bekijk het artikel: <a href="https://click.buurtblad.example/track/abc" rel="noopener noreferrer nofollow">Lees meer</a>',
        'of <a>klik hier</a>.</p>',
        '<p><a href="https://www.buurtblad.example/artikel/schoolplein" rel="noopener noreferrer nofollow">Reacties</a></p>',
      ].join('\n'),
    )
    const everything = JSON.stringify(parsed)
    for (const kept of ['tracker.example', 'uid=9f8e7d', 'campaign', 'evil.example', 'schoolplein.jpg', 'alert']) {
      expect(everything).not.toContain(kept)
    }
  })

  it('decodes ISO-8859-1 quoted-printable and encoded-words (a Windows-1252 dash in the label read as one)', async () => {
    const parsed = await parse('iso-8859-1-quoted-printable.eml')

    expect(parsed.subject).toBe('Zorgen om mijn zoon – wie kan helpen?')
    expect(parsed.from).toEqual({ address: 'mueller.celik@kpnmail.example', name: 'Müller-Çelik' })
    expect(parsed.text).toContain('dat "één dag" alles anders wordt. Ik ben erg ongerust')
    expect(parsed.text.endsWith('Met vriendelijke groet,\nMw. Müller-Çelik')).toBe(true)
    expect(parsed).toMatchObject({ messageId: 'iso-1@kpnmail.example', date: '2026-12-06T20:03:44.000Z', size: 1475 })
    expect(parsed.html).toBeUndefined()
  })

  it('decodes Windows-1252 8bit: curly quotes, dash, euro sign and ellipsis', async () => {
    const parsed = await parse('windows-1252-8bit.eml')

    expect(parsed.text).toBe(
      'Beste MAR,\n\nIn onze buurt worden flyers uitgedeeld met de tekst “Jullie tijd is voorbij” – ze kosten € 0,00 ' +
        'en liggen overal…\n\nGroet,\nAns',
    )
    expect(parsed).toMatchObject({ subject: 'Flyers in de buurt', from: { address: 'ans.peters@hetnet.example' } })
  })

  it('decodes base64 UTF-8 with Arabic and an emoji, and B-encoded-word headers', async () => {
    const parsed = await parse('base64-utf8-encoded-word.eml')

    expect(parsed.subject).toBe('Vraag over mijn broer 🙏 – مساعدة')
    expect(parsed.from).toEqual({ address: 'youssef.b@outlook.example', name: 'Youssef Benali – يوسف' })
    expect(parsed.text).toBe(
      "السلام عليكم،\n\nIk schrijf namens mijn moeder. Mijn broer praat steeds vaker over 'de enige ware weg' 🙏 " +
        'en wil naar het buitenland.\nKunnen wij met iemand praten?\n\nYoussef',
    )
  })

  it('lists attachments by safe name, lower-cased type and size, with their bytes', async () => {
    const parsed = await parse('attachments-pdf-docx-image.eml')

    expect(withoutContent(parsed).attachments).toEqual([
      { id: 'a1', name: 'verslag gesprek – december.pdf', type: 'application/pdf', size: 142, starts: '%PDF-1.4' },
      {
        id: 'a2',
        name: 'notities.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: 355,
        starts: 'PK\x03\x04\x14\x00\x06\x00',
      },
      { id: 'a3', name: 'IMG_2041.JPG', type: 'image/jpeg', size: 222, starts: '\xFF\xD8\xFF\xE0\x00\x10JF' },
    ])
    expect(parsed.text).toBe('In de bijlagen het verslag van het gesprek, mijn notities en een foto.')
  })

  it('keeps a calendar invitation as invite.ics attachments, the invitation text readable', async () => {
    const parsed = await parse('calendar-invite.eml')

    expect(withoutContent(parsed).attachments).toEqual([
      { id: 'a1', name: 'invite.ics', type: 'text/calendar', size: 655, starts: 'BEGIN:VC' },
      { id: 'a2', name: 'invite.ics', type: 'application/ics', size: 655, starts: 'BEGIN:VC' },
    ])
    expect(new TextDecoder().decode(parsed.attachments[0]?.content)).toContain(
      'SUMMARY:Voorlichting radicalisering voor jongerenwerkers',
    )
    expect(parsed.text).toBe(
      'Voorlichting radicalisering voor jongerenwerkers\nDonderdag 10 december 2026 14:00 - 15:30 (CET)\n' +
        'Wijkcentrum De Esch, Rotterdam',
    )
    expect(parsed.subject).toBe(
      'Uitnodiging: Voorlichting radicalisering voor jongerenwerkers @ do 10 dec 2026 14:00 - 15:30 (CET)',
    )
  })

  it('marks a delivery status report as automatic and keeps the returned message as an attachment only', async () => {
    const parsed = await parse('delivery-status-bounce.eml')

    expect(withoutContent(parsed)).toEqual({
      messageId: '0102019384f1c0de-bounce@eu-west-1.amazonses.com',
      inReplyTo: [],
      references: [],
      from: { address: 'mailer-daemon@eu-west-1.amazonses.com' },
      returnPath: '',
      to: [MAR],
      cc: [],
      date: '2026-12-03T10:30:05.000Z',
      subject: 'Delivery Status Notification (Failure)',
      text: 'An error occurred while trying to deliver the mail to the following recipients:\niemand@onbekend-domein.example',
      attachments: [
        { id: 'a1', name: 'bijlage-1.txt', type: 'message/delivery-status', size: 192, starts: 'Reportin' },
        { id: 'a2', name: 'bijlage-2.eml', type: 'message/rfc822', size: 287, starts: 'From: MA' },
      ],
      automatic: 'delivery-report',
      size: 1888,
      verdicts: SES_AUTHENTICATED,
    })
  })

  it('marks an out-of-office (Auto-Submitted: auto-replied) as automatic', async () => {
    const parsed = await parse('out-of-office-auto-replied.eml')

    expect(parsed).toMatchObject({
      automatic: 'auto-submitted',
      subject: 'Automatisch antwoord: [MAR-7K3P-Q9XA] Uw melding is ontvangen',
      inReplyTo: ['0102019384f1c0de-ack@eu-west-1.amazonses.com'],
      from: { address: 'h.devos@gemeente.example', name: 'de Vos, Hanneke' },
      text: 'Ik ben afwezig tot en met 14 december. Voor dringende zaken kunt u bellen met 14 010.',
      verdicts: PASS,
    })
  })

  it('marks mailing list mail (List-Id) as automatic', async () => {
    const parsed = await parse('mailing-list.eml')

    expect(parsed).toMatchObject({
      automatic: 'list',
      subject: '[Nieuwsbrief] Nieuwe handreiking polarisatie',
      returnPath: 'nieuwsbrief-bounces+mar_bsd=rotterdam.nl@lists.kennisplatform.example',
      text: 'Deze maand: een nieuwe handreiking over polarisatie in de klas.',
    })
  })

  it('marks mail from a no-reply sender as automatic', async () => {
    const parsed = await parse('noreply-sender.eml')

    expect(parsed).toMatchObject({
      automatic: 'system-sender',
      from: { address: 'no-reply@notificaties.gemeente.example', name: 'Gemeente Voorbeeld' },
      text: 'Dit bericht kunt u niet beantwoorden.',
    })
  })

  it('takes the return path from the envelope when it is given, over the Return-Path header', async () => {
    const fromEnvelope = await parse('gmail-reply-quoted.eml', { returnPath: '<Bounces+X@Gmail.COM>' })
    const nullEnvelope = await parse('gmail-reply-quoted.eml', { returnPath: '<>' })

    expect(fromEnvelope.returnPath).toBe('bounces+x@gmail.com')
    expect(fromEnvelope.automatic).toBeUndefined()
    expect(nullEnvelope).toMatchObject({ returnPath: '', automatic: 'empty-return-path' })
  })
})

describe('Use case: tell automatic mail from a person writing', { timeout: 5_000 }, () => {
  const person = ['From: Iemand <iemand@example.org>', 'To: mar_bsd@rotterdam.nl', 'Subject: Vraag']

  it.each([
    ['Auto-Submitted: auto-replied', 'auto-submitted'],
    ['Auto-Submitted: auto-generated; owner-email="x@example.org"', 'auto-submitted'],
    ['Auto-Submitted: AUTO-NOTIFIED', 'auto-submitted'],
    ['Precedence: bulk', 'precedence'],
    ['Precedence: junk', 'precedence'],
    ['Precedence: LIST', 'precedence'],
    ['List-Unsubscribe: <mailto:leave@example.org>', 'list'],
    ['List-Post: NO', 'list'],
    ['X-Autoreply: yes', 'x-autoreply'],
    ['X-Autorespond: Out of office', 'x-autoreply'],
    ['Content-Type: multipart/report; report-type=disposition-notification; boundary=x', 'delivery-report'],
  ])('%s → %s', async (header, reason) => {
    const parsed = await parseInboundMessage(message([...person, header, '', 'Tekst']))

    expect(parsed.automatic).toBe(reason)
  })

  it.each([
    ['MAILER-DAEMON@mx.example.org', 'system-sender'],
    ['postmaster@example.org', 'system-sender'],
    ['noreply@example.org', 'system-sender'],
    ['no-reply+tag@example.org', 'system-sender'],
    ['Do-Not-Reply@example.org', 'system-sender'],
    ['do_not_reply@example.org', 'system-sender'],
  ])('From %s → %s', async (from, reason) => {
    const parsed = await parseInboundMessage(message([`From: ${from}`, 'Subject: x', '', 'Tekst']))

    expect(parsed.automatic).toBe(reason)
  })

  it.each(['Message/Delivery-Status', 'message/disposition-notification', 'message/feedback-report'])(
    'a %s part → delivery-report',
    async (type) => {
      const parsed = await parseInboundMessage(
        message([
          ...person,
          'Content-Type: multipart/mixed; boundary="r"',
          '',
          '--r',
          'Content-Type: text/plain',
          '',
          'Report',
          '--r',
          `Content-Type: ${type}`,
          '',
          'Final-Recipient: rfc822; x@example.org',
          '--r--',
        ]),
      )

      expect(parsed.automatic).toBe('delivery-report')
    },
  )

  it('a null return path (Return-Path: <>) → empty-return-path', async () => {
    const parsed = await parseInboundMessage(message(['Return-Path: <>', ...person, '', 'Tekst']))

    expect(parsed).toMatchObject({ returnPath: '', automatic: 'empty-return-path' })
  })

  it('gives the first reason in the design’s order when there are several', async () => {
    const parsed = await parseInboundMessage(
      message([
        'Return-Path: <>',
        'From: noreply@example.org',
        'List-Id: <l.example.org>',
        'Precedence: bulk',
        '',
        'x',
      ]),
    )

    expect(parsed.automatic).toBe('precedence')
  })

  it.each([
    'Auto-Submitted: no',
    'Auto-Submitted: No (a person wrote this)',
    'Precedence: first-class',
    'X-List: not a List-* header',
    'Reply-To: noreply@example.org',
  ])('%s is a person writing', async (header) => {
    const parsed = await parseInboundMessage(message([...person, header, 'Return-Path: <iemand@example.org>', '', 'x']))

    expect(parsed.automatic).toBeUndefined()
  })

  it('a noreplyer@ or reply@ sender is a person writing', async () => {
    const noreplyer = await parseInboundMessage(message(['From: noreplyer@example.org', 'Subject: x', '', 'x']))
    const reply = await parseInboundMessage(message(['From: reply@example.org', 'Subject: x', '', 'x']))

    expect([noreplyer.automatic, reply.automatic]).toEqual([undefined, undefined])
  })
})

describe('Use case: read the SES verdicts', { timeout: 5_000 }, () => {
  it.each([
    [['X-SES-Spam-Verdict: PASS', 'X-SES-Virus-Verdict: FAIL'], { spam: 'PASS', virus: 'FAIL' }],
    [
      ['X-SES-Spam-Verdict: gray', 'X-SES-Virus-Verdict: PROCESSING_FAILED'],
      { spam: 'GRAY', virus: 'PROCESSING_FAILED' },
    ],
    [['X-SES-Virus-Verdict: maybe', 'X-SES-Spam-Verdict: '], {}],
    [[], {}],
  ])('%j → %j', async (headers, verdicts) => {
    const parsed = await parseInboundMessage(message([...headers, 'From: a@example.org', 'Subject: x', '', 'x']))

    expect(parsed.verdicts).toEqual(verdicts)
  })
})

describe('Use case: tell mail from bytes that are not mail', { timeout: 5_000 }, () => {
  it.each([
    ['empty input', ''],
    ['only line breaks', '\r\n\r\n\r\n'],
    ['a line of text', 'Hallo, dit is geen mail.'],
    ['a body without headers', '\r\nHallo, dit is geen mail.'],
    ['a lone header field without a body or addressing field', 'X-Foo: bar'],
    ['a header name with a space in it', 'Not A Header: value\r\n'],
  ])('refuses %s as unreadable', async (_, text) => {
    await expect(parseInboundMessage(new TextEncoder().encode(text))).rejects.toBeInstanceOf(UnreadableMessageError)
  })

  it('refuses binary that has no header field', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256 || 1)

    await expect(parseInboundMessage(bytes)).rejects.toBeInstanceOf(UnreadableMessageError)
  })

  it.each([
    ['a Subject line alone', 'Subject: alleen een onderwerp', { subject: 'alleen een onderwerp', text: '' }],
    ['a From line alone', 'From: a@example.org', { from: { address: 'a@example.org' }, text: '' }],
    ['any header field and a body', 'X-Foo: bar\r\n\r\nTekst', { subject: '', text: 'Tekst' }],
    ['a UTF-8 byte order mark before the headers', '\uFEFFSubject: met BOM\r\n\r\nTekst', { subject: 'met BOM' }],
  ])('reads %s as mail', async (_, text, expected) => {
    const parsed = await parseInboundMessage(new TextEncoder().encode(text))

    expect(parsed).toMatchObject(expected)
  })
})

describe('Use case: keep HTML only sanitised, and readable text without tracking', { timeout: 5_000 }, () => {
  function htmlMessage(html: string): Uint8Array {
    return message(['From: a@example.org', 'Subject: html', 'Content-Type: text/html; charset=utf-8', '', html])
  }

  it('keeps text structure, tables and links; drops what loads, runs, styles or submits', async () => {
    const parsed = await parseInboundMessage(
      htmlMessage(
        [
          '<!--[if mso]><p>mso only</p><![endif]--><base href="https://evil.example/">',
          '<meta http-equiv="refresh" content="0;url=https://evil.example"><link rel=stylesheet href=https://evil.example/x.css>',
          '<a href="JaVaScRiPt:alert(1)">a</a><a href=" javascript:alert(1)">b</a><a href="java&#x09;script:alert(1)">c</a>',
          '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a><a href="//evil.example/x">e</a>',
          '<a href="https://x.example/p?q=1#f">f</a><a href="mailto:a@example.org?subject=hi">g</a>',
          '<IMG SRC="https://x.example/i.png" onerror="alert(1)"><svg onload="alert(1)"><circle/></svg>',
          '<table><tr><td colspan="2" style="color:red" class="c" id="i">cel</td></tr></table>',
          '<p title="t" lang="nl" dir="rtl">p</p><object data="x.swf"></object><embed src="x.swf">',
          '<video src="v.mp4"></video><audio src="a.mp3"></audio><input value="i"><button>knop</button>',
        ].join(''),
      ),
    )

    expect(parsed.html).toBe(
      '<a>a</a><a>b</a><a>c</a><a>d</a><a>e</a>' +
        '<a href="https://x.example/p" rel="noopener noreferrer nofollow">f</a>' +
        '<a href="mailto:a@example.org" rel="noopener noreferrer nofollow">g</a>' +
        '<table><tr><td colspan="2">cel</td></tr></table><p>p</p>knop',
    )
    expect(parsed.text).toBe('abcdefg\ncel\n\np\n\nknop')
  })

  it('drops HTML that has nothing left once sanitised', async () => {
    const parsed = await parseInboundMessage(htmlMessage('<script>alert(1)</script><style>p{}</style><img src="x">'))

    expect(parsed.html).toBeUndefined()
    expect(parsed.text).toBe('')
  })

  it('keeps headings as written (no upper-casing) and puts table cells on lines of their own', async () => {
    const parsed = await parseInboundMessage(
      htmlMessage('<h2>Zorgen</h2><table><tr><th>Wie</th><td>Een leerling</td></tr></table>'),
    )

    expect(parsed.text).toBe('Zorgen\n\nWie\nEen leerling')
  })

  it('takes tracking links out of text postal-mime made of an HTML part beside a plain one', async () => {
    const parsed = await parseInboundMessage(
      message([
        'From: a@example.org',
        'Subject: gemengd',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Zie (https://www.youtube.com/watch?v=abc) hier.',
        '--b',
        'Content-Type: text/html',
        '',
        '<p>Lees <a href="https://t.example/c?u=1&amp;m=2">hier</a> en <a href="https://ok.example/pad">daar</a></p>',
        '--b--',
      ]),
    )

    expect(parsed.text).toBe(
      'Zie (https://www.youtube.com/watch?v=abc) hier.\n\n\nLees hier en (https://ok.example/pad) daar',
    )
  })
})
