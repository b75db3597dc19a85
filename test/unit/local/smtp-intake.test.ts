import { connect, type Socket } from 'node:net'
import type { Logger } from '@aws-lambda-powertools/logger'
import { createTransport } from 'nodemailer'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ObjectStore } from '../../../functions/core/ports/stores.ts'
import { FileObjectStore } from '../../../local/file-object-store.ts'
import { type SmtpEnvelope, type SmtpIntake, startSmtpIntake } from '../../../local/smtp-intake.ts'

const INTAKE = 'mar_bsd@rotterdam.nl'
const CITIZEN = 'ouder.bezorgd@example.org'
const TEN_MB = 10 * 1024 * 1024
/** What SES puts on top of a received message, and so does the local intake: the envelope sender and the verdicts. */
const AUTHENTICATED = 'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass'
const VERDICTS = `Return-Path: <${'ouder.bezorgd@example.org'}>\r\n${AUTHENTICATED}\r\nX-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\n`

const HEADERS = [
  `From: Bezorgde Ouder <${CITIZEN}>`,
  `To: ${INTAKE}`,
  'Subject: Zorgen over mijn zoon',
  'Date: Mon, 08 Feb 2027 09:00:00 +0100',
  'Message-ID: <m1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
].join('\r\n')
const RAW = `${HEADERS}\r\n\r\nMijn zoon deelt filmpjes.\r\n.Een regel die met een punt begint.\r\n`

const running: SmtpIntake[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((intake) => intake.stop()))
})

/** A logger that keeps every line it was given, to check what reaches the logs. */
function recordingLogger() {
  const lines: unknown[][] = []
  const record = (...args: unknown[]) => {
    lines.push(args)
  }
  const logger = { info: vi.fn(record), warn: vi.fn(record), error: vi.fn(record), debug: vi.fn(record) }
  return { logger: logger as unknown as Logger, lines }
}

/** The in-memory store, with the keys written to it in order. */
function recordingStore(failPuts = false) {
  const inner = new FileObjectStore()
  const keys: string[] = []
  const store: ObjectStore = {
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
    put: async (key, content, contentType) => {
      if (failPuts) throw new Error('disk full')
      keys.push(key)
      await inner.put(key, content, contentType)
    },
  }
  return { store, keys }
}

async function start(
  overrides: {
    deliver?: (key: string, envelope: SmtpEnvelope) => Promise<void>
    failPuts?: boolean
    maxMessageBytes?: number
  } = {},
) {
  const { store, keys } = recordingStore(overrides.failPuts)
  const { logger, lines } = recordingLogger()
  const deliver = vi.fn(overrides.deliver ?? (async () => {}))
  let next = 0
  const intake = await startSmtpIntake({
    port: 0,
    intakeAddress: INTAKE,
    maxMessageBytes: overrides.maxMessageBytes ?? TEN_MB,
    store,
    deliver,
    logger,
    idFactory: () => `m${++next}`,
  })
  running.push(intake)
  return { intake, store, keys, deliver, lines }
}

function send(port: number, envelope: { from: string; to: string[] }, raw: string | Buffer) {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  return transport.sendMail({ envelope, raw }).finally(() => transport.close())
}

/** Talks SMTP by hand: sends each command after the previous reply, returns every reply (the greeting first). */
async function dialog(port: number, commands: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1')
  const replies: string[] = []
  let buffer = ''
  let waiting: (() => void) | undefined
  socket.on('data', (data) => {
    buffer += data.toString('latin1')
    // A reply is complete at a line "NNN text" (a space after the code, not a dash).
    const complete = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(buffer)
    if (complete) {
      replies.push(buffer)
      buffer = ''
      waiting?.()
    }
  })
  const nextReply = () => new Promise<void>((resolve) => (waiting = resolve))
  await nextReply()
  for (const command of commands) {
    socket.write(`${command}\r\n`)
    await nextReply()
  }
  socket.destroy()
  return replies
}

/** What a client sends for DATA: a line that starts with a dot gets a second one (RFC 5321 4.5.2). */
function dotStuffed(message: string): string {
  return message.replace(/^\./gm, '..')
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1')
}

describe('Local SMTP intake: accepting mail for the intake address', () => {
  it('stores the message byte for byte under the two SES verdict headers, then delivers it once', async () => {
    // Arrange
    const { intake, store, deliver } = await start()

    // Act
    const info = await send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW)

    // Assert
    expect(info.response).toBe('250 Message accepted as m1')
    expect(text(await store.get('inbound/m1'))).toBe(VERDICTS + RAW)
    expect(deliver.mock.calls).toEqual([['inbound/m1', { returnPath: CITIZEN, receivedBytes: Buffer.byteLength(RAW) }]])
  })

  it('answers 250 only after deliver has finished filing', async () => {
    let filed = false
    const { intake } = await start({
      deliver: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50))
        filed = true
      },
    })

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW)

    expect(filed).toBe(true)
  })

  it('takes the intake address in any letter case', async () => {
    const { intake, deliver } = await start()

    const replies = await dialog(intake.port, [
      'EHLO test',
      `MAIL FROM:<${CITIZEN}>`,
      'RCPT TO:<MAR_BSD@Rotterdam.NL>',
      'DATA',
      `${dotStuffed(RAW)}.`,
    ])

    expect(replies.slice(3)).toEqual([
      '250 Accepted\r\n',
      '354 End data with <CR><LF>.<CR><LF>\r\n',
      '250 Message accepted as m1\r\n',
    ])
    expect(deliver).toHaveBeenCalledTimes(1)
  })

  it('passes an empty return path (MAIL FROM:<>, as bounces have) on as ""', async () => {
    const { intake, deliver } = await start()

    const replies = await dialog(intake.port, [
      'EHLO test',
      'MAIL FROM:<>',
      `RCPT TO:<${INTAKE}>`,
      'DATA',
      `${dotStuffed(RAW)}.`,
    ])

    expect(replies.at(-1)).toBe('250 Message accepted as m1\r\n')
    expect(deliver.mock.calls).toEqual([['inbound/m1', { returnPath: '', receivedBytes: Buffer.byteLength(RAW) }]])
  })

  it('marks a message carrying X-Local-Test-Virus: FAIL as failing the virus scan (the local quarantine hook)', async () => {
    const { intake, store } = await start()
    const infected = `X-Local-Test-Virus: fail\r\n${RAW}`

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, infected)

    expect(text(await store.get('inbound/m1'))).toBe(
      `Return-Path: <${CITIZEN}>\r\n${AUTHENTICATED}\r\nX-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: FAIL\r\n${infected}`,
    )
  })

  it.each([
    [['X-Local-Test-DMARC: FAIL'], 'spf=pass; dkim=pass; dmarc=fail'],
    [['X-Local-Test-SPF: FAIL', 'X-Local-Test-DKIM: fail'], 'spf=fail; dkim=fail; dmarc=pass'],
    [['X-Local-Test-SPF: GRAY', 'X-Local-Test-DMARC: PASS'], 'spf=none; dkim=pass; dmarc=pass'],
  ])('sets the sender-authentication verdicts it puts on top from %j', async (devHeaders, results) => {
    const { intake, store } = await start()
    const raw = `${devHeaders.join('\r\n')}\r\n${RAW}`

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, raw)

    expect(text(await store.get('inbound/m1')).split('\r\n')[1]).toBe(
      `Authentication-Results: amazonses.com; ${results}`,
    )
  })

  it('puts its own verdicts above a client’s own Authentication-Results and X-SES headers', async () => {
    const { intake, store } = await start()
    const forged = `Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass\r\nX-SES-Spam-Verdict: PASS\r\nX-Local-Test-DMARC: FAIL\r\n${RAW}`

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, forged)

    const stored = text(await store.get('inbound/m1'))
    expect(stored.split('\r\n')[1]).toBe('Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=fail')
    expect(stored.endsWith(forged)).toBe(true)
  })

  it('ignores the test header when it only appears in the body', async () => {
    const { intake, store } = await start()
    const innocent = `${HEADERS}\r\n\r\nX-Local-Test-Virus: FAIL\r\n`

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, innocent)

    expect(text(await store.get('inbound/m1'))).toBe(VERDICTS + innocent)
  })
})

describe('Local SMTP intake: refusing other recipients', () => {
  it('refuses any other recipient with 550 at RCPT, and stores and delivers nothing', async () => {
    const { intake, keys, deliver } = await start()

    const sending = send(intake.port, { from: CITIZEN, to: ['someone.else@rotterdam.nl'] }, RAW)

    await expect(sending).rejects.toMatchObject({
      responseCode: 550,
      response: '550 Mailbox unavailable: this server accepts mail for the MAR intake address only',
    })
    expect(keys).toEqual([])
    expect(deliver).not.toHaveBeenCalled()
  })

  it('accepts only the intake address from a mixed recipient list, and files the message once', async () => {
    const { intake, deliver } = await start()

    const info = await send(intake.port, { from: CITIZEN, to: ['other@example.org', INTAKE, 'x@rotterdam.nl'] }, RAW)

    expect(info.accepted).toEqual([INTAKE])
    expect(info.rejected).toEqual(['other@example.org', 'x@rotterdam.nl'])
    expect(deliver).toHaveBeenCalledTimes(1)
  })
})

describe('Local SMTP intake: what it offers', () => {
  it('greets as MAR Intake (local) and advertises SIZE 10 MB, without AUTH or STARTTLS', async () => {
    const { intake } = await start()

    const [greeting, ehlo] = await dialog(intake.port, ['EHLO test'])

    expect(greeting).toBe('220 localhost ESMTP MAR Intake (local)\r\n')
    expect(ehlo).toMatch(new RegExp(`\r\n250[- ]SIZE ${TEN_MB}\r\n`))
    expect(ehlo).not.toMatch(/AUTH|STARTTLS/)
  })

  it('refuses to listen on an address other than loopback', async () => {
    const { store } = recordingStore()
    const { logger } = recordingLogger()

    const starting = startSmtpIntake({
      host: '0.0.0.0',
      port: 0,
      intakeAddress: INTAKE,
      maxMessageBytes: TEN_MB,
      store,
      deliver: async () => {},
      logger,
    })

    await expect(starting).rejects.toThrow('The local SMTP intake listens on a loopback address only')
  })

  it('closes open connections on stop, with 421', async () => {
    const { intake } = await start()
    running.length = 0
    const socket: Socket = connect(intake.port, '127.0.0.1')
    let received = ''
    socket.on('data', (data) => {
      received += data.toString('latin1')
    })
    await new Promise((resolve) => socket.once('data', resolve))
    const closed = new Promise((resolve) => socket.once('close', resolve))

    await intake.stop()
    await closed

    expect(received).toMatch(/\r\n421 Server shutting down\r\n$/)
  })
})

describe('Local SMTP intake: oversized messages', () => {
  it('keeps a 12 MB message as its headers only, marked X-MAR-Oversized with the bytes received', async () => {
    // Arrange
    const { intake, store, deliver } = await start()
    const line = `${'A'.repeat(76)}\r\n`
    const raw = `${HEADERS}\r\n\r\n${line.repeat(Math.ceil((12 * 1024 * 1024) / line.length))}`

    // Act
    const info = await send(intake.port, { from: CITIZEN, to: [INTAKE] }, raw)

    // Assert
    const receivedBytes = Buffer.byteLength(raw)
    expect(info.response).toBe('250 Message accepted as m1')
    expect(text(await store.get('inbound/m1'))).toBe(
      `X-MAR-Oversized: ${receivedBytes}\r\n${VERDICTS}${HEADERS}\r\n\r\n`,
    )
    expect(deliver.mock.calls).toEqual([['inbound/m1', { returnPath: CITIZEN, receivedBytes }]])
  })

  it('refuses at MAIL FROM a message whose declared SIZE is over the limit (smtp-server, RFC 1870)', async () => {
    const { intake, deliver } = await start()

    const replies = await dialog(intake.port, ['EHLO test', `MAIL FROM:<${CITIZEN}> SIZE=${12 * 1024 * 1024}`])

    expect(replies.at(-1)).toBe(`552 Error: message exceeds fixed maximum message size ${TEN_MB}\r\n`)
    expect(deliver).not.toHaveBeenCalled()
  })

  it('keeps whole header lines only when the header section runs past 64 KB', async () => {
    const { intake, store } = await start({ maxMessageBytes: 100 * 1024 })
    const many = Array.from({ length: 2000 }, (_, index) => `X-Filler-${index}: ${'x'.repeat(40)}`).join('\r\n')
    const raw = `${HEADERS}\r\n${many}\r\n\r\n${'B'.repeat(998)}\r\n`
    const body = `${'C'.repeat(998)}\r\n`.repeat(100)

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, raw + body)

    const stored = text(await store.get('inbound/m1'))
    const kept = stored.split('\r\n')
    expect(kept.slice(0, 6)).toEqual([
      `X-MAR-Oversized: ${Buffer.byteLength(raw + body)}`,
      `Return-Path: <${CITIZEN}>`,
      AUTHENTICATED,
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      `From: Bezorgde Ouder <${CITIZEN}>`,
    ])
    expect(stored.endsWith('\r\n\r\n')).toBe(true)
    expect(kept.at(-3)).toMatch(/^X-Filler-\d+: x{40}$/)
    expect(stored.length).toBeLessThanOrEqual(64 * 1024 + 200)
  })
})

describe('Local SMTP intake: failures are temporary, and nothing is lost', () => {
  it('answers 451 when filing fails, and the raw message stays in the store', async () => {
    const { intake, store } = await start({
      deliver: async () => {
        throw new Error('table unavailable')
      },
    })

    const sending = send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW)

    await expect(sending).rejects.toMatchObject({
      responseCode: 451,
      response: '451 Temporary failure: the message could not be filed, please try again later',
    })
    expect(text(await store.get('inbound/m1'))).toBe(VERDICTS + RAW)
  })

  it('answers 451 when the message cannot be stored, and does not deliver it', async () => {
    const { intake, deliver } = await start({ failPuts: true })

    const sending = send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW)

    await expect(sending).rejects.toMatchObject({ responseCode: 451 })
    expect(deliver).not.toHaveBeenCalled()
  })
})

describe('Local SMTP intake: logs', () => {
  it('logs ids, sizes and outcomes, never an address, subject or content', async () => {
    const { intake, lines } = await start({
      deliver: async (key) => {
        if (key === 'inbound/m2') throw new Error(`could not file mail from ${CITIZEN}`)
      },
    })

    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW)
    await send(intake.port, { from: CITIZEN, to: [INTAKE] }, RAW).catch(() => undefined)
    await send(intake.port, { from: CITIZEN, to: ['someone.else@rotterdam.nl'] }, RAW).catch(() => undefined)

    const logged = JSON.stringify(lines)
    expect(lines.map(([message]) => message)).toEqual([
      'SMTP message received',
      'SMTP message stored but not filed',
      'SMTP recipient refused',
    ])
    expect(lines[0]?.[1]).toEqual({
      messageKey: 'inbound/m1',
      bytes: Buffer.byteLength(RAW),
      storedBytes: Buffer.byteLength(VERDICTS + RAW),
      outcome: 'filed',
    })
    for (const secret of ['ouder.bezorgd', 'example.org', 'mar_bsd', 'someone.else', 'Zorgen', 'filmpjes']) {
      expect(logged).not.toContain(secret)
    }
  })
})
