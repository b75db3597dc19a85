import type { CapturedMail } from '../local/ses-engine.ts'
import type { LocalStack } from '../local/stack.ts'

/** The local stack driven over HTTP as a developer drives it (the bench's small twin of the tests' harness). */
export interface LocalClient {
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer>
  /** Like `call`, but throws unless the answer has the expected status; the parsed body. */
  expect(path: string, status: number, init?: Parameters<LocalClient['call']>[1]): Promise<unknown>
  /** Runs every timer due by then (POST /_dev/clock), so the work set off has finished or parked. */
  advance(duration: string): Promise<void>
  settle(): Promise<void>
  mail(): Promise<CapturedMail[]>
  workflow(reference: string): Promise<{ transitions: number; running: boolean; states: string[] }>
  /** A signed-in advisor's headers (POST /_dev/token). */
  signIn(advisorId: string): Promise<Record<string, string>>
}

export interface Answer {
  status: number
  body: unknown
}

export function localClient(stack: LocalStack): LocalClient {
  const client: LocalClient = {
    async call(path, init = {}) {
      const response = await fetch(`${stack.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      })
      const text = await response.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // A page stays text.
      }
      return { status: response.status, body }
    },
    async expect(path, status, init) {
      const answer = await client.call(path, init)
      if (answer.status !== status) {
        throw new Error(
          `${path} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
        )
      }
      return answer.body
    },
    async advance(duration) {
      await client.expect('/_dev/clock', 200, { body: { advance: duration } })
    },
    settle: () => client.advance('PT0S'),
    mail: async () => (await client.expect('/_dev/mail', 200)) as CapturedMail[],
    workflow: async (reference) =>
      (await client.expect(`/_dev/workflows/${encodeURIComponent(reference)}`, 200)) as {
        transitions: number
        running: boolean
        states: string[]
      },
    async signIn(advisorId) {
      const { token } = (await client.expect('/_dev/token', 200, { body: { advisorId } })) as { token: string }
      return { authorization: `Bearer ${token}` }
    },
  }
  return client
}
