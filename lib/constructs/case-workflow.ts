import { Duration, Stack, Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as logs from 'aws-cdk-lib/aws-logs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as sfn from 'aws-cdk-lib/aws-stepfunctions'
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createLogGroup, createNodeFunction } from './lambda-defaults.ts'
import type { Mail } from './mail.ts'
import { acknowledgeNoDeadLetterQueue } from './nag.ts'

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
  /** The key that signs the one-click links in advisor mail. */
  readonly signingSecret: secretsmanager.ISecret
  /** Outgoing mail: the task function sends as the sender and the intake address (lib/constructs/mail.ts). */
  readonly sending: Pick<Mail, 'configurationSet' | 'grantSendEmail'>
}

/**
 * Routing, notification and deadlines for every case: one Standard execution per case (named after it, started by
 * the case stream reader: lib/constructs/case-stream-reader.ts) routes the case, sends its mail (retried with
 * backoff), then sleeps in Wait states until each rung of the deadline ladder; a later run (`<reference>-<n>`)
 * replaces it when the case's item asks for one (`workflowRun`). The state machine and its task function.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine
  readonly taskFunction: NodejsFunction
  /** The stages whose Record…Failure task counts `WorkflowTaskFailed` (the Monitoring construct alarms on them). */
  readonly failureStages: readonly string[]

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id)
    const { config, table } = props
    const logRetention = config.retention.logDays

    this.taskFunction = createNodeFunction(this, 'TaskFunction', {
      entry: 'case-workflow/task.ts',
      description: 'case workflow: route, deliver mail, plan and run deadline steps',
      logRetention,
      memorySize: 512,
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        SENDER_ADDRESS: config.senderAddress,
        INTAKE_ADDRESS: config.intakeAddress,
        CASE_RETENTION_DAYS: config.retention.caseDays,
        SES_CONFIGURATION_SET: props.sending.configurationSet.configurationSetName,
        SIGNING_SECRET_ARN: props.signingSecret.secretArn,
        WORKFLOW_SETTINGS: config.workflow,
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
    props.signingSecret.grantRead(this.taskFunction)
    props.sending.grantSendEmail(this.taskFunction, [config.senderAddress, config.intakeAddress])

    const { stateMachine, failureStages } = this.buildStateMachine(logRetention)
    this.stateMachine = stateMachine
    this.failureStages = failureStages
    // Its failed executions and tasks that failed for good have alarms: lib/constructs/monitoring.ts.
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
