import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { type BuildOptions, build, type Plugin } from 'esbuild'

/**
 * Case 3: what each Lambda entry point weighs, bundled the way lib/constructs/lambda-defaults.ts has NodejsFunction
 * bundle it (minified ESM for node22 with the createRequire banner), with `@aws-sdk/*` external as NodejsFunction
 * does for Node ≥ 18, and once with nothing external. Source maps are left out: they are not loaded at cold start.
 */

export const ENTRY_POINTS = [
  'functions/web-intake/submit.ts',
  'functions/case-workflow/task.ts',
  'functions/case-workflow/start.ts',
  'functions/actions/action.ts',
] as const

export interface BundleSize {
  entry: string
  externals: 'aws-sdk' | 'none'
  bytes: number
  gzipBytes: number
  /** The packages that weigh most in this bundle (bytes in the output). */
  heaviest: Array<{ name: string; bytes: number }>
}

export interface BundleResults {
  bundles: BundleSize[]
  /** The submit entry with `zod/mini` swapped for full `zod`, with and without `@aws-sdk/*` external. */
  submitWithFullZod: BundleSize[]
  /** Builds that esbuild warned about (e.g. a zod/mini name full zod lacks), as `entry: text`. */
  warnings: string[]
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const LAMBDA_BUNDLING: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
  write: false,
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: ROOT,
}

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

async function bundle(entry: string, externals: BundleSize['externals'], plugins: Plugin[] = []) {
  const result = await build({
    ...LAMBDA_BUNDLING,
    entryPoints: [entry],
    outfile: 'bench-out/handler.mjs',
    external: externals === 'aws-sdk' ? ['@aws-sdk/*'] : [],
    plugins,
  })
  const code = (result.outputFiles ?? []).find((file) => file.path.endsWith('.mjs'))
  if (code === undefined) throw new Error(`esbuild produced no code for ${entry}`)
  const byPackage = new Map<string, number>()
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input)
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
    }
  }
  const heaviest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, bytes]) => ({ name, bytes }))
  const size: BundleSize = {
    entry,
    externals,
    bytes: code.contents.byteLength,
    gzipBytes: gzipSync(code.contents).byteLength,
    heaviest,
  }
  return { size, warnings: result.warnings.map((warning) => `${entry}: ${warning.text}`) }
}

/** `node_modules/@smithy/core/dist/x.js` → `@smithy/core`; our own files → `(app)`. */
function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  return match?.[1] ?? '(app)'
}

export async function benchBundles(): Promise<BundleResults> {
  const bundles: BundleSize[] = []
  const warnings: string[] = []
  for (const externals of ['aws-sdk', 'none'] as const) {
    for (const entry of ENTRY_POINTS) {
      const built = await bundle(entry, externals)
      bundles.push(built.size)
      warnings.push(...built.warnings)
    }
  }
  const submitWithFullZod: BundleSize[] = []
  for (const externals of ['aws-sdk', 'none'] as const) {
    const built = await bundle('functions/web-intake/submit.ts', externals, [fullZod])
    submitWithFullZod.push(built.size)
    warnings.push(...built.warnings)
  }
  return { bundles, submitWithFullZod, warnings }
}
