import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { isReference } from '../core/reference.ts'
import type { WorkflowStarter } from '../core/workflow.ts'

/**
 * Starts the workflow of every newly stored case, from the table's stream; and when an advisor's change asks for a
 * new run (the case's `workflowRun` went up: mail to deliver, clocks moved, case closed), stops the run before it
 * and starts the new one — unless the case is closed, whose workflow simply ends. The case is stored first; this
 * runs after, and a failure here is retried by the stream (and lands in the dead-letter queue in the end), so a
 * stored case is never left without its workflow. Every call is idempotent, so a repeated record changes nothing.
 */
export function createStartHandler(deps: { starter: WorkflowStarter; logger: Logger }) {
  return async (event: DynamoDBStreamEvent): Promise<void> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage
      if (image?.entity?.S !== 'case') continue
      const reference = image.reference?.S
      if (reference === undefined || !isReference(reference)) continue
      if (record.eventName === 'INSERT') {
        const outcome = await deps.starter.start(reference)
        deps.logger.info('workflow started', { reference, outcome })
        continue
      }
      const run = Number(image.workflowRun?.N)
      if (record.eventName !== 'MODIFY' || !Number.isInteger(run) || run < 2) continue
      await deps.starter.stop(reference, run - 1)
      if (image.status?.S === 'closed') {
        deps.logger.info('workflow stopped', { reference, run: run - 1, reason: 'closed' })
        continue
      }
      const outcome = await deps.starter.start(reference, run)
      deps.logger.info('workflow run replaced', { reference, run, outcome })
    }
  }
}
