import { randomBytes } from 'node:crypto'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoAutoReplyLimiter } from '../adapters/dynamo-mail-threads.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import { secretsManagerSigningKey } from '../adapters/signing-key.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../adapters/workflow-settings.ts'
import type { CaseWorkflowDependencies } from '../core/deadlines/case-workflow.ts'
import { mailTemplates } from '../views/mail/notifications.ts'

/** What every function that moves a case along reads from its environment (lib/constructs set it). */
export interface CaseWorkflowEnvironment {
  TABLE_NAME: string
  PUBLIC_URL: string
  SIGNING_SECRET_ARN: string
  WORKFLOW_SETTINGS: Parameters<typeof businessCalendarFrom>[0]
}

/**
 * The AWS adapters of the case workflow's ports, wired once for the Lambdas that share them (the workflow's tasks,
 * the advisor API, the mail intake); each entry adds what is its own.
 */
export function caseWorkflowDependencies(
  documents: DynamoDBDocumentClient,
  environment: CaseWorkflowEnvironment,
): CaseWorkflowDependencies {
  return {
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
    limiter: new DynamoAutoReplyLimiter(documents, environment.TABLE_NAME),
  }
}
