import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { TemporarilyUnavailableError } from '../core/shared/errors.ts'

/**
 * Attempts per DynamoDB call, the first included. The SDK's standard mode backs off with full jitter (throttling:
 * up to 1 s, then 2 s), so a throttled call gives up within about 3 s: one or two throttled answers are absorbed, and
 * an API function (API Gateway waits 29 s) still answers 503 in time when the table stays unavailable.
 */
export const DYNAMODB_MAX_ATTEMPTS = 3

/** DynamoDB's ways of saying "not now": throttling, or the service itself failing. */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
])
/** The network failing on the way to DynamoDB (Node's error codes). */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'])

/**
 * One document client per process; undefined optional fields are left out instead of being refused. A call that
 * is still throttled or failing after the SDK's retries rejects with core's TemporarilyUnavailableError: this is
 * the one place that knows DynamoDB's error names (functions/http maps it to 503, Step Functions retries a task).
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ retryMode: 'standard', maxAttempts: DYNAMODB_MAX_ATTEMPTS, ...config })
  // Outermost (initialize, high priority): it sees what is left after the retry middleware has given up.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        if (isTemporarilyUnavailable(error)) throw new TemporarilyUnavailableError(5, { cause: error })
        throw error
      }
    },
    { step: 'initialize', priority: 'high', name: 'temporarilyUnavailable' },
  )
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
}

function isTemporarilyUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code, $metadata } = error as { code?: string; $metadata?: { httpStatusCode?: number } }
  const status = $metadata?.httpStatusCode ?? 0
  return (
    UNAVAILABLE_ERROR_NAMES.has(error.name) || (code !== undefined && NETWORK_ERROR_CODES.has(code)) || status >= 500
  )
}
