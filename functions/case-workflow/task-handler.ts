import type { Logger } from '@aws-lambda-powertools/logger'
import type { DeadlineDependencies } from '../core/deadlines/deadline-steps.ts'
import { planNextStep, runStep } from '../core/deadlines/deadline-steps.ts'
import type { WorkflowState } from '../core/deadlines/workflow.ts'
import { deliverPendingMail } from '../core/mail/deliver-mail.ts'
import type { Mailer } from '../core/ports/mail.ts'
import type { TaskFailureMetrics } from '../core/ports/metrics.ts'
import type { MessageThreads } from '../core/ports/stores.ts'
import { routeCase } from '../core/roster/route-case.ts'
import { workflowTaskSchema } from './task-input.ts'

export interface WorkflowTaskDependencies extends DeadlineDependencies {
  mailer: Mailer
  /** Where sent mail's Message-IDs are kept, so replies to it find their case. */
  threads?: MessageThreads
  logger: Logger
  metrics: DeadlineDependencies['metrics'] & TaskFailureMetrics
}

/** What each task hands back to the state machine: the state, plus for `plan` the next step or none. */
export type WorkflowTaskResult = WorkflowState & { next?: WorkflowStepOutput | null; finished?: boolean }
type WorkflowStepOutput = NonNullable<Awaited<ReturnType<typeof planNextStep>>>

/**
 * The tasks of the case workflow state machine, one small Lambda. Errors are thrown with their names (e.g.
 * MailDeliveryError) so the state machine's Retry and Catch can tell them apart; nothing of the case is logged.
 */
export function createWorkflowTaskHandler(deps: WorkflowTaskDependencies) {
  return async (event: unknown): Promise<WorkflowTaskResult> => {
    const task = workflowTaskSchema.parse(event)
    const { reference } = task
    switch (task.task) {
      case 'route': {
        const outcome = await routeCase(reference, deps)
        deps.logger.info('case routed', { reference, outcome: outcome.kind })
        return { reference, done: [] }
      }
      case 'deliver': {
        const report = await deliverPendingMail(reference, deps)
        deps.logger.info('mail delivered', { reference, kinds: report.sent.map((mail) => mail.kind) })
        return { reference, done: task.done }
      }
      case 'plan': {
        const next = await planNextStep(reference, task.done, deps)
        deps.logger.info('next step planned', { reference, step: next?.id ?? 'none', at: next?.at ?? 'none' })
        return { reference, done: task.done, next: next ?? null, finished: next === undefined }
      }
      case 'run-step': {
        const outcome = await runStep(reference, task.next, deps)
        deps.logger.info('step run', { reference, step: task.next.id, outcome })
        return { reference, done: outcome === 'ran' ? [...task.done, task.next.id] : task.done }
      }
      case 'record-failure': {
        const at = deps.clock.now().toISOString()
        await deps.cases.recordEvent(reference, {
          id: `failed:${task.stage}:${at}`,
          at,
          type: 'task-failed',
          detail: { stage: task.stage, error: task.error },
        })
        deps.metrics.taskFailed(task.stage)
        deps.logger.error('workflow task failed for good', { reference, stage: task.stage, errorName: task.error })
        return { reference, done: task.done }
      }
    }
  }
}
