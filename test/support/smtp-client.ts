import { createTransport } from 'nodemailer'
import type { AdvisorClient, LocalStackHarness } from '../integration/local-stack-harness.ts'

/**
 * A real SMTP client (nodemailer) against the local SMTP intake, the way a mail server delivers to SES: for tests and
 * for the corpus script. Every send answers with the server's reply code instead of throwing, so a test can pin
 * 250, 550 or 451 alike.
 */

export const INTAKE_ADDRESS = 'mar_bsd@rotterdam.nl'

export interface SmtpAnswer {
  /** The reply code the server gave to the message (DATA), or to RCPT when every recipient was refused. */
  code: number
  /** The server's reply text, e.g. `250 Message accepted as …`. */
  response: string
  accepted: string[]
  rejected: string[]
  /** The reply codes of refused recipients, in order. */
  rejectedCodes: number[]
}

export interface TestMail {
  from: string
  to?: string[]
  subject: string
  text: string
  /** With angle brackets, e.g. `<m1@example.nl>`. */
  messageId?: string
  inReplyTo?: string
  references?: string
  headers?: Record<string, string>
  attachments?: Array<{ filename: string; content: Buffer | string; contentType?: string }>
  /** The SMTP envelope; by default MAIL FROM the From address, RCPT TO the recipients. `from: ''` sends `MAIL FROM:<>`. */
  envelope?: { from: string; to?: string[] }
}

/** One connection per send, closed after it (as a mail server delivers one message). */
async function deliver(port: number, message: Record<string, unknown>): Promise<SmtpAnswer> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  try {
    const info = (await transport.sendMail(message)) as {
      response: string
      accepted: Array<string | { address: string }>
      rejected: Array<string | { address: string }>
      rejectedErrors?: Array<{ responseCode?: number }>
    }
    return {
      code: Number.parseInt(info.response.slice(0, 3), 10),
      response: info.response,
      accepted: info.accepted.map(plainAddress),
      rejected: info.rejected.map(plainAddress),
      rejectedCodes: (info.rejectedErrors ?? []).map((error) => error.responseCode ?? 0),
    }
  } catch (error) {
    const failure = error as {
      responseCode?: number
      response?: string
      message?: string
      rejected?: Array<string | { address: string }>
      rejectedErrors?: Array<{ responseCode?: number }>
    }
    if (typeof failure.responseCode !== 'number') throw error
    return {
      code: failure.responseCode,
      response: failure.response ?? failure.message ?? '',
      accepted: [],
      rejected: (failure.rejected ?? []).map(plainAddress),
      rejectedCodes: (failure.rejectedErrors ?? []).map((rejected) => rejected.responseCode ?? 0),
    }
  } finally {
    transport.close()
  }
}

const plainAddress = (address: string | { address: string }) =>
  typeof address === 'string' ? address : address.address

/** A message composed by nodemailer (MIME, encodings, attachments), to the intake address unless `to` says else. */
export function sendMail(port: number, mail: TestMail): Promise<SmtpAnswer> {
  const to = mail.to ?? [INTAKE_ADDRESS]
  return deliver(port, {
    from: mail.from,
    to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
    ...(mail.envelope ? { envelope: { from: mail.envelope.from, to: mail.envelope.to ?? to } } : {}),
  })
}

/** Raw bytes as they are (a fixture), with an explicit envelope. */
export function sendRaw(
  port: number,
  raw: Buffer | string,
  envelope: { from: string; to?: string[] },
): Promise<SmtpAnswer> {
  return deliver(port, { envelope: { from: envelope.from, to: envelope.to ?? [INTAKE_ADDRESS] }, raw })
}

/**
 * The envelope sender a mail server would give a stored message: its first `Return-Path` (`<>` → ''), else its From
 * address, else `fallback`.
 */
export function envelopeSenderOf(raw: Buffer, fallback: string): string {
  const head = raw.subarray(0, 64 * 1024).toString('latin1')
  const headerSection = head.split(/\r?\n\r?\n/, 1)[0] ?? ''
  const returnPath = /^Return-Path:[ \t]*<([^<>\r\n]*)>/im.exec(headerSection)
  if (returnPath) return (returnPath[1] ?? '').trim()
  const from = /^From:[^\r\n]*?<?([^\s<>@"]+@[^\s<>@"]+?)>?[ \t]*\r?$/im.exec(headerSection)
  return from?.[1] ?? fallback
}

/**
 * For tests on the local stack harness: sends mail over SMTP, waits until the workflow has routed and mailed, and
 * tells which cases it opened — the open cases a coordinator lists before and after (a case that was closed and is
 * open again shows up as well).
 */
export function mailDesk(local: LocalStackHarness) {
  let coordinator: AdvisorClient | undefined
  const openCases = async () => {
    coordinator ??= await local.signIn('adv-03')
    const { status, body } = await coordinator.get('/api/advisor/cases')
    if (status !== 200) throw new Error(`GET /api/advisor/cases answered ${status}`)
    return (body as { cases: Array<{ reference: string }> }).cases.map((entry) => entry.reference)
  }
  const filed = async (send: () => Promise<SmtpAnswer>) => {
    const before = new Set(await openCases())
    const answer = await send()
    await local.settle()
    const opened = (await openCases()).filter((reference) => !before.has(reference))
    return { answer, opened }
  }
  return {
    send: (mail: TestMail) => filed(() => sendMail(local.stack.smtpPort, mail)),
    sendRaw: (raw: string | Buffer, envelope: { from: string }) =>
      filed(() => sendRaw(local.stack.smtpPort, raw, envelope)),
    /** Sends a mail that must open exactly one case; its reference. */
    async newCase(mail: TestMail): Promise<string> {
      const { answer, opened } = await filed(() => sendMail(local.stack.smtpPort, mail))
      if (answer.code !== 250 || opened.length !== 1) {
        throw new Error(`expected one new case, got ${answer.response} and ${JSON.stringify(opened)}`)
      }
      return opened[0] as string
    },
  }
}
