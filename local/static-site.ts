import type { ServerResponse } from 'node:http'
import { extname, normalize } from 'node:path'
import type { PublicSiteSettings } from '../functions/views/pages/site-settings.ts'
import { readSiteAsset, sitePages } from '../web/site.ts'
import { PAGE_HEADERS, send, sendJson } from './http-responses.ts'

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/**
 * The public pages and assets as CloudFront serves them from the site bucket (lib/constructs/public-site.ts), with
 * the headers its response headers policy adds; `/advisor/config.json` says the workspace signs in with dev tokens.
 */
export function createStaticSite(site: PublicSiteSettings) {
  const pages = new Map(sitePages(site).map((page) => [pagePath(page.path), page.html]))
  return async function serveSite(response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/advisor/config.json') return sendJson(response, 200, { signIn: 'dev' })
    // CloudFront rewrites /advisor/cases/* to the case page (lib/constructs/public-site.ts); so does this server.
    const pagePathname = /^\/advisor\/cases\/[^/]+$/.test(url.pathname) ? '/advisor/case.html' : url.pathname
    // CloudFront serves /dir and /dir/ as /dir/index.html (the directory-index function); so does this server.
    const page = pages.get(pagePathname) ?? (extname(pagePathname) === '' ? pages.get(`${pagePathname}/`) : undefined)
    if (page !== undefined)
      return send(response, 200, page, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS })
    if (url.pathname.startsWith('/assets/')) return serveAsset(response, url.pathname.slice('/assets/'.length))
    return send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }
}

/** `index.html` is served at `/`, `en/index.html` at `/en/`, like CloudFront's default root object. */
function pagePath(file: string): string {
  if (file === 'index.html') return '/'
  return `/${file.replace(/\/?index\.html$/, '/')}`
}

async function serveAsset(response: ServerResponse, relativePath: string): Promise<void> {
  const safe = normalize(relativePath)
  if (safe.startsWith('..') || safe.startsWith('/')) return send(response, 404, 'Not Found')
  try {
    const content = await readSiteAsset(safe)
    send(response, 200, content, {
      'content-type': CONTENT_TYPES[extname(safe)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    })
  } catch {
    send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }
}
