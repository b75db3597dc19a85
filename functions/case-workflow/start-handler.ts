import type { Logger } from '@aws-lambda-powertools/logger'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import type { CaseStatisticsStore } from '../core/ports.ts'
import { isReference } from '../core/reference.ts'
import { recordCaseStatistics } from '../core/statistics.ts'
import type { WorkflowStarter } from '../core/workflow.ts'

export interface CaseStreamDependencies {
  starter: WorkflowStarter
  /** Where each case's anonymised statistics record is kept (core/statistics.ts). */
  statistics: CaseStatisticsStore
  /** The business calendar's zone: a case's record is filed under the month it came in there. */
  timeZone: string
  logger: Logger
}

/**
 * The one reader of the table's stream, for case items (INSERT and MODIFY of `entity = case`), dispatching each
 * record to what follows a stored case:
 *
 * - the statistics: every image of the case rewrites its statistics record (first: the workflow's start is the
 *   last thing the write that stored the case waits for, locally as before);
 * - the workflow: a newly stored case starts its workflow; when an advisor's change asks for a new run (the case's
 *   `workflowRun` went up: mail to deliver, clocks moved, case closed) the run before it is stopped and the new one
 *   started — unless the case is closed, whose workflow simply ends. Any other MODIFY leaves the workflow alone.
 *
 * The case is stored first; this runs after, and a failure in either part fails the batch, so the stream delivers it
 * again (and in the end to the dead-letter queue): a stored case is never left without its workflow or its record.
 * Both parts are idempotent, so a repeated record changes nothing; each part runs even when the other failed.
 */
export function createStartHandler(deps: CaseStreamDependencies) {
  return async (event: DynamoDBStreamEvent): Promise<void> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage
      if (image?.entity?.S !== 'case') continue
      const reference = image.reference?.S
      if (reference === undefined || !isReference(reference)) continue
      if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') continue
      const failures: unknown[] = []
      await projectStatistics(record, reference, deps).catch((error: unknown) => failures.push(error))
      await followWorkflow(record, reference, deps).catch((error: unknown) => failures.push(error))
      if (failures.length > 0) throw failures[0]
    }
  }
}

async function followWorkflow(record: DynamoDBRecord, reference: string, deps: CaseStreamDependencies) {
  const image = record.dynamodb?.NewImage ?? {}
  if (record.eventName === 'INSERT') {
    const outcome = await deps.starter.start(reference)
    deps.logger.info('workflow started', { reference, outcome })
    return
  }
  const run = Number(image.workflowRun?.N)
  if (!Number.isInteger(run) || run < 2) return
  await deps.starter.stop(reference, run - 1)
  if (image.status?.S === 'closed') {
    deps.logger.info('workflow stopped', { reference, run: run - 1, reason: 'closed' })
    return
  }
  const outcome = await deps.starter.start(reference, run)
  deps.logger.info('workflow run replaced', { reference, run, outcome })
}

async function projectStatistics(record: DynamoDBRecord, reference: string, deps: CaseStreamDependencies) {
  const image = unmarshall((record.dynamodb?.NewImage ?? {}) as Parameters<typeof unmarshall>[0])
  try {
    const { month, outcome } = await recordCaseStatistics(image, deps)
    deps.logger.info('statistics recorded', { reference, month, outcome })
  } catch (error) {
    // The error's name only: a schema error would quote the image.
    deps.logger.error('statistics not recorded', {
      reference,
      errorName: error instanceof Error ? error.name : typeof error,
    })
    throw error
  }
}
