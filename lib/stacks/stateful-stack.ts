import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { caseTable } from '../../functions/adapters/case-table.ts'
import type { AppConfig } from '../config.ts'
import { AdvisorSignIn } from '../constructs/advisor-sign-in.ts'
import { MailStore } from '../constructs/mail-store.ts'

export interface StatefulStackProps extends StackProps {
  readonly config: AppConfig
}

/**
 * What outlives a deployment: the case table and the key that encrypts it, the link-signing key, the staff
 * accounts (Cognito user pool with its groups, domain and the workspace's app client), and the mail bucket with its
 * key (received messages, case attachments).
 * A single-region `Table` (not `TableV2`/GlobalTable): it synthesizes without a region and cdk-nag checks its PITR.
 * Construct ids are pinned by test/infra (renaming one replaces the resource and loses data).
 */
export class StatefulStack extends Stack {
  readonly caseKey: kms.Key
  readonly caseTable: dynamodb.Table
  readonly signingSecret: secretsmanager.Secret
  readonly advisorSignIn: AdvisorSignIn
  readonly mailStore: MailStore

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props)

    this.caseKey = new kms.Key(this, 'CaseKey', {
      description: 'MAR Intake: encrypts the case table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING })
    this.caseTable = new dynamodb.Table(this, 'CaseTable', {
      partitionKey: stringKey(caseTable.partitionKey),
      sortKey: stringKey(caseTable.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.caseKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: caseTable.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // New cases start their workflow from the stream: stored first, side effects after (lib/constructs/case-workflow.ts).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    })
    for (const index of caseTable.globalSecondaryIndexes) {
      this.caseTable.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })
    }

    // Replacing this key would invalidate every action link already mailed (valid 14 days): it is kept like data.
    this.signingSecret = new secretsmanager.Secret(this, 'ActionLinkSigningKey', {
      description: 'MAR Intake: signs the one-click links in advisor mail (HMAC-SHA-256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the key would invalidate every link already mailed (valid 14 days); rotate by hand, between mail waves.',
    })

    // Staff accounts and their MFA secrets: a replaced pool would lock every advisor out.
    this.advisorSignIn = new AdvisorSignIn(this, 'AdvisorSignIn', { config: props.config })

    // Received mail and the attachments filed with cases (lib/constructs/mail-store.ts).
    this.mailStore = new MailStore(this, 'MailStore', { config: props.config })
  }
}
