import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DynamoCaseRepository, DynamoCaseRetention } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import type { Mailer } from '../core/mail/mail.ts'
import type { ObjectStore } from '../core/ports/stores.ts'
import type { RetentionPolicy, RetentionRunDependencies } from '../core/retention/retention.ts'
import type { Clock } from '../core/shared/clock.ts'
import { mailTemplates } from '../views/mail/notifications.ts'

/**
 * The retention purge's adapters, wired once: for the Lambda (purge.ts) and the local runtime alike, which differ
 * only in where files are kept, how mail is sent and which clock runs.
 */
export function retentionDependencies(
  documents: DynamoDBDocumentClient,
  settings: {
    tableName: string
    publicUrl: string
    timeZone: string
    retentionPolicy: RetentionPolicy
    store: ObjectStore
    mailer: Mailer
    /** The dev clock locally; the real time in AWS. */
    clock?: Clock
  },
): RetentionRunDependencies {
  return {
    cases: new DynamoCaseRepository(documents, settings.tableName),
    retention: new DynamoCaseRetention(documents, settings.tableName),
    outbox: new DynamoMailOutbox(documents, settings.tableName),
    rosters: new DynamoRosterRepository(documents, settings.tableName),
    store: settings.store,
    mailer: settings.mailer,
    clock: settings.clock ?? { now: () => new Date() },
    templates: mailTemplates,
    publicUrl: settings.publicUrl,
    timeZone: settings.timeZone,
    retentionPolicy: settings.retentionPolicy,
  }
}
