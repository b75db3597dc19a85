import PostalMime, { type Email } from 'postal-mime'
import type { InboundAddress, InboundAttachment } from '../../core/mail/inbound-mail.ts'
import { isReport } from './automatic-mail.ts'
import { headerFields } from './headers.ts'
import { MAX_ATTACHMENTS, MAX_FORWARD_DEPTH, MAX_FORWARDED_MESSAGES, POSTAL_MIME_OPTIONS } from './limits.ts'
import { safeFileName, safeMediaType } from './safe-file-name.ts'
import { readableText } from './text.ts'
import { repairC1 } from './windows-1252.ts'

/** Attachments and forwarded messages: collected in order, read, counted and named. */

interface PendingAttachment {
  name: string | null
  type: string
  content: Uint8Array
}

export interface CollectedParts {
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
export async function collectAttachments(
  email: Email,
  parts: CollectedParts,
  depth: number,
  report: boolean,
): Promise<void> {
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
export function named(pending: PendingAttachment[]): InboundAttachment[] {
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
