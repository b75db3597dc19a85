import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ObjectStore } from '../functions/core/ports/stores.ts'

/** A key that is not ours to store under: empty, absolute, `..`, a hidden segment or a character outside the set. */
export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError'
}

/** No object under the key: the same error name as S3's (`NoSuchKey`), so callers need one check for both stores. */
export class NoSuchKeyError extends Error {
  override readonly name = 'NoSuchKey'
  constructor() {
    super('The specified key does not exist.')
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/
const MAX_KEY_LENGTH = 1024

/**
 * Keys are `/`-separated segments of `[A-Za-z0-9._-]`, none empty and none starting with a dot (so no `.`, `..`
 * or hidden files), at most 1024 characters like S3's: a key can never leave the store's folder.
 */
export function assertObjectKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !key.split('/').every((segment) => SEGMENT.test(segment))) {
    throw new InvalidObjectKeyError('Object keys are non-empty segments of [A-Za-z0-9._-] separated by "/"')
  }
}

/**
 * The local stand-in for the mail bucket: one file per key under `directory` (owner-only: it holds raw mail), each
 * written to a temporary file in `directory/.tmp` first and renamed into place, so a reader never sees half an
 * object. Without a directory (tests) the objects live in memory.
 */
export class FileObjectStore implements ObjectStore {
  private readonly memory = new Map<string, Uint8Array>()

  constructor(private readonly directory?: string) {}

  async get(key: string): Promise<Uint8Array> {
    assertObjectKey(key)
    if (this.directory === undefined) {
      const stored = this.memory.get(key)
      if (stored === undefined) throw new NoSuchKeyError()
      return stored.slice()
    }
    try {
      return new Uint8Array(await readFile(join(this.directory, key)))
    } catch (error) {
      // A key that names a folder (a prefix of other keys) is as absent as a missing file.
      if (hasCode(error, 'ENOENT') || hasCode(error, 'EISDIR') || hasCode(error, 'ENOTDIR')) throw new NoSuchKeyError()
      throw error
    }
  }

  async put(key: string, content: Uint8Array, _contentType: string): Promise<void> {
    assertObjectKey(key)
    if (this.directory === undefined) {
      this.memory.set(key, content.slice())
      return
    }
    const target = join(this.directory, key)
    const temporaryFolder = join(this.directory, '.tmp')
    const temporary = join(temporaryFolder, `${randomBytes(8).toString('hex')}.part`)
    await mkdir(temporaryFolder, { recursive: true, mode: 0o700 })
    await mkdir(dirname(target), { recursive: true, mode: 0o700 })
    try {
      await writeFile(temporary, content, { mode: 0o600, flag: 'wx' })
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }

  /** Deleting a key that is not there is no error (as in S3). */
  async delete(key: string): Promise<void> {
    assertObjectKey(key)
    if (this.directory === undefined) {
      this.memory.delete(key)
      return
    }
    await rm(join(this.directory, key), { force: true })
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
