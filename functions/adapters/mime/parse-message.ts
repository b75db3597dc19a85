import PostalMime, { type Email } from 'postal-mime'
import { type InboundMessage, UnreadableMessageError } from '../../core/mail/inbound-mail.ts'
import { type CollectedParts, collectAttachments, named } from './attachments.ts'
import { automaticReason, isReport, systemOrEmptyReason } from './automatic-mail.ts'
import { type HeaderSection, isMailLike, readHeaderSection, withoutByteOrderMark } from './header-section.ts'
import { type Envelope, envelopeFields, headerFields } from './headers.ts'
import { boundedHtml, keptHtml } from './html.ts'
import { MAX_PARSED_BYTES, MAX_TEXT_LENGTH, POSTAL_MIME_OPTIONS } from './limits.ts'
import { joinTexts, readableText } from './text.ts'

/**
 * Raw MIME → {@link InboundMessage}, with postal-mime. Whatever the bytes, this returns a message or throws
 * {@link UnreadableMessageError} (nothing mail-like at all); every size it hands on is capped.
 */

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

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}
