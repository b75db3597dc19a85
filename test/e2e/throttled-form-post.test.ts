import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, fillAsTeacher, launchBrowser, openPage, submit } from './support.ts'

/**
 * A person whose plain form post (no JavaScript) meets the route's throttle gets the form's page in their language,
 * saying when to try again — never `{"message":"Too Many Requests"}`. Scripts keep the JSON answer.
 */
describe('A throttled form post without JavaScript', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** Keeps the submit route's bucket empty (invalid JSON bodies: nothing is stored) until `done` resolves. */
  function flood(until: Promise<unknown>) {
    let running = true
    void until.finally(() => {
      running = false
    })
    const answers: number[] = []
    const worker = async () => {
      while (running) {
        const response = await fetch(new URL('/api/requests', baseUrl()), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
        answers.push(response.status)
        if (response.status === 429) {
          expect(response.headers.get('content-type')).toBe('application/json')
          expect(await response.json()).toEqual({ message: 'Too Many Requests' })
        } else {
          await response.arrayBuffer()
        }
      }
    }
    return Promise.all(Array.from({ length: 8 }, worker)).then(() => answers)
  }

  it.each([
    ['/', 'Te veel vragen kort na elkaar', /Probeer het over (\d+) seconden? opnieuw\./],
    ['/en/', 'Too many requests in a short time', /Please try again in (\d+) seconds?\./],
  ])(
    'answers a post from %s with the page saying to try again in N seconds, with Retry-After',
    async (path, title, again) => {
      const { context, page, problems } = await openPage(browser, path, { javaScript: false })
      let stopFlood = () => {}
      const jsonAnswers = flood(new Promise<void>((resolve) => (stopFlood = resolve)))
      await new Promise((resolve) => setTimeout(resolve, 300))

      // The flood keeps the route's bucket empty, but a token that refills between two of its requests may still go
      // to the form's post: then the post is answered as usual, and the person fills in the form and posts again.
      let response: Awaited<ReturnType<typeof page.waitForResponse>> | undefined
      for (let attempt = 0; attempt < 10 && response?.status() !== 429; attempt++) {
        if (attempt > 0) await page.goto(new URL(path, baseUrl()).href)
        await fillAsTeacher(page)
        const answer = page.waitForResponse((candidate) => new URL(candidate.url()).pathname === '/api/requests')
        await submit(page)
        response = await answer
      }
      stopFlood()
      if (response === undefined) throw new Error('the form was never posted')
      await page.getByRole('heading', { level: 1, name: title }).waitFor()

      expect(response.status()).toBe(429)
      const retryAfter = Number(response.headers()['retry-after'])
      expect(retryAfter).toBeGreaterThan(0)
      const match = again.exec((await page.locator('main').textContent()) ?? '')
      expect(Number(match?.[1])).toBe(retryAfter)
      expect(await page.content()).not.toContain('Too Many Requests')
      expect(await jsonAnswers).toContain(429)
      expect(problems).toEqual([])
      await context.close()
    },
  )
})
