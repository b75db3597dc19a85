import { Logger } from '@aws-lambda-powertools/logger'
import { S3Client } from '@aws-sdk/client-s3'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readAdvisorApiEnvironment } from '../adapters/environment.ts'
import { S3ObjectStore } from '../adapters/s3-object-store.ts'
import { caseWorkflowDependencies } from '../case-workflow/compose.ts'
import { createAdvisorApiHandler } from './advisor-handler.ts'

const environment = readAdvisorApiEnvironment()
const documents = createDocumentClient()

/** Lambda entry point for /api/advisor/* (see advisor-handler.ts). */
export const handler = createAdvisorApiHandler({
  ...caseWorkflowDependencies(documents, environment),
  store: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET),
  statistics: new DynamoCaseStatistics(documents, environment.TABLE_NAME),
  caseRetentionDays: environment.CASE_RETENTION_DAYS,
  maxBodyBytes: environment.MAX_BODY_BYTES,
  logger: new Logger(),
})
