import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startLocalStack } from '../local/stack.ts'
import { localClient } from './local-client.ts'

/**
 * Load on the local stack over HTTP: `concurrency` clients (load-clients.ts, in a child process) post valid requests
 * for `seconds`, a share repeating an Idempotency-Key. The stack's throttle is raised out of the way (the deployed
 * stage's limit is a setting, not a capacity: 429s would only measure the token bucket), and the workflow of every
 * case runs in the stack's process as it does locally. Afterwards, once every workflow has settled: `lost` counts
 * the references answered with 201 that GET /_dev/cases/<reference> does not find.
 */

export interface LoadResults {
  concurrency: number
  seconds: number
  requests: number
  status5xx: number
  /** 429 answers (the throttle is raised, so there should be none). */
  status429: number
  lost: number
  p50Ms: number
  p99Ms: number
  statuses: Record<string, number>
  accepted: number
  repeats: number
  repeatMismatches: number
  networkErrors: number
}

const CLIENTS = fileURLToPath(new URL('./load-clients.ts', import.meta.url))

export async function benchLoad(options: { concurrency: number; seconds: number; repeatShare: number }) {
  const stack = await startLocalStack({
    port: 0,
    smtpPort: 0,
    logLevel: 'SILENT',
    clockStart: new Date('2027-01-11T09:00:00+01:00'),
    throttle: { ratePerSecond: 1_000_000, burst: 1_000_000 },
  })
  const local = localClient(stack)
  try {
    await local.settle()
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        CLIENTS,
        stack.url,
        String(options.seconds),
        String(options.concurrency),
        String(options.repeatShare),
      ],
      { timeout: (options.seconds + 120) * 1000, maxBuffer: 64 * 1024 * 1024 },
    )
    const run = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Omit<
      LoadResults,
      'concurrency' | 'seconds' | 'status5xx' | 'status429' | 'lost' | 'accepted'
    > & { references: string[] }
    await local.settle()
    let lost = 0
    const pending = [...run.references]
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let reference = pending.pop(); reference !== undefined; reference = pending.pop()) {
          const { status } = await local.call(`/_dev/cases/${encodeURIComponent(reference)}`)
          if (status !== 200) lost++
        }
      }),
    )
    const count = (predicate: (status: number) => boolean) =>
      Object.entries(run.statuses).reduce((sum, [status, n]) => sum + (predicate(Number(status)) ? n : 0), 0)
    return {
      concurrency: options.concurrency,
      seconds: options.seconds,
      requests: run.requests,
      status5xx: count((status) => status >= 500),
      status429: count((status) => status === 429),
      lost,
      p50Ms: run.p50Ms,
      p99Ms: run.p99Ms,
      statuses: run.statuses,
      accepted: run.references.length,
      repeats: run.repeats,
      repeatMismatches: run.repeatMismatches,
      networkErrors: run.networkErrors,
    } satisfies LoadResults
  } finally {
    await stack.stop()
  }
}
