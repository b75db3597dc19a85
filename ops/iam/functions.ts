import type { Json, StackTemplate, TemplateResolver } from './templates.ts'

/**
 * Each Lambda function of the app: the name the local runtime runs it under (local/stack.ts `lambdaFunction(name)`),
 * and the logical id its construct gives it in the templates. A function in the templates that is not here, or one
 * here that is not in them, fails the check: every function is accounted for.
 */
export const FUNCTIONS: ReadonlyArray<{ name: string; logicalIdPrefix: string; callsAws?: false }> = [
  { name: 'web-intake-submit', logicalIdPrefix: 'WebIntakeSubmitFunction' },
  { name: 'follow-up', logicalIdPrefix: 'WebIntakeFollowUpFunction' },
  { name: 'web-intake-health', logicalIdPrefix: 'WebIntakeHealthFunction' },
  { name: 'case-workflow-task', logicalIdPrefix: 'CaseWorkflowTaskFunction' },
  { name: 'case-stream', logicalIdPrefix: 'CaseStreamReaderFunction' },
  { name: 'actions', logicalIdPrefix: 'ActionLinksFunction' },
  { name: 'advisor-api', logicalIdPrefix: 'AdvisorApiFunction' },
  { name: 'mail-intake-receive', logicalIdPrefix: 'MailIntakeReceiveFunction' },
  { name: 'mail-events', logicalIdPrefix: 'MailEventsMailEventsFunction' },
  { name: 'retention-purge', logicalIdPrefix: 'RetentionPurgeFunction' },
  { name: 'signing-key-rotation', logicalIdPrefix: 'SigningKeyRotationRotationFunction' },
  // Lambda@Edge on the form posts' origin responses (functions/edge/throttled-page.ts): it calls no AWS service.
  { name: 'throttled-page', logicalIdPrefix: 'ThrottledPage', callsAws: false },
]

/** Functions CDK adds for itself (deployment helpers), which no code of ours runs. */
const CDK_HELPERS = [
  /^BucketNotificationsHandler/,
  /^CustomCDKBucketDeployment/,
  /^CustomS3AutoDeleteObjects/,
  /^LogRetention/,
  /^AWS[0-9a-f]{32}/,
]

export interface PolicyDocument {
  Version?: string
  Statement: Json[]
}

export interface FunctionInfo {
  name: string
  logicalId: string
  stack: StackTemplate
  functionArn: string
  roleLogicalId: string
  roleArn: string
  /** The function's environment variables, resolved. */
  environment: Record<string, string>
  /** The role's policies: inline, attached AWS::IAM::Policy resources, by name. */
  identityPolicies: Array<{ name: string; policy: PolicyDocument }>
}

export function functionInventory(resolver: TemplateResolver): FunctionInfo[] {
  const functions = resolver
    .resourcesOfType('AWS::Lambda::Function')
    .filter(({ logicalId }) => !CDK_HELPERS.some((pattern) => pattern.test(logicalId)))
  const problems: string[] = []
  const inventory: FunctionInfo[] = []
  for (const { name, logicalIdPrefix } of FUNCTIONS) {
    const matches = functions.filter(({ logicalId }) => logicalId.startsWith(logicalIdPrefix))
    if (matches.length !== 1) {
      problems.push(`${name}: ${matches.length} functions named ${logicalIdPrefix}* in the templates`)
      continue
    }
    const { stack, logicalId, resource } = matches[0] as (typeof functions)[number]
    const roleArn = String(resolver.resolve(resource.Properties.Role, stack))
    const roleLogicalId = resource.Properties.Role?.['Fn::GetAtt']?.[0]
    if (!roleLogicalId) {
      problems.push(`${name}: its role is not one of the stack's roles`)
      continue
    }
    inventory.push({
      name,
      logicalId,
      stack,
      functionArn: String(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, stack)),
      roleLogicalId,
      roleArn,
      environment: resolver.resolve(resource.Properties.Environment?.Variables ?? {}, stack),
      identityPolicies: rolePolicies(resolver, stack, roleLogicalId),
    })
  }
  for (const { logicalId } of functions) {
    if (!FUNCTIONS.some(({ logicalIdPrefix }) => logicalId.startsWith(logicalIdPrefix))) {
      problems.push(`${logicalId}: a function the check does not know (add it to ops/iam/functions.ts)`)
    }
  }
  if (problems.length > 0) throw new Error(`The functions in the templates:\n  ${problems.join('\n  ')}`)
  return inventory
}

/** Every identity policy of a role: its inline Policies, and the AWS::IAM::Policy resources attached to it. */
export function rolePolicies(
  resolver: TemplateResolver,
  stack: StackTemplate,
  roleLogicalId: string,
): Array<{ name: string; policy: PolicyDocument }> {
  const role = stack.resources[roleLogicalId]
  const inline = ((role?.Properties?.Policies ?? []) as Json[]).map((policy) => ({
    name: String(policy.PolicyName),
    policy: resolver.resolve(policy.PolicyDocument, stack) as PolicyDocument,
  }))
  const attached = Object.entries(stack.resources)
    .filter(
      ([, resource]) =>
        resource.Type === 'AWS::IAM::Policy' &&
        ((resource.Properties?.Roles ?? []) as Json[]).some((ref) => ref?.Ref === roleLogicalId),
    )
    .map(([logicalId, resource]) => ({
      name: logicalId,
      policy: resolver.resolve(resource.Properties.PolicyDocument, stack) as PolicyDocument,
    }))
  return [...inline, ...attached]
}

/**
 * Which function serves each API route (route key → function name), read from the synthesized routes and their
 * integrations: the gateway stand-in's work on a route (the origin check) belongs to that function.
 */
export function routeFunctions(resolver: TemplateResolver, inventory: FunctionInfo[]): Map<string, string> {
  const routes = new Map<string, string>()
  for (const { stack, resource } of resolver.resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const target = String(resolver.resolve(resource.Properties.Target, stack)) // integrations/<id>
    const integrationId = target.replace(/^integrations\//, '')
    const integration = Object.entries(stack.resources).find(
      ([logicalId, candidate]) =>
        candidate.Type === 'AWS::ApiGatewayV2::Integration' &&
        resolver.physicalName(logicalId, stack) === integrationId,
    )
    const uri = integration ? String(resolver.resolve(integration[1].Properties.IntegrationUri, stack)) : ''
    const fn = inventory.find((candidate) => candidate.functionArn === uri)
    if (fn) routes.set(String(resource.Properties.RouteKey), fn.name)
  }
  return routes
}
