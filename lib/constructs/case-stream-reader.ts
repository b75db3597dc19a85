import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions'
import { Construct } from 'constructs'
import { CASE_ITEM_KEY } from '../../functions/adapters/case-table.ts'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { acknowledgeNoDeadLetterQueue } from './nag.ts'

export interface CaseStreamReaderProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  /** The case workflow it starts, stops and replaces (lib/constructs/case-workflow.ts). */
  readonly stateMachine: sfn.StateMachine
}

/**
 * The case stream reader: the table's one stream reader (functions/case-workflow/start.ts). Filtered to case items,
 * it starts each new case's workflow, replaces a run when the case's item asks for one (`workflowRun`), and keeps
 * the case's statistics record. Retried and bisected; records that fail for good go to its failures queue (which
 * has an alarm: lib/stacks/stateless-stack.ts).
 */
export class CaseStreamReader extends Construct {
  readonly function: NodejsFunction
  readonly failures: sqs.Queue

  constructor(scope: Construct, id: string, props: CaseStreamReaderProps) {
    super(scope, id)
    const { config, table, stateMachine } = props

    this.function = createNodeFunction(this, 'Function', {
      entry: 'case-workflow/start.ts',
      description: 'case stream reader: starts and replaces case workflows, keeps case statistics records',
      logRetention: config.retention.logDays,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: {
        STATE_MACHINE_ARN: stateMachine.stateMachineArn,
        TABLE_NAME: table.tableName,
        TIME_ZONE: config.workflow.timeZone,
      },
    })
    stateMachine.grantStartExecution(this.function)
    acknowledgeNoDeadLetterQueue(
      this.function,
      'Invoked by the table stream’s event source mapping, whose on-failure destination is the case stream reader’s Failures queue.',
    )
    // The stream carries keys only: it reads the case item itself. It writes its statistics records and the index
    // of their months (STATS…, functions/adapters/dynamo-statistics.ts), and no case.
    grantCaseTableAccess(table, this.function, {
      items: [
        { actions: ['dynamodb:GetItem'], partitions: [partitions.cases] },
        { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: [partitions.statistics] },
      ],
    })
    // A case's workflow restarts (run n, named `<reference>-<n>`) when the case is reopened or its clocks change:
    // the reader stops the run before it. Executions of this state machine only.
    // Pseudo parameters, not formatArn: with a concrete env, formatArn writes the region literally, and cdk-nag's
    // finding id (acknowledged below) would change with the region.
    const executionsArn = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${stateMachine.stateMachineName}:*`
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executionsArn] }),
    )
    if (this.function.role) {
      const stateMachineId = Stack.of(this).getLogicalId(stateMachine.node.defaultChild as sfn.CfnStateMachine)
      Validations.of(this.function.role).acknowledge(
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
    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the stream (records that could not start).',
    })
    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter destination of the stream: nothing consumes it to fail again.',
    })
    this.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 50,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.failures),
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
  }
}
