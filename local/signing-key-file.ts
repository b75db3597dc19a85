import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SigningKeySource } from '../functions/core/ports.ts'

/**
 * The local stand-in for the Secrets Manager secret: a random key generated once under DATA_DIR (readable by the
 * owner only), so links mailed before a restart still work after it. Without a file (tests): a key in memory.
 */
export function localSigningKey(file?: string): SigningKeySource {
  let key: Uint8Array
  if (file === undefined) {
    key = randomBytes(32)
  } else {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
    }
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8')
  }
  return async () => key
}
