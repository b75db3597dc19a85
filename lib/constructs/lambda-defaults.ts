import { fileURLToPath } from 'node:url'
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { type EnvironmentValues, environmentOf, type LambdaEntry } from '../../functions/adapters/environment.ts'
import { keyPolicy } from './key-policy.ts'

/** The Powertools service name of every function: its logs' `service`, and the `service` dimension of its metrics. */
export const SERVICE_NAME = 'mar-intake'

export interface NodeFunctionProps<E extends LambdaEntry> {
  /** The entry file (exports `handler`), as a path under functions/: it decides which environment the function gets. */
  readonly entry: E
  readonly description: string
  readonly logRetention: logs.RetentionDays
  /** What the entry reads from its environment (functions/adapters/environment.ts), typed by its schema. */
  readonly environment: EnvironmentValues<E>
  /** @default 256 */
  readonly memorySize?: number
  /** @default 10 seconds */
  readonly timeout?: Duration
  /** @default none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number
}

/**
 * The stack's key for its log groups (`LogKey`, made with the first log group): logs hold references and states
 * only, still they are encrypted, with a key that CloudWatch Logs may use for this account's log groups and IAM
 * administrators may manage but not use.
 */
export function logEncryptionKey(stack: Stack): kms.Key {
  const existing = stack.node.tryFindChild('LogKey')
  if (existing instanceof kms.Key) return existing
  return new kms.Key(stack, 'LogKey', {
    description: 'MAR Intake: encrypts the log groups of this stack (functions, API access, workflow)',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(30),
    policy: keyPolicy({
      statements: [
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
          principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
            },
          },
        }),
      ],
    }),
  })
}

/** A log group with the configured retention, encrypted with its stack's log key; deleted with the stack. */
export function createLogGroup(scope: Construct, id: string, retention: logs.RetentionDays): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention,
    removalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: logEncryptionKey(Stack.of(scope)),
  })
}

/** The entry point each function was created from (for the test that parses every function's environment). */
const entries = new WeakMap<NodejsFunction, LambdaEntry>()

/** The entry point (path under functions/) a function of createNodeFunction runs; undefined for any other function. */
export function lambdaEntryOf(fn: NodejsFunction): LambdaEntry | undefined {
  return entries.get(fn)
}

/** The house defaults for every Lambda: Node 24 on ARM (bundle targets node22), ESM bundle, JSON logs in its own log group, X-Ray. */
export function createNodeFunction<E extends LambdaEntry>(
  scope: Construct,
  id: string,
  props: NodeFunctionProps<E>,
): NodejsFunction {
  const logGroup = createLogGroup(scope, `${id}Logs`, props.logRetention)
  // An explicit role, so the function may write to its own log group only (no AWSLambdaBasicExecutionRole).
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `MAR Intake: ${props.description}`,
  })
  logGroup.grantWrite(role)
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
  })

  const fn = new NodejsFunction(scope, id, {
    entry: fileURLToPath(new URL(`../../functions/${props.entry}`, import.meta.url)),
    handler: 'handler',
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 256,
    timeout: props.timeout ?? Duration.seconds(10),
    ...(props.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    tracing: lambda.Tracing.ACTIVE,
    // Every function's logger (functions/adapters/logger.ts) names the same service and logs from INFO up.
    environment: {
      ...environmentOf(props.entry, props.environment),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    },
    bundling: {
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
    },
  })
  entries.set(fn, props.entry)
  return fn
}
