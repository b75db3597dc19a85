import { Logger } from '@aws-lambda-powertools/logger'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readAppConfig } from '../../local/config.ts'
import { DevClock } from '../../local/dev-clock.ts'
import { type StateMachineDefinition, synthesizedWorkflowDefinition } from '../../local/synthesized-workflow.ts'
import { createWorkflowEngine, type LocalWorkflowEngine } from '../../local/workflow-engine.ts'

/**
 * The synthesized state machine on the local engine, with the task function replaced by a script: what the engine
 * itself does while a case waits for its next step on the dev clock. Real time is faked (setTimeout only; the dev
 * clock reads performance.now, which keeps running), so minutes of waiting take no time.
 */
const REFERENCE = 'MAR-0000-0001'
const NOW = new Date('2027-02-08T09:00:00.000Z')
/** The acknowledge reminder of a question received Monday 10:00 CET: Monday 16:00 CET. */
const REMINDER_AT = '2027-02-08T15:00:00.000Z'
const MINUTE = 60_000

interface TaskCall {
  task: string
  stage?: string
  error?: string
}

/** Routes, delivers, plans one reminder, and then nothing more. */
function scriptedTask(calls: TaskCall[]) {
  return async (payload: unknown) => {
    const input = payload as { task: string; reference: string; done?: string[]; stage?: string; error?: string }
    calls.push({
      task: input.task,
      ...(input.stage ? { stage: input.stage } : {}),
      ...(input.error ? { error: input.error } : {}),
    })
    const done = input.done ?? []
    switch (input.task) {
      case 'plan':
        return done.includes('reminder:acknowledge')
          ? { reference: input.reference, done, next: null, finished: true }
          : {
              reference: input.reference,
              done,
              next: { id: 'reminder:acknowledge', kind: 'reminder', clock: 'acknowledge', at: REMINDER_AT },
              finished: false,
            }
      case 'run-step':
        return { reference: input.reference, done: [...done, 'reminder:acknowledge'] }
      default:
        return { reference: input.reference, done }
    }
  }
}

describe('Local workflow engine: a case waiting for its next step on the dev clock', () => {
  let definition: StateMachineDefinition
  let engine: LocalWorkflowEngine | undefined

  beforeAll(() => {
    definition = synthesizedWorkflowDefinition(readAppConfig())
  })
  afterEach(() => {
    engine?.stopAll()
    vi.useRealTimers()
  })

  async function startWaitingCase(calls: TaskCall[]) {
    const clock = new DevClock(NOW)
    engine = await createWorkflowEngine({
      definition,
      task: scriptedTask(calls),
      clock,
      logger: new Logger({ logLevel: 'SILENT' }),
      retryIntervalMs: 1,
    })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await engine.start(REFERENCE)
    await vi.advanceTimersByTimeAsync(10)
    return { clock, engine }
  }

  it('keeps waiting however long real time passes before the clock reaches the step', async () => {
    const calls: TaskCall[] = []
    const { engine } = await startWaitingCase(calls)
    expect(engine.history(REFERENCE).at(-1)).toBe('RunStep')

    // A developer leaves `npm start` running over lunch; the reminder is due this afternoon.
    await vi.advanceTimersByTimeAsync(10 * MINUTE)

    expect(calls.filter((call) => call.task === 'record-failure')).toEqual([])
    expect(engine.running()).toEqual([REFERENCE])
    expect(engine.history(REFERENCE).at(-1)).toBe('RunStep')
  })

  it('runs the step once when the clock reaches it, after a wait of more than a minute of real time', async () => {
    const calls: TaskCall[] = []
    const { clock, engine } = await startWaitingCase(calls)
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    vi.useRealTimers()

    await clock.set(new Date('2027-02-08T16:00:00.000Z'))

    expect(calls.filter((call) => call.task === 'run-step')).toHaveLength(1)
    expect(engine.history(REFERENCE).at(-1)).toBe('Done')
  })
})
