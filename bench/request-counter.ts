import type { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/**
 * Counts the requests the app makes to DynamoDB and SES with an SDK middleware on the local stack's clients (the
 * very clients its handlers use). Each DynamoDB request asks for its consumed capacity (ReturnConsumedCapacity
 * TOTAL: table and indexes), which the cost model prices; each is described without data (the key's shape with the
 * reference and ids blanked) and with the code that made it, so a report can say which request is for what.
 */

export interface CountedRequest {
  service: 'dynamodb' | 'ses'
  command: string
  /** e.g. `CASE#<ref>/EVENT#…`, `Query gsi3 OPEN`; for SES the number of recipients. */
  target: string
  /** Our code that made the request, outermost first: `core/roster/route-case.ts > adapters/dynamo-case-repository.ts`. */
  caller: string
  readUnits: number
  writeUnits: number
  /** A write of a case item: the table's stream delivers it to the start function (one invocation). */
  caseItemWrite: boolean
}

const CAPACITY_COMMANDS = new Set([
  'GetCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetCommand',
  'BatchWriteCommand',
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryItemCommand',
  'BatchWriteItemCommand',
  'BatchGetItemCommand',
])

export class RequestCounter {
  private log: CountedRequest[] = []

  attach(clients: { dynamodb: DynamoDBDocumentClient; ses?: SESv2Client }): void {
    clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown'
        const input = args.input as Record<string, unknown>
        if (CAPACITY_COMMANDS.has(command)) input.ReturnConsumedCapacity = 'TOTAL'
        const entry: CountedRequest = {
          service: 'dynamodb',
          command: command.replace(/Command$/, ''),
          target: describeTarget(input),
          caller: callerOf(new Error().stack),
          readUnits: 0,
          writeUnits: 0,
          caseItemWrite: (input.Item as Record<string, unknown> | undefined)?.entity === 'case',
        }
        this.log.push(entry)
        const result = await next(args)
        for (const capacity of consumed((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity)) {
          entry.readUnits += capacity.ReadCapacityUnits ?? 0
          entry.writeUnits += capacity.WriteCapacityUnits ?? 0
          // dynalite reports CapacityUnits only; DynamoDB reports reads and writes apart.
          if (capacity.ReadCapacityUnits === undefined && capacity.WriteCapacityUnits === undefined) {
            if (/^(Put|Update|Delete|BatchWrite)/.test(entry.command)) entry.writeUnits += capacity.CapacityUnits ?? 0
            else entry.readUnits += capacity.CapacityUnits ?? 0
          }
        }
        return result
      },
      { step: 'initialize', name: 'benchRequestCounter', priority: 'high' },
    )
    clients.ses?.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Destination?: { ToAddresses?: string[]; CcAddresses?: string[] } }
        const recipients = (input.Destination?.ToAddresses?.length ?? 0) + (input.Destination?.CcAddresses?.length ?? 0)
        this.log.push({
          service: 'ses',
          command: (context.commandName ?? 'unknown').replace(/Command$/, ''),
          target: `${recipients} recipient(s)`,
          caller: callerOf(new Error().stack),
          readUnits: 0,
          writeUnits: 0,
          caseItemWrite: false,
        })
        return next(args)
      },
      { step: 'initialize', name: 'benchRequestCounter', priority: 'high' },
    )
  }

  /** Everything counted since the last reset, and starts counting anew. */
  take(): RequestCounts {
    const taken = this.log
    this.log = []
    return summariseRequests(taken)
  }
}

export interface RequestCounts {
  dynamodbRequests: number
  sesSends: number
  readUnits: number
  writeUnits: number
  caseItemWrites: number
  /** In order, without data. */
  requests: string[]
}

function summariseRequests(log: CountedRequest[]): RequestCounts {
  const dynamodb = log.filter((entry) => entry.service === 'dynamodb')
  return {
    dynamodbRequests: dynamodb.length,
    sesSends: log.filter((entry) => entry.service === 'ses' && /^Send/.test(entry.command)).length,
    readUnits: dynamodb.reduce((sum, entry) => sum + entry.readUnits, 0),
    writeUnits: dynamodb.reduce((sum, entry) => sum + entry.writeUnits, 0),
    caseItemWrites: dynamodb.filter((entry) => entry.caseItemWrite).length,
    requests: log.map(
      (entry) =>
        `${entry.service === 'ses' ? 'SES ' : ''}${entry.command} ${entry.target}` +
        (entry.service === 'dynamodb' ? ` [${entry.readUnits} RRU, ${entry.writeUnits} WRU]` : '') +
        ` ← ${entry.caller}`,
    ),
  }
}

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }

function consumed(value: unknown): Capacity[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]) as Capacity[]
}

/** The shape of a key without the data in it: references, ids and hashes blanked. */
function blank(value: unknown): string {
  return String(value)
    .replace(/MAR-[0-9A-Z]{4}-[0-9A-Z]{4}/g, '<ref>')
    .replace(/#[^#/]{12,}/g, '#…')
    .replace(/[0-9a-f]{16,}/g, '…')
}

function describeTarget(input: Record<string, unknown>): string {
  const key = (input.Key ?? input.Item) as Record<string, unknown> | undefined
  if (key?.pk !== undefined) return `${blank(key.pk)}/${blank(key.sk)}`
  if (typeof input.KeyConditionExpression === 'string') {
    const values = Object.values((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>).map(blank)
    return `${String(input.IndexName ?? 'table')} ${values.join(' ')}`.trim()
  }
  const requestItems = input.RequestItems as Record<string, unknown[]> | undefined
  if (requestItems) return `${Object.values(requestItems).reduce((sum, items) => sum + items.length, 0)} items`
  return ''
}

/** `core/x.ts > adapters/y.ts`: the innermost three distinct files of functions/ on the stack, outermost first. */
function callerOf(stack: string | undefined): string {
  const files: string[] = []
  for (const line of (stack ?? '').split('\n')) {
    const match = /\/functions\/([\w/-]+\.ts)/.exec(line)
    if (match?.[1] && !files.includes(match[1])) files.push(match[1])
  }
  if (files.length === 0) return '(local runtime)'
  return files.slice(0, 3).reverse().join(' > ')
}
