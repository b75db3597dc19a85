import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { deploymentOf, evaluate, ResourcePolicies } from '../../ops/iam/evaluate.ts'
import { type FunctionInfo, functionInventory } from '../../ops/iam/functions.ts'
import { describe as describeInput, type RecordedCall } from '../../ops/iam/recorder.ts'
import { type Deployment, iamRequestsFor, sesReceiptRequests } from '../../ops/iam/requests.ts'
import { serviceGrantRequests } from '../../ops/iam/service-grants.ts'
import { CHECK_ENV, synthesizeTemplates } from '../../ops/iam/synth.ts'
import { loadTemplates, TemplateResolver } from '../../ops/iam/templates.ts'

process.env.CDK_VALIDATION = 'false'

let functions: Map<string, FunctionInfo>
let deployment: Deployment
let policies: ResourcePolicies
let resolver: TemplateResolver

beforeAll(() => {
  resolver = new TemplateResolver(loadTemplates(synthesizeTemplates(mkdtempSync(join(tmpdir(), 'iam-'))), CHECK_ENV))
  const inventory = functionInventory(resolver)
  functions = new Map(inventory.map((fn) => [fn.name, fn]))
  deployment = deploymentOf(resolver, inventory)
  policies = new ResourcePolicies(resolver)
}, 120_000)

/** Every IAM request of the call, made by the function: allowed only if each one is. */
async function decide(name: string, call: Omit<RecordedCall, 'scope'>) {
  const fn = functions.get(name) as FunctionInfo
  const requests = iamRequestsFor({ scope: name, ...call }, fn, deployment)
  const decisions = await Promise.all(requests.map((request) => evaluate(request, policies, deployment.account)))
  return { allowed: decisions.every((decision) => decision.allowed), decisions, requests }
}

describe('check:iam: each request mapping, allowed and denied', () => {
  it('DynamoDB items: the table ARN, dynamodb:LeadingKeys, and the table key through DynamoDB', async () => {
    const read = await decide('web-intake-submit', {
      service: 'dynamodb',
      command: 'GetItemCommand',
      partitions: ['CASE#MAR-0000-0001'],
    })
    const roster = await decide('web-intake-submit', {
      service: 'dynamodb',
      command: 'GetItemCommand',
      partitions: ['ROSTER'],
    })

    expect(read.requests.map((request) => request.action)).toEqual(['dynamodb:GetItem', 'kms:Decrypt'])
    expect(read.requests[0]?.context['dynamodb:LeadingKeys']).toEqual(['CASE#MAR-0000-0001'])
    expect(read.requests[1]?.context['kms:ViaService']).toBe('dynamodb.eu-west-1.amazonaws.com')
    expect(read.allowed).toBe(true)
    expect(roster.allowed).toBe(false) // the submit function may not read the roster
  })

  it('DynamoDB queries: the index ARN; a partition outside the grant is denied', async () => {
    const list = await decide('advisor-api', {
      service: 'dynamodb',
      command: 'QueryCommand',
      index: 'gsi3',
      partitions: ['OPEN'],
    })
    const routing = await decide('advisor-api', {
      service: 'dynamodb',
      command: 'QueryCommand',
      index: 'gsi2',
      partitions: ['adv-01'],
    })

    expect(list.requests[0]?.resource).toMatch(/:table\/MarIntakeStateful-CaseTable[\w-]+\/index\/gsi3$/)
    expect(list.allowed).toBe(true)
    expect(routing.allowed).toBe(false)
  })

  it('DynamoDB batch writes: every partition of the batch in dynamodb:LeadingKeys', async () => {
    const own = await decide('retention-purge', {
      service: 'dynamodb',
      command: 'BatchWriteItemCommand',
      partitions: ['CASE#A', 'CASE#B'],
    })
    const mixed = await decide('retention-purge', {
      service: 'dynamodb',
      command: 'BatchWriteItemCommand',
      partitions: ['CASE#A', 'ROSTER'],
    })

    expect(own.allowed).toBe(true)
    expect(mixed.allowed).toBe(false)
  })

  it('DynamoDB scans are denied to every function', async () => {
    for (const name of functions.keys()) {
      if (!functions.get(name)?.environment.TABLE_NAME) continue
      expect((await decide(name, { service: 'dynamodb', command: 'ScanCommand', partitions: [] })).allowed, name).toBe(
        false,
      )
    }
  })

  it('SES sends: the From identity and the configuration set, with ses:FromAddress', async () => {
    const sender = await decide('case-workflow-task', {
      service: 'ses',
      command: 'SendEmailCommand',
      from: 'noreply@mar.rotterdam.nl',
    })
    const other = await decide('case-workflow-task', {
      service: 'ses',
      command: 'SendEmailCommand',
      from: 'ceo@mar.rotterdam.nl',
    })
    const purge = await decide('retention-purge', {
      service: 'ses',
      command: 'SendEmailCommand',
      from: 'mar_bsd@rotterdam.nl',
    })

    expect(sender.requests.map((request) => request.resource)).toEqual([
      'arn:aws:ses:eu-west-1:111111111111:identity/mar.rotterdam.nl',
      expect.stringMatching(/:configuration-set\/MarIntakeStateless-OutgoingMailConfigurationSet/),
    ])
    expect(sender.allowed).toBe(true)
    expect(other.allowed).toBe(false)
    expect(purge.allowed).toBe(false) // the purge may send as the sender only
  })

  it('S3 objects: the object ARN in MAIL_BUCKET and the mail key through S3', async () => {
    const filing = await decide('mail-intake-receive', {
      service: 's3',
      command: 'PutObjectCommand',
      key: 'cases/MAR-0000-0001/a1',
    })
    const rawWrite = await decide('mail-intake-receive', {
      service: 's3',
      command: 'PutObjectCommand',
      key: 'inbound/x',
    })
    const download = await decide('advisor-api', {
      service: 's3',
      command: 'GetObjectCommand',
      key: 'cases/MAR-0000-0001/a1',
    })
    const rawRead = await decide('advisor-api', { service: 's3', command: 'GetObjectCommand', key: 'inbound/x' })
    const purge = await decide('retention-purge', { service: 's3', command: 'DeleteObjectCommand', key: 'inbound/x' })

    expect(filing.requests.map((request) => request.action)).toEqual(['s3:PutObject', 'kms:GenerateDataKey'])
    expect(filing.requests[1]?.context['kms:ViaService']).toBe('s3.eu-west-1.amazonaws.com')
    expect([filing.allowed, download.allowed, purge.allowed]).toEqual([true, true, true])
    expect([rawWrite.allowed, rawRead.allowed]).toEqual([false, false])
  })

  it("S3 on SES's behalf: the receipt rule's writes under inbound/ only", async () => {
    const stored = sesReceiptRequests(
      { scope: 'service:ses', service: 's3', command: 'PutObjectCommand', key: 'inbound/x' },
      deployment,
    )
    const elsewhere = sesReceiptRequests(
      { scope: 'service:ses', service: 's3', command: 'PutObjectCommand', key: 'cases/x' },
      deployment,
    )

    const allowed = async (requests: typeof stored) =>
      (await Promise.all(requests.map((request) => evaluate(request, policies, deployment.account)))).every(
        (d) => d.allowed,
      )
    expect(await allowed(stored)).toBe(true)
    expect(await allowed(elsewhere)).toBe(false)
  })

  it('Step Functions: StartExecution on STATE_MACHINE_ARN, StopExecution on the named execution', async () => {
    const start = await decide('case-stream', {
      service: 'sfn',
      command: 'StartExecutionCommand',
      reference: 'MAR-0000-0001',
      run: 1,
    })
    const stop = await decide('case-stream', {
      service: 'sfn',
      command: 'StopExecutionCommand',
      reference: 'MAR-0000-0001',
      run: 2,
    })
    const byTask = await decide('advisor-api', {
      service: 'sfn',
      command: 'StartExecutionCommand',
      reference: 'X',
      run: 1,
    }).catch((error: Error) => error)

    expect(stop.requests[0]?.resource).toMatch(
      /:execution:MarIntakeStateless-CaseWorkflowStateMachine[\w-]+:MAR-0000-0001-2$/,
    )
    expect([start.allowed, stop.allowed]).toEqual([true, true])
    // A function without the state machine in its environment cannot have made the call: unmappable, not allowed.
    expect(byTask).toBeInstanceOf(Error)
  })

  it('Secrets Manager: the secret named in the environment', async () => {
    const signing = await decide('actions', {
      service: 'secretsmanager',
      command: 'GetSecretValueCommand',
      secret: 'signing-key',
    })
    const origin = await decide('actions', {
      service: 'secretsmanager',
      command: 'GetSecretValueCommand',
      secret: 'origin-verify',
    })
    const write = await decide('actions', {
      service: 'secretsmanager',
      command: 'PutSecretValueCommand',
      secret: 'signing-key',
    })

    expect([signing.allowed, origin.allowed]).toEqual([true, true])
    expect(write.allowed).toBe(false)
  })

  it("one function's calls replayed as another's role are denied", async () => {
    const submit = functions.get('web-intake-submit') as FunctionInfo
    const follow = functions.get('follow-up') as FunctionInfo
    const asSubmit = iamRequestsFor(
      { scope: 'follow-up', service: 'dynamodb', command: 'UpdateItemCommand', partitions: ['FOLLOWUP#x'] },
      { ...follow, roleArn: submit.roleArn },
      deployment,
    )

    const decisions = await Promise.all(
      asSubmit.map((request) => evaluate({ ...request, principal: submit.roleArn }, policies, deployment.account)),
    )
    expect(decisions[0]?.allowed).toBe(false)
  })
})

describe('check:iam: context keys the simulator drops', () => {
  it('fails a request whose context key the simulator ignores, instead of judging it without the key', async () => {
    const [read] = iamRequestsFor(
      { scope: 'x', service: 'dynamodb', command: 'GetItemCommand', partitions: ['CASE#1'] },
      functions.get('web-intake-submit') as FunctionInfo,
      deployment,
    )
    const decision = await evaluate(
      { ...(read as NonNullable<typeof read>), context: { ...read?.context, 'ses:FromAddress': 'x@y' } },
      policies,
      deployment.account,
    )

    expect(decision.allowed).toBe(false)
    expect(decision.reason).toMatch(/dropped the context key\(s\) ses:FromAddress/)
  })

  it("evaluates CloudWatch Logs' encryption context (renamed, not dropped): the account's log groups only", async () => {
    const grant = serviceGrantRequests(resolver, [...functions.values()], deployment).find((g) =>
      g.request.principal.startsWith('logs.'),
    )
    const request = grant?.request as NonNullable<typeof grant>['request']

    expect((await evaluate(request, policies, deployment.account)).allowed).toBe(true)
    const foreign = {
      ...request,
      context: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:999999999999:log-group:x' },
    }
    expect((await evaluate(foreign, policies, deployment.account)).allowed).toBe(false)
  })
})

describe('check:iam: what the recorder reads of a batch', () => {
  it('takes the partitions of a BatchGetItem (the search reads the cases it found) and of a BatchWriteItem', () => {
    const batchGet = {
      RequestItems: {
        cases: {
          Keys: [
            { pk: 'CASE#MAR-A', sk: 'CASE' },
            { pk: 'CASE#MAR-B', sk: 'CASE' },
          ],
          ProjectionExpression: '#a0',
        },
      },
    }
    const batchWrite = { RequestItems: { cases: [{ PutRequest: { Item: { pk: 'CASE#MAR-C', sk: 'TERM#ab' } } }] } }

    expect(describeInput('dynamodb', batchGet)).toEqual({ partitions: ['CASE#MAR-A', 'CASE#MAR-B'] })
    expect(describeInput('dynamodb', batchWrite)).toEqual({ partitions: ['CASE#MAR-C'] })
  })
})
