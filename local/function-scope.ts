import { AsyncLocalStorage } from 'node:async_hooks'
import type { ObjectStore, SigningKeySource } from '../functions/core/ports/stores.ts'
import type { WorkflowStarter } from '../functions/core/ports/workflow.ts'

/**
 * Who is running, for `npm run check:iam` (ops/iam): the local Lambda function by its name (`lambdaFunction(name)` in
 * local/stack.ts runs each invocation in this scope), `route:<route key>` for what the gateway stand-in does on a
 * route's behalf (the origin check each API function makes), `service:<name>` for what an AWS service does itself
 * (SES storing received mail), and `local-runtime` for what only the local runtime does (dev endpoints, start-up).
 */
export const functionScope = new AsyncLocalStorage<string>()

/** The scope running now; undefined outside every scope (the IAM check refuses such a call). */
export function currentScope(): string | undefined {
  return functionScope.getStore()
}

export const LOCAL_RUNTIME_SCOPE = 'local-runtime'

/** A call a local stand-in answered in place of an AWS service, with what IAM needs to know of it. */
export interface StandInCall {
  service: 's3' | 'sfn' | 'secretsmanager'
  command: string
  input: Record<string, unknown>
}

export type StandInRecorder = (call: StandInCall, scope: string | undefined) => void

/** The mail bucket's stand-in, each call recorded as the S3 call the AWS adapter (S3ObjectStore) makes. */
export function recordedObjectStore(store: ObjectStore, record: StandInRecorder): ObjectStore {
  return {
    get(key) {
      record({ service: 's3', command: 'GetObjectCommand', input: { Key: key } }, currentScope())
      return store.get(key)
    },
    put(key, content, contentType) {
      record({ service: 's3', command: 'PutObjectCommand', input: { Key: key } }, currentScope())
      return store.put(key, content, contentType)
    },
    delete(key) {
      record({ service: 's3', command: 'DeleteObjectCommand', input: { Key: key } }, currentScope())
      return store.delete(key)
    },
  }
}

/** The workflow engine's start and stop, recorded as StepFunctionsWorkflowStarter's StartExecution/StopExecution. */
export function recordedStarter<T extends WorkflowStarter>(engine: T, record: StandInRecorder): T {
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (property !== 'start' && property !== 'stop') return typeof value === 'function' ? value.bind(target) : value
      const command = property === 'start' ? 'StartExecutionCommand' : 'StopExecutionCommand'
      return (reference: string, run?: number) => {
        record({ service: 'sfn', command, input: { reference, run: run ?? 1 } }, currentScope())
        return (value as (reference: string, run?: number) => Promise<unknown>).call(target, reference, run)
      }
    },
  })
}

/** A secret's stand-in (the signing key, the origin secret), each read recorded as GetSecretValue of `secret`. */
export function recordedSecret<T>(
  source: () => Promise<T>,
  secret: 'signing-key' | 'origin-verify' | 'search-key',
  record: StandInRecorder,
): () => Promise<T> {
  return () => {
    record({ service: 'secretsmanager', command: 'GetSecretValueCommand', input: { secret } }, currentScope())
    return source()
  }
}

export type { SigningKeySource }
