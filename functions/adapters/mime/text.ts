import type { Email } from 'postal-mime'
import { boundedHtml, hrefsOf, toReadableText } from './html.ts'
import { MAX_HTML_LENGTH, MAX_TEXT_LENGTH } from './limits.ts'
import { repairC1 } from './windows-1252.ts'

/** The readable text of a message, cleaned, joined and cut; single-line header values. */

/**
 * The text/plain part; or, for HTML only, the HTML made readable (link text only, no images, scripts or styles).
 * Where postal-mime itself made text of an HTML part beside plain ones, it wrote each link as ` (href) `: those
 * whose URL has a query (trackers) are taken out again.
 */
export function readableText(email: Email): string {
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

export const TRUNCATED = '[… tekst ingekort / text truncated]'

export function joinTexts(texts: string[], attachmentsLeftOut: number): string {
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
export function singleLine(text: string, maxLength: number): string {
  const line = repairC1(text.slice(0, maxLength * 4))
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim()
    .toWellFormed()
  const codePoints = Array.from(line)
  return codePoints.length <= maxLength ? line : codePoints.slice(0, maxLength).join('').trimEnd()
}
