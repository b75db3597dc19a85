import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild'
import type { LambdaFunction } from './lambda-functions.ts'
import { quantile, rotate } from './stats.ts'

/**
 * Bundle weight and cold init of every Lambda function, against a floor: a bundle built the same way that only
 * imports and constructs the AWS SDK clients the function's bundle holds. Each function is bundled with the esbuild
 * options CDK's NodejsFunction uses for it (lambda-functions.ts), once with the SDK bundled in (what runs: the
 * runtime loads the SDK either way) and once with CDK's externals (the bytes CDK uploads). Init is the time to
 * `import()` the bundle in a fresh `node`, minus the same for an empty module, median of `runs` processes.
 */

export interface SdkClient {
  /** e.g. `@aws-sdk/client-dynamodb` */
  packageName: string
  /** e.g. `DynamoDBClient`, or `DynamoDBDocumentClient` for lib-dynamodb (built on a DynamoDBClient). */
  className: string
}

export interface FunctionBundle {
  name: string
  entry: string
  memoryMb: number
  sdkClients: SdkClient[]
  bundleBytes: number
  bundleGzipBytes: number
  /** With CDK's externals (`@aws-sdk/*` unless lib/ bundles the SDK): what the deployment package holds. */
  deployedBundleBytes: number
  floorBundleBytes: number
  initMs: number
  floorInitMs: number
  /** The packages that weigh most in the bundle (bytes in the output), and the heaviest that are not the SDK. */
  heaviest: Array<{ name: string; bytes: number }>
  heaviestBeyondSdk: Array<{ name: string; bytes: number }>
}

export interface BundleResults {
  functions: FunctionBundle[]
  /** Node's own cost of importing an empty module (subtracted from every init). */
  emptyImportMs: number
  initRuns: number
  /** The submit entry with `zod/mini` swapped for full `zod`: bytes over the real bundle (SDK external / bundled in). */
  submitFullZodRatio: { sdkExternal: number; sdkBundledIn: number }
  warnings: string[]
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RUNNER = fileURLToPath(new URL('./init-runner.mjs', import.meta.url))
const SDK_PACKAGE = /^@(aws-sdk|smithy|aws-crypto|aws)\//

/**
 * Resolves `zod/mini` to full `zod`, as if the schemas imported the classic API. Classic zod names two checks
 * differently (`lte`/`gte` for mini's `maximum`/`minimum`), so the stand-in re-exports them under mini's names.
 */
const fullZod: Plugin = {
  name: 'full-zod',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: 'zod-as-mini', namespace: 'full-zod' }))
    pluginBuild.onLoad({ filter: /.*/, namespace: 'full-zod' }, () => ({
      contents: "export * from 'zod'\nexport { gte as minimum, lte as maximum } from 'zod'\n",
      resolveDir: ROOT,
      loader: 'js',
    }))
  },
}

interface Built {
  code: Uint8Array
  metafile: Metafile
  warnings: string[]
}

async function bundle(
  options: BuildOptions,
  source: { entry: string } | { contents: string; label: string },
  external: string[],
  plugins: Plugin[] = [],
): Promise<Built> {
  const result = await build({
    ...options,
    ...('entry' in source
      ? { entryPoints: [source.entry] }
      : { stdin: { contents: source.contents, resolveDir: ROOT, sourcefile: source.label, loader: 'js' } }),
    outfile: 'bench-out/index.mjs',
    external,
    plugins,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  })
  const code = (result.outputFiles ?? []).find((file) => file.path.endsWith('.mjs'))
  if (code === undefined || result.metafile === undefined) throw new Error('esbuild produced no code')
  const label = 'entry' in source ? source.entry : source.label
  return { code: code.contents, metafile: result.metafile, warnings: result.warnings.map((w) => `${label}: ${w.text}`) }
}

function bytesByPackage(metafile: Metafile): Array<{ name: string; bytes: number }> {
  const byPackage = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? '(app)'
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
    }
  }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes)
}

/** The SDK clients a bundle holds: each `@aws-sdk/client-x/dist-es/XClient.js` in it, and lib-dynamodb's. */
export function sdkClientsIn(metafile: Metafile): SdkClient[] {
  const clients = new Map<string, SdkClient>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue
      const match = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\/dist-es\/(\w+Client)\.js$/.exec(
        input,
      )
      if (match?.[1] && match[2]) clients.set(match[1], { packageName: match[1], className: match[2] })
    }
  }
  return [...clients.values()].sort((a, b) => a.packageName.localeCompare(b.packageName))
}

/** A module that imports and constructs the clients, and exports a handler that does nothing. */
export function floorSource(clients: SdkClient[]): string {
  const documentClient = clients.some((client) => client.packageName === '@aws-sdk/lib-dynamodb')
  const imports = clients.map((client) => `import { ${client.className} } from '${client.packageName}'`)
  if (documentClient && !clients.some((client) => client.packageName === '@aws-sdk/client-dynamodb')) {
    imports.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb'")
  }
  const constructed = clients
    .filter((client) => !(documentClient && client.packageName === '@aws-sdk/client-dynamodb'))
    .map((client) =>
      client.packageName === '@aws-sdk/lib-dynamodb'
        ? 'DynamoDBDocumentClient.from(new DynamoDBClient({}))'
        : `new ${client.className}({})`,
    )
  return `${imports.join('\n')}\nconst clients = [${constructed.join(', ')}]\nexport const handler = async () => clients.length\n`
}

/** The environment a function's module sees at cold start, as Lambda sets it (plus the app's variables). */
function lambdaEnvironment(fn: LambdaFunction | undefined): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: fn?.name.replace(/\W/g, '-') ?? 'floor',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn?.memoryMb ?? 256),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...fn?.environment,
  }
}

/** The import time, or the error's first line when the module throws at cold start (a missing variable, say). */
async function importMs(file: string, env: NodeJS.ProcessEnv): Promise<number | string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [RUNNER, file], { env, timeout: 60_000 })
    const ms = Number(stdout.trim())
    return Number.isFinite(ms) ? ms : `init runner printed ${stdout.slice(0, 200)}`
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error)
    return /^\w*Error:.*$/m.exec(stderr)?.[0] ?? stderr.split('\n')[0] ?? 'failed'
  }
}

export async function benchBundles(functions: LambdaFunction[], options: { initRuns: number }): Promise<BundleResults> {
  const dir = mkdtempSync(join(tmpdir(), 'mar-bench-bundles-'))
  const warnings: string[] = []
  const prepared: Array<{
    fn: LambdaFunction
    file: string
    floorFile: string
    built: Built
    deployed: Built
    floor: Built
    clients: SdkClient[]
  }> = []
  for (const fn of functions) {
    const built = await bundle(fn.bundling, { entry: fn.entry }, [])
    const deployed = await bundle(fn.bundling, { entry: fn.entry }, fn.externals)
    const clients = sdkClientsIn(built.metafile)
    const floor = await bundle(fn.bundling, { contents: floorSource(clients), label: `floor of ${fn.entry}` }, [])
    warnings.push(...built.warnings, ...floor.warnings)
    const file = join(dir, `${fn.name.replace(/\W/g, '-')}.mjs`)
    const floorFile = join(dir, `${fn.name.replace(/\W/g, '-')}.floor.mjs`)
    writeFileSync(file, built.code)
    writeFileSync(floorFile, floor.code)
    prepared.push({ fn, file, floorFile, built, deployed, floor, clients })
  }
  const emptyFile = join(dir, 'empty.mjs')
  writeFileSync(emptyFile, 'export {}\n')

  // One process per bundle per round, in a rotated order, so that load on the machine falls on all alike.
  const jobs = [
    { id: 'empty', file: emptyFile, env: lambdaEnvironment(undefined) },
    ...prepared.flatMap(({ fn, file, floorFile }) => [
      { id: `${fn.name}`, file, env: lambdaEnvironment(fn) },
      { id: `${fn.name} floor`, file: floorFile, env: lambdaEnvironment(fn) },
    ]),
  ]
  const samples = new Map<string, number[]>(jobs.map((job) => [job.id, []]))
  const initErrors = new Map<string, string>()
  for (let round = 0; round < options.initRuns; round++) {
    for (const job of rotate(jobs, round)) {
      if (initErrors.has(job.id)) continue
      const ms = await importMs(job.file, job.env)
      if (typeof ms === 'string') initErrors.set(job.id, ms)
      else samples.get(job.id)?.push(ms)
    }
  }
  for (const [id, error] of initErrors) warnings.push(`${id} failed at cold start: ${error}`)
  const median = (id: string) =>
    initErrors.has(id)
      ? Number.NaN
      : quantile(
          [...(samples.get(id) ?? [])].sort((a, b) => a - b),
          0.5,
        )
  const emptyImportMs = median('empty')

  const submit = functions.find((fn) => fn.entry === 'functions/web-intake/submit.ts')
  let submitFullZodRatio = { sdkExternal: Number.NaN, sdkBundledIn: Number.NaN }
  if (submit) {
    const real = prepared.find((item) => item.fn === submit)
    const fullIn = await bundle(submit.bundling, { entry: submit.entry }, [], [fullZod])
    const fullOut = await bundle(submit.bundling, { entry: submit.entry }, submit.externals, [fullZod])
    warnings.push(...fullIn.warnings, ...fullOut.warnings)
    if (real) {
      submitFullZodRatio = {
        sdkExternal: fullOut.code.byteLength / real.deployed.code.byteLength,
        sdkBundledIn: fullIn.code.byteLength / real.built.code.byteLength,
      }
    }
  }

  return {
    functions: prepared.map(({ fn, built, deployed, floor, clients }) => {
      const packages = bytesByPackage(built.metafile)
      return {
        name: fn.name,
        entry: fn.entry,
        memoryMb: fn.memoryMb,
        sdkClients: clients,
        bundleBytes: built.code.byteLength,
        bundleGzipBytes: gzipSync(built.code).byteLength,
        deployedBundleBytes: deployed.code.byteLength,
        floorBundleBytes: floor.code.byteLength,
        initMs: median(fn.name) - emptyImportMs,
        floorInitMs: median(`${fn.name} floor`) - emptyImportMs,
        heaviest: packages.slice(0, 5),
        heaviestBeyondSdk: packages.filter((item) => !SDK_PACKAGE.test(item.name)).slice(0, 5),
      }
    }),
    emptyImportMs,
    initRuns: options.initRuns,
    submitFullZodRatio,
    warnings,
  }
}
