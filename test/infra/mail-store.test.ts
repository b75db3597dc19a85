import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config.ts'
import { StatefulStack } from '../../lib/stacks/stateful-stack.ts'
import { cdkConfig, cdkContext, type Resource, resolveValue } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** Renaming a construct id changes these, and CloudFormation would replace the bucket (every stored mail) or its key. */
const pinned = { key: 'MailStoreKeyE6140E0E', bucket: 'MailStoreBucketF96DE0ED' }

/** The one receipt rule that may write mail, as CloudFormation resolves it in the deploying account and region. */
const receiptRuleArn =
  'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:receipt-rule-set/mar-intake:receipt-rule/mar-intake-store-raw-mail'

type Statement = {
  Sid?: string
  Effect: string
  Action: string | string[]
  Principal?: unknown
  Resource: unknown
  Condition?: Record<string, Record<string, unknown>>
}

const synth = (mar: unknown) => {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
  return Template.fromStack(new StatefulStack(app, 'Stateful', { config: loadConfig(mar) }))
}
const resolvedConditions = (statement: Statement) =>
  Object.fromEntries(
    Object.entries(statement.Condition ?? {}).map(([operator, values]) => [
      operator,
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key, resolveValue(value)])),
    ]),
  )

let template: Template
let resources: Record<string, Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string }>
let bucket: Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string }
beforeAll(() => {
  template = synth(cdkConfig)
  resources = template.toJSON().Resources
  bucket = resources[pinned.bucket] as typeof bucket
})

const bucketPolicy = () => {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>).filter(
    (policy) => policy.Properties.Bucket.Ref === pinned.bucket,
  )
  expect(policies).toHaveLength(1)
  return policies[0]?.Properties.PolicyDocument.Statement as Statement[]
}

describe('Mail store: the bucket', () => {
  it('keeps the logical ids of the mail bucket and its key, and retains both on delete and replace', () => {
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toEqual([pinned.bucket])
    for (const id of [pinned.bucket, pinned.key]) {
      expect(resources[id], id).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })
    }
  })

  it('encrypts with its own customer-managed key, with rotation on and an S3 bucket key', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: { 'Fn::GetAtt': [pinned.key, 'Arn'] },
        },
      },
    ])
    expect(resources[pinned.key]?.Properties.EnableKeyRotation).toBe(true)
    expect(pinned.key).not.toBe('CaseKeyA73CE3D7')
  })

  it('blocks all public access, disables ACLs and keeps no versions', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] })
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined()
  })

  it('refuses every request that does not use TLS', () => {
    const denials = bucketPolicy().filter((statement) => statement.Effect === 'Deny')

    expect(denials).toHaveLength(1)
    expect(denials[0]).toMatchObject({
      Action: 's3:*',
      Principal: { AWS: '*' },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    })
    expect([denials[0]?.Resource].flat().map(resolveValue)).toEqual([
      `<${pinned.bucket}.Arn>`,
      `<${pinned.bucket}.Arn>/*`,
    ])
  })

  it("expires raw mail after retention.rawMailDays and attachments 30 days after the items' TTL backstop (caseDays + 12 months), aborting stale uploads", () => {
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'raw-mail', Prefix: 'inbound/', ExpirationInDays: 30, Status: 'Enabled' },
      { Id: 'case-attachments', Prefix: 'cases/', ExpirationInDays: 730 + 372 + 30, Status: 'Enabled' },
      { Id: 'incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
    ])
  })

  it('takes the retention periods from the configuration', () => {
    const configured = synth({
      ...cdkConfig,
      retention: { caseDays: 400, rawMailDays: 21, closedCaseMonths: 6, closedCaseMonthsByOutcome: { referred: 24 } },
    })
    const [configuredBucket] = Object.values(configured.findResources('AWS::S3::Bucket') as Record<string, Resource>)

    expect(
      configuredBucket?.Properties.LifecycleConfiguration.Rules.map(
        (rule: { Id: string; ExpirationInDays?: number }) => [rule.Id, rule.ExpirationInDays],
      ),
    ).toEqual([
      ['raw-mail', 21],
      // The longest closed-case retention (24 months, 744 days) on top of caseDays, plus the margin.
      ['case-attachments', 400 + 744 + 30],
      ['incomplete-uploads', undefined],
    ])
  })
})

describe('Mail store: what SES may do', () => {
  it('lets SES put objects under inbound/ only, as our one receipt rule in this account', () => {
    const allows = bucketPolicy().filter((statement) => statement.Effect === 'Allow')

    expect(allows).toHaveLength(1)
    expect(allows[0]).toMatchObject({ Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' } })
    expect(resolveValue(allows[0]?.Resource)).toBe(`<${pinned.bucket}.Arn>/inbound/*`)
    expect(resolvedConditions(allows[0] as Statement)).toEqual({
      StringEquals: { 'aws:SourceAccount': '<AWS::AccountId>', 'aws:SourceArn': receiptRuleArn },
    })
  })

  it('lets SES use the mail key only through S3, as the same receipt rule, and no other service', () => {
    const statements = resources[pinned.key]?.Properties.KeyPolicy.Statement as Statement[]
    const forServices = statements.filter(
      (statement) => statement.Principal && 'Service' in (statement.Principal as object),
    )

    expect(forServices).toHaveLength(1)
    expect(forServices[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    })
    expect(resolvedConditions(forServices[0] as Statement)).toEqual({
      StringEquals: {
        'aws:SourceAccount': '<AWS::AccountId>',
        'aws:SourceArn': receiptRuleArn,
        'kms:ViaService': 's3.<AWS::Region>.amazonaws.com',
      },
    })
    // The rest: the account manages the key (no use), and the stateless stack's functions use it through S3 only.
    expect(
      statements
        .filter((statement) => statement !== forServices[0])
        .map((statement) => (statement as { Sid?: string }).Sid),
    ).toEqual(['KeyAdministrationWithoutUse', 'MailThroughS3'])
    const throughS3 = statements.find(
      (statement) => (statement as { Sid?: string }).Sid === 'MailThroughS3',
    ) as Statement
    const { ArnLike, ...serviceConditions } = throughS3.Condition as {
      ArnLike: Record<string, unknown[]>
      [operator: string]: Record<string, unknown>
    }
    expect(resolvedConditions({ ...throughS3, Condition: serviceConditions } as Statement)).toEqual({
      StringEquals: { 'kms:ViaService': 's3.<AWS::Region>.amazonaws.com', 'kms:CallerAccount': '<AWS::AccountId>' },
    })
    expect((ArnLike['aws:PrincipalArn'] ?? []).map(resolveValue)).toEqual([
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:role/MarIntakeStateless-*',
    ])
    expect(JSON.stringify(statements)).not.toContain('"kms:*"')
  })
})
