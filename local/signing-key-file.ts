import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseSigningKeySecret, type SigningKeySecret } from '../functions/core/links/signing-key-secret.ts'
import type { SigningKeySource } from '../functions/core/ports/stores.ts'

/**
 * The local stand-in for the Secrets Manager secret: the same JSON (core/links/signing-key-secret.ts) with a random key,
 * generated once under DATA_DIR (readable by the owner only), so links mailed before a restart still work after it
 * (a file of an earlier version, the bare key, is read as the current key `k0`). Without a file (tests): a key in
 * memory.
 */
export function localSigningKey(file?: string): SigningKeySource {
  const fresh = (): SigningKeySecret => ({ currentKeyId: 'k1', current: randomBytes(32).toString('hex') })
  let text: string
  if (file === undefined) {
    text = JSON.stringify(fresh())
  } else {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      writeFileSync(file, JSON.stringify(fresh()), { mode: 0o600 })
    }
    text = readFileSync(file, 'utf8')
  }
  const keys = parseSigningKeySecret(text)
  return async () => keys
}
