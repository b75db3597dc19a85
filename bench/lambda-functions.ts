import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { BuildOptions } from 'esbuild'
import { addMarIntakeStacks } from '../lib/app.ts'
import { readAppConfig } from '../local/config.ts'

/**
 * Every Lambda function of the app as CDK synthesizes it: the entry file, the esbuild options NodejsFunction bundles
 * it with, its environment (tokens replaced by placeholders) and its memory. Read from the synthesized app itself
 * (bundling skipped), so a function added in lib/ is measured without a change here.
 */
export interface LambdaFunction {
  /** The entry without `functions/` and `.ts`, e.g. `web-intake/submit`. */
  name: string
  /** Relative to the project root, e.g. `functions/web-intake/submit.ts`. */
  entry: string
  /** What NodejsFunction hands esbuild (minus entry and outfile). */
  bundling: BuildOptions
  /** What NodejsFunction leaves out of the bundle (the runtime provides it), e.g. `@aws-sdk/*`. */
  externals: string[]
  environment: Record<string, string>
  memoryMb: number
}

/** What NodejsFunction's Bundling keeps of its props (aws-cdk-lib internals, pinned by the lock file). */
interface CdkBundling {
  relativeEntryPath: string
  externals: string[]
  props: {
    minify?: boolean
    target?: string
    format?: string
    banner?: string
    footer?: string
    mainFields?: string[]
    define?: Record<string, string>
    loader?: Record<string, string>
    keepNames?: boolean
    inject?: string[]
  }
}

const require = createRequire(import.meta.url)

export interface SynthesizedApp {
  functions: LambdaFunction[]
  /** How many resources of each CloudFormation type the app's stacks hold (for the fixed monthly costs). */
  resourceCounts: Record<string, number>
}

export function synthesizedApp(): SynthesizedApp {
  process.env.CDK_VALIDATION ??= 'false'
  // AssetCode.bind(scope) runs once per function with the function as scope: the one place the entry and the
  // bundling options meet the construct. Recorded by construct path, then joined with the template's resources.
  const { AssetCode } = require('aws-cdk-lib/aws-lambda') as {
    AssetCode: { prototype: { bind(scope: unknown): unknown; options?: { bundling?: unknown } } }
  }
  const bundlingByPath = new Map<string, CdkBundling>()
  const bind = AssetCode.prototype.bind
  AssetCode.prototype.bind = function (this: { options?: { bundling?: unknown } }, scope: unknown) {
    const bundling = this.options?.bundling as CdkBundling | undefined
    if (bundling?.relativeEntryPath) bundlingByPath.set((scope as { node: { path: string } }).node.path, bundling)
    return bind.call(this, scope)
  }
  try {
    const app = new App({
      outdir: mkdtempSync(join(tmpdir(), 'mar-bench-cdk-')),
      context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true },
    })
    addMarIntakeStacks(app, {
      config: readAppConfig(),
      site: { pages: [], assetsDir: mkdtempSync(join(tmpdir(), 'mar-bench-site-')) },
    })
    const functions: LambdaFunction[] = []
    const resourceCounts: Record<string, number> = {}
    for (const stack of app.node.children.filter((child): child is Stack => child instanceof Stack)) {
      const template = Template.fromStack(stack)
      const all = (template.toJSON() as { Resources?: Record<string, { Type: string }> }).Resources ?? {}
      for (const { Type } of Object.values(all)) resourceCounts[Type] = (resourceCounts[Type] ?? 0) + 1
      const resources = template.findResources('AWS::Lambda::Function') as Record<
        string,
        { Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }
      >
      for (const [logicalId, resource] of Object.entries(resources)) {
        const path = String(resource.Metadata?.['aws:cdk:path'] ?? '').replace(/\/Resource$/, '')
        const bundling = bundlingByPath.get(path)
        if (bundling === undefined) continue // not a NodejsFunction of ours (e.g. a CDK custom resource provider)
        const variables = (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables
        functions.push({
          name: bundling.relativeEntryPath.replace(/^functions\//, '').replace(/\.ts$/, ''),
          entry: bundling.relativeEntryPath,
          bundling: esbuildOptions(bundling),
          externals: bundling.externals,
          environment: Object.fromEntries(
            Object.entries(variables ?? {}).map(([name, value]) => [name, placeholder(value, logicalId)]),
          ),
          memoryMb: Number(resource.Properties.MemorySize ?? 128),
        })
      }
    }
    return { functions: functions.sort((a, b) => a.entry.localeCompare(b.entry)), resourceCounts }
  } finally {
    AssetCode.prototype.bind = bind
  }
}

/** The esbuild API's names for what NodejsFunction passes on esbuild's command line (bundling.ts buildEsbuildArgs). */
function esbuildOptions(bundling: CdkBundling): BuildOptions {
  const { props } = bundling
  return {
    bundle: true,
    platform: 'node',
    ...(props.target ? { target: props.target } : {}),
    ...(props.format ? { format: props.format as BuildOptions['format'] } : {}),
    minify: props.minify ?? false,
    ...(props.banner ? { banner: { js: props.banner } } : {}),
    ...(props.footer ? { footer: { js: props.footer } } : {}),
    ...(props.mainFields ? { mainFields: props.mainFields } : {}),
    ...(props.define ? { define: props.define } : {}),
    ...(props.loader ? { loader: props.loader as BuildOptions['loader'] } : {}),
    ...(props.keepNames ? { keepNames: true } : {}),
    ...(props.inject ? { inject: props.inject } : {}),
  }
}

/** A template value as a string a Lambda's environment parser accepts: literals as they are, tokens as placeholders. */
function placeholder(value: unknown, logicalId: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
  if (join) return join[1].map((part) => placeholder(part, logicalId)).join(join[0])
  return `arn:aws:bench:eu-west-1:000000000000:${logicalId}`
}
