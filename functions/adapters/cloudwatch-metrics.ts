import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { DeadlineClock } from '../core/deadlines/deadlines.ts'
import type { DeadlineMetrics, TaskFailureMetrics } from '../core/ports/metrics.ts'

export const METRICS_NAMESPACE = 'MarIntake'

/**
 * Breaches and tasks that failed for good, as CloudWatch metrics (embedded metric format in the function's log:
 * no API call, no extra latency). The failure metric has an alarm (lib/constructs/case-workflow.ts).
 */
export function cloudWatchWorkflowMetrics(
  metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'mar-intake' }),
): DeadlineMetrics & TaskFailureMetrics {
  return {
    deadlineBreached(clock: DeadlineClock) {
      metrics.addDimension('clock', clock)
      metrics.addMetric('DeadlineBreached', MetricUnit.Count, 1)
      metrics.publishStoredMetrics()
    },
    taskFailed(stage: string) {
      metrics.addDimension('stage', stage)
      metrics.addMetric('WorkflowTaskFailed', MetricUnit.Count, 1)
      metrics.publishStoredMetrics()
    },
  }
}
