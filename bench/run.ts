import './quiet.ts'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BundleResults, type BundleSize, benchBundles } from './bundles.ts'
import { benchHandler, HANDLER_CASES, HANDLER_LABELS, type HandlerResults } from './handler.ts'
import { round, type Timing } from './stats.ts'
import { createValidationBench, type ValidationResults } from './validation.ts'
import { benchWorkflow, type WorkflowResults } from './workflow.ts'

/**
 * `npm run bench`: the four cases of bench/README.md in one process, one after the other, then a table on stdout
 * and bench/results.json. Ratios are taken within this run; absolute numbers depend on the machine and its load.
 */

const RESULTS = new URL('./results.json', import.meta.url)
const WORKFLOW_CASES = 20
/** Monday 11 January 2027, 09:00 in Rotterdam: adv-01 is on duty in the example roster. */
const MONDAY_MORNING = new Date('2027-01-11T09:00:00+01:00')

const started = performance.now()
const loadAtStart = loadavg().map((value) => round(value, 2))
const previous = await readPreviousRatios()

console.log('bench: bundles…')
const bundles = await benchBundles()
console.log('bench: submit handler and validation, interleaved…')
const validationBench = createValidationBench({ batchSize: 250, warmupCalls: 5_000 })
const handler = await benchHandler({
  rounds: 30,
  perRound: 10,
  warmupPerCase: 30,
  budgetMs: 60_000,
  eachRound: () => validationBench.round(7),
})
const validation = validationBench.results()
console.log('bench: workflow week…')
const workflow = await benchWorkflow({ cases: WORKFLOW_CASES, clockStart: MONDAY_MORNING })

const ratios = computeRatios(handler, validation, bundles, workflow)
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart },
  durationSeconds: round((performance.now() - started) / 1000, 3),
  ratios,
  timings: {
    ...Object.fromEntries(HANDLER_CASES.map((id) => [`handler-${id}`, rounded(handler[id])])),
    'parse-valid': rounded(validation.valid),
    'parse-invalid': rounded(validation.invalid),
    'workflow-submit': rounded(workflow.submit),
  },
  bundles: {
    entries: bundles.bundles.map(({ heaviest: _heaviest, ...size }) => size),
    submitWithFullZod: bundles.submitWithFullZod.map(({ heaviest: _heaviest, ...size }) => size),
    warnings: bundles.warnings,
  },
  workflow: {
    cases: workflow.cases,
    advanceWeekMs: round(workflow.advanceWeekMs),
    msPerCaseWeek: round(workflow.msPerCaseWeek),
    mailAfterSubmit: workflow.mailAfterSubmit,
    mailAfterWeek: workflow.mailAfterWeek,
    mailPerCase: round(workflow.mailPerCase),
    transitionsPerCase: workflow.transitionsPerCase,
    stillRunningAfterWeek: workflow.stillRunning,
  },
}

printReport(handler, validation, bundles, workflow, ratios, previous)
await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
// The house formatter lays JSON out a little differently from JSON.stringify (short arrays on one line):
// let it, so that `npm run lint` passes on a committed results.json.
await promisify(execFile)(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), [
  'format',
  '--write',
  fileURLToPath(RESULTS),
])
console.log(`\nwrote bench/results.json (${results.durationSeconds} s)`)

type Ratios = ReturnType<typeof computeRatios>

function computeRatios(
  handler: HandlerResults,
  validation: ValidationResults,
  bundles: BundleResults,
  workflow: WorkflowResults,
) {
  const a = handler.a.medianMs
  const submitBytes = (sizes: BundleSize[], externals: BundleSize['externals']) =>
    sizes.find((size) => size.entry === 'functions/web-intake/submit.ts' && size.externals === externals)?.bytes ??
    Number.NaN
  return {
    'handler b/a (form post → HTML)': round(handler.b.medianMs / a),
    'handler c/a (fresh Idempotency-Key)': round(handler.c.medianMs / a),
    'handler d/a (replayed Idempotency-Key)': round(handler.d.medianMs / a),
    'handler e/a (invalid → 400)': round(handler.e.medianMs / a),
    'handler a / parse valid': round(a / validation.valid.medianMs),
    'parse invalid / parse valid': round(validation.invalid.medianMs / validation.valid.medianMs),
    'submit bundle full zod / zod mini': round(
      submitBytes(bundles.submitWithFullZod, 'aws-sdk') / submitBytes(bundles.bundles, 'aws-sdk'),
    ),
    'same, nothing external': round(
      submitBytes(bundles.submitWithFullZod, 'none') / submitBytes(bundles.bundles, 'none'),
    ),
    'case-week / handler a': round(workflow.msPerCaseWeek / a),
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

function printReport(
  handler: HandlerResults,
  validation: ValidationResults,
  bundles: BundleResults,
  workflow: WorkflowResults,
  ratios: Ratios,
  previous: { date: string; ratios: Record<string, number> } | undefined,
) {
  const timingRows: Array<[string, Timing]> = [
    ...HANDLER_CASES.map((id): [string, Timing] => [HANDLER_LABELS[id], handler[id]]),
    ['parseWebRequest, valid', validation.valid],
    ['parseWebRequest, invalid', validation.invalid],
    [`workflow: submit + settle (local stack, HTTP)`, workflow.submit],
  ]
  console.log()
  table(
    ['case', 'ops', 'median ms', 'p95 ms', 'ops/s'],
    timingRows.map(([label, timing]) => [
      label,
      String(timing.ops),
      fixed(timing.medianMs),
      fixed(timing.p95Ms),
      String(Math.round(timing.opsPerSecond)),
    ]),
  )

  console.log()
  const byEntry = new Map<string, Record<string, number>>()
  for (const size of bundles.bundles) {
    byEntry.set(size.entry, {
      ...byEntry.get(size.entry),
      [size.externals]: size.bytes,
      [`${size.externals}-gzip`]: size.gzipBytes,
    })
  }
  const kb = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 1024).toFixed(1))
  table(
    ['bundle (minified ESM)', 'KiB, @aws-sdk external', 'gzip', 'KiB, nothing external', 'gzip'],
    [
      ...[...byEntry].map(([entry, sizes]) => [
        entry,
        kb(sizes['aws-sdk']),
        kb(sizes['aws-sdk-gzip']),
        kb(sizes.none),
        kb(sizes['none-gzip']),
      ]),
      [
        'submit.ts with full zod (what-if)',
        ...bundles.submitWithFullZod.flatMap((size) => [kb(size.bytes), kb(size.gzipBytes)]),
      ],
    ],
  )
  console.log('  heaviest packages, @aws-sdk external (KiB):')
  for (const size of bundles.bundles.filter((candidate) => candidate.externals === 'aws-sdk')) {
    console.log(`    ${size.entry}: ${size.heaviest.map((item) => `${item.name} ${kb(item.bytes)}`).join(', ')}`)
  }
  for (const warning of bundles.warnings) console.log(`  esbuild: ${warning}`)

  console.log()
  console.log(
    `workflow, ${workflow.cases} cases submitted Monday morning, then POST /_dev/clock {advance: P7D}: ` +
      `${Math.round(workflow.advanceWeekMs)} ms = ${fixed(workflow.msPerCaseWeek)} ms per case-week`,
  )
  console.log(
    `  mail: ${workflow.mailAfterSubmit} after submitting, ${workflow.mailAfterWeek} after the week ` +
      `(${fixed(workflow.mailPerCase)} per case); transitions per case: min ${workflow.transitionsPerCase.min}, ` +
      `median ${workflow.transitionsPerCase.median}, max ${workflow.transitionsPerCase.max}; ` +
      `${workflow.stillRunning} still waiting on the clock`,
  )

  console.log()
  table(
    ['ratio (within this run)', 'this run', previous ? `previous (${previous.date.slice(0, 16)})` : 'previous'],
    Object.entries(ratios).map(([name, value]) => [name, fixed(value), fixed(previous?.ratios[name])]),
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
