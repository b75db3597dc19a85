import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildSync } from 'esbuild'
import { describe, expect, it, vi } from 'vitest'
import {
  BROWSER_SCRIPTS,
  browserBuildOptions,
  browserScript,
  browserScriptSync,
  browserScriptsSync,
} from '../../../web/bundle.ts'
import { readSiteAsset, sitePages } from '../../../web/site.ts'
import { buildApp, cdkConfig } from '../../infra/app.ts'
import { tags } from '../views/html-checks.ts'

/**
 * `gzip -9c web/assets/advisor.js | wc -c` of the hand-written workspace script this bundle replaced (1,890 lines;
 * 11,761 bytes once minified by esbuild): the workspace script may not weigh more.
 */
const HAND_WRITTEN_ADVISOR_JS_GZIPPED = 18_512
/** The same of the hand-written form.js (451 lines; 3,276 bytes once minified). */
const HAND_WRITTEN_FORM_JS_GZIPPED = 5_198

const gzipped = (code: string) => gzipSync(code, { level: 9 }).length

describe('Site: the browser scripts built from web/src', () => {
  const scripts = browserScriptsSync()

  it('builds every script the pages load, and nothing else', () => {
    const loaded = new Set(
      sitePages().flatMap((page) => tags(page.html, 'script').map((tag) => tag.attrs.src?.replace('/assets/', ''))),
    )
    expect([...loaded].sort()).toEqual(Object.keys(BROWSER_SCRIPTS).sort())
    for (const script of scripts) expect(script.code.length, script.name).toBeGreaterThan(1000)
  })

  it('weighs no more than the hand-written scripts did, minified and gzipped', () => {
    expect(gzipped(browserScriptSync('advisor.js'))).toBeLessThanOrEqual(HAND_WRITTEN_ADVISOR_JS_GZIPPED)
    expect(gzipped(browserScriptSync('form.js'))).toBeLessThanOrEqual(HAND_WRITTEN_FORM_JS_GZIPPED)
  })

  it.each(Object.keys(BROWSER_SCRIPTS))(
    '%s is one self-contained module with no Node code and no HTML or code sinks',
    (name) => {
      const code = scripts.find((script) => script.name === name)?.code ?? ''
      expect(code).not.toMatch(/\bimport\s*[({"'*]|\bimport\s+\w|\brequire\(|\bnode:|\bprocess\.|\bBuffer\b|__dirname/)
      expect(code).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|importScripts/,
      )
      expect(code).not.toMatch(/localStorage|document\.cookie/)
      // The SVG namespace is a name, not an address anything is fetched from.
      expect(code.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//)
    },
  )

  it('refuses to build browser code that imports a Node built-in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mar-bundle-'))
    const entry = join(dir, 'entry.ts')
    writeFileSync(entry, "import { randomBytes } from 'node:crypto'\nconsole.log(randomBytes(4))\n")
    expect(() => buildSync(browserBuildOptions(entry))).toThrow(/node:crypto/)
  })

  it('is what the local runtime serves under /assets/, beside the files of web/assets', async () => {
    expect(await readSiteAsset('advisor.js')).toBe(await browserScript('advisor.js'))
    expect(String(await readSiteAsset('styles.css'))).toContain('{')
  })

  it('is deployed under assets/ by the site deployment, built at synth', () => {
    // CloudFormation's own validation runs in test/infra/nag.test.ts.
    vi.stubEnv('CDK_VALIDATION', 'false')
    const { app, stateless } = buildApp(cdkConfig)
    const assembly = app.synth()
    const template = assembly.getStackByName(stateless.stackName).template as {
      Resources: Record<
        string,
        { Type: string; Properties: { DestinationBucketKeyPrefix?: string; SourceObjectKeys?: unknown[] } }
      >
    }
    const assets = Object.values(template.Resources).find(
      (resource) =>
        resource.Type === 'Custom::CDKBucketDeployment' && resource.Properties.DestinationBucketKeyPrefix === 'assets/',
    )
    // The folder of files, and one source per script.
    expect(assets?.Properties.SourceObjectKeys).toHaveLength(1 + Object.keys(BROWSER_SCRIPTS).length)
    const staged = readdirSync(assembly.directory, { recursive: true, encoding: 'utf8' })
    for (const name of Object.keys(BROWSER_SCRIPTS) as Array<keyof typeof BROWSER_SCRIPTS>) {
      const file = staged.find((path) => path.endsWith(`/${name}`))
      expect(file, name).toBeDefined()
      expect(readFileSync(join(assembly.directory, file ?? ''), 'utf8')).toBe(browserScriptSync(name))
    }
    vi.unstubAllEnvs()
  })
})
