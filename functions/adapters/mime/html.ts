import { compile } from 'html-to-text'
import sanitizeHtml from 'sanitize-html'
import { MAX_HTML_DEPTH, MAX_HTML_LENGTH } from './limits.ts'
import { repairC1 } from './windows-1252.ts'

/** HTML mail: made readable as text (html-to-text), and kept sanitised beside it (sanitize-html), bounded first. */

export const toReadableText = compile({
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
export function boundedHtml(html: string): string {
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

export function keptHtml(html: string): string | undefined {
  const kept = sanitizeHtml(html, SANITISE_OPTIONS).trim()
  return kept.length === 0 || kept.length > 2 * MAX_HTML_LENGTH ? undefined : kept
}

/** Every `href=` value as written and with `&amp;` decoded (postal-mime decodes entities after it writes links). */
export function hrefsOf(html: string): Set<string> {
  const hrefs = new Set<string>()
  const lower = html.toLowerCase()
  for (let at = lower.indexOf('href'); at !== -1; at = lower.indexOf('href', at + 4)) {
    const value = /^href\s*=\s*["']?([^\s"'>]+)/i.exec(html.slice(at, at + 4096))?.[1]
    if (value) hrefs.add(value).add(value.replaceAll('&amp;', '&'))
  }
  return hrefs
}
