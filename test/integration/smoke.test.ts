import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalStack, startLocalStack } from '../../local/stack.ts'
import { formatSmoke, runSmoke } from '../../ops/smoke/checks.ts'

let stack: LocalStack
let other: Server
let otherUrl: string

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, smtpPort: 0, logLevel: 'SILENT' })
  // Anything else: a server that answers 200 "ok" to everything, without the app's headers.
  other = createServer((_, response) => response.end('ok'))
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
})

afterAll(async () => {
  await stack.stop()
  await new Promise((resolve) => other.close(resolve))
})

describe('npm run smoke', () => {
  it('passes against the local stack and writes no case', async () => {
    const results = await runSmoke({ url: stack.url })

    expect(results.filter((result) => !result.pass)).toEqual([])
    expect(results).toHaveLength(8)
    expect(formatSmoke(results)).toMatch(/smoke: all 8 checks passed$/)
    expect(await stack.cases.listOpenCases()).toEqual([])
  })

  it('fails with one clear line per check against anything else', async () => {
    const results = await runSmoke({ url: otherUrl, apiUrl: otherUrl })
    const text = formatSmoke(results)

    expect(results.filter((result) => !result.pass).map((result) => result.check)).toEqual([
      'the form and its security headers',
      'the workspace and its security headers',
      'an invalid submission: 400 from the submit function',
      'a hostile submission: 4xx, nothing echoed',
      'the follow-up box without a receipt: 401',
      'the advisor API without a token: 401',
      'a direct execute-api call: 403',
    ])
    expect(text).toContain(
      'FAIL  the advisor API without a token: 401: GET /api/advisor/cases answered 200, expected 401',
    )
    expect(text.split('\n')).toHaveLength(results.length + 1)
  })

  it('names the address that does not answer', async () => {
    const results = await runSmoke({ url: 'http://127.0.0.1:9', timeoutMs: 2000 })

    expect(results[0]).toMatchObject({
      pass: false,
      detail: expect.stringContaining('no answer from http://127.0.0.1:9'),
    })
  })
})
