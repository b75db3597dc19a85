import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
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
 * Lambdas are not bundled (templates only).
 */
export function buildApp(mar: unknown): { app: App } & MarIntakeStacks {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
  const assetsDir = mkdtempSync(join(tmpdir(), 'mar-site-assets-'))
  writeFileSync(join(assetsDir, 'site.css'), 'body { margin: 0 }')
  const stacks = addMarIntakeStacks(app, {
    config: loadConfig(mar),
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
