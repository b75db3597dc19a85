import { executionName } from '../../functions/core/deadlines/workflow.ts'
import type { FunctionInfo } from './functions.ts'
import type { RecordedCall } from './recorder.ts'

/** One request as IAM evaluates it. */
export interface IamRequest {
  principal: string
  action: string
  resource: string
  context: Record<string, string | string[]>
}

/** What the mapping needs to know of the deployment besides the function's environment (read from the templates). */
export interface Deployment {
  account: string
  region: string
  /** The case table's name → its KMS key ARN (the table's SSE key). */
  tableKeys: Map<string, string>
  /** The mail bucket's name → its default KMS key ARN. */
  bucketKeys: Map<string, string>
  /** The state machine ARN → its name. */
  stateMachineNames: Map<string, string>
  /** The receipt rule SES stores mail by (`aws:SourceArn` of its writes). */
  receiptRuleArn?: string
  /** The mail bucket SES writes to. */
  mailBucket?: string
}

/** DynamoDB's document and low-level commands → the IAM action. */
const DYNAMODB_ACTIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchWriteCommand: 'BatchWriteItem',
  BatchGetCommand: 'BatchGetItem',
  TransactWriteCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
  // The document client's commands reach a client's middleware as the low-level commands they wrap.
  GetItemCommand: 'GetItem',
  PutItemCommand: 'PutItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteItemCommand: 'DeleteItem',
  BatchWriteItemCommand: 'BatchWriteItem',
  BatchGetItemCommand: 'BatchGetItem',
  TransactWriteItemsCommand: 'TransactWriteItems',
  TransactGetItemsCommand: 'TransactGetItems',
}

export class UnmappableCallError extends Error {
  override readonly name = 'UnmappableCallError'
}

function env(fn: FunctionInfo, name: string): string {
  const value = fn.environment[name]
  if (value === undefined) {
    throw new UnmappableCallError(`${fn.name} has no ${name} in its synthesized environment`)
  }
  return value
}

/** The common context of every request a function's role makes. */
function principalContext(fn: FunctionInfo, deployment: Deployment): Record<string, string> {
  return {
    'aws:PrincipalArn': fn.roleArn,
    'aws:PrincipalAccount': deployment.account,
    'aws:SecureTransport': 'true',
  }
}

/**
 * The IAM requests AWS evaluates for one call of a function: the call itself (action, resource ARN from the
 * function's own synthesized environment, context keys), and the KMS requests DynamoDB and S3 make with the caller's
 * credentials (kms:ViaService).
 */
export function iamRequestsFor(call: RecordedCall, fn: FunctionInfo, deployment: Deployment): IamRequest[] {
  const { account, region } = deployment
  const base = principalContext(fn, deployment)
  const request = (action: string, resource: string, context: Record<string, string | string[]> = {}) => ({
    principal: fn.roleArn,
    action,
    resource,
    context: { ...base, ...context },
  })
  const viaService = (service: 'dynamodb' | 's3', action: string, keyArn: string) =>
    request(action, keyArn, { 'kms:ViaService': `${service}.${region}.amazonaws.com`, 'kms:CallerAccount': account })

  switch (call.service) {
    case 'dynamodb': {
      const action = DYNAMODB_ACTIONS[call.command]
      if (!action) throw new UnmappableCallError(`DynamoDB ${call.command} is not mapped`)
      const table = env(fn, 'TABLE_NAME')
      const tableArn = `arn:aws:dynamodb:${region}:${account}:table/${table}`
      const resource = call.index ? `${tableArn}/index/${call.index}` : tableArn
      const leadingKeys: Record<string, string[]> =
        action === 'Scan' ? {} : { 'dynamodb:LeadingKeys': call.partitions ?? [] }
      const key = deployment.tableKeys.get(table)
      if (!key) throw new UnmappableCallError(`No KMS key known for table ${table}`)
      // Reads and writes alike need the table key decrypted with the caller's credentials, through DynamoDB.
      return [request(`dynamodb:${action}`, resource, leadingKeys), viaService('dynamodb', 'kms:Decrypt', key)]
    }
    case 'ses': {
      if (call.command !== 'SendEmailCommand') throw new UnmappableCallError(`SES ${call.command} is not mapped`)
      const from = call.from ?? ''
      const domain = from.split('@')[1] ?? ''
      const configurationSet = env(fn, 'SES_CONFIGURATION_SET')
      const context = { 'ses:FromAddress': from }
      // SES authorizes a send against the identity it sends as (the From address's domain) and the configuration set.
      return [
        request('ses:SendEmail', `arn:aws:ses:${region}:${account}:identity/${domain}`, context),
        request('ses:SendEmail', `arn:aws:ses:${region}:${account}:configuration-set/${configurationSet}`, context),
      ]
    }
    case 's3': {
      const bucket = env(fn, 'MAIL_BUCKET')
      const object = `arn:aws:s3:::${bucket}/${call.key ?? ''}`
      const key = deployment.bucketKeys.get(bucket)
      if (!key) throw new UnmappableCallError(`No KMS key known for bucket ${bucket}`)
      if (call.command === 'GetObjectCommand') {
        return [request('s3:GetObject', object), viaService('s3', 'kms:Decrypt', key)]
      }
      if (call.command === 'PutObjectCommand') {
        return [request('s3:PutObject', object), viaService('s3', 'kms:GenerateDataKey', key)]
      }
      if (call.command === 'DeleteObjectCommand') return [request('s3:DeleteObject', object)]
      throw new UnmappableCallError(`S3 ${call.command} is not mapped`)
    }
    case 'sfn': {
      const stateMachineArn = env(fn, 'STATE_MACHINE_ARN')
      if (call.command === 'StartExecutionCommand') return [request('states:StartExecution', stateMachineArn)]
      if (call.command === 'StopExecutionCommand') {
        const name = deployment.stateMachineNames.get(stateMachineArn)
        if (!name) throw new UnmappableCallError(`No state machine ${stateMachineArn} in the templates`)
        const execution = executionName(call.reference ?? '', call.run ?? 1)
        return [request('states:StopExecution', `arn:aws:states:${region}:${account}:execution:${name}:${execution}`)]
      }
      throw new UnmappableCallError(`Step Functions ${call.command} is not mapped`)
    }
    case 'secretsmanager': {
      const action = `secretsmanager:${call.command.replace(/Command$/, '')}`
      const secret =
        call.secret === 'signing-key'
          ? env(fn, 'SIGNING_SECRET_ARN')
          : call.secret === 'origin-verify'
            ? env(fn, 'ORIGIN_VERIFY_SECRET_ARN')
            : call.secret === 'search-key'
              ? env(fn, 'SEARCH_SECRET_ARN')
              : (call.secret ?? '')
      if (action === 'secretsmanager:GetRandomPassword') return [request(action, '*')]
      return [request(action, secret)]
    }
  }
}

/**
 * SES's own write of a received message (its receipt rule's S3 action) and the KMS request S3 makes for it: principal
 * the service, allowed by the bucket's and the key's policies only.
 */
export function sesReceiptRequests(call: RecordedCall, deployment: Deployment): IamRequest[] {
  const { account, region, mailBucket, receiptRuleArn } = deployment
  if (call.command !== 'PutObjectCommand' || !mailBucket || !receiptRuleArn) {
    throw new UnmappableCallError(`SES's ${call.command} (receipt rule ${receiptRuleArn ?? 'none'}) is not mapped`)
  }
  const key = deployment.bucketKeys.get(mailBucket) ?? ''
  const context = { 'aws:SourceAccount': account, 'aws:SourceArn': receiptRuleArn, 'aws:SecureTransport': 'true' }
  return [
    {
      principal: 'ses.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${mailBucket}/${call.key}`,
      context,
    },
    {
      principal: 'ses.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: key,
      context: { ...context, 'kms:ViaService': `s3.${region}.amazonaws.com` },
    },
  ]
}
