import './quiet.ts'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { readAppConfig } from '../local/config.ts'
import { synthesizedWorkflowDefinition } from '../local/synthesized-workflow.ts'
import { type BundleResults, benchBundles } from './bundles.ts'
import { ASSUMPTIONS, type CostResults, costModel, PRICES } from './cost.ts'
import { benchHandler, HANDLER_CASES, HANDLER_LABELS, type HandlerResults } from './handler.ts'
import { synthesizedApp } from './lambda-functions.ts'
import { benchLifecycle, type LifecycleResults } from './lifecycle.ts'
import { benchLoad, type LoadResults } from './load.ts'
import { benchMailMemory, type MailMemoryResults } from './mail-memory.ts'
import { benchScale, type ScaleResults } from './scale.ts'
import { benchSearchScale, type SearchScaleResults } from './search-scale.ts'
import { round, type Timing } from './stats.ts'
import { createValidationBench, type ValidationResults } from './validation.ts'
import { benchWorkflow, type WorkflowResults } from './workflow.ts'

/**
 * `npm run bench`: every figure of bench/README.md in one run, one case after the other, then tables on stdout and
 * bench/results.json. Ratios are taken within this run; absolute numbers depend on the machine and its load.
 */

const RESULTS = new URL('./results.json', import.meta.url)
const WORKFLOW_CASES = 20
/** Monday 11 January 2027, 09:00 in Rotterdam: adv-01 is on duty in the example roster. */
const MONDAY_MORNING = new Date('2027-01-11T09:00:00+01:00')

const started = performance.now()
const loadAtStart = loadavg().map((value) => round(value, 2))
const previous = await readPreviousRatios()
const phase = (name: string) => console.log(`bench: ${name}… (${Math.round((performance.now() - started) / 1000)} s)`)

phase('synthesizing the app')
const app = synthesizedApp()
const taskStates = new Set(
  Object.entries(synthesizedWorkflowDefinition(readAppConfig()).States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name),
)
phase(`bundles and cold init of ${app.functions.length} functions`)
const bundles = await benchBundles(app.functions, { initRuns: 12 })
phase('submit handler and validation, interleaved')
const validationBench = createValidationBench({ batchSize: 250, warmupCalls: 5_000 })
const handler = await benchHandler({
  rounds: 30,
  perRound: 10,
  warmupPerCase: 30,
  budgetMs: 60_000,
  eachRound: () => validationBench.round(7),
})
const validation = validationBench.results()
phase('workflow week')
const workflow = await benchWorkflow({ cases: WORKFLOW_CASES, clockStart: MONDAY_MORNING })
phase('requests per intake and the happy path')
const lifecycle = await benchLifecycle(taskStates)
phase('open-cases query at 1,000 and 100,000 cases')
const scale = await benchScale({ openCases: 250, runs: 41 })
phase('search at 1,000 and 10,000 cases')
const search = await benchSearchScale({ runs: 41 })
phase('a 10 MB mail')
const mail = await benchMailMemory()
phase('load')
const load = await benchLoad({ concurrency: 20, seconds: 20, repeatShare: 0.2 })
const cost = costModel(lifecycle, bundles.functions, app.resourceCounts)

const ratios = computeRatios(handler, validation, bundles, workflow)
const targets = targetsOf(bundles, lifecycle, scale, search, mail, load, cost)
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart },
  durationSeconds: round((performance.now() - started) / 1000, 3),
  functions: bundles.functions.map((fn) => ({
    name: fn.name,
    bundleBytes: fn.bundleBytes,
    floorBundleBytes: fn.floorBundleBytes,
    initMs: round(fn.initMs),
    floorInitMs: round(fn.floorInitMs),
    entry: fn.entry,
    memoryMb: fn.memoryMb,
    deployedBundleBytes: fn.deployedBundleBytes,
    bundleGzipBytes: fn.bundleGzipBytes,
    sdkClients: fn.sdkClients.map((client) => client.className),
    heaviestBeyondSdk: fn.heaviestBeyondSdk,
  })),
  initRuns: bundles.initRuns,
  emptyImportMs: round(bundles.emptyImportMs),
  perIntake: { web: intakeFigures(lifecycle.web), email: intakeFigures(lifecycle.email) },
  perCase: {
    stateTransitionsHappyPath: lifecycle.happyPath.transitions,
    stateTransitionsWhileWaiting:
      lifecycle.waiting.beforeAcknowledge.transitions + lifecycle.waiting.afterAcknowledge.transitions,
    happyPathStates: lifecycle.happyPath.states,
    transitionsAfterClose: lifecycle.happyPath.transitionsAfterClose,
    waiting: lifecycle.waiting,
    storedBytesPerCase: lifecycle.storedBytesPerCase,
    afterIntake: intakeFigures(lifecycle.happyPathAfterIntake),
  },
  scale: {
    openCasesQueryMs_1k: round(scale.openCasesQueryMs_1k),
    openCasesQueryMs_100k: round(scale.openCasesQueryMs_100k),
    ratio: round(scale.ratio),
    pairRatio: round(scale.pairRatio),
    readUnits_1k: scale.readUnits_1k,
    readUnits_100k: scale.readUnits_100k,
    openCases: scale.openCases,
    runs: scale.runs,
    loadSeconds: { '1k': round(scale.loadSeconds['1k']), '100k': round(scale.loadSeconds['100k']) },
  },
  search: {
    searchMs_1k: round(search.searchMs_1k),
    searchMs_10k: round(search.searchMs_10k),
    ratio: round(search.ratio),
    pairRatio: round(search.pairRatio),
    readUnits_1k: search.readUnits_1k,
    readUnits_10k: search.readUnits_10k,
    withCommonWordMs: { '1k': round(search.withCommonWordMs['1k']), '10k': round(search.withCommonWordMs['10k']) },
    runs: search.runs,
    loadSeconds: { '1k': round(search.loadSeconds['1k']), '10k': round(search.loadSeconds['10k']) },
  },
  email10MB: {
    messageBytes: mail.messageBytes,
    peakRssBytesOverIdle: mail.peakRssBytesOverIdle,
    overMessageSize: round(mail.peakRssBytesOverIdle / mail.messageBytes),
    idleRssBytes: mail.idleRssBytes,
    peakRssBytes: mail.peakRssBytes,
    highWaterMarkReset: mail.highWaterMarkReset,
  },
  load: { ...load, p50Ms: round(load.p50Ms), p99Ms: round(load.p99Ms) },
  costPer1000CasesUsd: round(cost.costPer1000CasesUsd),
  cost: {
    web: roundAll(cost.web),
    email: roundAll(cost.email),
    fixedMonthlyUsd: round(cost.fixedMonthlyUsd),
    fixedMonthly: roundAll(cost.fixedMonthly),
    prices: PRICES,
    assumptions: ASSUMPTIONS,
  },
  targets,
  ratios,
  timings: {
    ...Object.fromEntries(HANDLER_CASES.map((id) => [`handler-${id}`, rounded(handler[id])])),
    'parse-valid': rounded(validation.valid),
    'parse-invalid': rounded(validation.invalid),
    'workflow-submit': rounded(workflow.submit),
  },
  workflowWeek: {
    cases: workflow.cases,
    advanceWeekMs: round(workflow.advanceWeekMs),
    msPerCaseWeek: round(workflow.msPerCaseWeek),
    mailAfterSubmit: workflow.mailAfterSubmit,
    mailAfterWeek: workflow.mailAfterWeek,
    mailPerCase: round(workflow.mailPerCase),
    transitionsPerCase: workflow.transitionsPerCase,
    stillRunningAfterWeek: workflow.stillRunning,
  },
  bundleWarnings: bundles.warnings,
}

printReport()
await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
// The house formatter lays JSON out a little differently from JSON.stringify (short arrays on one line):
// let it, so that `npm run lint` passes on a committed results.json.
await promisify(execFile)(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), [
  'format',
  '--write',
  fileURLToPath(RESULTS),
])
console.log(`\nwrote bench/results.json (${results.durationSeconds} s)`)

function intakeFigures(counts: LifecycleResults['web']) {
  return {
    dynamodbRequests: counts.dynamodbRequests,
    sesSends: counts.sesSends,
    readUnits: counts.readUnits,
    writeUnits: counts.writeUnits,
    caseItemWrites: counts.caseItemWrites,
    requests: counts.requests,
  }
}

function targetsOf(
  bundleResults: BundleResults,
  life: LifecycleResults,
  scaleResults: ScaleResults,
  searchResults: SearchScaleResults,
  mailResults: MailMemoryResults,
  loadResults: LoadResults,
  costResults: CostResults,
) {
  const worst = (ratio: (fn: BundleResults['functions'][number]) => number) =>
    Math.max(...bundleResults.functions.map(ratio))
  const rows: Array<{ target: string; value: number; limit: number }> = [
    {
      target: 'bundle / floor (worst function)',
      value: worst((fn) => fn.bundleBytes / fn.floorBundleBytes),
      limit: 1.3,
    },
    { target: 'init / floor init (worst function)', value: worst((fn) => fn.initMs / fn.floorInitMs), limit: 1.3 },
    { target: 'DynamoDB requests per web intake', value: life.web.dynamodbRequests, limit: 3 },
    { target: 'DynamoDB requests per mail intake', value: life.email.dynamodbRequests, limit: 4 },
    { target: 'SES sends per new web case', value: life.web.sesSends, limit: 2 },
    { target: 'SES sends per new mail case', value: life.email.sesSends, limit: 2 },
    { target: 'state transitions, happy path', value: life.happyPath.transitions, limit: 15 },
    {
      target: 'state transitions while waiting',
      value: life.waiting.beforeAcknowledge.transitions + life.waiting.afterAcknowledge.transitions,
      limit: 0,
    },
    { target: 'open-cases query 100k / 1k (median of paired runs)', value: scaleResults.pairRatio, limit: 1.2 },
    { target: 'search by surname 10k / 1k (median of paired runs)', value: searchResults.pairRatio, limit: 1.5 },
    {
      target: '10 MB mail: peak RSS over idle / size',
      value: mailResults.peakRssBytesOverIdle / mailResults.messageBytes,
      limit: 3,
    },
    { target: 'load: 5xx', value: loadResults.status5xx, limit: 0 },
    { target: 'load: lost', value: loadResults.lost, limit: 0 },
    { target: 'USD per 1,000 cases', value: costResults.costPer1000CasesUsd, limit: 1 },
  ]
  return rows.map((row) => ({ ...row, value: round(row.value), met: row.value <= row.limit }))
}

type Ratios = ReturnType<typeof computeRatios>

function computeRatios(
  handlerResults: HandlerResults,
  validationResults: ValidationResults,
  bundleResults: BundleResults,
  workflowResults: WorkflowResults,
) {
  const a = handlerResults.a.medianMs
  return {
    'handler b/a (form post → HTML)': round(handlerResults.b.medianMs / a),
    'handler c/a (fresh Idempotency-Key)': round(handlerResults.c.medianMs / a),
    'handler d/a (replayed Idempotency-Key)': round(handlerResults.d.medianMs / a),
    'handler e/a (invalid → 400)': round(handlerResults.e.medianMs / a),
    'handler a / parse valid': round(a / validationResults.valid.medianMs),
    'parse invalid / parse valid': round(validationResults.invalid.medianMs / validationResults.valid.medianMs),
    'submit bundle full zod / zod mini': round(bundleResults.submitFullZodRatio.sdkExternal),
    'same, SDK bundled in': round(bundleResults.submitFullZodRatio.sdkBundledIn),
    'case-week / handler a': round(workflowResults.msPerCaseWeek / a),
  }
}

function rounded(timing: Timing): Timing {
  return {
    ops: timing.ops,
    medianMs: round(timing.medianMs),
    p95Ms: round(timing.p95Ms),
    opsPerSecond: round(timing.opsPerSecond),
  }
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, round(value)]))
}

async function readPreviousRatios(): Promise<{ date: string; ratios: Record<string, number> } | undefined> {
  try {
    const { date, ratios } = JSON.parse(await readFile(RESULTS, 'utf8')) as {
      date: string
      ratios: Record<string, number>
    }
    return { date, ratios }
  } catch {
    return undefined
  }
}

function printReport() {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1)
  console.log()
  table(
    ['function (SDK bundled in)', 'KiB', 'floor KiB', '×', 'deployed KiB', 'init ms', 'floor ms', '×', 'SDK clients'],
    bundles.functions.map((fn) => [
      fn.name,
      kib(fn.bundleBytes),
      kib(fn.floorBundleBytes),
      fixed(fn.bundleBytes / fn.floorBundleBytes),
      kib(fn.deployedBundleBytes),
      fixed(fn.initMs),
      fixed(fn.floorInitMs),
      fixed(fn.initMs / fn.floorInitMs),
      fn.sdkClients.map((client) => client.className.replace(/Client$/, '')).join(' '),
    ]),
  )
  console.log(
    `  init: median of ${bundles.initRuns} fresh processes, minus an empty module's ${fixed(bundles.emptyImportMs)} ms`,
  )
  console.log('  heaviest beyond the SDK (KiB):')
  for (const fn of bundles.functions) {
    console.log(`    ${fn.name}: ${fn.heaviestBeyondSdk.map((item) => `${item.name} ${kib(item.bytes)}`).join(', ')}`)
  }
  for (const warning of bundles.warnings) console.log(`  esbuild: ${warning}`)

  console.log()
  table(
    ['per intake (request → notification)', 'DynamoDB requests', 'RRU', 'WRU', 'SES sends'],
    [
      ['web (POST /api/requests)', lifecycle.web],
      ['mail (SMTP)', lifecycle.email],
      ['happy path after the intake (5 advisor calls)', lifecycle.happyPathAfterIntake],
    ].map(([label, counts]) => {
      const c = counts as LifecycleResults['web']
      return [label as string, String(c.dynamodbRequests), fixed(c.readUnits), fixed(c.writeUnits), String(c.sesSends)]
    }),
  )
  console.log("  the web intake's requests, in order:")
  for (const request of lifecycle.web.requests) console.log(`    ${request}`)
  console.log(
    `\nstate transitions: happy path ${lifecycle.happyPath.transitions} (${lifecycle.happyPath.states.join(' → ')}), ` +
      `${lifecycle.happyPath.transitionsAfterClose} after the close; while waiting: ` +
      `${lifecycle.waiting.beforeAcknowledge.transitions} in ${lifecycle.waiting.beforeAcknowledge.duration} before ` +
      `acknowledging, ${lifecycle.waiting.afterAcknowledge.transitions} in ${lifecycle.waiting.afterAcknowledge.duration} after`,
  )
  console.log(
    `open-cases query (${scale.openCases} open): ${fixed(scale.openCasesQueryMs_1k)} ms at 1k, ` +
      `${fixed(scale.openCasesQueryMs_100k)} ms at 100k (×${fixed(scale.ratio)}; ${scale.readUnits_1k} and ` +
      `${scale.readUnits_100k} read units per query; loading 100k took ` +
      `${fixed(scale.loadSeconds['100k'])} s)`,
  )
  console.log(
    `search by surname: ${fixed(search.searchMs_1k)} ms at 1k, ${fixed(search.searchMs_10k)} ms at 10k ` +
      `(×${fixed(search.ratio)}; ${search.readUnits_1k} and ${search.readUnits_10k} read units per search); with a ` +
      `word one case in ten has: ${fixed(search.withCommonWordMs['1k'])} and ${fixed(search.withCommonWordMs['10k'])} ms`,
  )
  console.log(
    `10 MB mail: ${(mail.messageBytes / 1e6).toFixed(2)} MB, peak RSS ${(mail.peakRssBytesOverIdle / 1e6).toFixed(1)} MB ` +
      `over idle (×${fixed(mail.peakRssBytesOverIdle / mail.messageBytes)} its size)`,
  )
  console.log(
    `load: ${load.concurrency} clients × ${load.seconds} s: ${load.requests} answers (${JSON.stringify(load.statuses)}), ` +
      `5xx ${load.status5xx}, lost ${load.lost}, p50 ${fixed(load.p50Ms)} ms, p99 ${fixed(load.p99Ms)} ms; ` +
      `${load.repeats} repeated keys, ${load.repeatMismatches} answered with another reference`,
  )
  console.log(
    `cost: $${fixed(cost.costPer1000CasesUsd)} per 1,000 cases (web $${fixed(cost.web.total)}, mail ` +
      `$${fixed(cost.email.total)}; ${ASSUMPTIONS.webShare * 100} % web), plus $${fixed(cost.fixedMonthlyUsd)} a month fixed`,
  )

  console.log()
  table(
    ['target', 'this run', 'limit', 'met'],
    targets.map((row) => [row.target, fixed(row.value), String(row.limit), row.met ? 'yes' : 'NO']),
  )

  console.log()
  table(
    ['case', 'ops', 'median ms', 'p95 ms', 'ops/s'],
    [
      ...HANDLER_CASES.map((id): [string, Timing] => [HANDLER_LABELS[id], handler[id]]),
      ['parseWebRequest, valid', validation.valid] as [string, Timing],
      ['parseWebRequest, invalid', validation.invalid] as [string, Timing],
      ['workflow: submit + settle (local stack, HTTP)', workflow.submit] as [string, Timing],
    ].map(([label, timing]) => [
      label,
      String(timing.ops),
      fixed(timing.medianMs),
      fixed(timing.p95Ms),
      String(Math.round(timing.opsPerSecond)),
    ]),
  )
  console.log(
    `\nworkflow week, ${workflow.cases} cases submitted Monday morning, then POST /_dev/clock {advance: P7D}: ` +
      `${Math.round(workflow.advanceWeekMs)} ms = ${fixed(workflow.msPerCaseWeek)} ms per case-week; mail ` +
      `${workflow.mailAfterSubmit} after submitting, ${workflow.mailAfterWeek} after the week; ` +
      `${workflow.stillRunning} still waiting on the clock`,
  )
  console.log()
  table(
    ['ratio (within this run)', 'this run', previous ? `previous (${previous.date.slice(0, 16)})` : 'previous'],
    Object.entries(ratios as Ratios).map(([name, value]) => [name, fixed(value), fixed(previous?.ratios[name])]),
  )
}

function fixed(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-'
  if (value >= 100) return value.toFixed(0)
  if (value >= 10) return value.toFixed(1)
  if (value >= 0.1) return value.toFixed(2)
  return value.toFixed(4)
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
  console.log(line(header).join('  '))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row).join('  '))
}
