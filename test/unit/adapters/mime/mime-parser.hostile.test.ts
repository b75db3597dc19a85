import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH } from '../../../../functions/adapters/mime/limits.ts'
import { parseInboundMessage } from '../../../../functions/adapters/mime/parse-message.ts'
import { type InboundMessage, UnreadableMessageError } from '../../../../functions/core/mail/inbound-mail.ts'

const MAIL = new URL('../../../fixtures/mail/', import.meta.url)
const HOSTILE = new URL('hostile/', MAIL)

function fixture(name: string, folder = HOSTILE): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, folder)))
}

function crlf(text: string): Uint8Array {
  return new TextEncoder().encode(text.replace(/\r?\n/g, '\r\n'))
}

const HEAD = 'From: a@example.org\nTo: mar_bsd@rotterdam.nl\nSubject: stress\n'
const TRUNCATED = '[… tekst ingekort / text truncated]'

// biome-ignore lint/suspicious/noControlCharactersInRegex: the invariants look for control characters
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/
const NOT_ONE_LINE = /[\p{Cc}\p{Cf}\u2028\u2029]/u
/** Sanitised HTML escapes every `<` of text, so each `<` left opens a real tag: look inside tags only. */
const UNSAFE_HTML =
  /<\/?(script|style|img|iframe|svg|math|form|input|object|embed|link|meta|base)\b|<[a-z][^>]*(\s(on[a-z]+|style|src|srcset|class|id)\s*=|javascript:|data:)/i
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/

/** What must hold of every parsed message, whatever came in. */
function expectSafe(message: InboundMessage): void {
  expect(message.subject).not.toMatch(NOT_ONE_LINE)
  expect(Array.from(message.subject).length).toBeLessThanOrEqual(998)
  for (const address of [...(message.from ? [message.from] : []), ...message.to, ...message.cc]) {
    expect(address.address).toMatch(/^[^\sA-Z<>]+@[^\sA-Z<>]+$/)
    expect(address.name ?? '').not.toMatch(NOT_ONE_LINE)
  }
  for (const id of [...(message.messageId ? [message.messageId] : []), ...message.inReplyTo, ...message.references]) {
    expect(id).toMatch(/^[^\s<>]+$/)
  }
  expect(message.text).not.toMatch(CONTROL_IN_TEXT)
  expect(message.text.isWellFormed()).toBe(true)
  expect(message.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH)
  if (message.html !== undefined) expect(message.html).not.toMatch(UNSAFE_HTML)
  expect(message.attachments.length).toBeLessThanOrEqual(MAX_ATTACHMENTS)
  message.attachments.forEach((attachment, index) => {
    expect(attachment.id).toBe(`a${index + 1}`)
    expect(attachment.name).not.toMatch(/[/\\]|^\.|^\s|\s$|[\p{Cc}\p{Cf}]/u)
    expect(attachment.name.length).toBeGreaterThan(0)
    expect(Array.from(attachment.name).length).toBeLessThanOrEqual(200)
    expect(attachment.type).toMatch(MEDIA_TYPE)
    expect(attachment.size).toBe(attachment.content.byteLength)
  })
}

describe('Use case: a hostile or broken mail from the corpus', { timeout: 5_000 }, () => {
  it('reads parts under an undeclared boundary as the raw body rather than losing it', async () => {
    const parsed = await parseInboundMessage(fixture('broken-boundary.eml'))

    expectSafe(parsed)
    expect(parsed.text).toMatch(/^This is the preamble\.\n\n--other-boundary\nContent-Type: text\/plain/)
    expect(parsed.text).toContain('The parts use a boundary that was never declared.')
    expect(parsed.attachments).toEqual([])
  })

  it('keeps what there is of a message that ends without its final boundary', async () => {
    const parsed = await parseInboundMessage(fixture('missing-final-boundary.eml'))

    expectSafe(parsed)
    expect(parsed.text).toBe('The message ends inside an attachment, without a closing boundary.')
    expect(parsed.attachments.map(({ id, name, type, size }) => ({ id, name, type, size }))).toEqual([
      { id: 'a1', name: 'half.pdf', type: 'application/pdf', size: 45 },
    ])
  })

  it('decodes what it can of bad base64 and does not throw', async () => {
    const parsed = await parseInboundMessage(fixture('bad-base64.eml'))

    expectSafe(parsed)
    expect(parsed.text).toContain('Hello world')
    expect(parsed.attachments.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: 'bad.bin', type: 'application/octet-stream' },
    ])
  })

  it('reads unknown charsets as Windows-1252 and invalid UTF-8 as replacement characters', async () => {
    const parsed = await parseInboundMessage(fixture('bad-charsets.eml'))

    expectSafe(parsed)
    expect(parsed.text).toContain('Unknown charset: café ÿþ')
    expect(parsed.text).toContain('Invalid UTF-8: \uFFFD(')
    expect(parsed.text).toContain('Hi Mom -+Jjo--!')
    expect(parsed.subject).toMatch(/^Hallo and broken=ZZ/)
    expect(parsed.from).toEqual({ address: 'x@example.org', name: 'Klÿngon' })
  })

  it('keeps an encoded CRLF in the subject and in file names on one line: no header can be injected', async () => {
    const parsed = await parseInboundMessage(fixture('header-injection.eml'))

    expectSafe(parsed)
    expect(parsed.subject).toBe('Hallo Bcc: victim@example.org <script>alert(1)</script> folded X-Injected: yes')
    expect(parsed.attachments.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: 'evil Content-Disposition_ inline .pdf', type: 'application/pdf' },
    ])
  })

  it('keeps only the last path segment of traversal names, and falls back where nothing is left', async () => {
    const parsed = await parseInboundMessage(fixture('path-traversal-names.eml'))

    expectSafe(parsed)
    expect(parsed.attachments.map((attachment) => attachment.name)).toEqual([
      'passwd',
      'evil.dll',
      'shell.php',
      'report.pdf',
      'bijlage-5',
      '_CON.txt',
      'htaccess',
      'spaced name . pdf',
      `${'x'.repeat(196)}.pdf`,
      'c.sh',
      'name.pdf',
    ])
  })

  it('drops NUL and other control bytes from headers, text and names', async () => {
    const parsed = await parseInboundMessage(fixture('nul-bytes.eml'))

    expectSafe(parsed)
    expect(parsed).toMatchObject({
      subject: 'Nul in subject',
      from: { address: 'x@example.org', name: 'NulByte' },
      text: 'Body withNULbytes.',
    })
    expect(parsed.attachments.map(({ name, size }) => ({ name, size }))).toEqual([{ name: 'nulname.txt', size: 4 }])
  })

  it('removes bidi overrides and zero-width characters from names, subject and file names', async () => {
    const parsed = await parseInboundMessage(fixture('bidi-names.eml'))

    expectSafe(parsed)
    expect(parsed.from).toEqual({ address: 'x@example.org', name: 'Rotterdam netaaM' })
    expect(parsed.to).toEqual([{ address: 'mar_bsd@rotterdam.nl', name: 'MARRotterdam' }])
    expect(parsed.subject).toBe('Factuur fdp.exe')
    expect(parsed.attachments.map((attachment) => attachment.name)).toEqual(['factuurfdp.exe', 'zerowidth.txt'])
  })

  it('takes the first of duplicated Message-ID, From and Subject headers, and deduplicates ids', async () => {
    const parsed = await parseInboundMessage(fixture('duplicate-message-ids.eml'))

    expectSafe(parsed)
    expect(parsed).toMatchObject({
      messageId: 'first-id@example.org',
      from: { address: 'first@example.org', name: 'First' },
      subject: 'First subject',
      inReplyTo: ['parent@example.org'],
      references: ['root@example.org', 'parent@example.org'],
    })
  })

  it('lets a FAIL verdict anywhere win over a PASS, so a forged PASS cannot hide SES’s FAIL', async () => {
    const parsed = await parseInboundMessage(fixture('forged-verdicts.eml'))

    expect(parsed.verdicts).toEqual({ spam: 'FAIL', virus: 'FAIL', spf: 'PASS', dkim: 'PASS' })
  })

  it('reads a message without From (and with an unparsable Date)', async () => {
    const parsed = await parseInboundMessage(fixture('no-from.eml'))

    expectSafe(parsed)
    expect(parsed).toEqual({
      inReplyTo: [],
      references: [],
      to: [{ address: 'mar_bsd@rotterdam.nl' }],
      cc: [],
      subject: 'Zonder afzender',
      text: 'Er staat geen From in dit bericht.',
      attachments: [],
      size: 135,
      verdicts: {},
    })
  })

  it('reads headers without a body', async () => {
    const parsed = await parseInboundMessage(fixture('headers-only-no-body.eml'))

    expect(parsed).toMatchObject({
      from: { address: 'only@example.org', name: 'Only Headers' },
      subject: 'No body separation',
      text: '',
      attachments: [],
    })
  })

  it('refuses a file that is not mail at all as unreadable', async () => {
    await expect(parseInboundMessage(fixture('not-mail.txt'))).rejects.toBeInstanceOf(UnreadableMessageError)
  })

  it('turns a bare CR in a raw subject into a space', async () => {
    const parsed = await parseInboundMessage(
      new TextEncoder().encode('From: a@example.org\r\nSubject: Hallo\rBcc: victim@example.org\r\n\r\nx'),
    )

    expect(parsed.subject).toBe('Hallo Bcc: victim@example.org')
  })
})

describe('Use case: memory and call-stack bombs, generated at test time', () => {
  it('reads 50,000 header fields', { timeout: 20_000 }, async () => {
    const filler = Array.from({ length: 50_000 }, (_, index) => `X-Filler-${index}: value ${index}\n`).join('')
    const parsed = await parseInboundMessage(crlf(`${HEAD}${filler}\nbody\n`))

    expectSafe(parsed)
    expect(parsed).toMatchObject({ subject: 'stress', text: 'body', from: { address: 'a@example.org' } })
  })

  it('falls back to the minimal parse for 4 MB of headers (over postal-mime’s limit), body kept', {
    timeout: 20_000,
  }, async () => {
    const filler = Array.from({ length: 100_000 }, (_, index) => `X-Filler-${index}: ${'v'.repeat(24)}\n`).join('')
    const parsed = await parseInboundMessage(crlf(`${HEAD}${filler}\nbody\n`))

    expectSafe(parsed)
    expect(parsed).toMatchObject({ subject: 'stress', text: 'body', attachments: [] })
  })

  it('reads one header folded over 500,000 lines', { timeout: 20_000 }, async () => {
    const parsed = await parseInboundMessage(crlf(`${HEAD}X-Long: a\n${' b\n'.repeat(500_000)}\nbody\n`))

    expectSafe(parsed)
    expect(parsed).toMatchObject({ subject: 'stress', text: 'body' })
  })

  it('falls back to the minimal parse for multiparts nested 1,000 deep', { timeout: 20_000 }, async () => {
    const levels = Array.from(
      { length: 1_000 },
      (_, index) => `--b${index}\nContent-Type: multipart/mixed; boundary="b${index + 1}"\n\n`,
    ).join('')
    const raw = crlf(
      `${HEAD}Content-Type: multipart/mixed; boundary="b0"\n\n${levels}--b1000\nContent-Type: text/plain\n\ndeep\n`,
    )
    const parsed = await parseInboundMessage(raw)

    expectSafe(parsed)
    expect(parsed.text).toMatch(/^--b0\nContent-Type: multipart\/mixed; boundary="b1"/)
    expect(parsed.text.endsWith('--b1000\nContent-Type: text/plain\n\ndeep')).toBe(true)
    expect(parsed.attachments).toEqual([])
  })

  it('reads multiparts nested 60 deep normally', { timeout: 20_000 }, async () => {
    const levels = Array.from(
      { length: 60 },
      (_, index) => `--b${index}\nContent-Type: multipart/mixed; boundary="b${index + 1}"\n\n`,
    ).join('')
    const parsed = await parseInboundMessage(
      crlf(`${HEAD}Content-Type: multipart/mixed; boundary="b0"\n\n${levels}--b60\nContent-Type: text/plain\n\ndeep\n`),
    )

    expect(parsed.text).toBe('deep')
  })

  it('reads forwards of forwards three deep into the text and keeps deeper ones as .eml only', {
    timeout: 20_000,
  }, async () => {
    let forwarded = 'From: inner@example.org\nSubject: level 0\n\ninnermost\n'
    for (let level = 1; level <= 50; level++) {
      forwarded =
        `From: l${level}@example.org\nSubject: level ${level}\nContent-Type: multipart/mixed; boundary="r${level}"\n\n` +
        `--r${level}\nContent-Type: text/plain\n\nlevel ${level}\n--r${level}\nContent-Type: message/rfc822\n\n` +
        `${forwarded}\n--r${level}--\n`
    }
    const parsed = await parseInboundMessage(crlf(`To: mar_bsd@rotterdam.nl\n${forwarded}`))

    expectSafe(parsed)
    expect(parsed.subject).toBe('level 50')
    expect(parsed.text.match(/Onderwerp \/ Subject: level \d+/g)).toEqual([
      'Onderwerp / Subject: level 49',
      'Onderwerp / Subject: level 48',
      'Onderwerp / Subject: level 47',
    ])
    expect(parsed.attachments.map(({ name, type }) => `${name} ${type}`)).toEqual([
      'bijlage-1.eml message/rfc822',
      'bijlage-2.eml message/rfc822',
      'bijlage-3.eml message/rfc822',
      'bijlage-4.eml message/rfc822',
    ])
  })

  it('cuts a 10 MB single-line body to the text cap, with a note', { timeout: 20_000 }, async () => {
    const parsed = await parseInboundMessage(crlf(`${HEAD}\n${'A'.repeat(10 * 1024 * 1024)}`))

    expectSafe(parsed)
    expect(parsed.text.length).toBe(MAX_TEXT_LENGTH)
    expect(parsed.text.endsWith(`AAAA\n\n${TRUNCATED}`)).toBe(true)
  })

  it('reads a 10 MB subject line without any line break as mail, its subject capped', { timeout: 20_000 }, async () => {
    const parsed = await parseInboundMessage(crlf(`Subject: ${'A'.repeat(10 * 1024 * 1024)}`))

    expect(parsed).toMatchObject({ subject: 'A'.repeat(998), text: '', attachments: [] })
  })

  it('refuses 10 MB of one letter as unreadable', { timeout: 20_000 }, async () => {
    await expect(parseInboundMessage(crlf('A'.repeat(10 * 1024 * 1024)))).rejects.toBeInstanceOf(UnreadableMessageError)
  })

  it('caps a 3 MB subject header, and reads the body after it', { timeout: 20_000 }, async () => {
    const parsed = await parseInboundMessage(
      crlf(`From: a@example.org\nSubject: ${'B'.repeat(3 * 1024 * 1024)}\n\nbody`),
    )

    expectSafe(parsed)
    expect(parsed).toMatchObject({ subject: 'B'.repeat(998), text: 'body' })
  })

  it('lists at most 100 of 5,000 attachments and says how many it left out', { timeout: 30_000 }, async () => {
    const parts = Array.from(
      { length: 5_000 },
      (_, index) => `--m\nContent-Type: application/octet-stream; name="f${index}.bin"\n\nx\n`,
    ).join('')
    const parsed = await parseInboundMessage(
      crlf(`${HEAD}Content-Type: multipart/mixed; boundary="m"\n\n${parts}--m--\n`),
    )

    expectSafe(parsed)
    expect(parsed.attachments).toHaveLength(100)
    expect(parsed.attachments.at(-1)?.name).toBe('f99.bin')
    expect(parsed.text).toBe(
      '[4900 bijlagen niet uitgepakt; het originele bericht is bewaard / 4900 attachments not listed; the original message is kept]',
    )
  })

  it('flattens HTML nested 200,000 deep instead of hanging', { timeout: 20_000 }, async () => {
    const html = `${'<div>'.repeat(200_000)}deep${'</div>'.repeat(200_000)}`
    const parsed = await parseInboundMessage(crlf(`${HEAD}Content-Type: text/html\n\n${html}`))

    expectSafe(parsed)
    expect(parsed.html).toBe(`${'<div>'.repeat(200)}${'</div>'.repeat(200)}`)
  })

  it('reads HTML nested 20,000 deep with its text', { timeout: 20_000 }, async () => {
    const html = `${'<div>'.repeat(20_000)}deep<script>alert(1)</script>${'</div>'.repeat(20_000)}`
    const parsed = await parseInboundMessage(crlf(`${HEAD}Content-Type: text/html\n\n${html}`))

    expectSafe(parsed)
    expect(parsed.text).toBe('deep')
    expect(parsed.html).toBe(`${'<div>'.repeat(200)}deep${'</div>'.repeat(200)}`)
  })

  it('survives 300,000 unclosed tags', { timeout: 20_000 }, async () => {
    const parsed = await parseInboundMessage(crlf(`${HEAD}Content-Type: text/html\n\n${'<a href="x '.repeat(300_000)}`))

    expectSafe(parsed)
    expect(parsed.subject).toBe('stress')
  })

  it('reads 4 MB of HTML with 50,000 tracking links and pixels: link text only, no URLs kept', {
    timeout: 30_000,
  }, async () => {
    const html = '<p><a href="https://t.example/c?u=1">link</a> <img src="https://t.example/p.gif?x=1"></p>'.repeat(
      50_000,
    )
    const parsed = await parseInboundMessage(crlf(`${HEAD}Content-Type: text/html\n\n${html}`))

    expectSafe(parsed)
    expect(parsed.text).toMatch(/^link\n\nlink\n\n/)
    expect(parsed.text).not.toContain('t.example')
    expect(parsed.html).not.toContain('?u=1')
    expect(
      parsed.html?.startsWith('<p><a href="https://t.example/c" rel="noopener noreferrer nofollow">link</a> </p>'),
    ).toBe(true)
  })

  it('gives input over 11 MB the minimal parse: headers and the start of the body', { timeout: 20_000 }, async () => {
    const raw = crlf(`${HEAD}Content-Type: text/plain\n\n${'line of text\n'.repeat(1_000_000)}`)
    const parsed = await parseInboundMessage(raw)

    expectSafe(parsed)
    expect(raw.byteLength).toBeGreaterThan(11 * 1024 * 1024)
    expect(parsed).toMatchObject({ subject: 'stress', size: raw.byteLength, attachments: [] })
    expect(parsed.text).toMatch(/^line of text\nline of text\n/)
    expect(parsed.text.endsWith(TRUNCATED)).toBe(true)
  })

  it('reads a 9 MB message with a 5 MB attachment: all of the attachment, the text to its cap', {
    timeout: 30_000,
  }, async () => {
    const text = 'Een zin van de tekst.\n'.repeat(100_000)
    const base64 = `${'QUJD'.repeat(19)}\n`.repeat(90_000)
    const raw = crlf(
      `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="big"\n\n--big\nContent-Type: text/plain\n\n${text}` +
        `\n--big\nContent-Type: application/pdf; name="groot.pdf"\nContent-Transfer-Encoding: base64\n\n${base64}--big--\n`,
    )
    const parsed = await parseInboundMessage(raw)

    expectSafe(parsed)
    expect(raw.byteLength).toBeGreaterThan(9_000_000)
    expect(parsed.attachments.map(({ name, type, size }) => ({ name, type, size }))).toEqual([
      { name: 'groot.pdf', type: 'application/pdf', size: 90_000 * 57 },
    ])
    expect(parsed.text.length).toBe(MAX_TEXT_LENGTH)
    expect(parsed.text).toMatch(/^Een zin van de tekst\.\nEen zin van de tekst\.\n/)
    expect(parsed.text.endsWith(`\n\n${TRUNCATED}`)).toBe(true)
  })

  it('keeps 100 of 50,000 To addresses', { timeout: 20_000 }, async () => {
    const to = Array.from({ length: 50_000 }, (_, index) => `u${index}@example.org`).join(', ')
    const parsed = await parseInboundMessage(crlf(`From: a@example.org\nTo: ${to}\nSubject: x\n\nbody`))

    expect(parsed.to).toHaveLength(100)
    expect(parsed.to.at(-1)).toEqual({ address: 'u99@example.org' })
  })

  it('keeps the first 50 and the last 50 of 20,000 References', { timeout: 20_000 }, async () => {
    const references = Array.from({ length: 20_000 }, (_, index) => `<id${index}@example.org>`).join(' ')
    const parsed = await parseInboundMessage(crlf(`${HEAD}References: ${references}\n\nbody`))

    expect(parsed.references).toHaveLength(100)
    expect([parsed.references[0], parsed.references[49], parsed.references[50], parsed.references[99]]).toEqual([
      'id0@example.org',
      'id49@example.org',
      'id19950@example.org',
      'id19999@example.org',
    ])
  })

  it('reads an attachment name split over 20,000 RFC 2231 continuations, capped', { timeout: 20_000 }, async () => {
    const continuations = Array.from({ length: 20_000 }, (_, index) => ` name*${index}*=%41%42;`).join('\n')
    const parsed = await parseInboundMessage(
      crlf(
        `${HEAD}Content-Type: multipart/mixed; boundary="q"\n\n--q\nContent-Type: application/octet-stream;\n${continuations}\n\nx\n--q--\n`,
      ),
    )

    expectSafe(parsed)
    expect(parsed.attachments.map((attachment) => attachment.name)).toEqual(['AB'.repeat(100)])
  })
})

describe('Use case: mutated mail never throws anything but UnreadableMessageError', () => {
  const corpus = [
    ...readdirSync(new URL('real/', MAIL)).map((name) => fixture(name, new URL('real/', MAIL))),
    ...readdirSync(HOSTILE).map((name) => fixture(name)),
  ]

  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed
    return () => {
      state = (state + 0x6d2b79f5) | 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  async function parsedOrUnreadable(bytes: Uint8Array): Promise<'parsed' | 'unreadable'> {
    try {
      expectSafe(await parseInboundMessage(bytes))
      return 'parsed'
    } catch (error) {
      if (error instanceof UnreadableMessageError) return 'unreadable'
      throw error
    }
  }

  it('cut at any of 12 points, every fixture parses safely or is refused as unreadable', {
    timeout: 30_000,
  }, async () => {
    const outcomes = new Set<string>()
    for (const bytes of corpus) {
      for (let cut = 0; cut <= 12; cut++) {
        outcomes.add(await parsedOrUnreadable(bytes.subarray(0, Math.floor((bytes.byteLength * cut) / 12))))
      }
    }

    expect([...outcomes].sort()).toEqual(['parsed', 'unreadable'])
  })

  it('with random bytes overwritten (CR, LF, NUL, "-", ":", "=", "<", high bytes), every fixture parses safely', {
    timeout: 30_000,
  }, async () => {
    const next = random(8)
    const alphabet = [0x0d, 0x0a, 0x00, 0x2d, 0x3a, 0x3d, 0x3c, 0x22, 0xff, 0xc3, 0x80, 0x1b]
    let parsed = 0
    for (const original of corpus) {
      for (let round = 0; round < 15; round++) {
        const bytes = Uint8Array.from(original)
        for (let flip = 0; flip < 1 + Math.floor(next() * 20); flip++) {
          bytes[Math.floor(next() * bytes.length)] = alphabet[Math.floor(next() * alphabet.length)] ?? 0
        }
        if ((await parsedOrUnreadable(bytes)) === 'parsed') parsed++
      }
    }

    expect(parsed).toBeGreaterThan(corpus.length * 10)
  })
})
