import { SFNClient } from '@aws-sdk/client-sfn'
import { StepFunctionsWorkflowStarter } from '../../adapters/step-functions-starter.ts'
import type { PlatformWith } from '../platform.ts'

/** The case workflow's state machine. */
export function awsWorkflowStarter(environment: { STATE_MACHINE_ARN: string }): PlatformWith<'workflowStarter'> {
  return { workflowStarter: new StepFunctionsWorkflowStarter(new SFNClient({}), environment.STATE_MACHINE_ARN) }
}
