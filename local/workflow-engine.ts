import type { Logger } from '@aws-lambda-powertools/logger'
import type { WorkflowStarter } from '../functions/core/workflow.ts'
import type { DevClock } from './dev-clock.ts'
import type { StateMachineDefinition } from './synthesized-workflow.ts'

// aws-local-stepfunctions needs Promise.withResolvers (Node 22); without it every Task silently fails into Catch.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: <T>() => {
      let resolve!: (value: T | PromiseLike<T>) => void
      let reject!: (reason?: unknown) => void
      const promise = new Promise<T>((ok, fail) => {
        resolve = ok
        reject = fail
      })
      return { promise, resolve, reject }
    },
  })
}

/** The task function as the state machine calls it (payloadResponseOnly: the payload in, the result out). */
export type TaskFunction = (payload: unknown) => Promise<unknown>

export interface WorkflowEngineOptions {
  definition: StateMachineDefinition
  task: TaskFunction
  clock: DevClock
  logger: Logger
  /** Pause between Retry attempts locally (AWS uses the definition's backoff); default 200 ms. */
  retryIntervalMs?: number
}

export interface LocalWorkflowEngine extends WorkflowStarter {
  /** Executions started and not yet finished. */
  running(): string[]
  /** The states an execution has entered so far, in order: its state transitions. */
  history(reference: string): string[]
  stop(): void
}

/**
 * Runs the synthesized state machine with aws-local-stepfunctions: one execution per case, named after it. Every
 * Wait state is overridden to 0 ms and the Task after it first waits on the dev clock for the Wait's timestamp
 * (a Wait passes its input on unchanged, so the Task's payload carries the same path), so timers follow the dev
 * clock and `POST /_dev/clock` can run them.
 */
export async function createWorkflowEngine(options: WorkflowEngineOptions): Promise<LocalWorkflowEngine> {
  const { StateMachine } = await import('aws-local-stepfunctions')
  const { clock, logger } = options
  const definition = withLocalTaskTimeouts(options.definition)
  const stateMachine = new StateMachine(definition as never, { validationOptions: { checkArn: false } })
  const states = Object.entries(definition.States)

  let stopped = false
  const timestampBefore = new Map<string, string>()
  const waitTimeOverrides: Record<string, number> = {}
  for (const [name, state] of states) {
    if (state.Type !== 'Wait') continue
    waitTimeOverrides[name] = 0
    if (typeof state.TimestampPath !== 'string' || typeof state.Next !== 'string') {
      throw new Error(`Wait state ${name} must wait on a TimestampPath for the dev clock to drive it`)
    }
    timestampBefore.set(state.Next, state.TimestampPath)
  }
  const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<never>> = {}
  const retryIntervalOverrides: Record<string, number> = {}
  for (const [name, state] of states) {
    if (state.Type !== 'Task') continue
    const path = timestampBefore.get(name)
    taskResourceLocalHandlers[name] = (async (payload: unknown) => {
      if (stopped) throw new Error('The local workflow engine was stopped')
      if (path !== undefined) await clock.until(new Date(readPath(payload, path, name)))
      return options.task(payload)
    }) as never
    if (state.Retry) retryIntervalOverrides[name] = options.retryIntervalMs ?? 200
  }

  const executions = new Map<string, { finished: boolean; abort: () => void; entered: string[] }>()

  return {
    async start(reference) {
      if (executions.has(reference)) return 'running'
      const entry = { finished: false, abort: () => {}, entered: [] as string[] }
      executions.set(reference, entry)
      // Started inside `track`, so every wait of this execution on the dev clock counts as parked work.
      clock
        .track(() => {
          const execution = stateMachine.run({ reference, done: [] } as never, {
            overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
            noThrowOnAbort: true,
            context: { Execution: { Name: reference, Input: { reference, done: [] } } } as never,
          })
          entry.abort = execution.abort
          void (async () => {
            for await (const event of execution.eventLogs) {
              if (event.type === 'StateEntered') entry.entered.push(event.state.name)
            }
          })().catch(() => undefined)
          return execution.result
        })
        .then(
          () => logger.info(stopped ? 'workflow stopped with the stack' : 'workflow finished', { reference }),
          (error: unknown) =>
            logger.error('workflow failed', {
              reference,
              errorName: error instanceof Error ? error.name : typeof error,
            }),
        )
        .finally(() => {
          entry.finished = true
        })
      return 'started'
    },
    history: (reference) => [...(executions.get(reference)?.entered ?? [])],
    running: () => [...executions].filter(([, execution]) => !execution.finished).map(([reference]) => reference),
    stop() {
      stopped = true
      for (const execution of executions.values()) if (!execution.finished) execution.abort()
    },
  }
}

/**
 * Locally the Task after a Wait does the waiting (on the dev clock), so it must not time out while it waits:
 * aws-local-stepfunctions gives a Task without TimeoutSeconds 60 s and then retries it, leaving the first call
 * running. In AWS the Wait waits and the Task has the Lambda's own timeout. (The limit is what a Node timer holds.)
 */
const LOCAL_WAITING_TASK_TIMEOUT_SECONDS = 2_000_000

function withLocalTaskTimeouts(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = structuredClone(definition)
  for (const state of Object.values(copy.States)) {
    const next = typeof state.Next === 'string' ? copy.States[state.Next] : undefined
    if (state.Type === 'Wait' && next?.Type === 'Task' && next.TimeoutSeconds === undefined) {
      next.TimeoutSeconds = LOCAL_WAITING_TASK_TIMEOUT_SECONDS
    }
  }
  return copy
}

/** `$.a.b` on a JSON value: enough for the TimestampPath of our Wait states. */
function readPath(value: unknown, path: string, state: string): string {
  let current: unknown = value
  for (const key of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined
  }
  if (typeof current !== 'string') throw new Error(`The payload of ${state} has no timestamp at ${path}`)
  return current
}
