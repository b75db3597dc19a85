import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'

export interface ActionLinksProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  /** The key that signs the one-click links (stateful stack: replacing it would break every link already mailed). */
  readonly signingSecret: secretsmanager.ISecret
}

/**
 * The one-click acknowledge links in advisor mail (functions/actions/action.ts): GET shows a confirmation page,
 * POST acknowledges. Its routes (`GET|POST /actions/{token}`) come from the route table (lib/constructs/api.ts).
 */
export class ActionLinks extends Construct {
  readonly function: NodejsFunction

  constructor(scope: Construct, id: string, props: ActionLinksProps) {
    super(scope, id)
    const { config, table, signingSecret } = props

    this.function = createNodeFunction(this, 'Function', {
      entry: 'actions/action.ts',
      description: 'one-click acknowledge links from advisor mail',
      logRetention: config.retention.logDays,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        SIGNING_SECRET_ARN: signingSecret.secretArn,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
      },
    })
    // It reads the case, acknowledges it (an optimistic write) and records the event: one partition, no index; and
    // the roster in force, which decides whether the link's advisor may still act on the case.
    grantCaseTableAccess(table, this.function, {
      items: [
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: [partitions.cases] },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
      ],
    })
    signingSecret.grantRead(this.function)
  }
}
