import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn'
import { executionName } from '../core/deadlines/workflow.ts'
import type { WorkflowStarter } from '../core/ports/workflow.ts'

/** Starts and stops the case's Standard executions, named after the case and run, so a retry is harmless. */
export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(reference: string, run = 1): Promise<'started' | 'running'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(reference, run),
          input: JSON.stringify({ reference, done: [] }),
        }),
      )
      return 'started'
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'running'
      throw error
    }
  }

  async stop(reference: string, run: number): Promise<void> {
    try {
      await this.client.send(
        new StopExecutionCommand({ executionArn: executionArn(this.stateMachineArn, executionName(reference, run)) }),
      )
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error
    }
  }
}

/** arn:…:stateMachine:<name> → arn:…:execution:<name>:<execution> */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`
}
