import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ObjectStore } from '../core/ports/stores.ts'

/**
 * The mail bucket as an ObjectStore: raw messages (written by SES's S3 action) and the attachments filed beside them.
 *
 * Encryption: with a key ARN, every put names it (`aws:kms` + that key). Without one, a put sends no encryption
 * header, so the bucket's default encryption (the customer managed key CDK sets) applies. Never `aws:kms` without a
 * key id: S3 would then use the AWS managed key `aws/s3`, not the bucket's key.
 *
 * A missing key rejects with the SDK's `NoSuchKey` (error name `NoSuchKey`, as the local store's).
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
    private readonly kmsKeyArn?: string,
  ) {}

  async get(key: string): Promise<Uint8Array> {
    const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }))
    if (output.Body === undefined) throw new Error('S3 returned an object without a body')
    // The stream is read once, into one array: the parser needs the whole message at once anyway.
    return output.Body.transformToByteArray()
  }

  async put(key: string, content: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: key,
        Body: content,
        ContentType: contentType,
        ContentLength: content.byteLength,
        ...(this.kmsKeyArn === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyArn }),
      }),
    )
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketName, Key: key }))
  }
}
