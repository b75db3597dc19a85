import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { DynamoCaseRepository } from '../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import { businessCalendarFrom, DEFAULT_WORKFLOW_SETTINGS } from '../functions/adapters/workflow-settings.ts'
import type { Response } from '../functions/http/responses.ts'
import { intakePages } from '../functions/web-intake/intake-pages.ts'
import { createSubmitHandler } from '../functions/web-intake/submit-handler.ts'
import { lambdaContext } from '../local/api-gateway.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../local/dynamo-engine.ts'
import { invalidJson, validForm, validJson } from './requests.ts'
import { BENCH_SEARCH_KEY } from './scale.ts'
import { rotate, summarise, type Timing, timeAsync } from './stats.ts'

/**
 * Case 1: the submit handler wired as in AWS (as test/integration/intake-harness.ts does, but with the real pages),
 * against dynalite in this process. Every variant runs the same number of sequential requests, interleaved in
 * rounds, so that whatever else loads the machine falls on all variants alike.
 */

export const HANDLER_CASES = ['a', 'b', 'c', 'd', 'e'] as const
export type HandlerCaseId = (typeof HANDLER_CASES)[number]

export const HANDLER_LABELS: Record<HandlerCaseId, string> = {
  a: 'handler (a) valid JSON → 201',
  b: 'handler (b) form post → HTML 200',
  c: 'handler (c) JSON + fresh Idempotency-Key',
  d: 'handler (d) JSON replaying one key',
  e: 'handler (e) invalid JSON → 400',
}

export interface HandlerOptions {
  rounds: number
  perRound: number
  warmupPerCase: number
  /** Stops starting new rounds after this long; every case has then had the same number of rounds. */
  budgetMs: number
  /** Other work to measure under the same load: called once per round, after the round's requests. */
  eachRound?: () => void
}

export type HandlerResults = Record<HandlerCaseId, Timing>

const EXPECTED_STATUS: Record<HandlerCaseId, number> = { a: 201, b: 200, c: 201, d: 201, e: 400 }
const REPLAYED_KEY = 'bench-replayed-key'

export async function benchHandler(options: HandlerOptions): Promise<HandlerResults> {
  const engine = await startDynalite()
  const tableName = 'bench-cases'
  await ensureCaseTable(engine.endpoint, tableName)
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  const handler = createSubmitHandler({
    cases: new DynamoCaseRepository(client, tableName, undefined, BENCH_SEARCH_KEY),
    clock: { now: () => new Date() },
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
    caseRetentionDays: 730,
    calendar: businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS),
    windows: DEFAULT_WORKFLOW_SETTINGS.responseWindows,
    maxBodyBytes: 65_536,
    logger: new Logger({ logLevel: 'SILENT' }),
    pages: intakePages,
    allowedOrigins: () => ['https://mar.example.nl'],
  })
  let freshKeys = 0
  const events: Record<HandlerCaseId, () => APIGatewayProxyEventV2> = {
    a: () => validJson(),
    b: validForm,
    c: () => validJson({ 'idempotency-key': `bench-fresh-${process.pid}-${freshKeys++}` }),
    d: () => validJson({ 'idempotency-key': REPLAYED_KEY }),
    e: invalidJson,
  }

  const run = async (id: HandlerCaseId): Promise<number> => {
    // The event is built before the clock starts: API Gateway builds it, not the function.
    const event = events[id]()
    let response: Response | undefined
    const elapsed = await timeAsync(async () => {
      response = await handler(event, lambdaContext('submit-request'))
    })
    if (response?.statusCode !== EXPECTED_STATUS[id]) {
      throw new Error(`Case (${id}) answered ${response?.statusCode}, expected ${EXPECTED_STATUS[id]}`)
    }
    return elapsed
  }

  try {
    for (let index = 0; index < options.warmupPerCase; index++) for (const id of HANDLER_CASES) await run(id)
    const samples: Record<HandlerCaseId, number[]> = { a: [], b: [], c: [], d: [], e: [] }
    const started = performance.now()
    for (let round = 0; round < options.rounds; round++) {
      if (round > 0 && performance.now() - started > options.budgetMs) break
      for (const id of rotate(HANDLER_CASES, round)) {
        for (let index = 0; index < options.perRound; index++) samples[id].push(await run(id))
      }
      options.eachRound?.()
    }
    return {
      a: summarise(samples.a),
      b: summarise(samples.b),
      c: summarise(samples.c),
      d: summarise(samples.d),
      e: summarise(samples.e),
    }
  } finally {
    client.destroy()
    await engine.stop()
  }
}
