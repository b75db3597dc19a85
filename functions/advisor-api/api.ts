import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { S3Client } from '@aws-sdk/client-s3'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readAdvisorApiEnvironment } from '../adapters/environment.ts'
import { S3ObjectStore } from '../adapters/s3-object-store.ts'
import { secretsManagerSigningKey } from '../adapters/signing-key.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../adapters/workflow-settings.ts'
import { mailTemplates } from '../views/mail/notifications.ts'
import { createAdvisorApiHandler } from './advisor-handler.ts'

const environment = readAdvisorApiEnvironment()
const documents = createDocumentClient()

/** Lambda entry point for /api/advisor/* (see advisor-handler.ts). */
export const handler = createAdvisorApiHandler({
  cases: new DynamoCaseRepository(documents, environment.TABLE_NAME),
  outbox: new DynamoMailOutbox(documents, environment.TABLE_NAME),
  rosters: new DynamoRosterRepository(documents, environment.TABLE_NAME),
  clock: { now: () => new Date() },
  randomBytes,
  templates: mailTemplates,
  calendar: businessCalendarFrom(environment.WORKFLOW_SETTINGS),
  windows: responseWindowsFrom(environment.WORKFLOW_SETTINGS),
  timeZone: environment.WORKFLOW_SETTINGS.timeZone,
  publicUrl: environment.PUBLIC_URL,
  signingKey: secretsManagerSigningKey(new SecretsManagerClient({}), environment.SIGNING_SECRET_ARN),
  store: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET),
  caseRetentionDays: environment.CASE_RETENTION_DAYS,
  maxBodyBytes: environment.MAX_BODY_BYTES,
  logger: new Logger(),
})
