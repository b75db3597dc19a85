import { randomBytes as cryptoRandomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Logger } from '@aws-lambda-powertools/logger'
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { DynamoCaseRepository } from '../../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import { businessCalendarFrom, DEFAULT_WORKFLOW_SETTINGS } from '../../functions/adapters/workflow-settings.ts'
import type { Case } from '../../functions/core/cases/case.ts'
import type { RandomBytes } from '../../functions/core/cases/reference.ts'
import type { Response } from '../../functions/http/responses.ts'
import type { IntakePages } from '../../functions/web-intake/pages.ts'
import { createSubmitHandler } from '../../functions/web-intake/submit-handler.ts'
import { lambdaContext } from '../../local/api-gateway.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../../local/dynamo-engine.ts'
import { testSearchKey } from '../fakes/search-key.ts'

/**
 * The submit handler wired as in AWS, against a real dynalite with a fresh case table: what the integration tests
 * of the web intake drive. Requests are API Gateway (HTTP API, payload 2.0) events built from a versioned fixture.
 */

/** The address API Gateway reports for the client in the fixture (TEST-NET-3): it must never reach the table. */
export const SENTINEL_SOURCE_IP = '203.0.113.77'
export const FIXED_NOW = new Date('2026-03-02T09:30:00.000Z')
/**
 * When MAR answers a request made at FIXED_NOW (Monday 10:30 in Rotterdam; business hours 08:30–17:00), by hand:
 * a case (16 business hours) 6.5 + 8.5 + 1 → Wednesday 09:30; a question (40) 6.5 + 3 × 8.5 + 8 → Friday 16:30;
 * an urgent request (8) 6.5 + 1.5 → Tuesday 10:00.
 */
export const RESPOND_BY = {
  case: '2026-03-04T08:30:00.000Z',
  question: '2026-03-06T15:30:00.000Z',
  urgent: '2026-03-03T09:00:00.000Z',
} as const
export const RETENTION_DAYS = 730
export const MAX_BODY_BYTES = 65_536
/** The origin the form is served from: the only site whose pages may post to this intake. */
export const INTAKE_ORIGIN = 'https://mar.example.nl'

const EVENT_FIXTURE = new URL('../fixtures/api-gateway/post-requests.v2.json', import.meta.url)
const eventTemplate = JSON.parse(readFileSync(EVENT_FIXTURE, 'utf8')) as APIGatewayProxyEventV2

/** Stand-in pages: the real ones are tested elsewhere; these only say which page was chosen. */
const pages: IntakePages = {
  requestForm: () => 'FORM',
  confirmation: ({ reference, urgent }) => `CONFIRMATION ${reference}${urgent ? ' URGENT' : ''}`,
  error: ({ status }) => `ERROR ${status}`,
}

export interface Intake {
  tableName: string
  client: DynamoDBDocumentClient
  cases: DynamoCaseRepository
  invoke(event: APIGatewayProxyEventV2): Promise<Response>
  /** Every item in the table, read consistently. */
  scanItems(): Promise<Record<string, unknown>[]>
  countItems(): Promise<number>
  caseItems(): Promise<Record<string, unknown>[]>
  /** The case item as DynamoDB holds it, keys and TTL included. */
  rawCase(reference: string): Promise<Record<string, unknown> | undefined>
  getCase(reference: string): Promise<Case | undefined>
  stop(): Promise<void>
}

export async function startIntake(options: { randomBytes?: RandomBytes; now?: () => Date } = {}): Promise<Intake> {
  const engine = await startDynalite()
  const tableName = `cases-${randomUUID()}`
  await ensureCaseTable(engine.endpoint, tableName)
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  const cases = new DynamoCaseRepository(client, tableName, undefined, testSearchKey)
  const handler = createSubmitHandler({
    cases,
    clock: { now: options.now ?? (() => FIXED_NOW) },
    randomBytes: options.randomBytes ?? ((length) => new Uint8Array(cryptoRandomBytes(length))),
    caseRetentionDays: RETENTION_DAYS,
    calendar: businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS),
    windows: DEFAULT_WORKFLOW_SETTINGS.responseWindows,
    maxBodyBytes: MAX_BODY_BYTES,
    logger: new Logger({ logLevel: 'SILENT' }),
    pages,
    allowedOrigins: () => [INTAKE_ORIGIN],
  })

  const scanItems = async () => {
    const items: Record<string, unknown>[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return items
  }

  return {
    tableName,
    client,
    cases,
    invoke: (event) => handler(event, lambdaContext('submit-request')),
    scanItems,
    countItems: async () => (await scanItems()).length,
    caseItems: async () => (await scanItems()).filter((item) => item.sk === 'CASE'),
    rawCase: async (reference) =>
      (
        await client.send(
          new GetCommand({ TableName: tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, ConsistentRead: true }),
        )
      ).Item,
    getCase: (reference) => cases.getCase(reference),
    stop: async () => {
      client.destroy()
      await engine.stop()
    },
  }
}

export interface PostOptions {
  body?: string
  /** `null` sends no Content-Type header at all. */
  contentType?: string | null
  headers?: Record<string, string>
  isBase64Encoded?: boolean
}

/** POST /api/requests as API Gateway delivers it (lower-case header names). */
export function postRequest(options: PostOptions = {}): APIGatewayProxyEventV2 {
  const event = structuredClone(eventTemplate)
  const headers: Record<string, string> = { ...(event.headers as Record<string, string>) }
  if (options.contentType === null) delete headers['content-type']
  else if (options.contentType !== undefined) headers['content-type'] = options.contentType
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
  event.headers = headers
  event.body = options.body ?? ''
  event.isBase64Encoded = options.isBase64Encoded ?? false
  return event
}

export function postJson(value: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return postRequest({ body: JSON.stringify(value), contentType: 'application/json', headers })
}

/** A form post encoded the way browsers encode it (WHATWG urlencoded: spaces as `+`, everything else escaped). */
export function postForm(
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return postRequest({
    body: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded',
    headers,
  })
}

/** A request that is valid as it stands: a teacher asking about a pupil. */
export function professionalRequest() {
  return {
    requesterType: 'professional',
    sector: 'education',
    organisation: 'Openbare Basisschool De Regenboog',
    topic: 'case',
    name: 'Fatima El Amrani',
    email: 'f.elamrani@regenboog.example.nl',
    phone: '010 123 4567',
    description: 'Een leerling uit groep 8 trekt zich terug en deelt filmpjes die geweld verheerlijken.',
    signals: ['isolation', 'glorifying-violence'],
    ideology: 'unknown',
    immediateDanger: false,
    language: 'nl',
    consent: true,
  } as const
}

/** An anonymous request from a private person: no name, no contact details. */
export function anonymousRequest() {
  return {
    requesterType: 'private',
    topic: 'question',
    anonymous: true,
    description: 'Mijn neef praat de laatste tijd steeds vaker over een groep die andere mensen haat.',
    consent: true,
  } as const
}

export function parseBody(response: Response): Record<string, unknown> {
  return JSON.parse(response.body ?? '') as Record<string, unknown>
}
