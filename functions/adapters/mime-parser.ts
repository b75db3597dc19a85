import { compile } from 'html-to-text'
import PostalMime, { type Address, addressParser, decodeWords, type Email, type Header } from 'postal-mime'
import sanitizeHtml from 'sanitize-html'
import {
  type AutomaticReason,
  type InboundAddress,
  type InboundAttachment,
  type InboundMessage,
  UnreadableMessageError,
} from '../core/mail/inbound-mail.ts'
import { safeFileName, safeMediaType } from './safe-file-name.ts'

/**
 * Raw MIME → {@link InboundMessage}, with postal-mime. Whatever the bytes, this returns a message or throws
 * {@link UnreadableMessageError} (nothing mail-like at all); every size it hands on is capped.
 */

/** Bytes given to postal-mime; a longer input (callers refuse > 10 MB before this) gets the minimal parse. */
export const MAX_PARSED_BYTES = 11 * 1024 * 1024
/** The readable text, in UTF-16 code units, marker included. */
export const MAX_TEXT_LENGTH = 1_000_000
/** HTML beyond this is cut before it is made readable or sanitised; a kept HTML longer than twice this is dropped. */
export const MAX_HTML_LENGTH = 1_000_000
/** Attachments listed; the rest stay in the raw message (the text says how many). */
export const MAX_ATTACHMENTS = 100
/** Forwarded `message/rfc822` parts are read into the text this deep (a forward of a forward of a forward) … */
export const MAX_FORWARD_DEPTH = 3
/** … and this many in all. */
export const MAX_FORWARDED_MESSAGES = 20
/** HTML nesting beyond this is flattened before any HTML library sees it (they slow down with depth, badly). */
const MAX_HTML_DEPTH = 200
/** Header bytes and lines our own header reader (the mail-like check and the minimal parse) looks at. */
const MAX_HEADER_BYTES = 2 * 1024 * 1024
const MAX_HEADER_LINES = 20_000
const MAX_SUBJECT_LENGTH = 998
const MAX_NAME_LENGTH = 200
const MAX_ADDRESSES = 100
const MAX_IDS = 100
const MAX_ID_LENGTH = 500

const POSTAL_MIME_OPTIONS = {
  // Every message/rfc822 part stays an attachment (the `.eml`); collectAttachments reads its text, depth-bounded.
  forceRfc822Attachments: true,
  attachmentEncoding: 'arraybuffer',
  maxNestingDepth: 64,
  maxHeadersSize: MAX_HEADER_BYTES,
  maxRfc822NestingDepth: 0,
} as const

export type Envelope = { returnPath?: string }

export async function parseInboundMessage(raw: Uint8Array, envelope?: Envelope): Promise<InboundMessage> {
  const bytes = withoutByteOrderMark(raw)
  const head = readHeaderSection(bytes)
  if (!isMailLike(head)) throw new UnreadableMessageError('The message has no mail headers.')
  if (bytes.byteLength <= MAX_PARSED_BYTES) {
    try {
      const email = await PostalMime.parse(bytes, POSTAL_MIME_OPTIONS)
      return await fromParsedEmail(email, { head, bytes, size: raw.byteLength }, envelope)
    } catch {
      // A structure postal-mime refuses (nesting, header size) or a part that breaks a converter: the minimal parse.
    }
  }
  try {
    return minimalMessage(head, bytes, raw.byteLength, envelope)
  } catch {
    return { ...emptyMessage(raw.byteLength), ...(envelope?.returnPath !== undefined && envelopeFields(envelope)) }
  }
}

// ——— the two parses ———

interface RawMessage {
  head: HeaderSection
  bytes: Uint8Array
  size: number
}

async function fromParsedEmail(email: Email, raw: RawMessage, envelope: Envelope | undefined): Promise<InboundMessage> {
  const fields = headerFields(email.headers, envelope)
  const parts: CollectedParts = { texts: [readableText(email)], attachments: [], omitted: 0, forwarded: 0 }
  const report = isReport(
    email.headers,
    email.attachments.map((attachment) => attachment.mimeType),
  )
  await collectAttachments(email, parts, 0, report)
  if (email.text === undefined && email.html === undefined && parts.attachments.length === 0) {
    // Nothing came out of the structure (say, a boundary that no part uses): the body as it is, rather than nothing.
    parts.texts = [rawBody(raw.head, raw.bytes)]
  }
  const html = email.html === undefined ? undefined : keptHtml(boundedHtml(email.html))
  const automatic =
    automaticReason(email.headers) ?? (report ? 'delivery-report' : undefined) ?? systemOrEmptyReason(fields)
  return {
    ...fields,
    text: joinTexts(parts.texts, parts.omitted),
    ...(html !== undefined && { html }),
    attachments: named(parts.attachments),
    ...(automatic !== undefined && { automatic }),
    size: raw.size,
  }
}

function rawBody(head: HeaderSection, bytes: Uint8Array): string {
  if (head.bodyStart === undefined) return ''
  return decodeUtf8(bytes.subarray(head.bodyStart, head.bodyStart + 2 * MAX_TEXT_LENGTH))
}

/** Headers only, and the body as raw text, cut: for what postal-mime refused or could not finish. */
function minimalMessage(head: HeaderSection, bytes: Uint8Array, size: number, envelope?: Envelope): InboundMessage {
  const fields = headerFields(head.headers, envelope)
  const body = rawBody(head, bytes)
  const automatic =
    automaticReason(head.headers) ??
    (isReport(head.headers, []) ? 'delivery-report' : undefined) ??
    systemOrEmptyReason(fields)
  return {
    ...fields,
    text: joinTexts([body], 0),
    attachments: [],
    ...(automatic !== undefined && { automatic }),
    size,
  }
}

function emptyMessage(size: number): InboundMessage {
  return { inReplyTo: [], references: [], to: [], cc: [], subject: '', text: '', attachments: [], size, verdicts: {} }
}

// ——— is it mail at all ———

interface HeaderSection {
  headers: Header[]
  /** Where the body starts (after the first empty line); undefined when there is no header/body separation. */
  bodyStart?: number
}

const FIELD_NAME = /^[\x21-\x39\x3B-\x7E]{1,76}$/
const ADDRESSING_FIELDS = new Set(['from', 'to', 'cc', 'subject'])

/**
 * The rule: mail-like is at least one well-formed header field (`Name: value`, the name printable ASCII) before the
 * first empty line, and either an empty line that separates headers from a body or a From, To, Cc or Subject field.
 * So empty input, text without any `Name:` line, and a lone header line like `X-Foo: bar` are not mail.
 */
function isMailLike(head: HeaderSection): boolean {
  const fields = head.headers.filter((header) => FIELD_NAME.test(header.originalKey))
  if (fields.length === 0) return false
  return head.bodyStart !== undefined || fields.some((header) => ADDRESSING_FIELDS.has(header.key))
}

/**
 * The top-level header section, read like postal-mime reads it (lines end at LF, trailing CRs dropped; only SP and
 * HTAB fold), within {@link MAX_HEADER_BYTES} and {@link MAX_HEADER_LINES}.
 */
function readHeaderSection(bytes: Uint8Array): HeaderSection {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const limit = Math.min(bytes.byteLength, MAX_HEADER_BYTES)
  const folded: string[][] = []
  let position = 0
  let bodyStart: number | undefined
  while (position < limit && folded.length < MAX_HEADER_LINES) {
    const newline = bytes.indexOf(0x0a, position)
    const lineEnd = newline === -1 || newline >= limit ? limit : newline
    let contentEnd = lineEnd
    while (contentEnd > position && bytes[contentEnd - 1] === 0x0d) contentEnd--
    const next = lineEnd + 1
    if (contentEnd === position && newline !== -1 && newline < limit) {
      bodyStart = next
      break
    }
    const line = decoder.decode(bytes.subarray(position, contentEnd))
    const last = folded.at(-1)
    if (last && (line.startsWith(' ') || line.startsWith('\t'))) last.push(line)
    else folded.push([line])
    position = next
  }
  // Past the caps nothing more is read as a header, but the body still starts after the first empty line.
  if (bodyStart === undefined && position < bytes.byteLength) bodyStart = afterBlankLine(bytes, position)
  const headers = folded.map((parts): Header => {
    const line = parts.join('')
    const colon = line.indexOf(':')
    const key = trimWsp(colon < 0 ? line : line.slice(0, colon))
    const value = colon < 0 ? '' : trimWsp(line.slice(colon + 1).replace(/[\r\n]+/g, ' '))
    return { key: key.toLowerCase(), originalKey: key, value }
  })
  return bodyStart === undefined ? { headers } : { headers, bodyStart }
}

/** The position after the first line (from `from` on) that is empty but for CRs; undefined if there is none. */
function afterBlankLine(bytes: Uint8Array, from: number): number | undefined {
  let newline = bytes.indexOf(0x0a, from)
  while (newline !== -1) {
    let next = newline + 1
    while (bytes[next] === 0x0d) next++
    if (bytes[next] === 0x0a) return next + 1
    newline = bytes.indexOf(0x0a, next)
  }
  return undefined
}

function trimWsp(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
  return text.slice(start, end)
}

function withoutByteOrderMark(raw: Uint8Array): Uint8Array {
  return raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw
}

// ——— header fields ———

type HeaderFields = Pick<
  InboundMessage,
  'messageId' | 'inReplyTo' | 'references' | 'from' | 'returnPath' | 'to' | 'cc' | 'date' | 'subject' | 'verdicts'
>

function headerFields(headers: Header[], envelope: Envelope | undefined): HeaderFields {
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
    verdicts: verdicts(headers),
  }
}

function envelopeFields(envelope: Envelope): Pick<InboundMessage, 'returnPath' | 'automatic'> {
  const returnPath = envelopeAddress(envelope.returnPath ?? '')
  return returnPath === '' ? { returnPath, automatic: 'empty-return-path' } : { returnPath }
}

/** `<Someone@Example.org>` → `someone@example.org`; `<>` → `''` (the null return path). */
function envelopeAddress(value: string): string {
  const text = value.replace(/[\p{Cc}\p{Cf}\s]+/gu, '').slice(0, 320)
  const inBrackets = /^<([^<>]*)>/.exec(text)
  return (inBrackets ? (inBrackets[1] ?? '') : text.replace(/[<>]/g, '')).toLowerCase()
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

const ADDRESS_SHAPE = /^[^\s@<>()[\]",;:\\]{1,64}@[^\s@<>()[\]",;:\\]{1,253}$/

function addresses(value: string): InboundAddress[] {
  if (value.length === 0) return []
  let parsed: Address[]
  try {
    parsed = addressParser(value.slice(0, 64 * 1024), { flatten: true })
  } catch {
    return []
  }
  const result: InboundAddress[] = []
  for (const mailbox of parsed) {
    const address = (mailbox.address ?? '').replace(/[\p{Cc}\p{Cf}\s]+/gu, '').toLowerCase()
    if (!ADDRESS_SHAPE.test(address)) continue
    const name = singleLine(mailbox.name ?? '', MAX_NAME_LENGTH)
    result.push(name.length > 0 ? { address, name } : { address })
  }
  return result
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

// ——— automatic mail (the design's list, in its order) ———

const REPORT_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
])
const SYSTEM_SENDERS = new Set(['mailerdaemon', 'postmaster', 'noreply', 'donotreply'])

/** The rules that read headers: Auto-Submitted other than `no`, Precedence bulk/junk/list, List-*, X-Autoreply. */
function automaticReason(headers: Header[]): AutomaticReason | undefined {
  const keyword = (value: string) => (value.split(/[;(\s]/)[0] ?? '').toLowerCase()
  const values = (key: string) => headers.filter((header) => header.key === key).map((header) => keyword(header.value))
  if (values('auto-submitted').some((value) => value !== 'no')) return 'auto-submitted'
  if (values('precedence').some((value) => value === 'bulk' || value === 'junk' || value === 'list')) {
    return 'precedence'
  }
  if (headers.some((header) => header.key.startsWith('list-'))) return 'list'
  if (headers.some((header) => header.key === 'x-autoreply' || header.key === 'x-autorespond')) return 'x-autoreply'
  return undefined
}

/** A delivery status, disposition or feedback report: `multipart/report`, or one of the report parts. */
function isReport(headers: Header[], partTypes: string[]): boolean {
  const contentType = headers.find((header) => header.key === 'content-type')?.value ?? ''
  if (/^\s*multipart\/report\b/i.test(contentType)) return true
  return partTypes.some((type) => REPORT_TYPES.has(type.toLowerCase()))
}

/** MAILER-DAEMON, postmaster, noreply, no-reply, do-not-reply (From or return path; `-_.` and `+tag` ignored); `<>`. */
function systemOrEmptyReason(fields: HeaderFields): AutomaticReason | undefined {
  const isSystem = (address: string | undefined) => {
    const local = (address ?? '').split('@')[0]?.split('+')[0]?.replace(/[-_.]/g, '') ?? ''
    return SYSTEM_SENDERS.has(local)
  }
  if (isSystem(fields.from?.address) || isSystem(fields.returnPath)) return 'system-sender'
  if (fields.returnPath === '') return 'empty-return-path'
  return undefined
}

// ——— text and HTML ———

const toReadableText = compile({
  wordwrap: false,
  limits: { maxDepth: MAX_HTML_DEPTH, maxInputLength: MAX_HTML_LENGTH, ellipsis: '…' },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    // Mail uses tables for layout: each cell on a line of its own reads better than cells run together.
    { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'th', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
})

/** Tags the kept HTML may have: text structure, lists, tables and links — nothing that loads, runs or styles. */
export const ALLOWED_HTML_TAGS = [
  ...['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'hr'],
  ...['blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li'],
  ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'a'],
]

const SANITISE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_HTML_TAGS,
  // `rel` is only ever the one the link transform below sets (it replaces every attribute of a link).
  allowedAttributes: { a: ['href', 'rel'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'svg', 'math'],
  nestingLimit: MAX_HTML_DEPTH,
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => {
      const href = linkWithoutQuery(attribs.href)
      const kept: sanitizeHtml.Attributes = href === undefined ? {} : { href, rel: 'noopener noreferrer nofollow' }
      return { tagName, attribs: kept }
    },
  },
}

/** http(s) and mailto links, without query and fragment (where trackers live); anything else is no link. */
function linkWithoutQuery(href: string | undefined): string | undefined {
  if (href === undefined) return undefined
  let url: URL
  try {
    url = new URL(href.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return undefined
  url.search = ''
  url.hash = ''
  return url.href
}

/** Cut to {@link MAX_HTML_LENGTH}, Windows-1252 repaired, nesting flattened below {@link MAX_HTML_DEPTH}. */
function boundedHtml(html: string): string {
  return limitNesting(repairC1(html.slice(0, MAX_HTML_LENGTH)), MAX_HTML_DEPTH)
}

const VOID_ELEMENTS = new Set('area base br col embed hr img input keygen link meta param source track wbr'.split(' '))
/** Elements whose content is not markup: never dropped (their content would turn into text), never counted. */
const RAW_TEXT_ELEMENTS = new Set(
  'script style textarea title xmp iframe noembed noframes noscript plaintext'.split(' '),
)

/**
 * Drops the tags that open (and their closes) beyond `maxDepth` open elements, counting roughly (no implied closes,
 * comments and raw text not special): one linear pass, so that the libraries that follow never meet deep nesting.
 * What it leaves is still sanitised afterwards, so a rough count can cost formatting, never safety.
 */
function limitNesting(html: string, maxDepth: number): string {
  const kept: string[] = []
  let depth = 0
  let copiedUpTo = 0
  let open = html.indexOf('<')
  while (open !== -1) {
    const close = html.indexOf('>', open + 1)
    if (close === -1) break
    const tag = /^<(\/?)([a-zA-Z][\w:-]*)/.exec(html.slice(open, Math.min(close, open + 80)))
    if (tag) {
      const closing = tag[1] === '/'
      const name = (tag[2] ?? '').toLowerCase()
      const counted = !VOID_ELEMENTS.has(name) && !RAW_TEXT_ELEMENTS.has(name)
      const nests = !closing && counted && html[close - 1] !== '/'
      const drop = closing ? counted && depth > maxDepth : nests && depth >= maxDepth
      if (closing && counted && depth > 0) depth--
      if (nests) depth++
      if (drop) {
        kept.push(html.slice(copiedUpTo, open))
        copiedUpTo = close + 1
      }
    }
    open = html.indexOf('<', close + 1)
  }
  kept.push(html.slice(copiedUpTo))
  return kept.join('')
}

function keptHtml(html: string): string | undefined {
  const kept = sanitizeHtml(html, SANITISE_OPTIONS).trim()
  return kept.length === 0 || kept.length > 2 * MAX_HTML_LENGTH ? undefined : kept
}

/**
 * The text/plain part; or, for HTML only, the HTML made readable (link text only, no images, scripts or styles).
 * Where postal-mime itself made text of an HTML part beside plain ones, it wrote each link as ` (href) `: those
 * whose URL has a query (trackers) are taken out again.
 */
function readableText(email: Email): string {
  if (email.text !== undefined) {
    const text = email.text.slice(0, MAX_TEXT_LENGTH + 1)
    return email.html === undefined ? text : withoutDerivedTrackingLinks(text, email.html)
  }
  if (email.html === undefined) return ''
  const text = toReadableText(boundedHtml(email.html))
  return email.html.length > MAX_HTML_LENGTH ? `${text}\n\n${TRUNCATED}` : text
}

function withoutDerivedTrackingLinks(text: string, html: string): string {
  const hrefs = hrefsOf(html.slice(0, MAX_HTML_LENGTH))
  return text.replace(/ \((https?:\/\/[^\s()]*\?[^\s()]*)\) /g, (match, url: string) => (hrefs.has(url) ? ' ' : match))
}

/** Every `href=` value as written and with `&amp;` decoded (postal-mime decodes entities after it writes links). */
function hrefsOf(html: string): Set<string> {
  const hrefs = new Set<string>()
  const lower = html.toLowerCase()
  for (let at = lower.indexOf('href'); at !== -1; at = lower.indexOf('href', at + 4)) {
    const value = /^href\s*=\s*["']?([^\s"'>]+)/i.exec(html.slice(at, at + 4096))?.[1]
    if (value) hrefs.add(value).add(value.replaceAll('&amp;', '&'))
  }
  return hrefs
}

/**
 * Windows-1252's characters for U+0080–U+009F. Node 20's TextDecoder decodes `windows-1252` (and `iso-8859-1`, which
 * is the same label in the Encoding Standard) as Latin-1, leaving `€ “ ” – …` as C1 control characters; no real text
 * has those, so they are read as Windows-1252 meant them. The five bytes it leaves undefined stay controls (dropped).
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

function repairC1(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? '')
}

/** Line breaks as LF; no control characters but tab and LF; well-formed UTF-16; within {@link MAX_TEXT_LENGTH}. */
function cleanText(text: string): string {
  return (
    repairC1(text.slice(0, MAX_TEXT_LENGTH + 1))
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this pattern's purpose
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
      .toWellFormed()
  )
}

const TRUNCATED = '[… tekst ingekort / text truncated]'

function joinTexts(texts: string[], attachmentsLeftOut: number): string {
  const joined = texts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join('\n\n')
  const notes =
    attachmentsLeftOut > 0
      ? `[${attachmentsLeftOut} bijlagen niet uitgepakt; het originele bericht is bewaard / ${attachmentsLeftOut} attachments not listed; the original message is kept]`
      : ''
  const room = MAX_TEXT_LENGTH - (notes.length > 0 ? notes.length + 2 : 0)
  // Judged on the text before cleaning: longer than the room means something was cut (or is about to be).
  const cut = joined.length > room
  const cleaned = cleanText(joined)
  const kept = cut ? cleaned.slice(0, room - TRUNCATED.length - 2).toWellFormed() : cleaned
  const text = cut ? `${kept.trimEnd()}\n\n${TRUNCATED}` : kept.trim()
  if (notes.length === 0) return text
  return text.length > 0 ? `${text}\n\n${notes}` : notes
}

/** One line: line breaks and other control characters become spaces, format (bidi, zero-width) characters go. */
function singleLine(text: string, maxLength: number): string {
  const line = repairC1(text.slice(0, maxLength * 4))
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim()
    .toWellFormed()
  const codePoints = Array.from(line)
  return codePoints.length <= maxLength ? line : codePoints.slice(0, maxLength).join('').trimEnd()
}

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}

// ——— attachments and forwarded messages ———

interface PendingAttachment {
  name: string | null
  type: string
  content: Uint8Array
}

interface CollectedParts {
  texts: string[]
  attachments: PendingAttachment[]
  /** Attachments beyond {@link MAX_ATTACHMENTS}, counted, not kept. */
  omitted: number
  forwarded: number
}

/**
 * postal-mime's attachments in order; each forwarded `message/rfc822` part (not marked `attachment`, not inside a
 * report) is also read, its text added to the readable text under a header block and its attachments after it.
 */
async function collectAttachments(email: Email, parts: CollectedParts, depth: number, report: boolean): Promise<void> {
  for (const attachment of email.attachments) {
    if (parts.attachments.length >= MAX_ATTACHMENTS) {
      parts.omitted++
      continue
    }
    const content = bytesOf(attachment.content)
    const type = safeMediaType(attachment.mimeType)
    parts.attachments.push({ name: attachment.filename, type, content })
    const inline = attachment.disposition === null || attachment.disposition === 'inline'
    if (type !== 'message/rfc822' || !inline || report || depth >= MAX_FORWARD_DEPTH) continue
    if (parts.forwarded >= MAX_FORWARDED_MESSAGES) continue
    parts.forwarded++
    let forwarded: Email
    try {
      forwarded = await PostalMime.parse(content, POSTAL_MIME_OPTIONS)
    } catch {
      continue
    }
    parts.texts.push(forwardedHeader(forwarded), readableText(forwarded))
    const nestedReport = isReport(
      forwarded.headers,
      forwarded.attachments.map((nested) => nested.mimeType),
    )
    await collectAttachments(forwarded, parts, depth + 1, nestedReport)
  }
}

function forwardedHeader(email: Email): string {
  const fields = headerFields(email.headers, undefined)
  const show = (address: InboundAddress) => (address.name ? `${address.name} <${address.address}>` : address.address)
  const lines = ['---------- Doorgestuurd bericht / Forwarded message ----------']
  if (fields.from) lines.push(`Van / From: ${show(fields.from)}`)
  if (fields.date) lines.push(`Datum / Date: ${fields.date}`)
  if (fields.subject) lines.push(`Onderwerp / Subject: ${fields.subject}`)
  if (fields.to.length > 0) lines.push(`Aan / To: ${fields.to.map(show).join(', ')}`)
  return lines.join('\n')
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content)
  return content instanceof Uint8Array ? content : new Uint8Array(content)
}

const FALLBACK_EXTENSIONS: Record<string, string> = {
  'message/rfc822': '.eml',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/rfc822-headers': '.txt',
  'message/delivery-status': '.txt',
  'message/disposition-notification': '.txt',
  'message/feedback-report': '.txt',
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
}

/** Ids `a1`, `a2`, … and safe names; a calendar part without a name is `invite.ics`, others `bijlage-<n>[.ext]`. */
function named(pending: PendingAttachment[]): InboundAttachment[] {
  return pending.map((attachment, index) => {
    const number = index + 1
    const calendar = attachment.type === 'text/calendar' || attachment.type === 'application/ics'
    const fallback = calendar ? 'invite.ics' : `bijlage-${number}${FALLBACK_EXTENSIONS[attachment.type] ?? ''}`
    return {
      id: `a${number}`,
      name: safeFileName(attachment.name === null ? null : repairC1(attachment.name), fallback),
      type: attachment.type,
      size: attachment.content.byteLength,
      content: attachment.content,
    }
  })
}
