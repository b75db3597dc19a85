import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { addMarIntakeStacks } from '../../lib/app.ts'
import { configContextKey, loadConfig, siteSettingsOf } from '../../lib/config.ts'
import { siteAssetsDir, sitePages } from '../../web/site.ts'

/** The account and region the checks resolve the templates in (any fixed pair: the policies name neither literally). */
export const CHECK_ENV = { account: '111111111111', region: 'eu-west-1' } as const

/**
 * Synthesizes the app as `cdk synth` does (cdk.json's context, the deploy region set, so the edge stack exists), without
 * bundling the functions (templates only), into `outdir`. Returns the directory.
 */
export function synthesizeTemplates(outdir: string): string {
  const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context
  const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } })
  const config = loadConfig(context[configContextKey])
  addMarIntakeStacks(app, {
    config,
    env: CHECK_ENV,
    site: { pages: sitePages(siteSettingsOf(config)), assetsDir: siteAssetsDir },
  })
  app.synth()
  return outdir
}
