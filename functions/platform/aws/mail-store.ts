import { S3Client } from '@aws-sdk/client-s3'
import { S3ObjectStore } from '../../adapters/s3-object-store.ts'
import type { PlatformWith } from '../platform.ts'

/** The mail bucket. */
export function awsMailStore(environment: { MAIL_BUCKET: string }): PlatformWith<'mailStore'> {
  return { mailStore: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET) }
}
