import { Logger } from '@aws-lambda-powertools/logger'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readLambdaEnvironment } from '../adapters/environment.ts'
import { followUpDependencies } from './compose.ts'
import { createFollowUpHandler } from './follow-up-handler.ts'

const environment = readLambdaEnvironment()

/** Lambda entry point for POST /api/follow-up and POST /api/follow-up/messages (see follow-up-handler.ts). */
export const handler = createFollowUpHandler(
  followUpDependencies(createDocumentClient(), {
    tableName: environment.TABLE_NAME,
    publicUrl: environment.PUBLIC_URL,
    maxBodyBytes: environment.MAX_BODY_BYTES,
    logger: new Logger(),
  }),
)
