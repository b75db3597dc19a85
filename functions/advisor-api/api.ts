import { S3Client } from '@aws-sdk/client-s3'
import { DynamoCaseRetention } from '../adapters/dynamo-case-repository.ts'
import { DynamoCaseStatistics } from '../adapters/dynamo-statistics.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readAdvisorApiEnvironment } from '../adapters/environment.ts'
import { createLogger, withLambdaContext } from '../adapters/logger.ts'
import { originSecretFromEnvironment } from '../adapters/origin-secret.ts'
import { S3ObjectStore } from '../adapters/s3-object-store.ts'
import { caseWorkflowDependencies } from '../case-workflow/compose.ts'
import { originVerified } from '../http/origin-verify.ts'
import { createAdvisorApiHandler } from './advisor-handler.ts'

const environment = readAdvisorApiEnvironment()
const documents = createDocumentClient()
const logger = createLogger()

/**
 * Lambda entry point for /api/advisor/* (see advisor-handler.ts).
 * Refused unless it came through CloudFront (functions/http/origin-verify.ts), before anything else runs.
 */
export const handler = originVerified(
  withLambdaContext(
    logger,
    createAdvisorApiHandler({
      ...caseWorkflowDependencies(documents, environment),
      store: new S3ObjectStore(new S3Client({}), environment.MAIL_BUCKET),
      statistics: new DynamoCaseStatistics(documents, environment.TABLE_NAME),
      retention: new DynamoCaseRetention(documents, environment.TABLE_NAME),
      retentionPolicy: environment.RETENTION_POLICY,
      caseRetentionDays: environment.CASE_RETENTION_DAYS,
      maxBodyBytes: environment.MAX_BODY_BYTES,
      logger,
    }),
  ),
  originSecretFromEnvironment(),
)
