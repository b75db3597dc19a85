import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation template JSON
export type Json = any

export interface TemplateResource {
  Type: string
  Properties?: Json
}

export interface StackTemplate {
  stackName: string
  region: string
  account: string
  resources: Record<string, TemplateResource>
  outputs: Record<string, { Value: Json }>
}

/**
 * The synthesized templates of a cloud assembly (`cdk.out` or any folder of `<stack>.template.json` with the
 * `manifest.json` CDK writes), each with the account and region it deploys to. Without a manifest entry for a stack,
 * `fallback` gives them.
 */
export function loadTemplates(directory: string, fallback: { account: string; region: string }): StackTemplate[] {
  const environments = new Map<string, { account: string; region: string }>()
  try {
    const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
      artifacts?: Record<string, { type: string; environment?: string }>
    }
    for (const [name, artifact] of Object.entries(manifest.artifacts ?? {})) {
      const match = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '')
      if (artifact.type === 'aws:cloudformation:stack' && match) {
        const account = match[1] === 'unknown-account' ? fallback.account : (match[1] as string)
        const region = match[2] === 'unknown-region' ? fallback.region : (match[2] as string)
        environments.set(name, { account, region })
      }
    }
  } catch {
    // no manifest: every stack in the fallback environment
  }
  const files = readdirSync(directory).filter((file) => file.endsWith('.template.json'))
  if (files.length === 0) throw new Error(`No *.template.json in ${directory}`)
  return files.map((file) => {
    const stackName = file.replace(/\.template\.json$/, '')
    const template = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Json
    return {
      stackName,
      ...(environments.get(stackName) ?? fallback),
      resources: template.Resources ?? {},
      outputs: template.Outputs ?? {},
    }
  })
}

/** A stable suffix in CloudFormation's style (`<stack>-<logicalId>-<SUFFIX>`), the same on every run. */
function suffix(seed: string, length = 12): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length).toUpperCase()
}

/**
 * Resolves intrinsic functions to the concrete values CloudFormation would give them in one account and region:
 * `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::GetStackOutput` (across stacks and
 * regions), `Fn::ImportValue`, and the pseudo parameters. Physical names follow CloudFormation's shapes: roles
 * `<stack>-<logicalId>-<suffix>` (which the key policies' `aws:PrincipalArn` patterns rely on), ARNs per service.
 */
export class TemplateResolver {
  private readonly stacks: Map<string, StackTemplate>

  constructor(readonly templates: StackTemplate[]) {
    this.stacks = new Map(templates.map((template) => [template.stackName, template]))
  }

  stack(name: string): StackTemplate {
    const found = this.stacks.get(name)
    if (!found) throw new Error(`No template for stack ${name}`)
    return found
  }

  /** The stack holding a resource with this logical id (the first, in template order). */
  resourcesOfType(type: string): Array<{ stack: StackTemplate; logicalId: string; resource: TemplateResource }> {
    return this.templates.flatMap((stack) =>
      Object.entries(stack.resources)
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    )
  }

  resolve(value: Json, stack: StackTemplate): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, stack))
    if (value === null || typeof value !== 'object') return value
    const keys = Object.keys(value)
    if (keys.length === 1) {
      const [key] = keys as [string]
      const argument = value[key]
      switch (key) {
        case 'Ref':
          return this.ref(argument, stack)
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = typeof argument === 'string' ? argument.split('.') : argument
          return this.getAtt(logicalId, attribute, stack)
        }
        case 'Fn::Join': {
          const [separator, parts] = argument
          return (this.resolve(parts, stack) as unknown[]).map(String).join(separator)
        }
        case 'Fn::Select': {
          const [index, list] = argument
          return (this.resolve(list, stack) as unknown[])[Number(this.resolve(index, stack))]
        }
        case 'Fn::Split': {
          const [separator, text] = argument
          return String(this.resolve(text, stack)).split(separator)
        }
        case 'Fn::Sub': {
          const [text, variables] = typeof argument === 'string' ? [argument, {}] : argument
          return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
            if (name in variables) return String(this.resolve(variables[name], stack))
            return String(
              name.includes('.') ? this.getAtt(...(name.split('.') as [string, string]), stack) : this.ref(name, stack),
            )
          })
        }
        case 'Fn::GetStackOutput': {
          const other = this.stack(argument.StackName)
          const output = other.outputs[argument.OutputName]
          if (!output) throw new Error(`No output ${argument.OutputName} in ${argument.StackName}`)
          return this.resolve(output.Value, other)
        }
        case 'Fn::ImportValue': {
          const name = this.resolve(argument, stack)
          for (const other of this.templates) {
            for (const output of Object.values(other.outputs) as Array<{ Value: Json; Export?: { Name: Json } }>) {
              if (output.Export && this.resolve(output.Export.Name, other) === name)
                return this.resolve(output.Value, other)
            }
          }
          throw new Error(`No export ${name}`)
        }
      }
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, this.resolve(inner, stack)]))
  }

  private ref(name: string, stack: StackTemplate): string {
    switch (name) {
      case 'AWS::Partition':
        return 'aws'
      case 'AWS::Region':
        return stack.region
      case 'AWS::AccountId':
        return stack.account
      case 'AWS::URLSuffix':
        return 'amazonaws.com'
      case 'AWS::StackName':
        return stack.stackName
      case 'AWS::NoValue':
        return ''
    }
    const resource = stack.resources[name]
    if (!resource) throw new Error(`Ref to ${name}: no such resource in ${stack.stackName}`)
    const { account, region } = stack
    const physical = this.physicalName(name, stack)
    switch (resource.Type) {
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${region}:${account}:secret:${physical}-${suffix(physical, 6)}`
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${physical}`
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${account}:${physical}`
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${region}:${account}:stateMachine:${physical}`
      case 'AWS::KMS::Key':
        return keyId(physical)
      case 'AWS::SES::EmailIdentity':
        return String(this.resolve(resource.Properties?.EmailIdentity, stack))
      case 'AWS::CloudFront::Distribution':
        return `E${suffix(physical, 13)}`
      default:
        return physical
    }
  }

  private getAtt(logicalId: string, attribute: string, stack: StackTemplate): string {
    const resource = stack.resources[logicalId]
    if (!resource) throw new Error(`GetAtt of ${logicalId}: no such resource in ${stack.stackName}`)
    const { account, region } = stack
    const physical = this.physicalName(logicalId, stack)
    const arns: Record<string, string> = {
      'AWS::IAM::Role': `arn:aws:iam::${account}:role/${physical}`,
      'AWS::DynamoDB::Table': `arn:aws:dynamodb:${region}:${account}:table/${physical}`,
      'AWS::KMS::Key': `arn:aws:kms:${region}:${account}:key/${keyId(physical)}`,
      'AWS::S3::Bucket': `arn:aws:s3:::${physical}`,
      'AWS::SQS::Queue': `arn:aws:sqs:${region}:${account}:${physical}`,
      'AWS::SNS::Topic': `arn:aws:sns:${region}:${account}:${physical}`,
      'AWS::Lambda::Function': `arn:aws:lambda:${region}:${account}:function:${physical}`,
      'AWS::Logs::LogGroup': `arn:aws:logs:${region}:${account}:log-group:${physical}:*`,
      'AWS::StepFunctions::StateMachine': `arn:aws:states:${region}:${account}:stateMachine:${physical}`,
      'AWS::WAFv2::WebACL': `arn:aws:wafv2:${region}:${account}:global/webacl/${physical}/${suffix(physical)}`,
      'AWS::Cognito::UserPool': `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_${suffix(physical, 9)}`,
      'AWS::Scheduler::Schedule': `arn:aws:scheduler:${region}:${account}:schedule/default/${physical}`,
      'AWS::ApiGatewayV2::Api': `arn:aws:apigateway:${region}::/apis/${physical}`,
    }
    if (attribute === 'Arn') {
      const arn = arns[resource.Type]
      if (arn) return arn
      throw new Error(`GetAtt ${logicalId}.Arn of a ${resource.Type} is not modelled`)
    }
    if (attribute === 'StreamArn') return `${arns['AWS::DynamoDB::Table']}/stream/2026-01-01T00:00:00.000`
    if (attribute === 'Name' || attribute === 'QueueName' || attribute === 'TopicName') return physical
    if (attribute === 'ApiEndpoint') return `https://${physical.toLowerCase()}.execute-api.${region}.amazonaws.com`
    if (attribute === 'ApiId' || attribute === 'Id') return physical
    if (attribute === 'DomainName') return `d${suffix(physical, 13).toLowerCase()}.cloudfront.net`
    return `${physical}.${attribute}`
  }

  /** The physical name CloudFormation gives the resource (or the one its properties fix). */
  physicalName(logicalId: string, stack: StackTemplate): string {
    const properties = stack.resources[logicalId]?.Properties ?? {}
    const fixed =
      properties.RoleName ??
      properties.TableName ??
      properties.BucketName ??
      properties.QueueName ??
      properties.TopicName ??
      properties.FunctionName ??
      properties.LogGroupName ??
      properties.StateMachineName ??
      properties.RuleSetName ??
      properties.Name
    if (typeof fixed === 'string') return fixed
    if (fixed !== undefined) return String(this.resolve(fixed, stack))
    const type = stack.resources[logicalId]?.Type
    // At most 64 characters, as CloudFormation cuts the logical id to fit (IAM's limit for role names).
    const room = Math.max(1, 64 - stack.stackName.length - 2 - 12)
    const name = `${stack.stackName}-${logicalId.slice(0, room)}-${suffix(`${stack.stackName}/${logicalId}`)}`
    if (type === 'AWS::S3::Bucket') return name.toLowerCase().slice(0, 63)
    if (type === 'AWS::Logs::LogGroup') return `/aws/lambda/${name}`
    return name
  }
}

function keyId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
