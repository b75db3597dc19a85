import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'

export interface NodeFunctionProps {
  /** Absolute path of the entry file (exports `handler`). */
  readonly entry: string
  readonly description: string
  readonly logRetention: logs.RetentionDays
  readonly environment?: Record<string, string>
  /** @default 256 */
  readonly memorySize?: number
  /** @default 10 seconds */
  readonly timeout?: Duration
  /** @default none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number
}

/** The house defaults for every Lambda: Node 24 on ARM (bundle targets node22), ESM bundle, JSON logs in its own log group, X-Ray. */
export function createNodeFunction(scope: Construct, id: string, props: NodeFunctionProps): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  })
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

  return new NodejsFunction(scope, id, {
    entry: props.entry,
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
    environment: props.environment ?? {},
    bundling: {
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
    },
  })
}
