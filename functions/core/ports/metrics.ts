/** What the workflow counts (CloudWatch metrics in AWS, log lines locally). */
import type { DeadlineClock } from '../deadlines/deadlines.ts'

/** Where breaches are counted (CloudWatch in AWS). */
export interface DeadlineMetrics {
  deadlineBreached(clock: DeadlineClock): void
}

/** Counted so that an alarm fires when a workflow task fails for good (CloudWatch in AWS). */
export interface TaskFailureMetrics {
  taskFailed(stage: string): void
}
