import { randomBytes } from 'node:crypto'
import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoFollowUpAttempts } from '../adapters/dynamo-follow-up-attempts.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import type { Clock } from '../core/shared/clock.ts'
import type { AllowedOrigins } from '../http/same-origin.ts'
import { mailTemplates } from '../views/mail/notifications.ts'
import { renderErrorPage, renderFollowUpPage } from '../views/pages/index.ts'
import type { FollowUpHandlerDependencies } from './follow-up-handler.ts'

/** The follow-up function's adapters, wired once: for the Lambda (follow-up.ts) and the local runtime alike. */
export function followUpDependencies(
  documents: DynamoDBDocumentClient,
  settings: {
    tableName: string
    publicUrl: string
    maxBodyBytes: number
    logger: Logger
    /** The public URL and the further allowed origins: pages of other sites may not post here. */
    allowedOrigins: AllowedOrigins
    /** The dev clock locally; the real time in AWS. */
    clock?: Clock
  },
): FollowUpHandlerDependencies {
  return {
    cases: new DynamoCaseRepository(documents, settings.tableName),
    outbox: new DynamoMailOutbox(documents, settings.tableName),
    rosters: new DynamoRosterRepository(documents, settings.tableName),
    attempts: new DynamoFollowUpAttempts(documents, settings.tableName),
    clock: settings.clock ?? { now: () => new Date() },
    randomBytes,
    templates: mailTemplates,
    publicUrl: settings.publicUrl,
    maxBodyBytes: settings.maxBodyBytes,
    logger: settings.logger,
    allowedOrigins: settings.allowedOrigins,
    pages: { followUp: renderFollowUpPage, error: renderErrorPage },
  }
}
