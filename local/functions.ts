import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, DynamoDBStreamEvent, S3Event } from 'aws-lambda'
import { composeActions } from '../functions/actions/compose.ts'
import { createLogger, type LoggerOptions, withLambdaContext } from '../functions/adapters/logger.ts'
import { composeAdvisorApi } from '../functions/advisor-api/compose.ts'
import { composeCaseStream } from '../functions/case-workflow/compose-start.ts'
import { composeWorkflowTask } from '../functions/case-workflow/compose-task.ts'
import { composeFollowUp } from '../functions/follow-up/compose.ts'
import type { HttpFunctionName } from '../functions/http/routes.ts'
import { composeMailIntake } from '../functions/mail-intake/compose.ts'
import type { Platform, Settings } from '../functions/platform/platform.ts'
import { composeRetentionRun } from '../functions/retention/compose.ts'
import { composeSubmit } from '../functions/web-intake/compose.ts'
import { checkHealth } from '../functions/web-intake/health-handler.ts'
import { type HttpLambda, lambdaContext } from './api-gateway.ts'
import { functionScope, recordedStarter, type StandInRecorder } from './function-scope.ts'
import type { LocalPlatform } from './platform.ts'
import type { StateMachineDefinition } from './synthesized-workflow.ts'
import { createWorkflowEngine, type LocalWorkflowEngine } from './workflow-engine.ts'

/** The stack's Lambda functions by name, each composed by its capability's compose function as its Lambda entry is. */
export type LocalFunctions = Record<HttpFunctionName, HttpLambda> & {
  'case-workflow-task': (payload: unknown) => Promise<unknown>
  'case-stream': (event: DynamoDBStreamEvent) => Promise<void>
  'mail-intake-receive': (event: S3Event) => Promise<void>
  'retention-purge': (event: unknown) => Promise<unknown>
}

type Handler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>

/**
 * One of the stack's Lambda functions, by its name: its own logger, as each Lambda has, its handler composed on the
 * platform with that logger, and invoked as Lambda invokes it — the invocation's context (a new one unless the
 * gateway gives it) in every line it logs (withLambdaContext). Every local function is made here.
 */
export function lambdaFunction<TEvent, TResult, P extends Partial<Platform>>(
  name: string,
  platform: P,
  compose: (platform: P & { logger: Logger }) => Handler<TEvent, TResult>,
  logLevel: LoggerOptions['logLevel'],
): (event: TEvent, context?: Context) => Promise<TResult> {
  const logger = createLogger({ serviceName: 'mar-intake-local', logLevel })
  const wrapped = withLambdaContext(logger, compose({ ...platform, logger }))
  // The gateway's invocation (its request id and deadline) of this function, by the function's name; each in the
  // function's scope (local/function-scope.ts), so that check:iam attributes its calls.
  return (event, context = lambdaContext(name)) =>
    functionScope.run(name, () => wrapped(event, { ...context, functionName: name }))
}

/**
 * Composes every function on the local platform, and the state machine between them: the task function first, the
 * synthesized state machine that runs it, then the functions that start it (the stream reader) and the rest.
 */
export async function composeLocalFunctions(
  base: LocalPlatform,
  settings: Settings,
  options: {
    definition: StateMachineDefinition
    logger: Logger
    logLevel: LoggerOptions['logLevel']
    /** Records the executions started and stopped, as StartExecution/StopExecution (check:iam). */
    recordStandInCalls?: StandInRecorder | undefined
  },
): Promise<{ functions: LocalFunctions; workflow: LocalWorkflowEngine }> {
  const { logLevel } = options
  const task = lambdaFunction('case-workflow-task', base, (p) => composeWorkflowTask(p, settings), logLevel)
  const workflow = await createWorkflowEngine({
    definition: options.definition,
    task,
    clock: base.clock,
    logger: options.logger,
  })
  const record = options.recordStandInCalls
  const platform = { ...base, workflowStarter: record ? recordedStarter(workflow, record) : workflow }
  const http = (name: HttpFunctionName, compose: (p: Platform) => unknown): HttpLambda =>
    lambdaFunction(name, platform, compose as (p: Platform) => HttpLambda, logLevel)
  const functions: LocalFunctions = {
    'web-intake-submit': http('web-intake-submit', (p) => composeSubmit(p, settings)),
    health: http('health', () => checkHealth),
    'follow-up': http('follow-up', (p) => composeFollowUp(p, settings)),
    actions: http('actions', (p) => composeActions(p)),
    'advisor-api': http('advisor-api', (p) => composeAdvisorApi(p, settings)),
    'case-workflow-task': task,
    'case-stream': lambdaFunction('case-stream', platform, (p) => composeCaseStream(p, settings), logLevel),
    'mail-intake-receive': lambdaFunction(
      'mail-intake-receive',
      platform,
      (p) => composeMailIntake(p, settings),
      logLevel,
    ),
    'retention-purge': lambdaFunction('retention-purge', platform, (p) => composeRetentionRun(p, settings), logLevel),
  }
  return { functions, workflow }
}
