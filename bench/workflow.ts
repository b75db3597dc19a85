import { type LocalStack, startLocalStack } from '../local/stack.ts'
import { quantile, summarise, type Timing, timeAsync } from './stats.ts'

/**
 * Case 4: the case workflow on the dev clock. N cases are submitted on a Monday morning through the local stack's
 * API (each left to be routed and to park on the clock), then the clock is advanced a week in one call, which runs
 * every reminder, breach and escalation of every case before it answers. Nobody acknowledges: the worst week.
 */

export interface WorkflowOptions {
  cases: number
  /** A Monday morning, in business hours of the example roster. */
  clockStart: Date
}

export interface WorkflowResults {
  cases: number
  /** One submission, answered and settled (routed, first mail sent, parked on the clock). */
  submit: Timing
  /** The one `POST /_dev/clock {advance: 'P7D'}`. */
  advanceWeekMs: number
  msPerCaseWeek: number
  mailAfterSubmit: number
  mailAfterWeek: number
  mailPerCase: number
  transitionsPerCase: { min: number; median: number; max: number }
  /** Workflows still running after the week (waiting on the clock, e.g. for a rung further out). */
  stillRunning: number
}

const TOPICS = ['question', 'case', 'training'] as const

function request(index: number): Record<string, unknown> {
  return {
    requesterType: 'private',
    topic: TOPICS[index % TOPICS.length],
    email: `vrager-${index}@example.nl`,
    description: 'Ik maak me zorgen over wat mijn buurjongen online deelt.',
    consent: true,
  }
}

export async function benchWorkflow(options: WorkflowOptions): Promise<WorkflowResults> {
  const stack: LocalStack = await startLocalStack({
    port: 0,
    smtpPort: 0,
    logLevel: 'SILENT',
    clockStart: options.clockStart,

    // What is measured is the workflow, not the route throttle (5 requests/s on POST /api/requests by default).
    throttle: { ratePerSecond: 1_000_000, burst: 1_000_000 },
  })
  const call = async (path: string, method = 'GET', body?: unknown): Promise<unknown> => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
    return JSON.parse(text) as unknown
  }
  try {
    const references: string[] = []
    const submitMs: number[] = []
    for (let index = 0; index < options.cases; index++) {
      submitMs.push(
        await timeAsync(async () => {
          const answer = (await call('/api/requests', 'POST', request(index))) as { reference: string }
          references.push(answer.reference)
          await call('/_dev/clock', 'POST', { advance: 'PT0S' })
        }),
      )
    }
    const mailAfterSubmit = ((await call('/_dev/mail')) as unknown[]).length
    const advanceWeekMs = await timeAsync(() => call('/_dev/clock', 'POST', { advance: 'P7D' }))
    const mailAfterWeek = ((await call('/_dev/mail')) as unknown[]).length
    const workflows = (await Promise.all(
      references.map((reference) => call(`/_dev/workflows/${encodeURIComponent(reference)}`)),
    )) as Array<{ transitions: number; running: boolean }>
    const transitions = workflows.map((workflow) => workflow.transitions).sort((a, b) => a - b)
    return {
      cases: options.cases,
      submit: summarise(submitMs),
      advanceWeekMs,
      msPerCaseWeek: advanceWeekMs / options.cases,
      mailAfterSubmit,
      mailAfterWeek,
      mailPerCase: mailAfterWeek / options.cases,
      transitionsPerCase: {
        min: transitions[0] ?? 0,
        median: quantile(transitions, 0.5),
        max: transitions.at(-1) ?? 0,
      },
      stillRunning: workflows.filter((workflow) => workflow.running).length,
    }
  } finally {
    await stack.stop()
  }
}
