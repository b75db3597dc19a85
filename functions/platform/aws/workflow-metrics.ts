import { cloudWatchWorkflowMetrics } from '../../adapters/cloudwatch-metrics.ts'
import type { PlatformWith } from '../platform.ts'

/** Breaches and failed tasks as CloudWatch metrics (embedded metric format). */
export function awsWorkflowMetrics(): PlatformWith<'workflowMetrics'> {
  return { workflowMetrics: cloudWatchWorkflowMetrics() }
}
