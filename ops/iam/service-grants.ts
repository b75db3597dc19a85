import type { FunctionInfo } from './functions.ts'
import type { Deployment, IamRequest } from './requests.ts'
import type { Json, StackTemplate, TemplateResolver } from './templates.ts'

export interface ServiceGrant {
  /** What the grant is for, as the report names it. */
  name: string
  request: IamRequest
}

/**
 * The service-to-service permissions no handler exercises, each as the request the service makes, built from the
 * templates (every mapping, destination, schedule, permission and log group there is, not a sample):
 *
 * - the table stream → the start function (its role reads the stream, and the table key through DynamoDB) and the
 *   stream's failures queue;
 * - Lambda's asynchronous failure destinations (each function's role sends to its queue);
 * - each function's role trusted by Lambda and allowed to write its own log group;
 * - the state machine → the task function (its role, trusted by Step Functions);
 * - EventBridge Scheduler → the purge function and its dead-letter queue (its role, trusted by the Scheduler);
 * - S3 → the receive function, SNS → the mail-events function, API Gateway → each route's function, Secrets Manager →
 *   the rotation function (the functions' resource policies, with `aws:SourceArn`);
 * - SES → the mail bucket and its key (receipt rule), SES → the mail-events topic and the topics' key, CloudWatch →
 *   the topics' key;
 * - CloudWatch Logs → each log group's key (`kms:EncryptionContext:aws:logs:arn`);
 * - CloudFront → the site bucket (origin access control) and the origin secret (a dynamic reference CloudFormation
 *   resolves with the deploying role's rights).
 */
export function serviceGrantRequests(
  resolver: TemplateResolver,
  functions: FunctionInfo[],
  deployment: Deployment,
): ServiceGrant[] {
  const { account, region } = deployment
  const grants: ServiceGrant[] = []
  const add = (
    name: string,
    principal: string,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
  ) =>
    grants.push({
      name,
      request: { principal, action, resource, context: { 'aws:SecureTransport': 'true', ...context } },
    })
  const asRole = (roleArn: string) => ({ 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account })
  const byArn = new Map(functions.map((fn) => [fn.functionArn, fn]))
  const resolve = (value: Json, stack: StackTemplate) => resolver.resolve(value, stack)

  for (const fn of functions) {
    add(`Lambda runs ${fn.name} with its role`, 'lambda.amazonaws.com', 'sts:AssumeRole', fn.roleArn, {
      'aws:SourceAccount': account,
    })
    const logGroup = fn.stack.resources[fn.logicalId]?.Properties?.LoggingConfig?.LogGroup
    if (logGroup) {
      const name = String(resolve(logGroup, fn.stack))
      const arn = `arn:aws:logs:${region}:${account}:log-group:${name}:log-stream:2026/12/06/[$LATEST]0123`
      add(`${fn.name} writes its log group`, fn.roleArn, 'logs:CreateLogStream', arn, asRole(fn.roleArn))
      add(`${fn.name} writes its log group`, fn.roleArn, 'logs:PutLogEvents', arn, asRole(fn.roleArn))
    }
  }

  for (const { stack, resource } of resolver.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
    const properties = resolve(resource.Properties, stack) as Json
    const fn = functions.find((candidate) => candidate.functionArn.endsWith(`:function:${properties.FunctionName}`))
    if (!fn) continue
    const stream = String(properties.EventSourceArn)
    const context = asRole(fn.roleArn)
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      add(`the table stream → ${fn.name}`, fn.roleArn, action, stream, context)
    }
    add(`the table stream → ${fn.name}`, fn.roleArn, 'dynamodb:ListStreams', '*', context)
    const table = stream.replace(/^arn:aws:dynamodb:[^:]+:\d+:table\//, '').replace(/\/stream\/.*$/, '')
    const key = deployment.tableKeys.get(table)
    if (key) {
      add(`the table stream → ${fn.name} (table key)`, fn.roleArn, 'kms:Decrypt', key, {
        ...context,
        'kms:ViaService': `dynamodb.${region}.amazonaws.com`,
        'kms:CallerAccount': account,
      })
    }
    const failures = properties.DestinationConfig?.OnFailure?.Destination
    if (failures) add(`the stream's failures → queue`, fn.roleArn, 'sqs:SendMessage', String(failures), context)
  }

  for (const { stack, resource } of resolver.resourcesOfType('AWS::Lambda::EventInvokeConfig')) {
    const properties = resolve(resource.Properties, stack) as Json
    const fn = functions.find((candidate) => candidate.functionArn.endsWith(`:function:${properties.FunctionName}`))
    const destination = properties.DestinationConfig?.OnFailure?.Destination
    if (fn && destination) {
      add(`${fn.name}'s failure destination`, fn.roleArn, 'sqs:SendMessage', String(destination), asRole(fn.roleArn))
    }
  }

  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::StepFunctions::StateMachine')) {
    const roleArn = String(resolve(resource.Properties.RoleArn, stack))
    add(`Step Functions runs ${logicalId} with its role`, 'states.amazonaws.com', 'sts:AssumeRole', roleArn, {
      'aws:SourceAccount': account,
      'aws:SourceArn': String(resolve({ Ref: logicalId }, stack)),
    })
    const definition = JSON.stringify(resolve(resource.Properties.DefinitionString, stack))
    for (const fn of functions) {
      if (definition.includes(fn.functionArn)) {
        add(`the state machine → ${fn.name}`, roleArn, 'lambda:InvokeFunction', fn.functionArn, asRole(roleArn))
      }
    }
  }

  for (const { stack, resource } of resolver.resourcesOfType('AWS::Scheduler::Schedule')) {
    const target = resolve(resource.Properties.Target, stack) as Json
    const roleArn = String(target.RoleArn)
    const fn = byArn.get(String(target.Arn))
    add('EventBridge Scheduler uses its role', 'scheduler.amazonaws.com', 'sts:AssumeRole', roleArn, {
      'aws:SourceAccount': account,
    })
    add(
      `the schedule → ${fn?.name ?? target.Arn}`,
      roleArn,
      'lambda:InvokeFunction',
      String(target.Arn),
      asRole(roleArn),
    )
    if (target.DeadLetterConfig?.Arn) {
      add(
        'the schedule → its dead-letter queue',
        roleArn,
        'sqs:SendMessage',
        String(target.DeadLetterConfig.Arn),
        asRole(roleArn),
      )
    }
  }

  // Services invoking functions: each function permission, as the service calls with it (API Gateway per route).
  for (const { stack, resource } of resolver.resourcesOfType('AWS::Lambda::Permission')) {
    const properties = resolve(resource.Properties, stack) as Json
    const fn = byArn.get(String(properties.FunctionName))
    if (!fn) continue
    const context: Record<string, string> = { 'aws:SourceAccount': account }
    let sourceArn = properties.SourceArn === undefined ? undefined : String(properties.SourceArn)
    // API Gateway names the stage and method where the permission has wildcards: the `$default` stage, GET.
    if (sourceArn?.startsWith('arn:aws:execute-api:')) sourceArn = sourceArn.replace('/*/*/', '/$default/GET/')
    if (sourceArn) context['aws:SourceArn'] = sourceArn
    add(
      `${properties.Principal} → ${fn.name}`,
      String(properties.Principal),
      'lambda:InvokeFunction',
      fn.functionArn,
      context,
    )
  }

  // SES stores received mail in the bucket, encrypted with the bucket's key (the receipt rule's S3 action).
  if (deployment.receiptRuleArn && deployment.mailBucket) {
    const context = { 'aws:SourceAccount': account, 'aws:SourceArn': deployment.receiptRuleArn }
    add(
      'SES → the mail bucket',
      'ses.amazonaws.com',
      's3:PutObject',
      `arn:aws:s3:::${deployment.mailBucket}/inbound/example`,
      context,
    )
    const key = deployment.bucketKeys.get(deployment.mailBucket)
    if (key) {
      add('SES → the mail key (through S3)', 'ses.amazonaws.com', 'kms:GenerateDataKey', key, {
        ...context,
        'kms:ViaService': `s3.${region}.amazonaws.com`,
      })
    }
  }

  // SES publishes mail events to its topic; SES and CloudWatch encrypt with the topics' key.
  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::SES::ConfigurationSetEventDestination')) {
    const properties = resolve(resource.Properties, stack) as Json
    const topic = properties.EventDestination?.SnsDestination?.TopicARN
    if (!topic) continue
    const configurationSet = `arn:aws:ses:${region}:${account}:configuration-set/${properties.ConfigurationSetName}`
    add(`SES → the mail-events topic (${logicalId})`, 'ses.amazonaws.com', 'sns:Publish', String(topic), {
      'aws:SourceAccount': account,
      'aws:SourceArn': configurationSet,
    })
  }
  for (const { stack, resource } of resolver.resourcesOfType('AWS::SNS::Topic')) {
    const key = resource.Properties?.KmsMasterKeyId
    if (!key) continue
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        add(`${service} → the topics' key`, service, action, String(resolve(key, stack)), {
          'aws:SourceAccount': account,
        })
      }
    }
  }

  // CloudWatch Logs encrypts each log group with its key (the encryption context names the log group).
  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::Logs::LogGroup')) {
    const key = resource.Properties?.KmsKeyId
    if (!key) continue
    const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${resolver.physicalName(logicalId, stack)}`
    add(
      `CloudWatch Logs → the key of ${logicalId}`,
      `logs.${region}.amazonaws.com`,
      'kms:GenerateDataKey',
      String(resolve(key, stack)),
      {
        'kms:EncryptionContext:aws:logs:arn': logGroupArn,
      },
    )
  }

  // CloudFront reads the site bucket (origin access control) and sends the origin secret (resolved at deploy).
  for (const { stack, logicalId, resource } of resolver.resourcesOfType('AWS::CloudFront::Distribution')) {
    const distribution = `arn:aws:cloudfront::${account}:distribution/${resolve({ Ref: logicalId }, stack)}`
    const config = resolve(resource.Properties.DistributionConfig, stack) as Json
    for (const origin of config.Origins ?? []) {
      const bucket = /^(.+)\.s3\.[\w.-]+\.amazonaws\.com$/.exec(String(origin.DomainName))?.[1]
      if (bucket && origin.OriginAccessControlId) {
        add(
          'CloudFront → the site bucket',
          'cloudfront.amazonaws.com',
          's3:GetObject',
          `arn:aws:s3:::${bucket}/index.html`,
          {
            'AWS:SourceArn': distribution,
          },
        )
      }
      for (const header of origin.OriginCustomHeaders ?? []) {
        const secret = /\{\{resolve:secretsmanager:([^:}]+(?::[^:}]+){0,6}?):SecretString/.exec(
          String(header.HeaderValue),
        )?.[1]
        if (!secret) continue
        // CloudFormation resolves the dynamic reference with the deploying role (CDK's execution role).
        const deployRole = `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`
        add(
          'CloudFront → the origin secret (resolved at deploy)',
          deployRole,
          'secretsmanager:GetSecretValue',
          secret,
          asRole(deployRole),
        )
      }
    }
  }
  return grants
}

/**
 * Context keys the simulator does not take for an action although AWS sets them (it drops them silently): each is
 * evaluated under a global key of the same type, in the policy and the request alike.
 */
export const RENAMED_CONTEXT_KEYS: Record<string, string> = {
  'kms:EncryptionContext:aws:logs:arn': 'aws:SourceArn',
}
