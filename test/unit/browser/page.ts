import { vi } from 'vitest'

/**
 * Loads a server-rendered page into the test's DOM (happy-dom), as the browser would before running the script, at
 * the given path. Scripts are not run: the test imports the browser modules itself, after this.
 */
export function loadPage(html: string, path = '/'): void {
  history.replaceState(null, '', path)
  // The page's own script and stylesheets are left out: the test runs the modules itself, and there is no server.
  const parsed = new DOMParser().parseFromString(
    html.replace(/<link\b[^>]*>|<script\b[^>]*><\/script>/g, ''),
    'text/html',
  )
  document.head.replaceChildren(...Array.from(parsed.head.childNodes, (node) => document.importNode(node, true)))
  for (const attribute of Array.from(document.body.attributes)) document.body.removeAttribute(attribute.name)
  for (const attribute of Array.from(parsed.body.attributes))
    document.body.setAttribute(attribute.name, attribute.value)
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)))
  sessionStorage.clear()
  localStorage.clear()
  vi.resetModules()
}

/** A JSON answer for a mocked fetch. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** Lets pending promise callbacks and zero-delay timers run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setTimeout(resolve, 0))
}
