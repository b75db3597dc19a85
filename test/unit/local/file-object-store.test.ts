import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileObjectStore, InvalidObjectKeyError } from '../../../local/file-object-store.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

const TRAVERSAL_KEYS = [
  ['..', 'the parent folder'],
  ['../outside', 'a path above the store'],
  ['inbound/../../outside', 'a path that climbs out halfway'],
  ['/etc/passwd', 'an absolute path'],
  ['inbound//m1', 'an empty segment'],
  ['inbound/', 'a trailing slash'],
  ['', 'the empty key'],
  ['.', 'the current folder'],
  ['inbound/.hidden', 'a hidden file'],
  ['.tmp/x', 'the temporary folder'],
  ['inbound\\..\\x', 'a backslash'],
  ['inbound/m1\u0000', 'a NUL byte'],
  ['inbound/m 1', 'a space'],
  ['inbound/é', 'a non-ASCII letter'],
  ['a'.repeat(1025), 'a key longer than S3 allows'],
] as const

describe('Local object store: in memory (no folder)', () => {
  it('gives back what was put, as a copy the caller cannot change', async () => {
    const store = new FileObjectStore()
    const content = bytes('raw mail')

    await store.put('inbound/m1', content, 'message/rfc822')
    content[0] = 0
    const read = await store.get('inbound/m1')
    read[1] = 0

    expect(await store.get('inbound/m1')).toEqual(bytes('raw mail'))
  })

  it('answers a missing key with NoSuchKey, like S3', async () => {
    await expect(new FileObjectStore().get('inbound/none')).rejects.toMatchObject({ name: 'NoSuchKey' })
  })

  it('forgets a deleted key, and deleting it again is no error', async () => {
    const store = new FileObjectStore()
    await store.put('inbound/m1', bytes('x'), 'message/rfc822')

    await store.delete('inbound/m1')
    await store.delete('inbound/m1')

    await expect(store.get('inbound/m1')).rejects.toMatchObject({ name: 'NoSuchKey' })
  })

  it.each(TRAVERSAL_KEYS)('refuses the key %j (%s) on put, get and delete', async (key) => {
    const store = new FileObjectStore()

    await expect(store.put(key, bytes('x'), 'text/plain')).rejects.toThrow(InvalidObjectKeyError)
    await expect(store.get(key)).rejects.toThrow(InvalidObjectKeyError)
    await expect(store.delete(key)).rejects.toThrow(InvalidObjectKeyError)
  })
})

describe('Local object store: in a folder', () => {
  let root: string
  let directory: string

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mar-object-store-'))
    directory = join(root, 'mail')
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('stores each key as an owner-only file under the folder, byte for byte', async () => {
    const store = new FileObjectStore(directory)
    const content = new Uint8Array([0, 13, 10, 255, 46, 13, 10])

    await store.put('cases/MAR-0000-0001/m1/a1', content, 'application/octet-stream')

    const file = join(directory, 'cases/MAR-0000-0001/m1/a1')
    expect(new Uint8Array(await readFile(file))).toEqual(content)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await store.get('cases/MAR-0000-0001/m1/a1')).toEqual(content)
  })

  it('replaces an object whole and leaves no temporary file behind', async () => {
    const store = new FileObjectStore(directory)
    await store.put('inbound/m1', bytes('first version, longer'), 'message/rfc822')

    await store.put('inbound/m1', bytes('second'), 'message/rfc822')

    expect(await store.get('inbound/m1')).toEqual(bytes('second'))
    expect(await readdir(join(directory, '.tmp'))).toEqual([])
  })

  it('keeps what a store before a restart wrote', async () => {
    await new FileObjectStore(directory).put('inbound/m1', bytes('kept'), 'message/rfc822')

    expect(await new FileObjectStore(directory).get('inbound/m1')).toEqual(bytes('kept'))
  })

  it('answers a missing key, and a key that is only a folder, with NoSuchKey', async () => {
    const store = new FileObjectStore(directory)
    await store.put('cases/MAR-0000-0001/m1/a1', bytes('x'), 'text/plain')

    await expect(store.get('inbound/none')).rejects.toMatchObject({ name: 'NoSuchKey' })
    await expect(store.get('cases/MAR-0000-0001')).rejects.toMatchObject({ name: 'NoSuchKey' })
  })

  it('deletes the file, and deleting a missing key is no error', async () => {
    const store = new FileObjectStore(directory)
    await store.put('inbound/m1', bytes('x'), 'message/rfc822')

    await store.delete('inbound/m1')
    await store.delete('inbound/m1')

    await expect(store.get('inbound/m1')).rejects.toMatchObject({ name: 'NoSuchKey' })
  })

  it.each(TRAVERSAL_KEYS)('refuses the key %j (%s) and writes nothing anywhere', async (key) => {
    const store = new FileObjectStore(directory)

    await expect(store.put(key, bytes('x'), 'text/plain')).rejects.toThrow(InvalidObjectKeyError)

    expect(await readdir(root)).toEqual([])
  })
})
