import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { caseTable } from '../../functions/adapters/case-table.ts'
import type { AppConfig } from '../config.ts'
import { AdvisorSignIn } from '../constructs/advisor-sign-in.ts'
import { cdkDeploymentRole, keyPolicy, rolesOfStack } from '../constructs/key-policy.ts'
import { MailStore } from '../constructs/mail-store.ts'
import { SigningKeyRotation } from '../constructs/signing-key.ts'
import { STACK_NAMES } from '../stack-names.ts'

export interface StatefulStackProps extends StackProps {
  readonly config: AppConfig
  /** The stack whose roles use the keys (through DynamoDB and S3 only). @default the stateless stack */
  readonly keyUserStackName?: string
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
  readonly searchSecret: secretsmanager.Secret
  readonly advisorSignIn: AdvisorSignIn
  readonly mailStore: MailStore

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props)

    // The account manages the key; only the functions (and the deployment, and configured operators) may use it,
    // and only through DynamoDB: no IAM administrator reads cases by decrypting with it directly.
    const keyUsers = rolesOfStack(props.keyUserStackName ?? STACK_NAMES.stateless)
    this.caseKey = new kms.Key(this, 'CaseKey', {
      description: 'MAR Intake: encrypts the case table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: keyPolicy({
        use: {
          sid: 'CaseDataThroughDynamoDB',
          service: 'dynamodb',
          roleArnPatterns: [keyUsers, cdkDeploymentRole(), ...props.config.caseTableOperatorRoleArns],
        },
      }),
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
      // New cases start their workflow from the stream: stored first, side effects after (lib/constructs/case-stream-reader.ts).
      // Keys only: no request text or personal data in the stream; its one reader reads the case it names.
      stream: dynamodb.StreamViewType.KEYS_ONLY,
    })
    for (const index of caseTable.globalSecondaryIndexes) {
      this.caseTable.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.include.length === 0
          ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }),
      })
    }

    // Replacing this key would invalidate every action link already mailed (valid 14 days): it is kept like data.
    // Its JSON (functions/core/links/signing-key-secret.ts): {currentKeyId, current[, previousKeyId, previous]}.
    this.signingSecret = new secretsmanager.Secret(this, 'ActionLinkSigningKey', {
      description: 'MAR Intake: encrypts the one-click links in advisor mail (AES-256-GCM, key id in each link)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ currentKeyId: 'k1' }),
        generateStringKey: 'current',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    // Rotated every 30 days; the previous key keeps opening the links mailed before (lib/constructs/signing-key.ts).
    new SigningKeyRotation(this, 'SigningKeyRotation', { config: props.config, secret: this.signingSecret })

    // The search index holds keyed hashes of terms (functions/core/search/search-terms.ts), keyed with a key derived
    // from this secret. Kept like data and never rotated: a new key would leave every case indexed before unfindable.
    this.searchSecret = new secretsmanager.Secret(this, 'SearchTermKey', {
      description: 'MAR Intake: keys the hashes of search terms in the case table (the search index)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.searchSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated: it keys the search index of every kept case (no credential, nothing signed with it); a new key would make every case indexed before unfindable. Readable only by the functions that file text or search.',
    })

    // Staff accounts and their MFA secrets: a replaced pool would lock every advisor out.
    this.advisorSignIn = new AdvisorSignIn(this, 'AdvisorSignIn', { config: props.config })

    // Received mail and the attachments filed with cases (lib/constructs/mail-store.ts).
    this.mailStore = new MailStore(this, 'MailStore', { config: props.config, keyUsers: [keyUsers] })
  }
}
