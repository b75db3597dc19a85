import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoCaseRepository } from '../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import type { Clock } from '../functions/core/clock.ts'
import { isReference } from '../functions/core/reference.ts'
import { handler as healthHandler } from '../functions/web-intake/health.ts'
import { intakePages } from '../functions/web-intake/intake-pages.ts'
import { createSubmitHandler } from '../functions/web-intake/submit-handler.ts'
import { siteAssetsDir, sitePages } from '../web/site.ts'
import {
  BodyTooLargeError,
  type HttpLambda,
  lambdaContext,
  readBody,
  toApiGatewayEvent,
  writeResult,
} from './api-gateway.ts'
import { readAppConfig } from './config.ts'
import { ensureCaseTable, LOCAL_AWS, LOCAL_TABLE_NAME, startDynalite } from './dynamo-engine.ts'
import { TokenBucket } from './throttle.ts'

export interface LocalStackOptions {
  port: number
  host?: string
  /** Where the data lives between runs; in memory when omitted (tests). */
  dataDir?: string
  /** Override the configured API throttling (requests per second, burst). */
  throttle?: { ratePerSecond: number; burst: number }
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'
}

export interface LocalStack {
  url: string
  stop(): Promise<void>
}

const systemClock: Clock = { now: () => new Date() }

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** The headers CloudFront adds to every page (lib/constructs/public-site.ts). */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
}

/**
 * The whole workflow on one machine: a real DynamoDB engine, the Lambda handlers behind an API Gateway stand-in,
 * the public pages as CloudFront serves them, and the local-only dev endpoints.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = readAppConfig()
  const engine = await startDynalite(options.dataDir ? join(options.dataDir, 'dynamodb') : undefined)
  await ensureCaseTable(engine.endpoint)
  const documentClient = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  const cases = new DynamoCaseRepository(documentClient, LOCAL_TABLE_NAME)
  const logger = new Logger({ serviceName: 'mar-intake-local', logLevel: options.logLevel ?? 'INFO' })

  const submit = createSubmitHandler({
    cases,
    clock: systemClock,
    randomBytes,
    caseRetentionDays: config.retention.caseDays,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger,
    pages: intakePages,
  })
  const throttle = new TokenBucket(
    options.throttle?.ratePerSecond ?? config.limits.throttleRatePerSecond,
    options.throttle?.burst ?? config.limits.throttleBurst,
  )
  const apiRoutes: Record<string, HttpLambda> = {
    'POST /api/requests': submit as unknown as HttpLambda,
    'GET /health': healthHandler as unknown as HttpLambda,
  }
  const pages = new Map(sitePages().map((page) => [pagePath(page.path), page.html]))

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const routeKey = `${request.method} ${url.pathname}`
    const lambda = apiRoutes[routeKey]
    if (lambda) {
      const permit = throttle.take()
      if (!permit.allowed) {
        return sendJson(
          response,
          429,
          { message: 'Too Many Requests' },
          { 'retry-after': String(permit.retryAfterSeconds) },
        )
      }
      const body = await readBody(request)
      const event = toApiGatewayEvent(request, body, { routeKey })
      return writeResult(response, await lambda(event, lambdaContext(routeKey)))
    }
    if (url.pathname.startsWith('/api/')) return sendJson(response, 404, { message: 'Not Found' })

    const devCase = /^\/_dev\/cases\/([^/]+)$/.exec(url.pathname)
    if (devCase && request.method === 'GET') {
      const reference = decodeURIComponent(devCase[1] ?? '')
      const found = isReference(reference) ? await cases.getCase(reference) : undefined
      return found
        ? sendJson(response, 200, found)
        : sendJson(response, 404, { error: { code: 'not_found', message: 'No case with this reference.' } })
    }

    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendJson(response, 405, { message: 'Method Not Allowed' })
    const page = pages.get(url.pathname)
    if (page !== undefined)
      return send(response, 200, page, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS })
    if (url.pathname.startsWith('/assets/')) return serveAsset(response, url.pathname.slice('/assets/'.length))
    return send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { message: 'Request Entity Too Large' }, { connection: 'close' })
        return
      }
      logger.error('local gateway failed', { errorName: error instanceof Error ? error.name : typeof error })
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' })
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      documentClient.destroy()
      await engine.stop()
    },
  }
}

/** `index.html` is served at `/`, `en/index.html` at `/en/` (and `/en`), like CloudFront's default root object. */
function pagePath(file: string): string {
  if (file === 'index.html') return '/'
  return `/${file.replace(/\/?index\.html$/, '/')}`
}

async function serveAsset(response: ServerResponse, relativePath: string): Promise<void> {
  const safe = normalize(relativePath)
  if (safe.startsWith('..') || safe.startsWith('/')) return send(response, 404, 'Not Found')
  try {
    const content = await readFile(join(siteAssetsDir, safe))
    send(response, 200, content, {
      'content-type': CONTENT_TYPES[extname(safe)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    })
  } catch {
    send(response, 404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' })
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(response, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

function send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers })
  response.end(body)
}
