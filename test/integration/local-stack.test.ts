import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalStack, startLocalStack } from '../../local/stack.ts'

const request = {
  requesterType: 'professional',
  sector: 'care',
  topic: 'case',
  email: 'wijkverpleging@zorg.nl',
  description: 'Een cliënt spreekt steeds vaker over een gewapende strijd.',
  consent: true,
}

function post(stack: LocalStack, body: string, contentType = 'application/json') {
  return fetch(`${stack.url}/api/requests`, { method: 'POST', headers: { 'content-type': contentType }, body })
}

describe('Local stack: the whole web intake over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mar-local-'))
  let stack: LocalStack

  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, logLevel: 'SILENT' })
  })
  afterAll(async () => {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is healthy and serves the form in Dutch and English with the 112 notice', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200)
    const dutch = await fetch(`${stack.url}/`)
    expect(dutch.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await dutch.text()).toContain('Acuut gevaar? Bel 112')
    expect(await (await fetch(`${stack.url}/en/`)).text()).toContain('Call 112')
  })

  it('serves the assets and nothing outside them', async () => {
    const styles = await fetch(`${stack.url}/assets/styles.css`)
    expect(styles.status).toBe(200)
    expect(styles.headers.get('content-type')).toContain('text/css')
    expect((await fetch(`${stack.url}/assets/..%2f..%2fpackage.json`)).status).toBe(404)
    expect((await fetch(`${stack.url}/assets/../../package.json`)).status).toBe(404)
  })

  it('files a request and shows the stored case on the dev endpoint', async () => {
    const response = await post(stack, JSON.stringify(request))
    expect(response.status).toBe(201)
    const { reference } = (await response.json()) as { reference: string }
    const stored = await (await fetch(`${stack.url}/_dev/cases/${reference}`)).json()
    const { consent: _consent, ...submitted } = request
    expect(stored).toMatchObject({ ...submitted, reference, channel: 'web', urgency: 'normal' })
    // Routing runs after the answer, on the workflow: the case may be routed already, never further than that.
    expect(['received', 'assigned', 'unassigned']).toContain(stored.status)
    expect(stored).not.toHaveProperty('consent')
  })

  it('answers 404 for a case that does not exist or a reference that is not one', async () => {
    expect((await fetch(`${stack.url}/_dev/cases/MAR-0000-0000`)).status).toBe(404)
    expect((await fetch(`${stack.url}/_dev/cases/%3Cscript%3E`)).status).toBe(404)
  })

  it('refuses a body over 64 KiB with 413 and another media type with 415', async () => {
    const huge = JSON.stringify({ ...request, description: 'x'.repeat(70_000) })
    expect((await post(stack, huge)).status).toBe(413)
    expect((await post(stack, 'hallo', 'text/plain')).status).toBe(415)
  })

  /** A raw request, so the Host header is ours to set (as a rebinding page's browser would send it). */
  function raw(path: string, options: { method?: string; host?: string; contentType?: string; body?: string } = {}) {
    const { port } = new URL(stack.url)
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: options.method ?? 'GET',
          headers: {
            host: options.host ?? `127.0.0.1:${port}`,
            ...(options.contentType ? { 'content-type': options.contentType } : {}),
          },
        },
        (response) => {
          let body = ''
          response.on('data', (chunk) => {
            body += chunk
          })
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
        },
      )
      sent.on('error', reject)
      sent.end(options.body)
    })
  }

  it('answers dev endpoints only for this machine’s own names, and takes their bodies only as JSON', async () => {
    const advance = { method: 'POST', body: JSON.stringify({ advance: 'PT0S' }) }
    expect((await raw('/_dev/clock', { ...advance, contentType: 'application/json' })).status).toBe(200)
    expect(
      (await raw('/_dev/clock', { ...advance, contentType: 'application/json', host: 'localhost:3000' })).status,
    ).toBe(200)
    const rebound = await raw('/_dev/clock', { ...advance, contentType: 'application/json', host: 'evil.example:3000' })
    expect(rebound.status).toBe(403)
    expect(JSON.parse(rebound.body).error.code).toBe('forbidden_host')
    expect((await raw('/_dev/mail', { host: 'evil.example' })).status).toBe(403)
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const answer = await raw('/_dev/clock', { ...advance, ...(contentType ? { contentType } : {}) })
      expect(answer.status, String(contentType)).toBe(415)
    }
  })

  it('answers a broken percent-escape in a path with 400, never a 500', async () => {
    for (const path of [
      '/_dev/cases/%',
      '/_dev/cases/%E0%A4%A',
      '/_dev/workflows/%zz',
      '/actions/%',
      '/api/advisor/cases/%',
    ]) {
      expect((await raw(path)).status, path).toBe(400)
    }
  })

  it('keeps the cases when the stack is restarted', async () => {
    const { reference } = (await (await post(stack, JSON.stringify(request))).json()) as { reference: string }
    await stack.stop()
    stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, logLevel: 'SILENT' })
    const stored = await fetch(`${stack.url}/_dev/cases/${reference}`)
    expect(stored.status).toBe(200)
    expect(await stored.json()).toMatchObject({ reference, description: request.description })
  })
})

describe('Local stack: API Gateway throttling', () => {
  let stack: LocalStack

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      smtpPort: 0,
      throttle: { ratePerSecond: 0.01, burst: 2 },
      logLevel: 'SILENT',
    })
  })
  afterAll(() => stack.stop())

  it('answers 429 with Retry-After once the burst is used up', async () => {
    const statuses = []
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await post(stack, JSON.stringify(request))).status)
    expect(statuses).toEqual([201, 201, 429])
    const throttled = await post(stack, JSON.stringify(request))
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })
})
