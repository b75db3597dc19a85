import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { type AppConfig, retentionPolicyOf } from '../config.ts'
import type { AdvisorSignIn } from './advisor-sign-in.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { MAIL_PREFIXES, mailKeyThroughS3 } from './mail-store.ts'
import { acknowledgeExpectedWildcards, arnReferencePattern } from './nag.ts'
import { CASE_ERASURE_ITEM_GRANTS, caseFilesDeletion } from './retention.ts'

/** The advisor API's routes (the shared design, .design/advisor-workspace.md); each one behind the JWT authorizer. */
export const ADVISOR_ROUTES = [
  { path: '/api/advisor/cases', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
  { path: '/api/advisor/cases/{reference}', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.DELETE] },
  { path: '/api/advisor/cases/{reference}/export', methods: [apigw.HttpMethod.GET] },
  { path: '/api/advisor/cases/{reference}/{action}', methods: [apigw.HttpMethod.POST] },
  { path: '/api/advisor/cases/{reference}/attachments/{id}', methods: [apigw.HttpMethod.GET] },
  { path: '/api/advisor/stats', methods: [apigw.HttpMethod.GET] },
] as const

/**
 * The scope every advisor route requires. Cognito puts `scope` in access tokens only, so an ID token (which would
 * pass the audience check: its `aud` is the client id) is refused at the gateway.
 */
export const ADVISOR_REQUIRED_SCOPES = ['openid']

export interface AdvisorApiProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
  readonly api: apigw.HttpApi
  readonly signingSecret: secretsmanager.ISecret
  readonly signIn: AdvisorSignIn
  /** The mail bucket and its key: the function serves case attachments from `cases/`. */
  readonly mail: { readonly bucket: s3.IBucket; readonly key: kms.IKey }
}

/**
 * The advisor workspace's API: one function behind `/api/advisor/*` on the HTTP API, every route with a JWT
 * authorizer for the staff user pool (issuer the pool, audience the workspace's app client). The function reads and
 * writes cases and queries the open-case indexes; it reads case attachments from the mail bucket (`cases/`, to serve
 * or presign them); its mail goes through the case's outbox (the workflow sends it), so it has no SES permission.
 */
export class AdvisorApi extends Construct {
  readonly function: NodejsFunction
  readonly authorizer: HttpJwtAuthorizer
  readonly routes: apigw.HttpRoute[]

  constructor(scope: Construct, id: string, props: AdvisorApiProps) {
    super(scope, id)
    const { config, table } = props

    this.function = createNodeFunction(this, 'Function', {
      entry: fileURLToPath(new URL('../../functions/advisor-api/api.ts', import.meta.url)),
      description: 'advisor workspace API: case list, case view, case actions and statistics for signed-in staff',
      logRetention: config.retention.logDays,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        INTAKE_ADDRESS: config.intakeAddress,
        SIGNING_SECRET_ARN: props.signingSecret.secretArn,
        WORKFLOW_SETTINGS: JSON.stringify(config.workflow),
        CASE_RETENTION_DAYS: String(config.retention.caseDays),
        MAX_BODY_BYTES: String(config.limits.maxBodyBytes),
        MAIL_BUCKET: props.mail.bucket.bucketName,
        RETENTION_POLICY: JSON.stringify(retentionPolicyOf(config)),
      },
    })
    // Cases, their files and outbox; the roster (who may act); gsi3: every case not closed (the list, `assignee=me`
    // filtered from it). The statistics (GET /api/advisor/stats) are one Query per month on STATS#<month> and the
    // months' index (STATS/MONTHS): read only.
    grantCaseTableAccess(table, this.function, {
      items: [
        {
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
        { actions: ['dynamodb:GetItem', 'dynamodb:Query'], partitions: [partitions.statistics] },
        // Erasure (DELETE, a coordinator's): as the purge, and the tombstone with its audit list.
        ...CASE_ERASURE_ITEM_GRANTS,
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.tombstones],
        },
      ],
      indexes: ['gsi3'],
    })
    props.signingSecret.grantRead(this.function)
    // Attachments only (cases/*), read-only; a presigned URL it hands out carries these same permissions.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [`${props.mail.bucket.bucketArn}/${MAIL_PREFIXES.cases}*`],
      }),
    )
    // Erasure deletes the case's files and the raw mail filed with it.
    this.function.addToRolePolicy(caseFilesDeletion(props.mail.bucket))
    this.function.addToRolePolicy(mailKeyThroughS3(props.mail.key, ['kms:Decrypt']))
    if (this.function.role) {
      acknowledgeExpectedWildcards(this.function.role, [
        {
          finding: new RegExp(`^Resource::${arnReferencePattern(props.mail.bucket)}/cases/\\*$`),
          reason: 's3:GetObject on case attachments only (cases/*): the workspace serves any case an advisor may open.',
        },
        {
          finding: new RegExp(`^Resource::${arnReferencePattern(props.mail.bucket)}/inbound/\\*$`),
          reason: 's3:DeleteObject on raw mail (inbound/*): erasing a case deletes the messages filed with it.',
        },
      ])
    }

    this.authorizer = new HttpJwtAuthorizer('AdvisorAuthorizer', props.signIn.issuerUrl, {
      authorizerName: 'advisor-jwt',
      jwtAudience: [props.signIn.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    })
    const integration = new HttpLambdaIntegration('AdvisorIntegration', this.function)
    this.routes = ADVISOR_ROUTES.flatMap((route) =>
      props.api.addRoutes({
        path: route.path,
        methods: [...route.methods],
        integration,
        authorizer: this.authorizer,
        authorizationScopes: ADVISOR_REQUIRED_SCOPES,
      }),
    )
  }
}
