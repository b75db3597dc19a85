import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { caseTable, indexProjection } from '../../functions/adapters/case-table.ts'
import { loadConfig } from '../../lib/config.ts'
import { KEY_ADMINISTRATION_ACTIONS } from '../../lib/constructs/key-policy.ts'
import { StatefulStack } from '../../lib/stacks/stateful-stack.ts'
import type { Resource } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context

/**
 * Renaming a construct id changes these, and CloudFormation would replace the key, the table (data loss) or the
 * user pool (every staff account, password and MFA secret). The mail bucket and its key: test/infra/mail-store.test.ts.
 */
const pinnedLogicalIds = {
  key: 'CaseKeyA73CE3D7',
  table: 'CaseTable0AD2663F',
  userPool: 'AdvisorSignInUserPoolC6A719DE',
}
const mailKeyId = 'MailStoreKeyE6140E0E'

describe('Stateful stack', () => {
  let template: Template

  beforeAll(() => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
    template = Template.fromStack(new StatefulStack(app, 'Stateful', { config: loadConfig(cdkContext.mar) }))
  })

  it('keeps the logical ids of the key, the table and the user pool', () => {
    const keys = Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => !id.startsWith('LogKey'))
    expect(keys.sort()).toEqual([pinnedLogicalIds.key, mailKeyId])
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([pinnedLogicalIds.table])
    expect(Object.keys(template.findResources('AWS::Cognito::UserPool'))).toEqual([pinnedLogicalIds.userPool])
  })

  it('holds exactly one table and its keys: the case key, the mail key (and the key of its log groups, if any)', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1)
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0)
    const logGroups = Object.keys(template.findResources('AWS::Logs::LogGroup'))
    template.resourceCountIs('AWS::KMS::Key', logGroups.length > 0 ? 3 : 2)
    const [logKeyId] = Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('LogKey'))
    for (const [id, logGroup] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [logKeyId, 'Arn'] })
    }
  })

  it('rotates the case key and retains it on delete and replace', () => {
    expect(template.toJSON().Resources[pinnedLogicalIds.key]).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
  })

  it('retains the table on delete and replace, with deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: true },
    })
  })

  it('encrypts the table with the customer-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [pinnedLogicalIds.key, 'Arn'] },
      },
    })
  })

  it('bills on demand, with point-in-time recovery and the TTL attribute of the case table', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: caseTable.timeToLiveAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    })
    expect(caseTable.timeToLiveAttribute).toBe('expiresAt')
  })

  it('has the keys and indexes of the shared case-table definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: caseTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: caseTable.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: caseTable.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: indexProjection(index.include),
      })),
    })
  })

  it('projects into each index only what its query reads: never ALL (no request text, no requester details)', () => {
    const [, table] = Object.entries(template.findResources('AWS::DynamoDB::Table'))[0] as [string, Resource]
    const projections = Object.fromEntries(
      table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string; Projection: unknown }) => [
        index.IndexName,
        index.Projection,
      ]),
    )

    expect(projections).toEqual({
      gsi1: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['reference'] },
      gsi2: { ProjectionType: 'KEYS_ONLY' },
      gsi3: {
        ProjectionType: 'INCLUDE',
        NonKeyAttributes: [
          'reference',
          'status',
          'topic',
          'urgency',
          'channel',
          'assignee',
          'createdAt',
          'requesterType',
          'sector',
          'pause',
          'pausedBusinessMinutes',
          'respondFrom',
        ],
      },
      gsi4: { ProjectionType: 'KEYS_ONLY' },
    })
  })

  it('streams keys only: the stream carries no request text or personal data', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } })
  })

  it('lets the account manage the case key but use it only through DynamoDB, as the functions and the deployment', () => {
    const policy = template.toJSON().Resources[pinnedLogicalIds.key].Properties.KeyPolicy
    const bySid = Object.fromEntries(policy.Statement.map((statement: { Sid: string }) => [statement.Sid, statement]))
    const accountRoot = {
      AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
    }
    const role = (name: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/${name}`]],
    })

    expect(Object.keys(bySid).sort()).toEqual(['CaseDataThroughDynamoDB', 'KeyAdministrationWithoutUse'])
    expect(bySid.KeyAdministrationWithoutUse.Principal).toEqual(accountRoot)
    expect(bySid.KeyAdministrationWithoutUse.Action).toEqual([...KEY_ADMINISTRATION_ACTIONS].sort())
    expect(JSON.stringify(policy)).not.toContain('"kms:*"')
    for (const useAction of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      expect(bySid.KeyAdministrationWithoutUse.Action).not.toContain(useAction)
    }
    expect(bySid.CaseDataThroughDynamoDB).toMatchObject({
      Effect: 'Allow',
      Principal: accountRoot,
      Action: [
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
      ],
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          'kms:CallerAccount': { Ref: 'AWS::AccountId' },
        },
        ArnLike: { 'aws:PrincipalArn': [role('MarIntakeStateless-*'), role('cdk-*-cfn-exec-role-*')] },
      },
    })
  })

  it('lets configured operators (the roster CLI) use the case key through DynamoDB too', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
    const operator = 'arn:aws:iam::123456789012:role/mar-operator'
    const config = loadConfig({ ...cdkContext.mar, caseTableOperatorRoleArns: [operator] })
    const stack = Template.fromStack(new StatefulStack(app, 'WithOperator', { config }))
    const key = Object.values(stack.findResources('AWS::KMS::Key')).find((resource) =>
      JSON.stringify(resource).includes('CaseDataThroughDynamoDB'),
    ) as Resource
    const use = key.Properties.KeyPolicy.Statement.find(
      (statement: { Sid: string }) => statement.Sid === 'CaseDataThroughDynamoDB',
    )

    expect(use.Condition.ArnLike['aws:PrincipalArn']).toHaveLength(3)
    expect(use.Condition.ArnLike['aws:PrincipalArn'][2]).toBe(operator)
  })

  it('gives the table no physical name', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() })
  })
})

describe('Stateful stack: staff sign-in (Cognito)', () => {
  const config = loadConfig(cdkContext.mar)
  let template: Template
  let pool: Resource

  beforeAll(() => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
    template = Template.fromStack(new StatefulStack(app, 'Stateful', { config }))
    pool = template.toJSON().Resources[pinnedLogicalIds.userPool]
  })

  const poolRef = { Ref: pinnedLogicalIds.userPool }

  it('retains the user pool on delete and replace, with deletion protection', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    })
  })

  it('lets nobody sign up: administrators create each user, by username (the roster id), not by e-mail', () => {
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true)
    expect(pool.Properties.UsernameAttributes).toBeUndefined()
    expect(pool.Properties.AliasAttributes).toBeUndefined()
    expect(pool.Properties.UsernameConfiguration).toEqual({ CaseSensitive: false })
    expect(pool.Properties.Schema).toEqual([{ Name: 'email', Required: true, Mutable: true }])
  })

  it('requires MFA, by authenticator app (TOTP) only: no SMS, no e-mail codes', () => {
    expect(pool.Properties.MfaConfiguration).toBe('ON')
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA'])
    expect(pool.Properties.SmsConfiguration).toBeUndefined()
  })

  it('requires passwords of 12 characters or more with every character class; temporary ones last 3 days', () => {
    expect(pool.Properties.Policies.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 3,
      PasswordHistorySize: 5,
    })
  })

  it('recovers accounts by verified e-mail only', () => {
    expect(pool.Properties.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
    })
  })

  it('is on the Plus plan with threat protection enforced: leaked passwords and high-risk sign-ins are blocked', () => {
    expect(pool.Properties.UserPoolTier).toBe('PLUS')
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' })
    const [, risk] = onlyOf('AWS::Cognito::UserPoolRiskConfigurationAttachment')
    expect(risk.Properties).toMatchObject({
      UserPoolId: poolRef,
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: {
        EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        Actions: { EventAction: 'BLOCK' },
      },
    })
    expect(risk.Properties.AccountTakeoverRiskConfiguration.Actions.HighAction).toEqual({
      EventAction: 'BLOCK',
      Notify: false,
    })
  })

  it('invites new staff to the workspace address', () => {
    const invitation = pool.Properties.AdminCreateUserConfig.InviteMessageTemplate
    expect(invitation.EmailMessage).toContain('{username}')
    expect(invitation.EmailMessage).toContain('{####}')
    expect(invitation.EmailMessage).toContain('https://mar.rotterdam.nl/advisor/')
  })

  it('has exactly the groups advisor and coordinator', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup') as Record<string, Resource>)

    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual(['advisor', 'coordinator'])
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual(poolRef)
  })

  it('has one app client: public (no secret), authorization code only, back to /advisor/, short-lived tokens', () => {
    const [, client] = onlyOf('AWS::Cognito::UserPoolClient')

    expect(client.Properties).toMatchObject({
      UserPoolId: poolRef,
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://mar.rotterdam.nl/advisor/'],
      LogoutURLs: ['https://mar.rotterdam.nl/advisor/'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    })
    expect([...client.Properties.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile'])
    // No password ever reaches the client: sign-in happens on the managed login pages (SRP).
    expect(client.Properties.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'])
  })

  it('serves managed login (version 2, Cognito style for the client) on the configured domain prefix', () => {
    const [clientId] = onlyOf('AWS::Cognito::UserPoolClient')
    const [, domain] = onlyOf('AWS::Cognito::UserPoolDomain')
    const [, branding] = onlyOf('AWS::Cognito::ManagedLoginBranding')

    expect(domain.Properties).toEqual({ Domain: 'mar-rotterdam-nl', ManagedLoginVersion: 2, UserPoolId: poolRef })
    expect(branding.Properties).toEqual({
      UserPoolId: poolRef,
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    })

    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
    const configured = loadConfig({ ...cdkContext.mar, advisorSignIn: { domainPrefix: 'mar-staff-test' } })
    Template.fromStack(new StatefulStack(app, 'Configured', { config: configured })).hasResourceProperties(
      'AWS::Cognito::UserPoolDomain',
      { Domain: 'mar-staff-test' },
    )
  })

  function onlyOf(type: string): [string, Resource] {
    const entries = Object.entries(template.findResources(type) as Record<string, Resource>)
    expect(entries, type).toHaveLength(1)
    return entries[0] as [string, Resource]
  }
})
