import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts'

const s3 = mockClient(S3Client)
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const BUCKET = 'mar-mail-bucket'
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const KEY = 'inbound/0123abcd'

/** A response body as the SDK hands it out: a stream that can be turned into bytes (once). */
function body(bytes: Uint8Array) {
  const transformToByteArray = vi.fn(async () => bytes)
  return { transformToByteArray, body: { transformToByteArray } as unknown as GetObjectCommandOutput['Body'] }
}

describe('Adapter: S3 object store', () => {
  beforeEach(() => s3.reset())

  it('reads an object from the bucket, its body turned into bytes exactly once', async () => {
    // Arrange
    const content = new TextEncoder().encode('From: a@example.org\r\n\r\nHallo\r\n')
    const stream = body(content)
    s3.on(GetObjectCommand).resolves({ Body: stream.body })
    const store = new S3ObjectStore(client, BUCKET)

    // Act
    const read = await store.get(KEY)

    // Assert
    expect(read).toEqual(content)
    expect(stream.transformToByteArray).toHaveBeenCalledTimes(1)
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: BUCKET, Key: KEY }])
  })

  it('passes on S3 NoSuchKey for a missing object, so callers see the same error name as locally', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
    const store = new S3ObjectStore(client, BUCKET)

    await expect(store.get(KEY)).rejects.toMatchObject({ name: 'NoSuchKey' })
  })

  it('refuses an object without a body rather than returning nothing', async () => {
    s3.on(GetObjectCommand).resolves({})
    const store = new S3ObjectStore(client, BUCKET)

    await expect(store.get(KEY)).rejects.toThrow('S3 returned an object without a body')
  })

  it('writes with the content type and no encryption header, so the bucket default key applies', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({})
    const store = new S3ObjectStore(client, BUCKET)
    const content = new Uint8Array([1, 2, 3])

    // Act
    await store.put('cases/MAR-0000-0001/m1/a1', content, 'application/pdf')

    // Assert
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: BUCKET,
        Key: 'cases/MAR-0000-0001/m1/a1',
        Body: content,
        ContentType: 'application/pdf',
        ContentLength: 3,
      },
    ])
  })

  it('names the customer managed key on every write when given one (never aws:kms without a key id)', async () => {
    s3.on(PutObjectCommand).resolves({})
    const store = new S3ObjectStore(client, BUCKET, KEY_ARN)

    await store.put(KEY, new Uint8Array([7]), 'message/rfc822')

    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: BUCKET,
        Key: KEY,
        Body: new Uint8Array([7]),
        ContentType: 'message/rfc822',
        ContentLength: 1,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
      },
    ])
  })

  it('deletes the object by bucket and key', async () => {
    s3.on(DeleteObjectCommand).resolves({})
    const store = new S3ObjectStore(client, BUCKET)

    await store.delete(KEY)

    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: KEY },
    ])
  })
})
