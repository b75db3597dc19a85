import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, type Environment } from 'aws-cdk-lib'
import type { Template } from 'aws-cdk-lib/assertions'
import { expect } from 'vitest'
import { addMarIntakeStacks, type MarIntakeStacks } from '../../lib/app.ts'
import { configContextKey, loadConfig } from '../../lib/config.ts'

/** The whole context of cdk.json (feature flags and the `mar` configuration). */
export const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context

/** The `mar` configuration of cdk.json. */
export const cdkConfig = cdkContext[configContextKey]

/**
 * The app exactly as bin/app.ts builds it (lib/app.ts), with the given `mar` configuration and one stand-in page;
 * Lambdas are not bundled (templates only). `env` as `cdk synth` sets it from CDK_DEFAULT_ACCOUNT/REGION.
 */
export function buildApp(mar: unknown, env?: Environment): { app: App } & MarIntakeStacks {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
  const assetsDir = mkdtempSync(join(tmpdir(), 'mar-site-assets-'))
  writeFileSync(join(assetsDir, 'site.css'), 'body { margin: 0 }')
  const stacks = addMarIntakeStacks(app, {
    config: loadConfig(mar),
    env,
    site: { pages: [{ path: 'index.html', html: '<!doctype html><title>MAR</title>' }], assetsDir },
  })
  return { app, ...stacks }
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation template JSON, navigated by the assertions
export type Resource = { Type: string; Properties: Record<string, any> }

/** The one resource of a type whose logical id starts with the prefix (fails the test if there is not exactly one). */
export function onlyResource(template: Template, type: string, logicalIdPrefix: string): [string, Resource] {
  const matches = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) =>
    id.startsWith(logicalIdPrefix),
  )
  expect(matches, `${type} ${logicalIdPrefix}*`).toHaveLength(1)
  return matches[0] as [string, Resource]
}

/**
 * A template value as text: Fn::Join joined; a reference becomes `<LogicalId.Attribute>` or `<LogicalId>`, and one
 * to the other stack `<Stack/OutputName>` (the output's name embeds the referenced logical id).
 */
export function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value
  const intrinsic = value as {
    'Fn::Join'?: [string, unknown[]]
    'Fn::GetAtt'?: [string, string]
    'Fn::GetStackOutput'?: { StackName: string; OutputName: string }
    Ref?: string
  }
  if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(resolveValue).join(intrinsic['Fn::Join'][0])
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`
  if (intrinsic['Fn::GetStackOutput']) {
    const { StackName, OutputName } = intrinsic['Fn::GetStackOutput']
    return `<${StackName}/${OutputName}>`
  }
  if (intrinsic.Ref) return `<${intrinsic.Ref}>`
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`)
}
