/**
 * The smoke test of a deployed stack (or the local one): read-only requests and refused writes only, so it writes no
 * case. One result per check, each with one line that says what was expected and what came.
 */
export interface SmokeResult {
  check: string
  pass: boolean
  detail: string
}

export interface SmokeOptions {
  /** The public address (CloudFront's, or `http://127.0.0.1:3000` locally). */
  url: string
  /** The API's own execute-api address: a direct call must be refused (403). */
  apiUrl?: string
  /** Per request; default 10 s. */
  timeoutMs?: number
}

interface Answer {
  status: number
  headers: Headers
  text: string
}

const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult[]> {
  const base = options.url.replace(/\/+$/, '')
  const https = base.startsWith('https://')
  const request = async (method: string, url: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
    return { status: response.status, headers: response.headers, text: await response.text() } satisfies Answer
  }
  const results: SmokeResult[] = []
  const check = async (name: string, run: () => Promise<string | undefined>) => {
    try {
      const problem = await run()
      results.push({ check: name, pass: problem === undefined, detail: problem ?? 'as expected' })
    } catch (error) {
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)
      results.push({ check: name, pass: false, detail: `no answer from ${base} (${cause})` })
    }
  }
  const errorCode = (answer: Answer) => {
    try {
      return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code
    } catch {
      return undefined
    }
  }
  const pageHeaders = (answer: Answer): string | undefined => {
    const missing: string[] = []
    const csp = answer.headers.get('content-security-policy') ?? ''
    if (!csp) missing.push('content-security-policy')
    else if (!/frame-ancestors 'none'/.test(csp)) missing.push("CSP frame-ancestors 'none'")
    if (answer.headers.get('x-content-type-options') !== 'nosniff') missing.push('x-content-type-options: nosniff')
    // HSTS means nothing over http (the local stack): required over https only.
    if (https && !/max-age=\d+/.test(answer.headers.get('strict-transport-security') ?? '')) {
      missing.push('strict-transport-security')
    }
    return missing.length === 0 ? undefined : `missing ${missing.join(', ')}`
  }
  const page = (path: string, marker: RegExp) => async () => {
    const answer = await request('GET', `${base}${path}`)
    if (answer.status !== 200) return `GET ${path} answered ${answer.status}, expected 200`
    if (!marker.test(answer.text)) return `GET ${path} is not the expected page`
    return pageHeaders(answer)
  }

  await check('health', async () => {
    const answer = await request('GET', `${base}/health`)
    return answer.status === 200 ? undefined : `GET /health answered ${answer.status}, expected 200`
  })
  await check('the form and its security headers', page('/', /<form[^>]*/i))
  await check('the workspace and its security headers', page('/advisor/', /<html/i))
  await check('an invalid submission: 400 from the submit function', async () => {
    const answer = await request('POST', `${base}/api/requests`, '{}', { 'content-type': 'application/json' })
    if (answer.status !== 400 || errorCode(answer) !== 'validation_failed') {
      return `POST /api/requests {} answered ${answer.status} ${errorCode(answer) ?? answer.text.slice(0, 60)}, expected 400 validation_failed`
    }
    return undefined
  })
  await check('a hostile submission: 4xx, nothing echoed', async () => {
    const body = JSON.stringify({ description: HOSTILE, [HOSTILE]: HOSTILE, consent: false, email: HOSTILE })
    const answer = await request('POST', `${base}/api/requests`, body, { 'content-type': 'application/json' })
    if (answer.status < 400 || answer.status >= 500 || errorCode(answer) === undefined) {
      return `POST /api/requests (script in every field) answered ${answer.status}, expected 4xx from the submit function`
    }
    if (answer.text.includes('<script>') || answer.text.includes('onerror'))
      return 'the answer echoes the submitted script'
    return undefined
  })
  await check('the follow-up box without a receipt: 401', async () => {
    const body = JSON.stringify({ reference: 'MAR-0000-0000', receipt: '0000-0000-0000-0000' })
    const answer = await request('POST', `${base}/api/follow-up`, body, { 'content-type': 'application/json' })
    return answer.status === 401 ? undefined : `POST /api/follow-up answered ${answer.status}, expected 401`
  })
  await check('the advisor API without a token: 401', async () => {
    const answer = await request('GET', `${base}/api/advisor/cases`)
    return answer.status === 401 ? undefined : `GET /api/advisor/cases answered ${answer.status}, expected 401`
  })
  if (options.apiUrl) {
    const api = options.apiUrl.replace(/\/+$/, '')
    await check('a direct execute-api call: 403', async () => {
      const answer = await request('GET', `${api}/health`)
      return answer.status === 403
        ? undefined
        : `GET ${api}/health answered ${answer.status}, expected 403 (only CloudFront may call the API)`
    })
  } else {
    results.push({ check: 'a direct execute-api call: 403', pass: true, detail: 'not checked: no --api-url given' })
  }
  return results
}

export function formatSmoke(results: SmokeResult[]): string {
  const lines = results.map((result) => `${result.pass ? 'PASS' : 'FAIL'}  ${result.check}: ${result.detail}`)
  const failed = results.filter((result) => !result.pass).length
  return [
    ...lines,
    failed === 0 ? `smoke: all ${results.length} checks passed` : `smoke: ${failed} of ${results.length} checks failed`,
  ].join('\n')
}
