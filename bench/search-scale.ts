import { DynamoCaseRepository } from '../functions/adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../functions/adapters/dynamodb-client.ts'
import type { Case, WebCase } from '../functions/core/cases/case.ts'
import { queryTerms } from '../functions/core/search/search-terms.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../local/dynamo-engine.ts'
import { RequestCounter } from './request-counter.ts'
import { BENCH_SEARCH_KEY, caseItems, referenceFor, writeBatch } from './scale.ts'
import { quantile, timeAsync } from './stats.ts'

/**
 * The advisor's search (`DynamoCaseRepository.findCasesByTerms`, what GET /api/advisor/cases?q=… reads) against two
 * tables in one dynalite: 1,000 and 10,000 stored cases (nine in ten closed), each with its search index as the
 * repository writes it (captured from `createCase`). Each case has a requester with a surname of its own and a
 * description of 30 words drawn from 300: the surname is what an advisor searches by ("last week's closed case by the
 * requester's surname"): one term, one Query, one BatchGet, whatever the table holds. Also measured, not a target:
 * the surname with a common word (its index partition grows with the table: an inverted index reads every entry of
 * each term). The runs alternate between the tables; each run looks for another case.
 */

export interface SearchScaleResults {
  searchMs_1k: number
  searchMs_10k: number
  ratio: number
  /** The median over runs of 10k / 1k within each run (the two searches taken back to back). */
  pairRatio: number
  readUnits_1k: number
  readUnits_10k: number
  /** The surname and a word one case in ten has: median milliseconds at each size. */
  withCommonWordMs: { '1k': number; '10k': number }
  runs: number
  loadSeconds: { '1k': number; '10k': number }
}

const BATCH = 25
const PARALLEL_BATCHES = 8
const WARM_UP_RUNS = 10
const VOCABULARY = 120
const WORDS_PER_CASE = 12

const surname = (index: number) => `naam${referenceFor(index).slice(4).replace('-', '').toLowerCase()}`
const word = (index: number) => `woord${index}`

function benchCase(index: number, total: number, start: number): Case {
  const createdAt = new Date(start + index * 60_000).toISOString()
  const words = Array.from({ length: WORDS_PER_CASE }, (_, position) => word((index * 7 + position * 13) % VOCABULARY))
  const closed = index < total - Math.ceil(total / 10)
  const stored: WebCase = {
    reference: referenceFor(index),
    channel: 'web',
    status: closed ? 'closed' : 'assigned',
    ...(closed ? { closedAt: createdAt, outcome: 'advice-given' as const } : { assignee: 'adv-01' }),
    urgency: 'normal',
    topic: 'question',
    requesterType: 'private',
    anonymous: false,
    name: `Melder ${surname(index)}`,
    email: `${surname(index)}@example.nl`,
    description: words.join(' '),
    language: 'nl',
    createdAt,
    consentedAt: createdAt,
    retainUntil: new Date(Date.parse(createdAt) + 730 * 86_400_000).toISOString(),
    version: 1,
  }
  return stored
}

export async function benchSearchScale(options: { runs: number }): Promise<SearchScaleResults> {
  const engine = await startDynalite()
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
  try {
    const sizes = { '1k': 1_000, '10k': Number(process.env.BENCH_SEARCH_LARGE ?? 10_000) } as const
    const loadSeconds = { '1k': 0, '10k': 0 }
    const repositories: Record<keyof typeof sizes, DynamoCaseRepository> = {} as never
    const start = Date.parse('2026-01-01T00:00:00.000Z')
    for (const [label, total] of Object.entries(sizes) as Array<[keyof typeof sizes, number]>) {
      const tableName = `bench-search-${label}`
      await ensureCaseTable(engine.endpoint, tableName)
      loadSeconds[label] =
        (await timeAsync(async () => {
          for (let offset = 0; offset < total; offset += BATCH * PARALLEL_BATCHES) {
            const cases: Case[] = []
            for (let index = offset; index < Math.min(total, offset + BATCH * PARALLEL_BATCHES); index++) {
              cases.push(benchCase(index, total, start))
            }
            const items = await caseItems(cases, { terms: true })
            const batches: Array<Array<Record<string, unknown>>> = []
            for (let index = 0; index < items.length; index += BATCH) batches.push(items.slice(index, index + BATCH))
            for (let index = 0; index < batches.length; index += PARALLEL_BATCHES) {
              await Promise.all(
                batches.slice(index, index + PARALLEL_BATCHES).map((batch) => writeBatch(client, tableName, batch)),
              )
            }
          }
        })) / 1000
      repositories[label] = new DynamoCaseRepository(client, tableName, undefined, BENCH_SEARCH_KEY)
    }
    // The case looked for in run `run`: another one each time, present in both tables (index below 1,000).
    const target = (run: number) => (((run + WARM_UP_RUNS) * 7919) % sizes['1k']) as number
    const search = async (label: keyof typeof sizes, repository: DynamoCaseRepository, query: string) => {
      const found = await repository.findCasesByTerms(queryTerms(query), 200)
      if (found.length === 0) throw new Error(`${label}: nothing found for a stored case`)
      return found
    }

    const readUnits = { '1k': 0, '10k': 0 }
    const counted = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    const counter = new RequestCounter()
    counter.attach({ dynamodb: counted })
    for (const label of ['1k', '10k'] as const) {
      const repository = new DynamoCaseRepository(counted, `bench-search-${label}`, undefined, BENCH_SEARCH_KEY)
      await search(label, repository, surname(1)) // the key is read once, before counting
      counter.take()
      await search(label, repository, surname(target(0)))
      readUnits[label] = counter.take().readUnits
    }
    counted.destroy()

    const samples: Record<keyof typeof sizes, number[]> = { '1k': [], '10k': [] }
    const common: Record<keyof typeof sizes, number[]> = { '1k': [], '10k': [] }
    const pairRatios: number[] = []
    for (let run = -WARM_UP_RUNS; run < options.runs; run++) {
      const pair = { '1k': 0, '10k': 0 }
      const index = target(run)
      for (const label of run % 2 === 0 ? (['1k', '10k'] as const) : (['10k', '1k'] as const)) {
        pair[label] = await timeAsync(() => search(label, repositories[label], surname(index)))
        const withWord = await timeAsync(() =>
          search(label, repositories[label], `${surname(index)} ${word((index * 7) % VOCABULARY)}`),
        )
        if (run >= 0) common[label].push(withWord)
      }
      if (run < 0) continue
      samples['1k'].push(pair['1k'])
      samples['10k'].push(pair['10k'])
      pairRatios.push(pair['10k'] / pair['1k'])
    }
    const median = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      )
    const small = median(samples['1k'])
    const large = median(samples['10k'])
    return {
      searchMs_1k: small,
      searchMs_10k: large,
      ratio: large / small,
      pairRatio: median(pairRatios),
      readUnits_1k: readUnits['1k'],
      readUnits_10k: readUnits['10k'],
      withCommonWordMs: { '1k': median(common['1k']), '10k': median(common['10k']) },
      runs: options.runs,
      loadSeconds,
    }
  } finally {
    client.destroy()
    await engine.stop()
  }
}

/** `npx tsx bench/search-scale.ts`: this part of the bench alone, its results as JSON. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchSearchScale({ runs: Number(process.env.BENCH_SEARCH_RUNS ?? 41) })
  console.log(JSON.stringify(results, null, 2))
}
