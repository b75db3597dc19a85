import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest'
import type { AdvisorCaseView } from '../../functions/core/advisor-actions/advisor-cases.ts'
import type { AttachmentRecord, Case, CaseEvent, CaseMessage } from '../../functions/core/cases/case.ts'
import type { CapturedMail } from '../../local/ses-engine.ts'
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack.ts'

/**
 * The whole local stack (local/stack.ts) for one describe block, driven over HTTP the way a developer drives it:
 * the public API, the action links in mail and the /_dev endpoints. Start it with `useLocalStack()` at the top of a
 * describe; it is stopped after the block.
 *
 * Every helper that changes something waits until the workflows it set off have finished or parked on the dev clock
 * (the dev clock's own guarantee for set and advance), so a test can look at mail and cases right after it.
 *
 * Keep each block's stack well under a minute of real time: the local engine gives up on a task that waits longer
 * than that for the dev clock (see case-workflow.local-engine.test.ts). And the dev mailbox is shared by every stack
 * in the process, so look at mail through `mailFor(reference)`.
 */
export type { CapturedMail }

export type DevCase = Case & {
  events: CaseEvent[]
  messages: CaseMessage[]
  attachments: AttachmentRecord[]
}

export interface WorkflowView {
  reference: string
  running: boolean
  transitions: number
  states: string[]
}

/** The example roster (config/roster.example.json): who gets which mail. */
export const ADVISOR_EMAIL = {
  'adv-01': 'a.verbeek@example.org',
  'adv-02': 'y.bakkali@example.org',
  'adv-03': 'm.kuipers@example.org',
  'adv-04': 'd.hoekstra@example.org',
  'adv-05': 'p.ramdin@example.org',
} as const

export const COORDINATOR_EMAILS = [ADVISOR_EMAIL['adv-03'], ADVISOR_EMAIL['adv-05']] as const

/** The smallest request the intake accepts: a private person's question. */
export function questionRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requesterType: 'private',
    topic: 'question',
    email: 'vrager@example.nl',
    description: 'Ik maak me zorgen over wat mijn buurjongen online deelt.',
    consent: true,
    ...overrides,
  }
}

export interface LocalStackHarness {
  /** The running stack (throws outside the describe's tests). */
  readonly stack: LocalStack
  readonly url: string
  /** POST /api/requests; the reference of the new case, once its workflow has routed it and parked. */
  submit(body?: Record<string, unknown>): Promise<string>
  /** Sets the dev clock (ISO 8601 with offset) and runs every timer due by then; the clock's `now`. */
  setClock(iso: string): Promise<string>
  /** Advances the dev clock by an ISO 8601 duration (PT1H, P2D) and runs every timer due by then. */
  advance(duration: string): Promise<string>
  /** Waits until work already under way has finished or parked, without moving the clock on. */
  settle(): Promise<void>
  now(): Promise<string>
  /** All mail SES accepted, oldest first. */
  mail(): Promise<CapturedMail[]>
  /** The mail about one case: its reference is in every subject as `[MAR-…]`. */
  mailFor(reference: string): Promise<CapturedMail[]>
  /** The stored case with its events (GET /_dev/cases/{reference}); throws unless 200. */
  caseOf(reference: string): Promise<DevCase>
  /** The one-click acknowledge link in a mail's text. */
  acknowledgeLinkIn(mail: CapturedMail): string
  /** GET /_dev/workflows/{reference}; throws unless 200. */
  workflow(reference: string): Promise<WorkflowView>
  /** POST /_dev/faults. */
  faults(switches: { ses?: { failNext: number }; dynamodb?: { failNext: number } }): Promise<void>
  /** PUT /_dev/roster; throws unless 200. */
  putRoster(roster: unknown): Promise<void>
  /**
   * Stops the stack, runs `whileStopped` (e.g. to change its data on disk), and starts it again with the same options
   * (give a dataDir to keep the data) and the clock at `clockStart`; returns once the resumed workflows have parked.
   */
  restart(clockStart: Date, whileStopped?: () => Promise<void>): Promise<void>
  /** A link from a mail, pointed at the running stack (its port changes with every start). */
  onThisStack(link: string): string
  /** Signs in as an advisor of the roster in force (POST /_dev/token); the client sends the token on every call. */
  signIn(advisorId: string): Promise<AdvisorClient>
}

/** The advisor API as a signed-in advisor calls it. Every call settles the workflows it set off before it returns. */
export interface AdvisorClient {
  readonly token: string
  get(path: string): Promise<{ status: number; body: unknown }>
  post(path: string, body?: unknown): Promise<{ status: number; body: unknown }>
  /** GET /api/advisor/cases/{reference} → the `case` of the answer; throws unless 200. */
  caseOf(reference: string): Promise<AdvisorCaseView>
  /** POST /api/advisor/cases/{reference}/{action}; throws unless the expected status. */
  act(reference: string, action: string, body?: unknown, expected?: number): Promise<Record<string, unknown>>
}

const DEFAULT_OPTIONS: LocalStackOptions = { port: 0, smtpPort: 0, logLevel: 'SILENT' }

export function useLocalStack(options: Partial<LocalStackOptions> = {}): LocalStackHarness {
  const stackOptions: LocalStackOptions = { ...DEFAULT_OPTIONS, ...options }
  let current: LocalStack | undefined

  beforeAll(async () => {
    current = await startLocalStack(stackOptions)
  })
  afterAll(async () => {
    await current?.stop()
    current = undefined
  })

  const running = (): LocalStack => {
    if (current === undefined) throw new Error('The local stack runs only inside the tests of its describe block')
    return current
  }

  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${running().url}${path}`, init)
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // Pages and plain text stay text.
    }
    return { status: response.status, body }
  }

  async function expectOk(path: string, init: RequestInit = {}, expected = 200): Promise<unknown> {
    const { status, body } = await call(path, init)
    if (status !== expected) {
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`)
    }
    return body
  }

  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

  const clockMove = async (body: unknown) =>
    ((await expectOk('/_dev/clock', json('POST', body))) as { now: string }).now

  const harness: LocalStackHarness = {
    get stack() {
      return running()
    },
    get url() {
      return running().url
    },
    async submit(body = questionRequest()) {
      const { reference } = (await expectOk('/api/requests', json('POST', body), 201)) as { reference: string }
      await harness.settle()
      return reference
    },
    setClock: (iso) => clockMove({ set: iso }),
    advance: (duration) => clockMove({ advance: duration }),
    async settle() {
      await clockMove({ advance: 'PT0S' })
    },
    async now() {
      return ((await expectOk('/_dev/clock')) as { now: string }).now
    },
    mail: async () => (await expectOk('/_dev/mail')) as CapturedMail[],
    async mailFor(reference) {
      return (await harness.mail()).filter((mail) => mail.subject.includes(`[${reference}]`))
    },
    caseOf: async (reference) => (await expectOk(`/_dev/cases/${encodeURIComponent(reference)}`)) as DevCase,
    acknowledgeLinkIn(mail) {
      const link = /https?:\/\/\S+\/actions\/[A-Za-z0-9._~%-]+/.exec(mail.text)?.[0]
      if (link === undefined) throw new Error(`No acknowledge link in the mail "${mail.subject}"`)
      return link
    },
    workflow: async (reference) => (await expectOk(`/_dev/workflows/${encodeURIComponent(reference)}`)) as WorkflowView,
    async faults(switches) {
      await expectOk('/_dev/faults', json('POST', switches))
    },
    async putRoster(roster) {
      await expectOk('/_dev/roster', json('PUT', roster))
    },
    onThisStack(link) {
      const { pathname, search } = new URL(link)
      return `${running().url}${pathname}${search}`
    },
    async signIn(advisorId) {
      const { token } = (await expectOk('/_dev/token', json('POST', { advisorId }))) as { token: string }
      const authorised = (init: RequestInit): RequestInit => ({
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
      })
      const client: AdvisorClient = {
        token,
        async get(path) {
          const answer = await call(path, authorised({}))
          await harness.settle()
          return answer
        },
        async post(path, body = {}) {
          const answer = await call(path, authorised(json('POST', body)))
          await harness.settle()
          return answer
        },
        async caseOf(reference) {
          const { status, body } = await client.get(`/api/advisor/cases/${reference}`)
          if (status !== 200) throw new Error(`GET case ${reference} answered ${status}: ${JSON.stringify(body)}`)
          return (body as { case: AdvisorCaseView }).case
        },
        async act(reference, action, body = {}, expected) {
          const answer = await client.post(`/api/advisor/cases/${reference}/${action}`, body)
          const wanted = expected ?? (action === 'replies' || action === 'notes' ? 201 : 200)
          if (answer.status !== wanted) {
            throw new Error(`${action} on ${reference} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
          }
          return answer.body as Record<string, unknown>
        },
      }
      return client
    },
    async restart(clockStart, whileStopped) {
      await running().stop()
      current = undefined
      await whileStopped?.()
      current = await startLocalStack({ ...stackOptions, clockStart })
      await harness.settle()
    },
  }
  return harness
}

/**
 * For the tests of a describe block, the AWS SDK's retry back-off (full jitter: a Math.random share of up to 1 s, then
 * 2 s, on throttling) at a hundredth: a test that runs DynamoDB out of every retry of many workflow tasks then takes
 * a second instead of half a minute. The number of attempts stays as in AWS.
 */
export function useShortSdkBackoff(): void {
  beforeEach(() => {
    const random = Math.random
    vi.spyOn(Math, 'random').mockImplementation(() => random() / 100)
  })
  afterEach(() => vi.restoreAllMocks())
}

/** Mail to one address. */
export function addressedTo(mails: CapturedMail[], address: string): CapturedMail[] {
  return mails.filter((mail) => mail.to.includes(address))
}

/** Whether a piece of the request shows up anywhere in a mail: subject, text, html or the addresses. */
export function mailMentions(mail: CapturedMail, value: string): boolean {
  const needle = value.toLowerCase()
  return [mail.subject, mail.text, mail.html, ...mail.cc, ...mail.bcc].some((part) =>
    part.toLowerCase().includes(needle),
  )
}
