import type { Logger } from '@aws-lambda-powertools/logger'
import { executionName } from '../functions/core/deadlines/workflow.ts'
import type { WorkflowStarter } from '../functions/core/ports/workflow.ts'
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
  /** References whose workflow (any run) has started and not yet finished. */
  running(): string[]
  /** The states a case's executions (every run, in order) have entered so far: its state transitions. */
  history(reference: string): string[]
  /** Every execution's input and the events of its history (inputs, outputs, errors), every run, as JSON: to check. */
  recorded(reference: string): string[]
  /** Aborts every execution (the stack stops). */
  stopAll(): void
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
  const retryIntervalOverrides: Record<string, number> = {}
  for (const [name, state] of states) {
    if (state.Type === 'Task' && state.Retry) retryIntervalOverrides[name] = options.retryIntervalMs ?? 200
  }
  /** One execution's task handlers: a stopped execution runs no task, also not one that was parked on the clock. */
  const taskHandlersFor = (execution: { finished: boolean; parked: boolean; stopping: AbortController }) => {
    const handlers: Record<string, (input: unknown) => Promise<never>> = {}
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue
      const path = timestampBefore.get(name)
      handlers[name] = (async (payload: unknown) => {
        if (stopped || execution.finished) throw new Error('The local workflow execution was stopped')
        if (path !== undefined) {
          execution.parked = true
          await clock.until(new Date(readPath(payload, path, name)), execution.stopping.signal)
          execution.parked = false
        }
        if (stopped || execution.finished) throw new Error('The local workflow execution was stopped')
        return options.task(payload)
      }) as never
    }
    return handlers
  }

  /** By execution name; `entered` is shared by every run of a case. */
  const executions = new Map<
    string,
    {
      reference: string
      finished: boolean
      parked: boolean
      stopping: AbortController
      abort: () => void
      states: string[]
    }
  >()
  const entered = new Map<string, string[]>()
  const recorded = new Map<string, string[]>()

  return {
    async start(reference, run = 1) {
      const name = executionName(reference, run)
      if (executions.has(name)) return 'running'
      const entry = {
        reference,
        finished: false,
        parked: false,
        stopping: new AbortController(),
        abort: () => {},
        states: [] as string[],
      }
      executions.set(name, entry)
      const states = entered.get(reference) ?? []
      entered.set(reference, states)
      entry.states = states
      // Started inside `track`, so every wait of this execution on the dev clock counts as parked work.
      clock
        .track(() => {
          const execution = stateMachine.run({ reference, done: [] } as never, {
            overrides: { taskResourceLocalHandlers: taskHandlersFor(entry), waitTimeOverrides, retryIntervalOverrides },
            noThrowOnAbort: true,
            context: { Execution: { Name: name, Input: { reference, done: [] } } } as never,
          })
          entry.abort = execution.abort
          void (async () => {
            const log = recorded.get(reference) ?? []
            recorded.set(reference, log)
            for await (const event of execution.eventLogs) {
              log.push(JSON.stringify(event))
              if (event.type === 'StateEntered' && !entry.finished) states.push(event.state.name)
            }
          })().catch(() => undefined)
          return execution.result
        })
        .then(
          () =>
            logger.info(stopped ? 'workflow stopped with the stack' : 'workflow finished', {
              reference,
              run,
            }),
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
    async stop(reference, run) {
      const execution = executions.get(executionName(reference, run))
      if (execution === undefined || execution.finished) return
      // Marked first: whatever the aborted run was doing is no longer its transitions.
      execution.finished = true
      // Parked on the dev clock, the Task after a Wait stands for the Wait itself: in AWS it was never entered.
      if (execution.parked) execution.states.pop()
      execution.stopping.abort()
      execution.abort()
    },
    history: (reference) => [...(entered.get(reference) ?? [])],
    recorded: (reference) => [...(recorded.get(reference) ?? [])],
    running: () => [
      ...new Set([...executions.values()].filter((execution) => !execution.finished).map((e) => e.reference)),
    ],
    stopAll() {
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
