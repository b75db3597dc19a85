import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { CASE_ITEM_KEY } from '../adapters/case-table.ts'
import type { Case } from '../core/cases/case.ts'
import { isReference } from '../core/cases/reference.ts'
import type { CaseRepository, CaseStatisticsStore } from '../core/ports/stores.ts'
import type { WorkflowStarter } from '../core/ports/workflow.ts'
import { recordCaseStatistics } from '../core/statistics/statistics.ts'

export interface CaseStreamDependencies {
  starter: WorkflowStarter
  /** The stream carries keys only: the case is read as it is now (one consistent GetItem per record). */
  cases: Pick<CaseRepository, 'getCase'>
  /** Where each case's anonymised statistics record is kept (core/statistics/statistics.ts). */
  statistics: CaseStatisticsStore
  /** The business calendar's zone: a case's record is filed under the month it came in there. */
  timeZone: string
  logger: Logger
}

/**
 * The one reader of the table's stream, for case items (INSERT and MODIFY of `CASE#<reference>` / `CASE`),
 * dispatching each record to what follows a stored case. The stream carries the item's keys only (no personal data
 * in the plumbing), so the case is read first, as it is now — at least as new as the write that made the record; a
 * case deleted meanwhile (the purge) has nothing left to follow:
 *
 * - the statistics: every change of the case rewrites its statistics record (first: the workflow's start is the
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
      if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') continue
      const reference = caseReferenceOf(record)
      if (reference === undefined) continue
      const stored = await deps.cases.getCase(reference)
      if (stored === undefined) {
        deps.logger.info('case gone before its stream record was read', { reference })
        continue
      }
      const failures: unknown[] = []
      await projectStatistics(stored, reference, deps).catch((error: unknown) => failures.push(error))
      await followWorkflow(record, stored, reference, deps).catch((error: unknown) => failures.push(error))
      if (failures.length > 0) throw failures[0]
    }
  }
}

/** The reference a record's keys name when they are a case item's (`CASE#<reference>` / `CASE`). */
function caseReferenceOf(record: DynamoDBRecord): string | undefined {
  const keys = record.dynamodb?.Keys
  if (keys?.sk?.S !== CASE_ITEM_KEY.sortKey) return undefined
  const partition = keys.pk?.S
  if (partition === undefined || !partition.startsWith(CASE_ITEM_KEY.partitionPrefix)) return undefined
  const reference = partition.slice(CASE_ITEM_KEY.partitionPrefix.length)
  return isReference(reference) ? reference : undefined
}

async function followWorkflow(record: DynamoDBRecord, stored: Case, reference: string, deps: CaseStreamDependencies) {
  if (record.eventName === 'INSERT') {
    const outcome = await deps.starter.start(reference)
    deps.logger.info('workflow started', { reference, outcome })
    return
  }
  const run = Number(stored.workflowRun)
  if (!Number.isInteger(run) || run < 2) return
  await deps.starter.stop(reference, run - 1)
  if (stored.status === 'closed') {
    deps.logger.info('workflow stopped', { reference, run: run - 1, reason: 'closed' })
    return
  }
  const outcome = await deps.starter.start(reference, run)
  deps.logger.info('workflow run replaced', { reference, run, outcome })
}

async function projectStatistics(stored: Case, reference: string, deps: CaseStreamDependencies) {
  try {
    const { month, outcome } = await recordCaseStatistics(stored, deps)
    deps.logger.info('statistics recorded', { reference, month, outcome })
  } catch (error) {
    // The error's name only: a schema error would quote the case.
    deps.logger.error('statistics not recorded', {
      reference,
      errorName: error instanceof Error ? error.name : typeof error,
    })
    throw error
  }
}
