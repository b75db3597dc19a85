import { Logger } from '@aws-lambda-powertools/logger'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { TemporarilyUnavailableError } from '../../../functions/core/shared/errors.ts'
import { problemResponses } from '../../../functions/http/problem-responses.ts'
import type { Response } from '../../../functions/http/responses.ts'

function failingWith(error: Error) {
  const lines: string[] = []
  const logger = new Logger({ serviceName: 'test', logLevel: 'DEBUG' })
  vi.spyOn(logger, 'warn').mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)))
  vi.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)))
  const handler = middy<APIGatewayProxyEventV2, Response>()
    .use(problemResponses({ logger, renderErrorPage: (problem) => `<h1>page for ${problem.status}</h1>` }))
    .handler(async () => {
      throw error
    })
  const call = (headers: Record<string, string>) =>
    handler({ headers } as unknown as APIGatewayProxyEventV2, {} as never) as Promise<Response>
  return { call, lines }
}

describe('Error mapping: the case store temporarily unavailable', () => {
  const unavailable = () => new TemporarilyUnavailableError(7, { cause: new Error('ThrottlingException near a@b.nl') })

  it('answers 503 with Retry-After and the fixed JSON error, never 429', async () => {
    const { call } = failingWith(unavailable())
    const response = await call({ 'content-type': 'application/json' })
    expect(response.statusCode).toBe(503)
    expect(response.headers?.['retry-after']).toBe('7')
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: {
        code: 'temporarily_unavailable',
        message:
          'Temporarily unavailable. Please try again in a few seconds; a retry with the same Idempotency-Key never makes a second case.',
      },
    })
  })

  it('answers a plain form post with the error page, still 503 with Retry-After', async () => {
    const { call } = failingWith(unavailable())
    const response = await call({ 'content-type': 'application/x-www-form-urlencoded' })
    expect(response.statusCode).toBe(503)
    expect(response.headers?.['retry-after']).toBe('7')
    expect(response.body).toBe('<h1>page for 503</h1>')
  })

  it('logs the status and code only, nothing of the underlying error', async () => {
    const { call, lines } = failingWith(unavailable())
    await call({})
    expect(lines).toEqual([JSON.stringify(['request deferred', { status: 503, code: 'temporarily_unavailable' }])])
  })

  it('leaves a raw SDK throttling error (that no adapter mapped) a 500: only the adapter knows those names', async () => {
    const { call } = failingWith(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
    const response = await call({})
    expect(response.statusCode).toBe(500)
    expect(response.headers?.['retry-after']).toBe(undefined)
  })
})
