import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'

export interface WebIntakeProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  /** The search index's key: a case and its follow-up messages are indexed as they are filed. */
  readonly searchSecret: secretsmanager.ISecret
}

/**
 * The web intake: the submit, follow-up and health functions. Their routes come from the route table
 * (lib/constructs/api.ts).
 */
export class WebIntake extends Construct {
  readonly submitFunction: NodejsFunction
  readonly followUpFunction: NodejsFunction
  readonly healthFunction: NodejsFunction

  constructor(scope: Construct, id: string, props: WebIntakeProps) {
    super(scope, id)
    const { config, table } = props

    this.submitFunction = createNodeFunction(this, 'SubmitFunction', {
      entry: 'web-intake/submit.ts',
      description: 'web intake: stores a submitted request as a case',
      logRetention: config.retention.logDays,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        CASE_RETENTION_DAYS: config.retention.caseDays,
        MAX_BODY_BYTES: config.limits.maxBodyBytes,
        MAR_PHONE: config.marPhone,
        INTAKE_ADDRESS: config.intakeAddress,
        WORKFLOW_SETTINGS: config.workflow,
        SEARCH_SECRET_ARN: props.searchSecret.secretArn,
      },
    })
    // The submit function stores a case (and reads it back for a repeated Idempotency-Key) with its search terms
    // (BatchWriteItem), claims and releases idempotency keys; it queries nothing.
    grantCaseTableAccess(table, this.submitFunction, {
      items: [
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
          partitions: [partitions.cases],
        },
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
          partitions: [partitions.idempotency],
        },
      ],
    })

    this.followUpFunction = createNodeFunction(this, 'FollowUpFunction', {
      entry: 'follow-up/follow-up.ts',
      description: "anonymous follow-up: opens a case's box with reference and receipt, takes the requester's reply",
      logRetention: config.retention.logDays,
      // scrypt (N = 2^14, r = 8) takes 16 MiB per check and CPU, which Lambda gives in proportion to memory.
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        CASE_RETENTION_DAYS: config.retention.caseDays,
        MAX_BODY_BYTES: config.limits.maxBodyBytes,
        MAR_PHONE: config.marPhone,
        INTAKE_ADDRESS: config.intakeAddress,
        WORKFLOW_SETTINGS: config.workflow,
        SEARCH_SECRET_ARN: props.searchSecret.secretArn,
      },
    })
    // It reads the case and its messages (one partition), counts attempts, reads the roster, queues the assignee's
    // notice, indexes the message (BatchWriteItem) and re-opens the case; it queries no index.
    grantCaseTableAccess(table, this.followUpFunction, {
      items: [
        {
          actions: [
            'dynamodb:GetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:BatchWriteItem',
          ],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: [partitions.followUpAttempts] },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
      ],
    })
    props.searchSecret.grantRead(this.submitFunction)
    props.searchSecret.grantRead(this.followUpFunction)

    this.healthFunction = createNodeFunction(this, 'HealthFunction', {
      entry: 'web-intake/health.ts',
      description: 'web intake: health check',
      logRetention: config.retention.logDays,
      memorySize: 128,
      timeout: Duration.seconds(3),
      environment: {},
    })
  }
}
