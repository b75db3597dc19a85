import { runSimulation } from '@cloud-copilot/iam-simulate'
import { type FunctionInfo, type PolicyDocument, rolePolicies } from './functions.ts'
import type { Deployment, IamRequest } from './requests.ts'
import { RENAMED_CONTEXT_KEYS } from './service-grants.ts'
import type { Json, TemplateResolver } from './templates.ts'

/** CDK's bootstrap gives its CloudFormation execution role AdministratorAccess (unless bootstrapped otherwise). */
const CDK_EXECUTION_ROLE = /:role\/cdk-[a-z0-9]+-cfn-exec-role-/
const ADMINISTRATOR_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

/**
 * The request's policies and context with each key the simulator drops (RENAMED_CONTEXT_KEYS) under its stand-in
 * name: the same condition, evaluated instead of silently ignored.
 */
export function renameContextKeys(request: IamRequest, policies: ResourcePolicies) {
  const rename = (text: string) =>
    Object.entries(RENAMED_CONTEXT_KEYS).reduce((result, [from, to]) => result.split(from).join(to), text)
  const identity =
    policies.roles.get(request.principal) ??
    (CDK_EXECUTION_ROLE.test(request.principal) ? [{ name: 'AdministratorAccess', policy: ADMINISTRATOR_ACCESS }] : [])
  const resourcePolicy = policies.of(request.resource)
  return {
    context: JSON.parse(rename(JSON.stringify(request.context))) as IamRequest['context'],
    identityPolicies: JSON.parse(rename(JSON.stringify(identity))) as typeof identity,
    resourcePolicy: resourcePolicy ? (JSON.parse(rename(JSON.stringify(resourcePolicy))) as PolicyDocument) : undefined,
  }
}

/** Every resource policy in the templates by the ARN it governs (objects in a bucket: the bucket's). */
export class ResourcePolicies {
  private readonly byArn = new Map<string, PolicyDocument>()
  /** Role ARN → its identity policies, for requests whose principal is one of the stacks' roles. */
  readonly roles = new Map<string, Array<{ name: string; policy: PolicyDocument }>>()

  constructor(resolver: TemplateResolver) {
    const arn = (stack: Parameters<TemplateResolver['resolve']>[1], logicalId: string) =>
      String(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, stack))
    const add = (target: string, policy: PolicyDocument) => {
      const existing = this.byArn.get(target)
      this.byArn.set(
        target,
        existing ? { ...existing, Statement: [...existing.Statement, ...policy.Statement] } : policy,
      )
    }
    for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::KMS::Key')) {
      add(arn(stack, logicalId), resolver.resolve(resource.Properties.KeyPolicy, stack))
    }
    for (const { stack, resource } of resolver.resourcesOfType('AWS::S3::BucketPolicy')) {
      add(
        `arn:aws:s3:::${resolver.resolve(resource.Properties.Bucket, stack)}`,
        resolver.resolve(resource.Properties.PolicyDocument, stack),
      )
    }
    for (const { stack, resource } of resolver.resourcesOfType('AWS::SecretsManager::ResourcePolicy')) {
      add(
        String(resolver.resolve(resource.Properties.SecretId, stack)),
        resolver.resolve(resource.Properties.ResourcePolicy, stack),
      )
    }
    for (const { stack, resource } of resolver.resourcesOfType('AWS::SQS::QueuePolicy')) {
      for (const queue of resolver.resolve(resource.Properties.Queues, stack) as string[]) {
        const [, , host, account, name] = queue.split('/')
        const region = String(host).split('.')[1]
        add(`arn:aws:sqs:${region}:${account}:${name}`, resolver.resolve(resource.Properties.PolicyDocument, stack))
      }
    }
    for (const { stack, resource } of resolver.resourcesOfType('AWS::SNS::TopicPolicy')) {
      for (const topic of resolver.resolve(resource.Properties.Topics, stack) as string[]) {
        add(topic, resolver.resolve(resource.Properties.PolicyDocument, stack))
      }
    }
    // Lambda's resource policy is the sum of its permissions.
    for (const { stack, resource } of resolver.resourcesOfType('AWS::Lambda::Permission')) {
      const properties = resolver.resolve(resource.Properties, stack) as Json
      const functionArn = String(properties.FunctionName).startsWith('arn:')
        ? String(properties.FunctionName)
        : `arn:aws:lambda:${stack.region}:${stack.account}:function:${properties.FunctionName}`
      const condition: Json = {}
      if (properties.SourceArn) condition.ArnLike = { 'aws:SourceArn': properties.SourceArn }
      if (properties.SourceAccount) condition.StringEquals = { 'aws:SourceAccount': properties.SourceAccount }
      add(functionArn, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: String(properties.Principal).includes('.')
              ? { Service: properties.Principal }
              : { AWS: properties.Principal },
            Action: properties.Action,
            Resource: functionArn,
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
          },
        ],
      })
    }
    for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::IAM::Role')) {
      const roleArn = arn(stack, logicalId)
      add(roleArn, resolver.resolve(resource.Properties.AssumeRolePolicyDocument, stack))
      this.roles.set(roleArn, rolePolicies(resolver, stack, logicalId))
    }
  }

  /** The policy of the resource a request names (an object's bucket, a function's version or alias: the function). */
  of(resource: string): PolicyDocument | undefined {
    if (resource.startsWith('arn:aws:s3:::')) return this.byArn.get(resource.split('/')[0] as string)
    if (resource.startsWith('arn:aws:lambda:')) return this.byArn.get(resource.split(':').slice(0, 7).join(':'))
    return this.byArn.get(resource)
  }
}

/** What the mapping needs of the deployment, read from the templates. */
export function deploymentOf(resolver: TemplateResolver, functions: FunctionInfo[]): Deployment {
  const home = functions[0]?.stack
  if (!home) throw new Error('No functions in the templates')
  const tableKeys = new Map<string, string>()
  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::DynamoDB::Table')) {
    const key = resource.Properties?.SSESpecification?.KMSMasterKeyId
    if (key) tableKeys.set(resolver.physicalName(logicalId, stack), String(resolver.resolve(key, stack)))
  }
  const bucketKeys = new Map<string, string>()
  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::S3::Bucket')) {
    const rules = resource.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration ?? []
    const key = rules[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID
    if (key) bucketKeys.set(resolver.physicalName(logicalId, stack), String(resolver.resolve(key, stack)))
  }
  const stateMachineNames = new Map<string, string>()
  for (const { stack, logicalId } of resolver.resourcesOfType('AWS::StepFunctions::StateMachine')) {
    stateMachineNames.set(String(resolver.resolve({ Ref: logicalId }, stack)), resolver.physicalName(logicalId, stack))
  }
  let receiptRuleArn: string | undefined
  let mailBucket: string | undefined
  for (const { stack, resource } of resolver.resourcesOfType('AWS::SES::ReceiptRule')) {
    const properties = resolver.resolve(resource.Properties, stack) as Json
    receiptRuleArn = `arn:aws:ses:${stack.region}:${stack.account}:receipt-rule-set/${properties.RuleSetName}:receipt-rule/${properties.Rule.Name}`
    mailBucket = properties.Rule.Actions?.find((action: Json) => action.S3Action)?.S3Action.BucketName
  }
  return {
    account: home.account,
    region: home.region,
    tableKeys,
    bucketKeys,
    stateMachineNames,
    ...(receiptRuleArn ? { receiptRuleArn } : {}),
    ...(mailBucket ? { mailBucket } : {}),
  }
}

export interface Decision {
  request: IamRequest
  allowed: boolean
  /** Why not, in a line: the simulator's result, dropped context keys, or its validation errors. */
  reason?: string
  /** The statements that allowed it (policy name/Sid or index). */
  allowedBy: string[]
}

/**
 * Evaluates a request against its principal's identity policies (when the principal is one of the stacks' roles)
 * and the resource's policy, with @cloud-copilot/iam-simulate. A context key the simulator drops for the action (it
 * does so silently) fails the request: a condition on it would otherwise be judged without it.
 */
export async function evaluate(original: IamRequest, policies: ResourcePolicies, account: string): Promise<Decision> {
  const request = original
  const renamed = renameContextKeys(original, policies)
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: renamed.context,
      },
      identityPolicies: renamed.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(renamed.resourcePolicy ? { resourcePolicy: renamed.resourcePolicy } : {}),
    },
    {},
  )
  if (result.resultType === 'error') {
    return {
      request,
      allowed: false,
      reason: `the simulator refused the request: ${result.errors.message}`,
      allowedBy: [],
    }
  }
  const single = result.resultType === 'single' ? result.result : result.results[0]
  const ignored = single?.ignoredContextKeys ?? []
  const allowedBy = [
    ...(single?.analysis?.identityAnalysis?.allowStatements ?? []),
    ...(single?.analysis?.resourceAnalysis?.allowStatements ?? []),
  ].map((statement) => `${statement.policyId}#${statement.statement.sid() ?? ''}`)
  if (ignored.length > 0) {
    return {
      request,
      allowed: false,
      reason: `the simulator dropped the context key(s) ${ignored.join(', ')} for ${request.action}`,
      allowedBy,
    }
  }
  if (result.overallResult !== 'Allowed') {
    // The statements that grant the action on the resource but did not apply (a condition failed): the ones to look at.
    const near = [
      ...(single?.analysis?.identityAnalysis?.unmatchedStatements ?? []),
      ...(single?.analysis?.resourceAnalysis?.unmatchedStatements ?? []),
    ]
      .filter((statement) => statement.actionMatch && statement.resourceMatch)
      .map(
        (statement) =>
          `${statement.policyId} statement ${statement.statement.sid() ?? `#${statement.statement.index()}`}`,
      )
    const denying = [
      ...(single?.analysis?.identityAnalysis?.denyStatements ?? []),
      ...(single?.analysis?.resourceAnalysis?.denyStatements ?? []),
    ].map(
      (statement) =>
        `${statement.policyId} statement ${statement.statement.sid() ?? `#${statement.statement.index()}`}`,
    )
    const reason = [
      result.overallResult,
      denying.length > 0 ? `denied by ${denying.join(', ')}` : '',
      near.length > 0 ? `conditions not met in ${near.join(', ')}` : 'no statement grants this action on this resource',
    ]
      .filter(Boolean)
      .join('; ')
    return { request, allowed: false, reason, allowedBy }
  }
  return { request, allowed: true, allowedBy }
}
