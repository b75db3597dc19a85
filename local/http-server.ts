import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@aws-lambda-powertools/logger'
import { BodyTooLargeError } from './api-gateway.ts'
import type { DevResponse } from './dev-routes.ts'
import { sendDev, sendJson } from './http-responses.ts'
import type { Lifecycle } from './lifecycle.ts'

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>

export interface LocalHttpServer {
  /** `http://<host>:<port>`: the stack's own URL, known before anything is composed on it. */
  url: string
  /** Starts answering with `handler`; requests that came in before wait for it. */
  serve(handler: RequestHandler): void
}

/**
 * Listens first, so the stack's own URL is known when the functions are composed (their links and allowed origins),
 * and answers once `serve` gives it the handler. Every error of the handler is answered (413 for a body over the
 * gateway's limit, else 500) and logged by its name only.
 */
export async function listenHttp(
  options: { port: number; host: string },
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<LocalHttpServer> {
  let ready: (handler: RequestHandler) => void = () => undefined
  const handler = new Promise<RequestHandler>((resolve) => {
    ready = resolve
  })
  const server = createServer((request, response) => {
    handler
      .then((handle) => handle(request, response))
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          sendJson(response, 413, { message: 'Request Entity Too Large' }, { connection: 'close' })
          return
        }
        logger.error('local gateway failed', { errorName: error instanceof Error ? error.name : typeof error })
        if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' })
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  lifecycle.onStop(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  )
  return { url: `http://${options.host}:${(server.address() as AddressInfo).port}`, serve: (handle) => ready(handle) }
}

/** What answers on the stack's one port, in the order CloudFront's behaviours and the API route them. */
export interface LocalRoutes {
  /** The API (functions/http/routes.ts): answers whether the request was one of its routes. */
  gateway(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>
  devEndpoint(request: IncomingMessage, url: URL): Promise<DevResponse>
  site(response: ServerResponse, url: URL): Promise<void>
}

/** The API's routes, then 404 for any other API path, the dev endpoints, and the pages and assets (GET and HEAD). */
export function routeRequests(routes: LocalRoutes): RequestHandler {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const method = request.method ?? 'GET'
    if (await routes.gateway(request, response, url)) return
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/actions/')) {
      return sendJson(response, 404, { message: 'Not Found' })
    }
    if (url.pathname.startsWith('/_dev/')) return sendDev(response, await routes.devEndpoint(request, url))
    if (method !== 'GET' && method !== 'HEAD') return sendJson(response, 405, { message: 'Method Not Allowed' })
    return routes.site(response, url)
  }
}
