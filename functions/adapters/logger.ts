import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger'
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'

/**
 * The keys a log line may carry besides the logger's own: references, states, counts, durations and names of
 * errors — never text, addresses, names, tokens or whole events. A key not listed here is dropped from the line
 * (counted in `droppedKeys`, its name not shown: a name can be data too). Add a key here when the code logs a new
 * one, after asking whether its value could ever hold something a person wrote.
 */
export const LOGGED_KEYS = [
  // what happened
  'outcome',
  'reason',
  'status',
  'code',
  'route',
  'stage',
  'step',
  'kinds',
  // which filters a list or search used (their names only: q, status, assignee, channel, topic)
  'filters',
  'clock',
  'format',
  'published',
  'automatic',
  'replayed',
  'urgency',
  // which case, run, advisor or object (pseudonymous keys, never a name or an address)
  'reference',
  'advisorId',
  'run',
  'month',
  'objectKey',
  'messageKey',
  /** A reply template's id: a slug a coordinator chose, never its title or text. */
  'templateId',
  // counts, sizes and moments
  'count',
  'fieldCount',
  'messages',
  'months',
  'purged',
  'flagged',
  'failed',
  'bytes',
  'storedBytes',
  'at',
  // failures: the error's name only
  'errorName',
  'error',
] as const

const ALLOWED = new Set<string>(LOGGED_KEYS)
const DROPPED = '[dropped]'

type LoggedValue = string | number | boolean | Array<string | number | boolean> | { name: string }

/**
 * A value as it may appear in a line: a primitive, a list of primitives, or an error reduced to its name (its
 * message and stack can quote a request). Objects are dropped whole: nobody reviews what a nested object holds.
 */
function loggedValue(value: unknown): LoggedValue {
  if (value instanceof Error) return { name: value.name }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      ? value
      : DROPPED
  }
  return DROPPED
}

/**
 * Powertools' standard keys (level, message, timestamp, service, the Lambda context that injectLambdaContext adds:
 * request id, cold start, function name; the X-Ray trace id), then only the allow-listed keys of the line.
 */
export class AllowListLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const line: Record<string, unknown> = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      xray_trace_id: attributes.xRayTraceId,
    }
    let dropped = 0
    for (const [key, value] of Object.entries(additional)) {
      if (value === undefined) continue
      if (ALLOWED.has(key)) line[key] = loggedValue(value)
      else dropped++
    }
    if (dropped > 0) line.droppedKeys = dropped
    return new LogItem({ attributes: line as LogAttributes })
  }
}

export interface LoggerOptions {
  /** Default: POWERTOOLS_SERVICE_NAME (set by CDK), else Powertools' own default. */
  serviceName?: string
  /** Default: POWERTOOLS_LOG_LEVEL, else INFO. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'
}

/** The one logger of every function and of the local runtime: Powertools JSON lines through the allow-list. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new Logger({
    ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    logFormatter: new AllowListLogFormatter(),
  })
}

/**
 * The handler with the Lambda context in every line it logs (request id, cold start, function name) through
 * Powertools' injectLambdaContext, the event never logged. Only the context: middy's early timeout is off here (the
 * handler keeps whatever timeout of its own it has), so wrapping changes nothing of what the handler does.
 */
export function withLambdaContext<TEvent, TResult>(
  logger: Logger,
  handler: (event: TEvent, context: Context) => Promise<TResult>,
): (event: TEvent, context: Context) => Promise<TResult> {
  const wrapped = middy<TEvent, TResult>(handler, { timeoutEarlyInMillis: 0 }).use(
    injectLambdaContext(logger, { logEvent: false }),
  )
  return (event, context) => wrapped(event, context)
}
