import type { Header } from 'postal-mime'
import { MAX_HEADER_BYTES, MAX_HEADER_LINES } from './limits.ts'

/** Is it mail at all: our own reader of the top-level header section, for the mail-like check and the minimal parse. */

export interface HeaderSection {
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
export function isMailLike(head: HeaderSection): boolean {
  const fields = head.headers.filter((header) => FIELD_NAME.test(header.originalKey))
  if (fields.length === 0) return false
  return head.bodyStart !== undefined || fields.some((header) => ADDRESSING_FIELDS.has(header.key))
}

/**
 * The top-level header section, read like postal-mime reads it (lines end at LF, trailing CRs dropped; only SP and
 * HTAB fold), within {@link MAX_HEADER_BYTES} and {@link MAX_HEADER_LINES}.
 */
export function readHeaderSection(bytes: Uint8Array): HeaderSection {
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

export function withoutByteOrderMark(raw: Uint8Array): Uint8Array {
  return raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw
}
