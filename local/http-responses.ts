import type { ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from '../functions/views/security-headers.ts'
import type { DevResponse } from './dev-routes.ts'

/** The pages' headers, as CloudFront's response headers policy adds them in AWS (functions/views/security-headers.ts). */
export const PAGE_HEADERS = SECURITY_HEADERS

export function sendDev(response: ServerResponse, answer: DevResponse) {
  if (answer.contentType?.startsWith('text/html')) {
    return send(response, answer.status, String(answer.body), { 'content-type': answer.contentType, ...PAGE_HEADERS })
  }
  if (answer.contentType?.startsWith('text/css')) {
    return send(response, answer.status, String(answer.body), {
      'content-type': answer.contentType,
      'x-content-type-options': 'nosniff',
    })
  }
  return sendJson(response, answer.status, answer.body)
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  send(response, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers })
  response.end(body)
}

/** A path segment decoded, or undefined for a broken percent-escape. */
export function safeDecode(component: string): string | undefined {
  try {
    return decodeURIComponent(component)
  } catch {
    return undefined
  }
}
