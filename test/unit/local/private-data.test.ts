import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDynalite } from '../../../local/dynamo-engine.ts'
import { privateDirectory } from '../../../local/private-data.ts'
import { localSigningKey } from '../../../local/signing-key-file.ts'

const mode = (path: string) => statSync(path).mode & 0o777
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function everything(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).map((entry) => join(root, entry))
}

describe('Local runtime: DATA_DIR is its owner’s only', () => {
  it('makes an existing world-readable DATA_DIR 0700 and its files 0600', () => {
    const root = mkdtempSync(join(tmpdir(), 'mar-private-'))
    folders.push(root)
    const data = join(root, 'data')
    mkdirSync(join(data, 'mail', 'inbound'), { recursive: true, mode: 0o755 })
    writeFileSync(join(data, 'mail', 'inbound', 'x'), 'mail', { mode: 0o644 })

    privateDirectory(data)

    expect(mode(data)).toBe(0o700)
    expect(mode(join(data, 'mail', 'inbound'))).toBe(0o700)
    expect(mode(join(data, 'mail', 'inbound', 'x'))).toBe(0o600)
  })

  it('keeps the DynamoDB files LevelDB writes and the link key 0600 in 0700 folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mar-private-'))
    folders.push(root)
    const data = join(root, 'data')
    privateDirectory(data)
    const engine = await startDynalite(join(data, 'dynamodb'))
    await engine.stop()
    await localSigningKey(join(data, 'signing-key'))()

    const paths = everything(data)
    expect(paths.length).toBeGreaterThan(2)
    for (const path of paths) {
      expect([path, mode(path)]).toEqual([path, statSync(path).isDirectory() ? 0o700 : 0o600])
    }
  })
})
