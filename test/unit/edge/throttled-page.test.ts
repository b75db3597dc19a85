import type { CloudFrontResponseEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { handler } from '../../../functions/edge/throttled-page.ts'

const event = (status: string, requestHeaders: Record<string, string>): CloudFrontResponseEvent =>
  ({
    Records: [
      {
        cf: {
          config: {} as never,
          request: {
            method: 'POST',
            uri: '/api/requests',
            querystring: '',
            clientIp: '192.0.2.1',
            headers: Object.fromEntries(
              Object.entries(requestHeaders).map(([key, value]) => [key.toLowerCase(), [{ key, value }]]),
            ),
          },
          response: {
            status,
            statusDescription: 'x',
            headers: {
              'content-type': [{ key: 'Content-Type', value: 'application/json' }],
              'retry-after': [{ key: 'Retry-After', value: '1' }],
            },
          },
        },
      },
    ],
  }) as CloudFrontResponseEvent

describe('Lambda@Edge: API Gateway’s throttling answer to a plain form post, made human', () => {
  it('turns a form post’s 429 into the English page when it came from /en/', async () => {
    const result = await handler(
      event('429', {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'text/html',
        Referer: 'https://mar.example.nl/en/',
      }),
    )
    expect(result.status).toBe('429')
    expect(result.headers?.['content-type']?.[0]?.value).toBe('text/html; charset=utf-8')
    expect(result.headers?.['retry-after']?.[0]?.value).toBe('1')
    expect(result.body).toContain('Please try again in 1 second.')
  })

  it('leaves a JSON client’s 429 and every other answer as they are', async () => {
    const json = event('429', { 'Content-Type': 'application/json' })
    const jsonResult = await handler(json)
    expect(jsonResult.headers?.['content-type']?.[0]?.value).toBe('application/json')
    const created = event('201', { 'Content-Type': 'application/x-www-form-urlencoded' })
    expect(await handler(created)).toBe(created.Records[0]?.cf.response)
  })
})
