import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readLambdaEnvironment } from '../adapters/environment.ts'
import { intakePages } from './intake-pages.ts'
import { createSubmitHandler } from './submit-handler.ts'

const environment = readLambdaEnvironment()

/** Lambda entry point for POST /api/requests (see submit-handler.ts). */
export const handler = createSubmitHandler({
  cases: new DynamoCaseRepository(createDocumentClient(), environment.TABLE_NAME),
  clock: { now: () => new Date() },
  randomBytes,
  caseRetentionDays: environment.CASE_RETENTION_DAYS,
  maxBodyBytes: environment.MAX_BODY_BYTES,
  logger: new Logger(),
  pages: intakePages,
})
