import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * DATA_DIR holds case data (DynamoDB's LevelDB files, raw mail, attachments, the link key): readable by its owner
 * only. `privateDirectory` creates the folder 0700 and makes what is in it already (a folder from an earlier
 * version) 0700 for folders and 0600 for files; `restrictNewFiles` sets the process umask to 077, so the files that
 * LevelDB and the others create from then on are the owner's only as well.
 */
export function privateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 })
  restrictTree(directory)
}

function restrictTree(path: string): void {
  const stat = lstatSync(path)
  if (stat.isSymbolicLink()) return
  if (stat.isDirectory()) {
    chmodSync(path, 0o700)
    for (const entry of readdirSync(path)) restrictTree(join(path, entry))
  } else if (stat.isFile()) {
    chmodSync(path, 0o600)
  }
}

export function restrictNewFiles(): void {
  try {
    process.umask(0o077)
  } catch {
    // Worker threads may not set the umask; the files then keep their explicit modes where we create them.
  }
}
