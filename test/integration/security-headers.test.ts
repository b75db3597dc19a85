import { describe, expect, it } from 'vitest'
import { questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Every page a person meets, served by the local runtime as CloudFront and the Lambdas serve it in AWS (one
 * definition: functions/views/security-headers.ts): the static pages, an action link's pages, and the pages a
 * plain form post gets back (confirmation, the form with its errors, the follow-up box's answer).
 */
describe('Security headers on every page, locally as in AWS', () => {
  const local = useLocalStack()

  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: local.url },
    body: new URLSearchParams(fields).toString(),
  })

  function expectProtected(path: string, response: Response) {
    const csp = response.headers.get('content-security-policy') ?? ''
    const scriptSources = /(?:^|;\s*)script-src ([^;]*)/.exec(csp)?.[1]

    expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
    expect(scriptSources, path).toBe("'self'")
    expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(csp, path).toMatch(/(?:^|;\s*)frame-ancestors 'none'(?:;|$)/)
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
    expect(response.headers.get('referrer-policy'), path).toBe('no-referrer')
  }

  it('protects the form, the follow-up page and the workspace pages', async () => {
    const reference = await local.submit(questionRequest())
    for (const path of [
      '/',
      '/en/',
      '/follow-up',
      '/en/follow-up',
      '/advisor/',
      `/advisor/cases/${reference}`,
      '/advisor/phone/',
      '/advisor/stats/',
    ]) {
      const response = await fetch(`${local.url}${path}`)
      expect(response.status, path).toBe(200)
      expectProtected(path, response)
    }
  })

  it('protects an action link’s confirmation page and the page of a broken link', async () => {
    const reference = await local.submit(questionRequest())
    const [advisorMail] = (await local.mailFor(reference)).filter((mail) => mail.text.includes('/actions/'))
    if (advisorMail === undefined) throw new Error('no mail with an action link')
    const link = local.onThisStack(local.acknowledgeLinkIn(advisorMail))

    const confirm = await fetch(link)
    const broken = await fetch(`${local.url}/actions/not-a-token`)

    expect(confirm.status).toBe(200)
    expectProtected('action confirmation', confirm)
    expect(broken.status).toBe(400)
    expectProtected('broken action link', broken)
  })

  it('protects the pages a plain form post gets back: confirmation, the form with errors, the follow-up answer', async () => {
    const confirmation = await fetch(
      `${local.url}/api/requests`,
      form(questionRequest({ consent: 'on' }) as Record<string, string>),
    )
    const withErrors = await fetch(`${local.url}/api/requests`, form({ requesterType: 'private' }))
    const followUp = await fetch(
      `${local.url}/api/follow-up`,
      form({ reference: 'MAR-0000-0000', receipt: '0000-0000-0000-0000' }),
    )

    expect([confirmation.status, withErrors.status, followUp.status]).toEqual([200, 400, 401])
    expectProtected('confirmation', confirmation)
    expectProtected('form with errors', withErrors)
    expectProtected('follow-up answer', followUp)
  })
})
