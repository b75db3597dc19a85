/** The caps of the MIME parser: whatever the bytes, every size it hands on stays within these. */

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
export const MAX_HTML_DEPTH = 200
/** Header bytes and lines our own header reader (the mail-like check and the minimal parse) looks at. */
export const MAX_HEADER_BYTES = 2 * 1024 * 1024
export const MAX_HEADER_LINES = 20_000

/** postal-mime's options, for a message and for each forwarded one. */
export const POSTAL_MIME_OPTIONS = {
  // Every message/rfc822 part stays an attachment (the `.eml`); collectAttachments reads its text, depth-bounded.
  forceRfc822Attachments: true,
  attachmentEncoding: 'arraybuffer',
  maxNestingDepth: 64,
  maxHeadersSize: MAX_HEADER_BYTES,
  maxRfc822NestingDepth: 0,
} as const
