import { decodeWords, type Header } from 'postal-mime'
import type { InboundMessage } from '../../core/mail/inbound-mail.ts'
import { addresses, envelopeAddress } from './addresses.ts'
import { singleLine } from './text.ts'

/** The header fields of a message: ids, addresses, date, subject and SES's verdicts. */

const MAX_SUBJECT_LENGTH = 998
const MAX_ADDRESSES = 100
const MAX_IDS = 100
const MAX_ID_LENGTH = 500

export type Envelope = { returnPath?: string }

export type HeaderFields = Pick<
  InboundMessage,
  | 'messageId'
  | 'inReplyTo'
  | 'references'
  | 'from'
  | 'returnPath'
  | 'to'
  | 'cc'
  | 'date'
  | 'subject'
  | 'verdicts'
  | 'suppressAutoResponse'
>

export function headerFields(headers: Header[], envelope: Envelope | undefined): HeaderFields {
  const first = (key: string) => headers.find((header) => header.key === key)?.value
  const all = (key: string) => headers.filter((header) => header.key === key).map((header) => header.value)
  const messageId = messageIds(first('message-id') ?? '')[0]
  const from = addresses(first('from') ?? '')[0]
  const returnPath = envelope?.returnPath !== undefined ? envelope.returnPath : first('return-path')
  const date = isoDate(first('date'))
  return {
    ...(messageId !== undefined && { messageId }),
    inReplyTo: capIds(messageIds(all('in-reply-to').join(' '))),
    references: capIds(messageIds(all('references').join(' '))),
    ...(from !== undefined && { from }),
    ...(returnPath !== undefined && { returnPath: envelopeAddress(returnPath) }),
    to: all('to').flatMap(addresses).slice(0, MAX_ADDRESSES),
    cc: all('cc').flatMap(addresses).slice(0, MAX_ADDRESSES),
    ...(date !== undefined && { date }),
    subject: singleLine(safeDecodeWords(first('subject') ?? ''), MAX_SUBJECT_LENGTH),
    verdicts: { ...verdicts(headers), ...authenticationVerdicts(headers) },
    ...(suppressesAutoResponse(all('x-auto-response-suppress')) && { suppressAutoResponse: true }),
  }
}

/** Microsoft's `X-Auto-Response-Suppress`: `All`, `AutoReply` or `OOF` among its comma-separated values. */
function suppressesAutoResponse(values: string[]): boolean {
  return values
    .flatMap((value) => value.split(','))
    .some((value) => ['all', 'autoreply', 'oof'].includes(value.trim().toLowerCase()))
}

/** The host name SES writes as the authserv-id of the `Authentication-Results` it puts on top of received mail. */
const SES_AUTHSERV_ID = 'amazonses.com'

/**
 * SES's sender authentication: the `Authentication-Results` SES puts on top of a received message
 * (`amazonses.com; spf=pass …; dkim=pass …; dmarc=pass …`), as the receipt's spfVerdict, dkimVerdict and dmarcVerdict.
 * Only the topmost header counts, and only when it is SES's: everything below it is the sender's to write, so a
 * forged `Authentication-Results` (or `X-SES-…`) further down never changes a verdict. `pass` → PASS, `fail` → FAIL,
 * anything else (none, neutral, softfail, temperror, permerror) → GRAY.
 */
function authenticationVerdicts(headers: Header[]): Pick<InboundMessage['verdicts'], 'spf' | 'dkim' | 'dmarc'> {
  const top = headers.find((header) => header.key === 'authentication-results')?.value ?? ''
  const [authservId, ...results] = top.slice(0, 8 * 1024).split(';')
  if ((authservId ?? '').trim().toLowerCase() !== SES_AUTHSERV_ID) return {}
  const found: Partial<Record<'spf' | 'dkim' | 'dmarc', string>> = {}
  for (const result of results) {
    const match = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(result)
    if (!match) continue
    const method = (match[1] ?? '').toLowerCase() as 'spf' | 'dkim' | 'dmarc'
    const value = (match[2] ?? '').toLowerCase()
    if (found[method] !== undefined) continue
    found[method] = value === 'pass' ? 'PASS' : value === 'fail' ? 'FAIL' : 'GRAY'
  }
  return found
}

export function envelopeFields(envelope: Envelope): Pick<InboundMessage, 'returnPath' | 'automatic'> {
  const returnPath = envelopeAddress(envelope.returnPath ?? '')
  return returnPath === '' ? { returnPath, automatic: 'empty-return-path' } : { returnPath }
}

const MESSAGE_ID_IN_BRACKETS = /<([^<>]*)>/g

/** `<a@b> <c@d>` → `['a@b', 'c@d']`; ids without brackets are split on white space and commas. Deduplicated. */
function messageIds(value: string): string[] {
  const bracketed = Array.from(value.matchAll(MESSAGE_ID_IN_BRACKETS), (match) => match[1] ?? '')
  const candidates = bracketed.length > 0 ? bracketed : value.split(/[\s,]+/)
  const ids = candidates
    .map((id) => id.replace(/[<>]/g, '').trim())
    .filter((id) => id.length > 0 && id.length <= MAX_ID_LENGTH && !/[\p{Cc}\p{Cf}\s]/u.test(id))
  return [...new Set(ids)]
}

/** The first and the last of a long References chain: where a thread started and what it answers. */
function capIds(ids: string[]): string[] {
  return ids.length <= MAX_IDS ? ids : [...ids.slice(0, MAX_IDS / 2), ...ids.slice(-MAX_IDS / 2)]
}

function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const date = new Date(value.slice(0, 200))
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

const VERDICTS = new Set(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'])

/**
 * SES puts its verdict headers above everything the sender wrote, so the first of each counts — except that a FAIL
 * anywhere wins (a forged PASS below can never hide one). Values outside SES's four are ignored.
 */
function verdicts(headers: Header[]): InboundMessage['verdicts'] {
  const verdict = (key: string) => {
    const values = headers
      .filter((header) => header.key === key)
      .map((header) => header.value.trim().toUpperCase())
      .filter((value) => VERDICTS.has(value))
    return values.includes('FAIL') ? 'FAIL' : values[0]
  }
  const spam = verdict('x-ses-spam-verdict')
  const virus = verdict('x-ses-virus-verdict')
  return { ...(spam !== undefined && { spam }), ...(virus !== undefined && { virus }) }
}

function safeDecodeWords(value: string): string {
  const text = value.slice(0, 64 * 1024)
  try {
    return decodeWords(text)
  } catch {
    return text
  }
}
