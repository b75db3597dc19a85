import { currentScope, type StandInCall } from '../../local/function-scope.ts'

export type Service = 'dynamodb' | 'ses' | 's3' | 'sfn' | 'secretsmanager'

/** One AWS call as made, reduced to what IAM evaluates; `scope` says who made it (local/function-scope.ts). */
export interface RecordedCall {
  scope: string | undefined
  service: Service
  command: string
  /** DynamoDB: the index, if any, and the partition key values the call touches (`dynamodb:LeadingKeys`). */
  index?: string
  partitions?: string[]
  /** SES: the From address. */
  from?: string
  /** S3: the object key. */
  key?: string
  /** Step Functions: the case and run. */
  reference?: string
  run?: number
  /** Secrets Manager: which secret (the stand-ins'), or the SecretId the SDK was given. */
  secret?: string
}

/** Collects the calls of a run: the SDK clients' (a middleware on each) and the local stand-ins' (their wrappers). */
export class CallRecorder {
  readonly calls: RecordedCall[] = []

  /** A middleware for an AWS SDK v3 client: records each command with its input before it is sent. */
  instrument(
    client: {
      middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string }) => void }
    },
    service: Service,
  ): void {
    const middleware =
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        this.calls.push({
          scope: currentScope(),
          service,
          command: String(context.commandName),
          ...describe(service, args.input),
        })
        return next(args)
      }
    client.middlewareStack.add(middleware as never, { step: 'initialize', name: `checkIamRecorder-${service}` })
  }

  /** For `recordStandInCalls` of the local stack. */
  readonly standIn = (call: StandInCall, scope: string | undefined): void => {
    const detail: Partial<RecordedCall> =
      call.service === 's3'
        ? { key: String(call.input.Key) }
        : call.service === 'sfn'
          ? { reference: String(call.input.reference), run: Number(call.input.run) }
          : { secret: String(call.input.secret) }
    this.calls.push({ scope, service: call.service, command: call.command, ...detail })
  }
}

/** What of an SDK command's input IAM evaluates. */
export function describe(service: Service, input: Record<string, unknown>): Partial<RecordedCall> {
  if (service === 'ses') {
    return { from: String(input.FromEmailAddress ?? '') }
  }
  if (service === 'secretsmanager') return { secret: String(input.SecretId ?? '') }
  if (service !== 'dynamodb') return {}
  const plain = (value: unknown): string =>
    value && typeof value === 'object' && 'S' in value ? String((value as { S: unknown }).S) : String(value)
  const partitions = new Set<string>()
  const item = (input.Item ?? input.Key) as Record<string, unknown> | undefined
  if (item) partitions.add(plain(item.pk))
  if (typeof input.KeyConditionExpression === 'string') {
    // The partition key's equality: `pk = :p` or `#pk = :p` (the first equality names the partition key).
    const match = /([#\w]+)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression)
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>
    if (match?.[2]) partitions.add(plain(values[match[2]]))
  }
  const requests = input.RequestItems as
    | Record<string, Array<Record<string, Record<string, Record<string, unknown>>>>>
    | undefined
  // BatchWriteItem: a list of requests per table (BatchGetItem's entry is an object with `Keys`: below).
  for (const list of Object.values(requests ?? {})) {
    if (!Array.isArray(list)) continue
    for (const request of list) {
      const keys = request.PutRequest?.Item ?? request.DeleteRequest?.Key
      if (keys) partitions.add(plain(keys.pk))
    }
  }
  const batchGet = input.RequestItems as Record<string, { Keys?: Array<Record<string, unknown>> }> | undefined
  for (const entry of Object.values(batchGet ?? {})) {
    for (const keys of (entry as { Keys?: Array<Record<string, unknown>> }).Keys ?? []) partitions.add(plain(keys.pk))
  }
  return {
    ...(typeof input.IndexName === 'string' ? { index: input.IndexName } : {}),
    partitions: [...partitions],
  }
}
