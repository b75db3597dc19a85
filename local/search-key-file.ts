import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SearchKeySource } from '../functions/core/ports/stores.ts'
import { parseSearchKeySecret } from '../functions/core/search/search-terms.ts'

/**
 * The local stand-in for the search key's Secrets Manager secret: a random key generated once under DATA_DIR
 * (readable by the owner only), so the cases indexed before a restart are found after it. Without a file (tests): a key
 * in memory.
 */
export function localSearchKey(file?: string): SearchKeySource {
  const fresh = () => randomBytes(32).toString('hex')
  let text: string
  if (file === undefined) {
    text = fresh()
  } else {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      writeFileSync(file, fresh(), { mode: 0o600 })
    }
    text = readFileSync(file, 'utf8')
  }
  const key = parseSearchKeySecret(text)
  return async () => key
}
