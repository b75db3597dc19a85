import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { cloudWatchWorkflowMetrics } from '../adapters/cloudwatch-metrics.ts'
import { DynamoCaseRepository } from '../adapters/dynamo-case-repository.ts'
import { DynamoMailOutbox } from '../adapters/dynamo-mail-outbox.ts'
import { DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import { DynamoRosterRepository } from '../adapters/dynamo-roster-repository.ts'
import { createDocumentClient } from '../adapters/dynamodb-client.ts'
import { readWorkflowEnvironment } from '../adapters/environment.ts'
import { SesMailer } from '../adapters/ses-mailer.ts'
import { secretsManagerSigningKey } from '../adapters/signing-key.ts'
import { businessCalendarFrom, responseWindowsFrom } from '../adapters/workflow-settings.ts'
import { mailTemplates } from '../views/mail/notifications.ts'
import { createWorkflowTaskHandler } from './task-handler.ts'

const environment = readWorkflowEnvironment()
const documents = createDocumentClient()

/** Lambda entry point for every Task of the case workflow state machine (see task-handler.ts). */
export const handler = createWorkflowTaskHandler({
  cases: new DynamoCaseRepository(documents, environment.TABLE_NAME),
  outbox: new DynamoMailOutbox(documents, environment.TABLE_NAME),
  rosters: new DynamoRosterRepository(documents, environment.TABLE_NAME),
  threads: new DynamoMessageThreads(documents, environment.TABLE_NAME, environment.CASE_RETENTION_DAYS),
  mailer: new SesMailer(new SESv2Client({}), {
    from: environment.SENDER_ADDRESS,
    intakeAddress: environment.INTAKE_ADDRESS,
    region: environment.AWS_REGION,
    configurationSetName: environment.SES_CONFIGURATION_SET,
  }),
  clock: { now: () => new Date() },
  randomBytes,
  templates: mailTemplates,
  calendar: businessCalendarFrom(environment.WORKFLOW_SETTINGS),
  windows: responseWindowsFrom(environment.WORKFLOW_SETTINGS),
  timeZone: environment.WORKFLOW_SETTINGS.timeZone,
  publicUrl: environment.PUBLIC_URL,
  signingKey: secretsManagerSigningKey(new SecretsManagerClient({}), environment.SIGNING_SECRET_ARN),
  metrics: cloudWatchWorkflowMetrics(),
  logger: new Logger(),
})
