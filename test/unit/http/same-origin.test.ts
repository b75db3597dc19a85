import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { publicFormEndpoint } from '../../../functions/http/public-form-endpoint.ts'
import { jsonResponse } from '../../../functions/http/responses.ts'
import { allowedOriginsOf, isCrossSiteRequest } from '../../../functions/http/same-origin.ts'

const PUBLIC_URL = 'https://mar.rotterdam.nl'
const OURS = [PUBLIC_URL, 'https://www.rotterdam.nl']

function request(method: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
    isBase64Encoded: false,
    requestContext: { http: { method } },
  } as unknown as APIGatewayProxyEventV2
}

describe('Middleware: same origin only', () => {
  it.each([
    ['our own page (Sec-Fetch-Site same-origin)', { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL }],
    [
      'our own page seen under another name of the same host',
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' },
    ],
    ['a person’s own action (Sec-Fetch-Site none)', { 'sec-fetch-site': 'none' }],
    ['an allowed origin on a sibling site', { 'sec-fetch-site': 'same-site', origin: 'https://www.rotterdam.nl' }],
    ['an allowed origin, in capitals, from a browser without Sec-Fetch-*', { origin: 'HTTPS://MAR.ROTTERDAM.NL' }],
    ['curl: neither header', {}],
  ])('lets a POST through from %s', (_what, headers) => {
    expect(isCrossSiteRequest(request('POST', headers), OURS)).toBe(false)
  })

  it.each([
    ['a foreign site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    [
      'a foreign site that names our origin (only a non-browser could)',
      { 'sec-fetch-site': 'cross-site', origin: PUBLIC_URL },
    ],
    ['another rotterdam.nl application', { 'sec-fetch-site': 'same-site', origin: 'https://forms.rotterdam.nl' }],
    ['a sibling site without an Origin', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin without Sec-Fetch-*', { origin: 'https://evil.example' }],
    ['a sandboxed page (Origin null)', { origin: 'null' }],
    ['our host over plain http', { origin: 'http://mar.rotterdam.nl' }],
    ['our host on another port', { origin: 'https://mar.rotterdam.nl:8443' }],
  ])('refuses a POST from %s', (_what, headers) => {
    expect(isCrossSiteRequest(request('POST', headers), OURS)).toBe(true)
  })

  it.each(['PUT', 'PATCH', 'DELETE'])('checks %s like a POST', (method) => {
    expect(isCrossSiteRequest(request(method, { 'sec-fetch-site': 'cross-site' }), OURS)).toBe(true)
  })

  it('lets a cross-site GET through: it shows, it never acts', () => {
    expect(
      isCrossSiteRequest(request('GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), OURS),
    ).toBe(false)
  })

  it('reads the public URL and the comma-separated further origins of an environment, ignoring blanks', () => {
    expect(allowedOriginsOf('https://mar.rotterdam.nl', ' https://www.rotterdam.nl ,,')()).toEqual(OURS)
    expect(allowedOriginsOf('https://mar.rotterdam.nl')()).toEqual(['https://mar.rotterdam.nl'])
  })

  describe('in a public form door', () => {
    const handler = publicFormEndpoint({
      logger: new Logger({ logLevel: 'SILENT' }),
      maxBodyBytes: 1024,
      errorPage: (status) => `<p>error ${status}</p>`,
      allowedOrigins: () => OURS,
    }).handler(async () => jsonResponse(201, { ok: true }))

    it('answers a cross-site JSON post with 403 cross_site_request, before the body is read', async () => {
      const event = request('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })
      event.body = '{"broken'
      const response = await handler(event, {} as never)
      expect(response.statusCode).toBe(403)
      expect(JSON.parse(response.body as string)).toEqual({
        error: {
          code: 'cross_site_request',
          message: 'This request came from another site. Use the form on the site of MAR itself.',
        },
      })
    })

    it('answers a cross-site plain form post with the error page', async () => {
      const event = request('POST', {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      })
      event.body = 'topic=case'
      const response = await handler(event, {} as never)
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 403, body: '<p>error 403</p>' })
    })

    it('takes a post from its own page', async () => {
      const response = await handler(
        request('POST', { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL }),
        {} as never,
      )
      expect(response.statusCode).toBe(201)
    })
  })
})
