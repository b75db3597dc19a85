import { readFileSync } from 'node:fs'
import { type AppConfig, configContextKey, loadConfig } from '../lib/config.ts'

/** The same configuration that `cdk deploy` uses, from cdk.json's context. */
export function readAppConfig(): AppConfig {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>
  }
  return loadConfig(cdkJson.context?.[configContextKey])
}
