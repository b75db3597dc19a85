/** Small, dependency-free readers for the rendered HTML (the pages are ours, so regular markup is assumed). */

export interface Tag {
  name: string
  attrs: Record<string, string>
  source: string
}

/** The page without <template> content, which the browser never renders. */
export function rendered(html: string): string {
  return html.replace(/<template\b[\s\S]*?<\/template>/g, '')
}

export function templates(html: string): string[] {
  return [...html.matchAll(/<template\b[^>]*>([\s\S]*?)<\/template>/g)].map((match) => match[1] ?? '')
}

export function tags(html: string, name?: string): Tag[] {
  const pattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g
  const found: Tag[] = []
  for (const match of html.matchAll(pattern)) {
    const tagName = (match[1] ?? '').toLowerCase()
    if (name !== undefined && tagName !== name) continue
    const attrs: Record<string, string> = {}
    for (const attr of (match[2] ?? '').matchAll(/([^\s"'>/=]+)(?:="([^"]*)")?/g)) {
      attrs[(attr[1] ?? '').toLowerCase()] = attr[2] ?? ''
    }
    found.push({ name: tagName, attrs, source: match[0] })
  }
  return found
}

export function ids(html: string): string[] {
  return tags(html)
    .map((tag) => tag.attrs.id)
    .filter((id): id is string => id !== undefined)
}

/** The inner HTML of the first element with this id (no nesting of the same tag inside, as in our markup). */
export function elementById(html: string, id: string): string | undefined {
  const start = html.search(new RegExp(`<([a-z0-9]+)[^>]*\\sid="${id}"`))
  if (start < 0) return undefined
  const tagName = /^<([a-z0-9]+)/.exec(html.slice(start))?.[1] ?? ''
  const end = html.indexOf(`</${tagName}>`, start)
  return html.slice(start, end < 0 ? undefined : end)
}

/** Text content, tags removed and entities left as they are. */
export function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

/** What the CSP (`script-src 'self'; style-src 'self'`) forbids. */
export function inlineCodeProblems(html: string): string[] {
  const problems: string[] = []
  for (const tag of tags(html)) {
    if (tag.name === 'script' && !tag.attrs.src) problems.push(`inline script: ${tag.source}`)
    if (tag.name === 'style') problems.push(`style element: ${tag.source}`)
    if ('style' in tag.attrs) problems.push(`style attribute: ${tag.source}`)
    for (const attr of Object.keys(tag.attrs)) {
      if (/^on/.test(attr)) problems.push(`event handler attribute: ${tag.source}`)
    }
    for (const attr of ['href', 'src', 'action', 'formaction']) {
      if (/^\s*javascript:/i.test(tag.attrs[attr] ?? '')) problems.push(`javascript: URL: ${tag.source}`)
    }
  }
  return problems
}
