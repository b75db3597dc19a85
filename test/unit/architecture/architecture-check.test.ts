import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cruise, format, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * `npm run check:architecture` is dependency-cruiser with the repository's rules (.dependency-cruiser.mjs) over the
 * folders its script names. These tests run that very configuration, through dependency-cruiser's API, over small
 * trees written to a temporary folder: a tree that keeps HOUSE-STYLE's import directions passes, and each planted
 * break is reported under the rule that forbids it.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SCRIPT = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['check:architecture'] as string
const COMMAND = /^depcruise ((?:[a-z]+ )+)--config (\S+)$/.exec(SCRIPT)
if (!COMMAND?.[1] || !COMMAND[2]) throw new Error(`Unexpected check:architecture script: ${SCRIPT}`)
const FOLDERS = COMMAND[1].trim().split(' ')
const CONFIG = join(ROOT, COMMAND[2])

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    noEmit: true,
  },
})

const trees: string[] = []
afterEach(() => {
  for (const tree of trees.splice(0)) rmSync(tree, { recursive: true, force: true })
})

/** Writes the tree, runs the check on it; the violations as `rule: from → to` (a cycle: all the way round), and the `err` report. */
async function check(
  files: Record<string, string>,
): Promise<{ violations: string[]; report: string; exitCode: number }> {
  const tree = mkdtempSync(join(tmpdir(), 'architecture-'))
  trees.push(tree)
  for (const folder of FOLDERS) mkdirSync(join(tree, folder), { recursive: true })
  writeFileSync(join(tree, 'tsconfig.json'), TSCONFIG)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true })
    writeFileSync(join(tree, path), text)
  }
  const options = await extractDepcruiseOptions(CONFIG)
  const tsConfigFile = join(tree, 'tsconfig.json')
  const { output } = await cruise(
    FOLDERS,
    { ...options, baseDir: tree, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  )
  const result = output as ICruiseResult
  const { output: report, exitCode } = await format(result, { outputType: 'err' })
  const violations = result.summary.violations
    .map(({ rule, from, to, cycle }) =>
      cycle === undefined
        ? `${rule.name}: ${from} → ${to}`
        : `${rule.name}: ${[from, ...cycle.map(({ name }) => name)].join(' → ')}`,
    )
    .sort()
  return { violations, report: String(report), exitCode }
}

/** A tree that follows every direction of HOUSE-STYLE's map. */
const ALLOWED: Record<string, string> = {
  'functions/core/cases/case.ts': "import * as z from 'zod/mini'\nexport const caseSchema = z.object({})\n",
  'functions/core/ports/stores.ts':
    "import type { caseSchema } from '../cases/case.ts'\nexport type Store = typeof caseSchema\n",
  'functions/adapters/dynamo-store.ts':
    "import type { Store } from '../core/ports/stores.ts'\nexport const store = {} as unknown as Store\n",
  'functions/views/case-page.ts':
    "import { caseSchema } from '../core/cases/case.ts'\nexport const page = caseSchema\n",
  'functions/web-intake/submit.ts':
    "import { store } from '../adapters/dynamo-store.ts'\nimport { page } from '../views/case-page.ts'\nexport const handler = [store, page]\n",
  'lib/stacks/stateless.ts':
    "import { handler } from '../../functions/web-intake/submit.ts'\nexport const stack = handler\n",
  'bin/app.ts': "import { stack } from '../lib/stacks/stateless.ts'\nexport const app = stack\n",
  'local/stack.ts': "import { handler } from '../functions/web-intake/submit.ts'\nexport const local = handler\n",
  'bench/run.ts': "import { local } from '../local/stack.ts'\nexport const bench = local\n",
  'test/unit/stack.test.ts': "import { local } from '../../local/stack.ts'\nexport const tested = local\n",
}

describe('The house rules as code: npm run check:architecture', () => {
  it('passes a tree that keeps every import direction', async () => {
    const { violations, exitCode } = await check(ALLOWED)

    expect(violations).toEqual([])
    expect(exitCode).toBe(0)
  })

  it('fails on a planted core → adapters import (core-imports-only-core)', async () => {
    const { violations, report, exitCode } = await check({
      ...ALLOWED,
      'functions/core/cases/route.ts':
        "import { store } from '../../adapters/dynamo-store.ts'\nexport const route = store\n",
    })

    expect(violations).toEqual([
      'core-imports-only-core: functions/core/cases/route.ts → functions/adapters/dynamo-store.ts',
    ])
    expect(report).toContain(
      'error core-imports-only-core: functions/core/cases/route.ts → functions/adapters/dynamo-store.ts',
    )
    expect(exitCode).toBe(1)
  })

  it('fails on a planted cycle under functions/ (no-cycles-in-functions)', async () => {
    const { violations, report, exitCode } = await check({
      ...ALLOWED,
      'functions/core/deadlines/steps.ts': "import { act } from '../cases/actions.ts'\nexport const step = () => act\n",
      'functions/core/cases/actions.ts':
        "import { step } from '../deadlines/steps.ts'\nexport const act = () => step\n",
    })

    expect(violations).toEqual([
      'no-cycles-in-functions: functions/core/cases/actions.ts → functions/core/deadlines/steps.ts → functions/core/cases/actions.ts',
    ])
    expect(report).toContain(
      'error no-cycles-in-functions: functions/core/deadlines/steps.ts → functions/core/cases/actions.ts',
    )
    expect(report).toContain(
      'error no-cycles-in-functions: functions/core/cases/actions.ts → functions/core/deadlines/steps.ts',
    )
    expect(exitCode).toBe(2)
  })

  it('counts a cycle made of type-only imports', async () => {
    const { violations } = await check({
      ...ALLOWED,
      'functions/core/ports/stores.ts': "import type { Row } from '../statistics/row.ts'\nexport type Store = Row[]\n",
      'functions/core/statistics/row.ts': "import type { Store } from '../ports/stores.ts'\nexport type Row = Store\n",
    })

    expect(violations).toEqual([
      'no-cycles-in-functions: functions/core/ports/stores.ts → functions/core/statistics/row.ts → functions/core/ports/stores.ts',
    ])
  })

  it('counts a cycle that leaves functions/ and comes back', async () => {
    const { violations } = await check({
      ...ALLOWED,
      'functions/web-intake/settings.ts':
        "import { stack } from '../../lib/stacks/stateless.ts'\nexport const settings = stack\n",
      'functions/web-intake/submit.ts':
        "import { settings } from './settings.ts'\nimport { store } from '../adapters/dynamo-store.ts'\nexport const handler = [settings, store]\n",
    })

    expect(violations).toEqual([
      'no-cycles-in-functions: functions/web-intake/settings.ts → lib/stacks/stateless.ts → functions/web-intake/submit.ts → functions/web-intake/settings.ts',
    ])
  })

  it('fails when core imports anything of ours outside core, or the AWS SDK', async () => {
    const { violations } = await check({
      ...ALLOWED,
      'functions/core/cases/case.ts':
        "import { S3Client } from '@aws-sdk/client-s3'\nimport { ok } from '../../http/responses.ts'\nimport { config } from '../../../lib/config.ts'\nexport const caseSchema = [S3Client, ok, config]\n",
      'functions/http/responses.ts': 'export const ok = 200\n',
      'lib/config.ts': 'export const config = {}\n',
    })

    expect(violations).toEqual([
      'core-imports-only-core: functions/core/cases/case.ts → functions/http/responses.ts',
      'core-imports-only-core: functions/core/cases/case.ts → lib/config.ts',
      'core-without-aws-sdk: functions/core/cases/case.ts → @aws-sdk/client-s3',
    ])
  })

  it('fails when functions, lib or bin import local/ (only bench/ and test/ may)', async () => {
    const { violations } = await check({
      ...ALLOWED,
      'functions/web-intake/dev.ts': "import { local } from '../../local/stack.ts'\nexport const dev = local\n",
      'lib/config.ts': "import { local } from '../local/stack.ts'\nexport const config = local\n",
      'bin/roster.ts': "import { local } from '../local/stack.ts'\nexport const roster = local\n",
    })

    expect(violations).toEqual([
      'only-bench-and-tests-import-local: bin/roster.ts → local/stack.ts',
      'only-bench-and-tests-import-local: functions/web-intake/dev.ts → local/stack.ts',
      'only-bench-and-tests-import-local: lib/config.ts → local/stack.ts',
    ])
  })

  it('fails when a view imports an adapter (views-without-adapters)', async () => {
    const { violations } = await check({
      ...ALLOWED,
      'functions/views/case-page.ts':
        "import { store } from '../adapters/dynamo-store.ts'\nimport { caseSchema } from '../core/cases/case.ts'\nexport const page = [store, caseSchema]\n",
    })

    expect(violations).toEqual([
      'views-without-adapters: functions/views/case-page.ts → functions/adapters/dynamo-store.ts',
    ])
  })
})
