import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import type { MailEventsHandlerDependencies } from './mail-events-handler.ts'

/** The mail-events function's adapters, wired once (mail-events.ts; a test or the local runtime alike). */
export function mailEventsDependencies(
  documents: DynamoDBDocumentClient,
  settings: { tableName: string; caseRetentionDays: number; logger: Logger },
): MailEventsHandlerDependencies {
  return {
    cases: new DynamoCaseRepository(documents, settings.tableName),
    threads: new DynamoMessageThreads(documents, settings.tableName, settings.caseRetentionDays),
    logger: settings.logger,
  }
}
