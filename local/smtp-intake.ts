import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@aws-lambda-powertools/logger'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server'
import type { ObjectStore } from '../functions/core/ports/stores.ts'

/** What SES's receipt rule knows besides the message: the return path (MAIL FROM; '' for `<>`). */
export interface SmtpEnvelope {
  returnPath: string
  /** Bytes the client sent (before the added headers; for an oversized message more than was stored). */
  receivedBytes: number
}

export interface SmtpIntakeOptions {
  /** A loopback address only (default 127.0.0.1): this server asks no one who they are. */
  host?: string
  /** 0 picks a free port (tests); the one in use is returned. */
  port: number
  /** The one recipient accepted (compared case-insensitively); every other gets 550 at RCPT. */
  intakeAddress: string
  /** Advertised as SIZE; a larger message is kept as its headers only, marked `X-MAR-Oversized`. */
  maxMessageBytes: number
  store: ObjectStore
  /** Files the stored message (the same receive handler as in AWS); a throw makes the client retry (451). */
  deliver: (key: string, envelope: SmtpEnvelope) => Promise<void>
  logger: Logger
  /** Ids for the stored keys (`inbound/<id>`); default 32 random hex digits. */
  idFactory?: () => string
}

export interface SmtpIntake {
  port: number
  /** Stops listening and closes the open connections (421). */
  stop(): Promise<void>
}

/** How much of an oversized message is read for its headers. */
export const OVERSIZED_HEADER_BYTES = 64 * 1024

/**
 * The header a message may carry to have the local intake report a failed virus scan
 * (`X-SES-Virus-Verdict: FAIL`), so that quarantine can be tried locally. A dev and test hook: SES has no such thing.
 */
export const LOCAL_TEST_VIRUS_HEADER = 'X-Local-Test-Virus'

/**
 * The headers a message may carry to set the sender-authentication verdicts the local intake puts on top, as SES
 * does (`Authentication-Results: amazonses.com; spf=…; dkim=…; dmarc=…`): `PASS` (the default), `FAIL` or `GRAY`.
 * Dev and test hooks like X-Local-Test-Virus; whatever `Authentication-Results` or `X-SES-…` the client wrote itself
 * stays below ours and changes nothing.
 */
export const LOCAL_TEST_AUTHENTICATION_HEADERS = {
  spf: 'X-Local-Test-SPF',
  dkim: 'X-Local-Test-DKIM',
  dmarc: 'X-Local-Test-DMARC',
} as const

const CRLF = '\r\n'

/**
 * The local stand-in for SES receiving: an SMTP server on a loopback address that takes mail for the intake address
 * only, stores each message under `inbound/<id>` with the verdict headers SES adds (`X-SES-Spam-Verdict`,
 * `X-SES-Virus-Verdict`: PASS, or a virus FAIL when the message carries `X-Local-Test-Virus: FAIL`) at the top, and
 * answers 250 only once `deliver` has filed it (451 if it threw: the client retries, the stored copy stays).
 *
 * A message over `maxMessageBytes` is not refused (the filing code answers it politely): only its header section
 * (within the first 64 KB) is kept, topped by `X-MAR-Oversized: <bytes received>`. A client that declares a larger
 * SIZE at MAIL FROM is refused there (552) by smtp-server, as RFC 1870 has it. `X-MAR-Oversized` means what it says
 * only as the first line of a stored message: a sender may put the same header lower down; `receivedBytes` in the
 * envelope tells the same without trusting a header.
 *
 * No AUTH, no STARTTLS. Logs carry ids, sizes and outcomes only: never addresses, subjects or content.
 */
export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopback(host)) throw new Error('The local SMTP intake listens on a loopback address only')
  const intakeAddress = options.intakeAddress.toLowerCase()
  const nextId = options.idFactory ?? (() => randomBytes(16).toString('hex'))
  const { logger } = options

  const server = new SMTPServer({
    name: 'localhost',
    banner: 'MAR Intake (local)',
    secure: false,
    hideSTARTTLS: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxMessageBytes,
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === intakeAddress) return callback()
      logger.info('SMTP recipient refused', { outcome: 'recipient-refused' })
      callback(smtpError(550, 'Mailbox unavailable: this server accepts mail for the MAR intake address only'))
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (id) => callback(null, `Message accepted as ${id}`),
        (error: unknown) => callback(isSmtpError(error) ? error : temporaryFailure(logger)),
      )
    },
  })

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const message = await readMessage(stream, options.maxMessageBytes)
    const id = nextId()
    const key = `inbound/${id}`
    const returnPath = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
    const stored = stamp(message, returnPath)
    try {
      await options.store.put(key, stored, 'message/rfc822')
    } catch {
      logger.error('SMTP message not stored', {
        messageKey: key,
        bytes: message.receivedBytes,
        outcome: 'store-failed',
      })
      throw smtpError(451, 'Temporary failure: the message could not be stored, please try again later')
    }
    try {
      await options.deliver(key, { returnPath, receivedBytes: message.receivedBytes })
    } catch (error) {
      logger.error('SMTP message stored but not filed', {
        messageKey: key,
        bytes: message.receivedBytes,
        outcome: 'deliver-failed',
        // The error's name only: its message may quote the mail.
        errorName: error instanceof Error ? error.name : typeof error,
      })
      throw smtpError(451, 'Temporary failure: the message could not be filed, please try again later')
    }
    logger.info('SMTP message received', {
      messageKey: key,
      bytes: message.receivedBytes,
      storedBytes: stored.byteLength,
      outcome: message.oversized ? 'oversized-headers-only' : 'filed',
    })
    return id
  }

  server.on('error', (error) => logger.warn('SMTP connection error', { code: errorCode(error) }))

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => reject(error)
    server.server.once('error', fail)
    server.listen(options.port, host, () => {
      server.server.off('error', fail)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port

  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const connection of server.connections) {
          connection.send(421, 'Server shutting down')
          connection.close()
        }
      }),
  }
}

interface ReceivedMessage {
  /** The whole message, or for an oversized one its first 64 KB only. */
  bytes: Uint8Array
  receivedBytes: number
  oversized: boolean
}

/** Reads the DATA stream to its end, keeping at most `maxBytes` (+ 1 to tell) in memory, then only the head. */
async function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<ReceivedMessage> {
  let chunks: Buffer[] = []
  let kept = 0
  let receivedBytes = 0
  let oversized = false
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    receivedBytes += chunk.byteLength
    if (kept < (oversized ? OVERSIZED_HEADER_BYTES : maxBytes + 1)) {
      chunks.push(chunk)
      kept += chunk.byteLength
    }
    if (!oversized && receivedBytes > maxBytes) {
      // From here on only counted: the head is all an oversized message keeps.
      oversized = true
      chunks = [Buffer.concat(chunks).subarray(0, OVERSIZED_HEADER_BYTES)]
      kept = chunks[0]?.byteLength ?? 0
    }
  }
  oversized ||= stream.sizeExceeded
  const all = Buffer.concat(chunks)
  return { bytes: oversized ? all.subarray(0, OVERSIZED_HEADER_BYTES) : all, receivedBytes, oversized }
}

/**
 * The bytes to store: what SES puts on top of a received message — `Return-Path` (the envelope sender, `<>` for
 * none; control characters dropped) and the verdict headers — then the message (an oversized one: its headers only).
 */
function stamp(message: ReceivedMessage, returnPath: string): Uint8Array {
  const headerLength = headerSectionLength(message.bytes)
  const headers = message.bytes.subarray(0, headerLength ?? lastLineEnd(message.bytes))
  const virus = hasLocalTestVirus(headers) ? 'FAIL' : 'PASS'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a header line must not carry control characters
  const safeReturnPath = returnPath.replace(/[\u0000-\u001f\u007f<>]/g, '')
  const result = (verdict: string) => (verdict === 'FAIL' ? 'fail' : verdict === 'GRAY' ? 'none' : 'pass')
  const authentication = Object.entries(LOCAL_TEST_AUTHENTICATION_HEADERS)
    .map(([method, header]) => `${method}=${result(localTestVerdict(headers, header))}`)
    .join('; ')
  const verdicts = [
    `Return-Path: <${safeReturnPath}>`,
    `Authentication-Results: amazonses.com; ${authentication}`,
    'X-SES-Spam-Verdict: PASS',
    `X-SES-Virus-Verdict: ${virus}`,
    '',
  ].join(CRLF)
  if (!message.oversized) return Buffer.concat([Buffer.from(verdicts, 'latin1'), message.bytes])
  return Buffer.concat([
    Buffer.from(`X-MAR-Oversized: ${message.receivedBytes}${CRLF}${verdicts}`, 'latin1'),
    headers,
    Buffer.from(CRLF, 'latin1'),
  ])
}

/** The length of the header section up to and with its last line break (not the blank line); undefined if none. */
export function headerSectionLength(bytes: Uint8Array): number | undefined {
  const LF = 10
  const CR = 13
  if (bytes[0] === LF) return 0
  if (bytes[0] === CR && bytes[1] === LF) return 0
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] !== LF) continue
    if (bytes[index + 1] === LF) return index + 1
    if (bytes[index + 1] === CR && bytes[index + 2] === LF) return index + 1
  }
  return undefined
}

/** Where the last complete line ends (a header section cut off at 64 KB keeps whole lines only). */
function lastLineEnd(bytes: Uint8Array): number {
  return bytes.lastIndexOf(10) + 1
}

function hasLocalTestVirus(headers: Uint8Array): boolean {
  return localTestVerdict(headers, LOCAL_TEST_VIRUS_HEADER) === 'FAIL'
}

/** The value of a dev verdict header (the first one): `FAIL` or `GRAY` as written, anything else `PASS`. */
function localTestVerdict(headers: Uint8Array, name: string): 'PASS' | 'FAIL' | 'GRAY' {
  const unfolded = Buffer.from(headers)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ')
  const pattern = new RegExp(`^${name}[ \\t]*:[ \\t]*(FAIL|GRAY)[ \\t]*\\r?$`, 'im')
  const match = pattern.exec(unfolded)
  return match ? (match[1]?.toUpperCase() as 'FAIL' | 'GRAY') : 'PASS'
}

function isSmtpError(error: unknown): error is SMTPServerError {
  return error instanceof Error && typeof (error as SMTPServerError).responseCode === 'number'
}

/** Anything unforeseen (a broken stream, say) is temporary too: the client keeps the message and retries. */
function temporaryFailure(logger: Logger): SMTPServerError {
  logger.error('SMTP message not received', { outcome: 'receive-failed' })
  return smtpError(451, 'Temporary failure, please try again later')
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode })
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : 'unknown'
}
