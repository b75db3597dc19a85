import { fileURLToPath } from 'node:url'
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as logs from 'aws-cdk-lib/aws-logs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as ses from 'aws-cdk-lib/aws-ses'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import * as sfn from 'aws-cdk-lib/aws-stepfunctions'
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks'
import { Construct } from 'constructs'
import { CASE_ITEM_KEY } from '../../functions/adapters/case-table.ts'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createLogGroup, createNodeFunction } from './lambda-defaults.ts'
import { acknowledgeNoDeadLetterQueue } from './nag.ts'

const entry = (file: string) => fileURLToPath(new URL(`../../functions/${file}`, import.meta.url))

/** State names are part of the contract with the local runtime (local/workflow-engine.ts): keep them stable. */
export const WORKFLOW_STATES = {
  route: 'RouteCase',
  deliver: 'DeliverMail',
  plan: 'PlanNextStep',
  hasNext: 'HasNextStep',
  wait: 'WaitUntilDue',
  runStep: 'RunStep',
  done: 'Done',
  failed: 'WorkflowFailed',
} as const

export interface CaseWorkflowProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  readonly api: apigw.HttpApi
  /** The key that signs the one-click links (stateful stack: replacing it would break every link already mailed). */
  readonly signingSecret: secretsmanager.ISecret
}

/**
 * Routing, notification and deadlines for every case: the table's stream starts one Standard execution per case
 * (named after it); the execution routes the case, sends its mail (retried with backoff), then sleeps in Wait states
 * until each rung of the deadline ladder; a later run (`<reference>-<n>`) replaces it when the case's item asks
 * for one (`workflowRun`). Also the one-click acknowledge route, the SES identities and configuration set, and the
 * secret that signs the links.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine
  readonly taskFunction: NodejsFunction
  readonly startFunction: NodejsFunction
  readonly actionFunction: NodejsFunction
  readonly startFailures: sqs.Queue
  readonly signingSecret: secretsmanager.ISecret
  /** The stages whose Record…Failure task counts `WorkflowTaskFailed` (the Monitoring construct alarms on them). */
  readonly failureStages: readonly string[]
  readonly configurationSet: ses.ConfigurationSet
  /** The SES identities mail is sent from: the sender's domain, and the intake address's when it differs. */
  readonly identities: ses.EmailIdentity[]

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id)
    const { config, table } = props
    const logRetention = config.retention.logDays

    // Mail: the sender's domain as an SES identity (DKIM), and a configuration set for reputation and suppression.
    // Advisor replies go out From the intake address (requesters answer to the mailbox they wrote to): its domain is
    // an identity too when it differs.
    const domainOf = (address: string) => (address.split('@')[1] ?? address).toLowerCase()
    const senderDomain = domainOf(config.senderAddress)
    const intakeDomain = domainOf(config.intakeAddress)
    this.identities = [
      new ses.EmailIdentity(this, 'SenderIdentity', { identity: ses.Identity.domain(senderDomain) }),
      ...(intakeDomain === senderDomain
        ? []
        : [new ses.EmailIdentity(this, 'IntakeIdentity', { identity: ses.Identity.domain(intakeDomain) })]),
    ]
    this.configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    })

    this.signingSecret = props.signingSecret

    this.taskFunction = createNodeFunction(this, 'TaskFunction', {
      entry: entry('case-workflow/task.ts'),
      description: 'case workflow: route, deliver mail, plan and run deadline steps',
      logRetention,
      memorySize: 512,
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        SENDER_ADDRESS: config.senderAddress,
        INTAKE_ADDRESS: config.intakeAddress,
        CASE_RETENTION_DAYS: String(config.retention.caseDays),
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        SIGNING_SECRET_ARN: this.signingSecret.secretArn,
        WORKFLOW_SETTINGS: JSON.stringify(config.workflow),
      },
    })
    // Cases and their outbox, the roster, Message-ID links; gsi1 (waiting cases) and gsi2 (load per advisor) to route.
    acknowledgeNoDeadLetterQueue(
      this.taskFunction,
      'Invoked synchronously by the state machine: each Task retries and catches into Record…Failure, and a failed ' +
        'execution raises the WorkflowFailures alarm.',
    )
    grantCaseTableAccess(table, this.taskFunction, {
      items: [
        {
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
        // Message-ID links, and the cap on automatic mail per requester address (routing counts a web acknowledgement).
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          partitions: [partitions.messageIds, partitions.autoReplies],
        },
      ],
      indexes: ['gsi1', 'gsi2'],
    })
    this.signingSecret.grantRead(this.taskFunction)
    this.grantSendEmail(this.taskFunction, [config.senderAddress, config.intakeAddress])

    const { stateMachine, failureStages } = this.buildStateMachine(logRetention)
    this.stateMachine = stateMachine
    this.failureStages = failureStages

    this.startFunction = createNodeFunction(this, 'StartFunction', {
      entry: entry('case-workflow/start.ts'),
      description: 'case stream: starts and replaces case workflows, keeps case statistics records',
      logRetention,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: {
        STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
        TABLE_NAME: table.tableName,
        TIME_ZONE: config.workflow.timeZone,
      },
    })
    this.stateMachine.grantStartExecution(this.startFunction)
    acknowledgeNoDeadLetterQueue(
      this.startFunction,
      'Invoked by the table stream’s event source mapping, whose on-failure destination is the StartFailures queue.',
    )
    // The stream carries keys only: it reads the case item itself. It writes its statistics records and the index
    // of their months (STATS…, functions/adapters/dynamo-statistics.ts), and no case.
    grantCaseTableAccess(table, this.startFunction, {
      items: [
        { actions: ['dynamodb:GetItem'], partitions: [partitions.cases] },
        { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: [partitions.statistics] },
      ],
    })
    // A case's workflow restarts (run n, named `<reference>-<n>`) when the case is reopened or its clocks change:
    // the start function stops the run before it. Executions of this state machine only.
    // Pseudo parameters, not formatArn: with a concrete env, formatArn writes the region literally, and cdk-nag's
    // finding id (acknowledged below) would change with the region.
    const executionsArn = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${this.stateMachine.stateMachineName}:*`
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executionsArn] }),
    )
    if (this.startFunction.role) {
      const stateMachineId = Stack.of(this).getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine)
      Validations.of(this.startFunction.role).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'X-Ray (PutTraceSegments, PutTelemetryRecords) and dynamodb:ListStreams (from the stream event source) ' +
            'support no resource-level permissions.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${stateMachineId}.Name>:*]`,
          reason:
            'states:StopExecution on the executions of this one state machine (their names are the case references, ' +
            'not known at deploy time).',
        },
      )
    }
    this.startFailures = new sqs.Queue(this, 'StartFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.startFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the stream (records that could not start).',
    })
    Validations.of(this.startFailures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter destination of the stream: nothing consumes it to fail again.',
    })
    this.startFunction.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 50,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.startFailures),
        // The one reader of case items (start-handler.ts dispatches): a new case starts run 1, a case whose item
        // carries a higher `workflowRun` was told to start run n, and every change rewrites the case's statistics.
        // The stream carries keys only (no personal data in the plumbing): the case item is `CASE#<reference>/CASE`.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: {
              Keys: {
                pk: { S: lambda.FilterRule.beginsWith(CASE_ITEM_KEY.partitionPrefix) },
                sk: { S: lambda.FilterRule.isEqual(CASE_ITEM_KEY.sortKey) },
              },
            },
          }),
        ],
      }),
    )

    this.actionFunction = createNodeFunction(this, 'ActionFunction', {
      entry: entry('actions/action.ts'),
      description: 'one-click acknowledge links from advisor mail',
      logRetention,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        SIGNING_SECRET_ARN: this.signingSecret.secretArn,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
      },
    })
    // It reads the case, acknowledges it (an optimistic write) and records the event: one partition, no index; and
    // the roster in force, which decides whether the link's advisor may still act on the case.
    grantCaseTableAccess(table, this.actionFunction, {
      items: [
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: [partitions.cases] },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
      ],
    })
    this.signingSecret.grantRead(this.actionFunction)
    const actionRoutes = props.api.addRoutes({
      path: '/actions/{token}',
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('ActionIntegration', this.actionFunction),
    })
    // Only these routes: the API's other routes carry their own reasons (web-intake.ts).
    for (const route of actionRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Action links are capabilities: the signed, expiring token in the path is the authorisation.',
      })
    }

    // Its failures queue, failed executions and tasks that failed for good have alarms: lib/constructs/monitoring.ts.
  }

  /**
   * Lets a function send mail through SES as the given addresses only (a domain identity would otherwise let it
   * send as anyone at that domain), through MAR's identities and configuration set.
   */
  grantSendEmail(fn: NodejsFunction, fromAddresses: readonly string[]): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...this.identities.map((identity) =>
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: identity.emailIdentityName,
            }),
          ),
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': [...new Set(fromAddresses)] } },
      }),
    )
  }

  private buildStateMachine(logRetention: logs.RetentionDays) {
    const invoke = (name: string, task: string, fields: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, name, {
        lambdaFunction: this.taskFunction,
        payloadResponseOnly: true,
        payload: sfn.TaskInput.fromObject({ task, reference: sfn.JsonPath.stringAt('$.reference'), ...fields }),
        retryOnServiceExceptions: false,
      })
    const done = sfn.JsonPath.listAt('$.done')
    const retryTransient = (task: tasks.LambdaInvoke) => {
      task.addRetry({
        errors: [sfn.Errors.ALL],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 5,
        jitterStrategy: sfn.JitterType.FULL,
      })
      return task
    }
    const failureStages: string[] = []
    const recordFailure = (name: string, stage: string) => {
      failureStages.push(stage)
      return retryTransient(
        invoke(name, 'record-failure', {
          done: sfn.JsonPath.listAt('$.done'),
          stage,
          error: sfn.JsonPath.stringAt('$.failure.Error'),
        }),
      )
    }

    const route = retryTransient(invoke(WORKFLOW_STATES.route, 'route', {}))
    const deliver = invoke(WORKFLOW_STATES.deliver, 'deliver', { done })
    // SES throttling or an outage: keep trying with growing, jittered pauses (about an hour in all).
    deliver.addRetry({
      errors: ['MailDeliveryError'],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 10,
      maxDelay: Duration.minutes(15),
      jitterStrategy: sfn.JitterType.FULL,
    })
    retryTransient(deliver)
    const plan = retryTransient(invoke(WORKFLOW_STATES.plan, 'plan', { done }))
    const runStep = retryTransient(
      invoke(WORKFLOW_STATES.runStep, 'run-step', { done, next: sfn.JsonPath.objectAt('$.next') }),
    )
    const wait = new sfn.Wait(this, WORKFLOW_STATES.wait, { time: sfn.WaitTime.timestampPath('$.next.at') })
    const finished = new sfn.Succeed(this, WORKFLOW_STATES.done)
    const failed = new sfn.Fail(this, WORKFLOW_STATES.failed, {
      error: 'WorkflowFailed',
      cause: 'See the case events.',
    })
    const hasNext = new sfn.Choice(this, WORKFLOW_STATES.hasNext)
      .when(sfn.Condition.booleanEquals('$.finished', true), finished)
      .otherwise(wait)

    const catchInto = (task: tasks.LambdaInvoke, recorder: tasks.LambdaInvoke) =>
      task.addCatch(recorder, { errors: [sfn.Errors.ALL], resultPath: '$.failure' })
    const routeFailed = recordFailure('RecordRouteFailure', 'route')
    const deliverFailed = recordFailure('RecordDeliveryFailure', 'deliver')
    const planFailed = recordFailure('RecordPlanFailure', 'plan')
    const stepFailed = recordFailure('RecordStepFailure', 'run-step')
    catchInto(route, routeFailed)
    catchInto(deliver, deliverFailed)
    catchInto(plan, planFailed)
    catchInto(runStep, stepFailed)
    // When even the failure cannot be recorded (the table unreachable past every retry), end in WorkflowFailed:
    // the execution fails with a named error, which the WorkflowFailures alarm watches.
    for (const recorder of [routeFailed, deliverFailed, planFailed, stepFailed]) {
      recorder.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' })
    }
    // Routing or mail failing for good still leaves the deadline ladder to alert people; planning failing cannot.
    routeFailed.next(deliver)
    deliverFailed.next(plan)
    planFailed.next(failed)
    stepFailed.next(failed)

    route.next(deliver)
    deliver.next(plan)
    plan.next(hasNext)
    wait.next(runStep)
    runStep.next(deliver)

    const logGroup = createLogGroup(this, 'StateMachineLogs', logRetention)
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(route),
      comment: 'MAR Intake: one execution per case (named after it); input { reference, done: [] }, no personal data',
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    })
    // The first finding id embeds the task function's logical id: computed, so a renamed construct cannot orphan it.
    const taskFunctionId = Stack.of(this).getLogicalId(this.taskFunction.node.defaultChild as lambda.CfnFunction)
    Validations.of(stateMachine.role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${taskFunctionId}.Arn>:*]`,
        reason: 'LambdaInvoke grant (CDK): the one task function, by any version or alias.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Logging to CloudWatch Logs (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, ' +
          'PutResourcePolicy) and X-Ray tracing: these actions support no resource-level permissions (CDK grant).',
      },
    )
    return { stateMachine, failureStages }
  }
}
