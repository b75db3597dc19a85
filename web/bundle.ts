/**
 * The browser scripts, built from `web/src/` by esbuild: one build for the local runtime (`npm start`), the tests and
 * the site deployment (bundled at synth, offline). Each script is one minified ES module, served under `/assets/`
 * at the URL the pages load. The browser platform refuses any Node built-in: nothing node-only reaches a page.
 */

import { fileURLToPath } from 'node:url'
import { type BuildOptions, build, buildSync } from 'esbuild'

/** Each script's name under `/assets/` and its entry module. */
export const BROWSER_SCRIPTS = {
  'advisor.js': 'src/advisor/main.ts',
  'form.js': 'src/form/main.ts',
} as const

export type BrowserScriptName = keyof typeof BROWSER_SCRIPTS

export interface BrowserScript {
  /** The name under `/assets/`, e.g. `advisor.js`. */
  name: BrowserScriptName
  code: string
}

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url))

/** How every browser script is built, from its entry module (relative to web/ or absolute). */
export function browserBuildOptions(entry: string): BuildOptions {
  return {
    absWorkingDir: WEB_DIR,
    entryPoints: [entry],
    tsconfig: fileURLToPath(new URL('../tsconfig.web.json', import.meta.url)),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  }
}

const built = new Map<BrowserScriptName, string>()

export function isBrowserScript(name: string): name is BrowserScriptName {
  return Object.hasOwn(BROWSER_SCRIPTS, name)
}

/** One script, built once per process (synchronously: CDK constructs are built synchronously). */
export function browserScriptSync(name: BrowserScriptName): string {
  let code = built.get(name)
  if (code === undefined) {
    const result = buildSync(browserBuildOptions(BROWSER_SCRIPTS[name]))
    code = result.outputFiles?.[0]?.text ?? ''
    built.set(name, code)
  }
  return code
}

/** One script, built once per process, without blocking (the local runtime). */
export async function browserScript(name: BrowserScriptName): Promise<string> {
  const cached = built.get(name)
  if (cached !== undefined) return cached
  const result = await build(browserBuildOptions(BROWSER_SCRIPTS[name]))
  const code = result.outputFiles?.[0]?.text ?? ''
  built.set(name, code)
  return code
}

/** Every browser script, for the site deployment. */
export function browserScriptsSync(): BrowserScript[] {
  return (Object.keys(BROWSER_SCRIPTS) as BrowserScriptName[]).map((name) => ({ name, code: browserScriptSync(name) }))
}
