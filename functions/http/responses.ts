import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from '../views/security-headers.ts'

export type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> }

/** Pages and API answers carry the same protective headers; none of them may be cached by anyone. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': SECURITY_HEADERS['x-content-type-options'],
  'referrer-policy': SECURITY_HEADERS['referrer-policy'],
  'x-frame-options': SECURITY_HEADERS['x-frame-options'],
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

export function htmlResponse(statusCode: number, html: string, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': SECURITY_HEADERS['content-security-policy'],
      ...headers,
    },
    body: html,
  }
}

/** A plain browser form post (no JavaScript) wants a page back; everything else gets JSON. */
export function wantsHtml(event: APIGatewayProxyEventV2): boolean {
  const contentType = event.headers?.['content-type']?.toLowerCase() ?? ''
  const accept = event.headers?.accept?.toLowerCase() ?? ''
  return contentType.startsWith('application/x-www-form-urlencoded') && !accept.includes('application/json')
}
