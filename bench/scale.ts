import { randomBytes } from 'node:crypto'
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DynamoCaseRepository } from '../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import { createLogger } from '../functions/adapters/logger.ts'
import { businessCalendarFrom, DEFAULT_WORKFLOW_SETTINGS } from '../functions/adapters/workflow-settings.ts'
import type { Case } from '../functions/core/cases/case.ts'
import { crockfordBase32 } from '../functions/core/cases/reference.ts'
import { intakePages } from '../functions/web-intake/intake-pages.ts'
import { createSubmitHandler } from '../functions/web-intake/submit-handler.ts'
import { lambdaContext } from '../local/api-gateway.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../local/dynamo-engine.ts'
import { RequestCounter } from './request-counter.ts'
import { validJson } from './requests.ts'
import { quantile, timeAsync } from './stats.ts'

/**
 * The advisor's open-cases query (`DynamoCaseRepository.listOpenCases`, what GET /api/advisor/cases reads) against
 * two tables in one dynalite: 1,000 and 100,000 stored cases, the same `openCases` of them open and the rest closed
 * (MAR has a few hundred open at a time; what grows is the closed ones). Case items only, written as the repository
 * writes them (captured from `createCase`), in parallel BatchWrites. The runs alternate between the tables.
 */

export interface ScaleResults {
  openCases: number
  openCasesQueryMs_1k: number
  openCasesQueryMs_100k: number
  ratio: number
  /** The median over runs of 100k / 1k within each run (the two queries taken back to back). */
  pairRatio: number
  /** Read request units one query consumed (the engine's own count): the same at both sizes if only open cases are read. */
  readUnits_1k: number
  readUnits_100k: number
  runs: number
  loadSeconds: { '1k': number; '100k': number }
}

/** The search index's key in the bench (any 32+ characters: the hashes only need to agree within one run). */
export const BENCH_SEARCH_KEY = async () => new TextEncoder().encode('bench-search-key-0123456789abcdef-0123456789')

const BATCH = 25
const PARALLEL_BATCHES = 8
/** The first queries run slower (the JIT, the engine's caches): left out. */
const WARM_UP_RUNS = 10

export async function benchScale(options: { openCases: number; runs: number }): Promise<ScaleResults> {
  const engine = await startDynalite()
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  try {
    const template = await storedCase(client, engine.endpoint)
    const sizes = { '1k': 1_000, '100k': Number(process.env.BENCH_SCALE_LARGE ?? 100_000) } as const
    const loadSeconds = { '1k': 0, '100k': 0 }
    const repositories: Record<keyof typeof sizes, DynamoCaseRepository> = {} as never
    for (const [label, total] of Object.entries(sizes) as Array<[keyof typeof sizes, number]>) {
      const tableName = `bench-scale-${label}`
      await ensureCaseTable(engine.endpoint, tableName)
      loadSeconds[label] = (await timeAsync(() => load(client, tableName, template, total, options.openCases))) / 1000
      repositories[label] = new DynamoCaseRepository(client, tableName)
    }
    const readUnits = { '1k': 0, '100k': 0 }
    // Counted on a client of its own, so the timed queries carry no counting middleware.
    const counted = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    const counter = new RequestCounter()
    counter.attach({ dynamodb: counted })
    for (const label of ['1k', '100k'] as const) {
      counter.take()
      await new DynamoCaseRepository(counted, `bench-scale-${label}`).listOpenCases()
      readUnits[label] = counter.take().readUnits
    }
    counted.destroy()
    const samples: Record<keyof typeof sizes, number[]> = { '1k': [], '100k': [] }
    const pairRatios: number[] = []
    for (let run = -WARM_UP_RUNS; run < options.runs; run++) {
      const pair = { '1k': 0, '100k': 0 }
      for (const label of run % 2 === 0 ? (['1k', '100k'] as const) : (['100k', '1k'] as const)) {
        let found = 0
        pair[label] = await timeAsync(async () => {
          found = (await repositories[label].listOpenCases()).length
        })
        if (found !== options.openCases) throw new Error(`${label}: ${found} open cases, expected ${options.openCases}`)
      }
      if (run < 0) continue
      samples['1k'].push(pair['1k'])
      samples['100k'].push(pair['100k'])
      pairRatios.push(pair['100k'] / pair['1k'])
    }
    const median = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      )
    const small = median(samples['1k'])
    const large = median(samples['100k'])
    return {
      openCases: options.openCases,
      openCasesQueryMs_1k: small,
      openCasesQueryMs_100k: large,
      ratio: large / small,
      pairRatio: median(pairRatios),
      readUnits_1k: readUnits['1k'],
      readUnits_100k: readUnits['100k'],
      runs: options.runs,
      loadSeconds,
    }
  } finally {
    client.destroy()
    await engine.stop()
  }
}

/** A case as the web intake stores it: submitted once through the submit handler, read back. */
async function storedCase(client: DynamoDBDocumentClient, endpoint: string): Promise<Case> {
  const tableName = 'bench-scale-template'
  await ensureCaseTable(endpoint, tableName)
  const cases = new DynamoCaseRepository(client, tableName, undefined, BENCH_SEARCH_KEY)
  const submit = createSubmitHandler({
    cases,
    clock: { now: () => new Date() },
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
    caseRetentionDays: 730,
    calendar: businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS),
    windows: DEFAULT_WORKFLOW_SETTINGS.responseWindows,
    maxBodyBytes: 65_536,
    logger: createLogger({ logLevel: 'SILENT' }),
    pages: intakePages,
    allowedOrigins: () => [],
  })
  const answer = await submit(validJson(), lambdaContext('submit-request'))
  const { reference } = JSON.parse(String(answer.body)) as { reference: string }
  const file = await cases.getCaseFile(reference)
  if (file === undefined) throw new Error('The template case was not stored')
  return file.case
}

/**
 * The items the repository writes for these cases, captured instead of sent: the case items, and with `terms` their
 * search index items (sent as BatchWrites) too.
 */
export async function caseItems(
  cases: Case[],
  options: { terms?: boolean } = {},
): Promise<Array<Record<string, unknown>>> {
  const capture = createDocumentClient({ ...LOCAL_AWS, endpoint: 'http://127.0.0.1:9' })
  const items: Array<Record<string, unknown>> = []
  capture.middlewareStack.add(
    () => async (args) => {
      const input = args.input as {
        Item?: Record<string, unknown>
        RequestItems?: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>>
      }
      if (input.Item) items.push(input.Item)
      if (options.terms) {
        for (const request of Object.values(input.RequestItems ?? {}).flat()) items.push(request.PutRequest.Item)
      }
      return { output: { $metadata: {} }, response: {} }
    },
    { step: 'initialize', name: 'captureItem', priority: 'high' },
  )
  const repository = new DynamoCaseRepository(capture, 'capture', undefined, BENCH_SEARCH_KEY)
  for (const stored of cases) await repository.createCase(stored)
  capture.destroy()
  return items
}

async function load(client: DynamoDBDocumentClient, tableName: string, template: Case, total: number, open: number) {
  const start = Date.parse(template.createdAt) - total * 60_000
  const pending: Array<Record<string, unknown>>[] = []
  for (let offset = 0; offset < total; offset += BATCH * PARALLEL_BATCHES) {
    const cases: Case[] = []
    for (let index = offset; index < Math.min(total, offset + BATCH * PARALLEL_BATCHES); index++) {
      const closed = index < total - open
      cases.push({
        ...template,
        reference: referenceFor(index),
        createdAt: new Date(start + index * 60_000).toISOString(),
        ...(closed ? { status: 'closed' as Case['status'], outcome: 'advice-given' } : {}),
      } as Case)
    }
    const items = await caseItems(cases)
    for (let index = 0; index < items.length; index += BATCH) pending.push(items.slice(index, index + BATCH))
    await Promise.all(pending.splice(0).map((batch) => writeBatch(client, tableName, batch)))
  }
}

export async function writeBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Array<Record<string, unknown>>,
) {
  let requests = items.map((Item) => ({ PutRequest: { Item } }))
  while (requests.length > 0) {
    const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }))
    requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests
  }
}

/** `MAR-XXXX-XXXX` from the index: distinct for every index below 2^40. */
export function referenceFor(index: number): string {
  const bytes = new Uint8Array(5)
  let rest = index
  for (let position = 4; position >= 0; position--) {
    bytes[position] = rest % 256
    rest = Math.floor(rest / 256)
  }
  const code = crockfordBase32(bytes)
  return `MAR-${code.slice(0, 4)}-${code.slice(4, 8)}`
}
