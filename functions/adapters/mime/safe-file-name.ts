/**
 * Names and media types of mail attachments as a sender wrote them, made safe to store, list and offer for download.
 */

/** The longest file name kept, in code points (the extension is kept when a name is cut). */
export const MAX_FILE_NAME_LENGTH = 200

/** Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters, BOM, tags), surrogates, separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu
/** Characters no file system or shell should meet in a name (Windows' reserved set and the path separators). */
const RESERVED = /[<>:"/\\|?*]/g
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
/** Longer names are cut before they are cleaned, so that cleaning stays cheap. */
const MAX_NAME_INPUT = 10_000
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/

/**
 * A file name without path, control, bidi or zero-width characters, trimmed of spaces and dots, at most
 * {@link MAX_FILE_NAME_LENGTH} code points with its extension kept; `fallback` when nothing of it is left.
 */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  if (typeof name !== 'string' || name.length === 0) return fallback
  // The last path segment that has anything left once cleaned: `../../etc/passwd` → `passwd`, `C:\x\a.pdf` → `a.pdf`.
  const segments = name.slice(0, MAX_NAME_INPUT).split(/[/\\]/)
  let cleaned = ''
  for (let index = segments.length - 1; index >= 0 && cleaned.length === 0; index--) {
    cleaned = cleanSegment(segments[index] ?? '')
  }
  if (cleaned.length === 0) return fallback
  if (WINDOWS_DEVICE.test(cleaned)) cleaned = `_${cleaned}`
  return cutKeepingExtension(cleaned)
}

function cleanSegment(segment: string): string {
  const visible = segment
    .replace(/[\t\n\v\f\r]/g, ' ')
    .replace(INVISIBLE, '')
    .toWellFormed()
    .normalize('NFC')
  return trimSpacesAndDots(visible.replace(RESERVED, '_').replace(/\s+/gu, ' '))
}

function cutKeepingExtension(name: string): string {
  const codePoints = Array.from(name)
  if (codePoints.length <= MAX_FILE_NAME_LENGTH) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? Array.from(name.slice(dot)) : []
  const keep = extension.length > 0 && extension.length <= 16 ? extension : []
  const base = codePoints.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('')
  return `${trimSpacesAndDots(base)}${keep.join('')}`
}

/** Leading dots hide a file (or climb: `..`); trailing dots and spaces are dropped by Windows. An index scan, linear. */
function trimSpacesAndDots(text: string): string {
  const trimmable = (index: number) => text[index] === ' ' || text[index] === '.'
  let start = 0
  let end = text.length
  while (start < end && trimmable(start)) start++
  while (end > start && trimmable(end - 1)) end--
  return text.slice(start, end)
}

/** A declared media type, lower-cased, parameters dropped; `application/octet-stream` if none or malformed. */
export function safeMediaType(type: string | null | undefined): string {
  const value = (typeof type === 'string' ? type : '').split(';')[0]?.trim().toLowerCase() ?? ''
  return MEDIA_TYPE.test(value) ? value : 'application/octet-stream'
}
