import { Aws } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'

/**
 * What the account (its IAM administrators) may do with MAR's keys: manage them, never use them. Without these no one
 * could ever change or delete a key again; Decrypt, Encrypt and GenerateDataKey are not among them.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
] as const

/** What a service needs from its caller to encrypt and decrypt with a customer-managed key on its behalf. */
export const KEY_USE_THROUGH_SERVICE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:CreateGrant',
] as const

/** IAM role ARNs (patterns) of a stack's own roles: CloudFormation names them `<stack name>-<logical id>-<suffix>`. */
export const rolesOfStack = (stackName: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${stackName}-*`

/** The CDK bootstrap's CloudFormation execution role, which creates and updates the resources that use the key. */
export const cdkDeploymentRole = () => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-*-cfn-exec-role-*`

/**
 * A key policy that lets the account manage the key and lets only the named roles use it, and only through one
 * service (e.g. DynamoDB for the case table): an IAM administrator cannot decrypt with it by granting themselves
 * kms:Decrypt, nor can a named role use it outside that service. The roles still need the key in their own policy.
 */
export function keyPolicy(options: {
  /** Who may use the key, through which service (`dynamodb`, `s3`); none: only the `statements` use it. */
  use?: { sid: string; service: string; roleArnPatterns: readonly string[] }
  statements?: readonly iam.PolicyStatement[]
}): iam.PolicyDocument {
  const { use } = options
  const account = new iam.AccountRootPrincipal()
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'KeyAdministrationWithoutUse',
        principals: [account],
        actions: [...KEY_ADMINISTRATION_ACTIONS],
        resources: ['*'],
      }),
      ...(use === undefined || use.roleArnPatterns.length === 0
        ? []
        : [
            new iam.PolicyStatement({
              sid: use.sid,
              principals: [account],
              actions: [...KEY_USE_THROUGH_SERVICE_ACTIONS],
              resources: ['*'],
              conditions: {
                StringEquals: {
                  'kms:ViaService': `${use.service}.${Aws.REGION}.amazonaws.com`,
                  'kms:CallerAccount': Aws.ACCOUNT_ID,
                },
                ArnLike: { 'aws:PrincipalArn': [...use.roleArnPatterns] },
              },
            }),
          ]),
      ...(options.statements ?? []),
    ],
  })
}
