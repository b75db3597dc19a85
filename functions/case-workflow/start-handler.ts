import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { isReference } from '../core/reference.ts'
import type { WorkflowStarter } from '../core/workflow.ts'

/**
 * Starts the workflow of every newly stored case, from the table's stream. The case is stored first; this runs
 * after, and a failure here is retried by the stream (and lands in the dead-letter queue in the end), so a stored
 * case is never left without its workflow.
 */
export function createStartHandler(deps: { starter: WorkflowStarter; logger: Logger }) {
  return async (event: DynamoDBStreamEvent): Promise<void> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage
      if (record.eventName !== 'INSERT' || image?.entity?.S !== 'case') continue
      const reference = image.reference?.S
      if (reference === undefined || !isReference(reference)) continue
      const outcome = await deps.starter.start(reference)
      deps.logger.info('workflow started', { reference, outcome })
    }
  }
}
