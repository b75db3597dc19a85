import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { DeadlineMetrics } from '../core/deadline-steps.ts'
import type { DeadlineClock } from '../core/deadlines.ts'

/** Breaches as CloudWatch metrics (embedded metric format in the function's log: no API call, no extra latency). */
export function cloudWatchDeadlineMetrics(
  metrics = new Metrics({ namespace: 'MarIntake', serviceName: 'mar-intake' }),
) {
  const port: DeadlineMetrics = {
    deadlineBreached(clock: DeadlineClock) {
      metrics.addDimension('clock', clock)
      metrics.addMetric('DeadlineBreached', MetricUnit.Count, 1)
      metrics.publishStoredMetrics()
    },
  }
  return port
}
