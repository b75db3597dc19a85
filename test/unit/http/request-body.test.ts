import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { HttpProblem } from '../../../functions/http/problem.ts'
import { type EventWithBody, type ParsedBody, requestBody } from '../../../functions/http/request-body.ts'

async function parse(body: string | Buffer, contentType?: string): Promise<ParsedBody> {
  const handler = middy<APIGatewayProxyEventV2, ParsedBody>()
    .use(requestBody({ maxBytes: 64 }))
    .handler(async (event) => (event as EventWithBody).parsedBody)
  const isBase64Encoded = Buffer.isBuffer(body)
  const event = {
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body: isBase64Encoded ? body.toString('base64') : body,
    isBase64Encoded,
  } as unknown as APIGatewayProxyEventV2
  return handler(event, {} as never)
}

async function problemOf(body: string | Buffer, contentType?: string): Promise<HttpProblem> {
  try {
    await parse(body, contentType)
  } catch (error) {
    if (error instanceof HttpProblem) return error
    throw error
  }
  throw new Error('expected a problem')
}

describe('Middleware: request body', () => {
  it('parses JSON, with or without a UTF-8 charset', async () => {
    expect(await parse('{"a":1}', 'application/json')).toEqual({ kind: 'json', value: { a: 1 } })
    expect(await parse('{"a":1}', 'Application/JSON; charset="UTF-8"')).toEqual({ kind: 'json', value: { a: 1 } })
  })

  it('keeps every value of a repeated form key, decodes + and percent-escapes', async () => {
    const parsed = await parse('signals=a&signals=b&text=caf%C3%A9+ok&empty=', 'application/x-www-form-urlencoded')
    expect(parsed.kind === 'form' && Object.fromEntries(parsed.entries)).toEqual({
      signals: ['a', 'b'],
      text: ['café ok'],
      empty: [''],
    })
  })

  it('refuses other media types and charsets with 415', async () => {
    for (const contentType of [
      undefined,
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ]) {
      expect((await problemOf('{}', contentType)).status).toBe(415)
    }
  })

  it('refuses a body over the limit with 413, counting bytes, and accepts one at the limit', async () => {
    expect((await problemOf(`"${'é'.repeat(32)}"`, 'application/json')).status).toBe(413)
    await expect(parse(`"${'a'.repeat(62)}"`, 'application/json')).resolves.toMatchObject({ kind: 'json' })
  })

  it('refuses what it cannot read exactly: broken JSON, invalid UTF-8, broken escapes', async () => {
    expect((await problemOf('{"a":', 'application/json')).status).toBe(400)
    expect((await problemOf(Buffer.from([0x22, 0xff, 0x22]), 'application/json')).status).toBe(400)
    expect((await problemOf('a=%E0%A4%A', 'application/x-www-form-urlencoded')).status).toBe(400)
    expect((await problemOf('a=%FF', 'application/x-www-form-urlencoded')).code).toBe('validation_failed')
  })
})
