import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'
import type { WorkflowStarter } from '../core/workflow.ts'

/** Starts the case's Standard execution, named after the case, so a retried start is harmless. */
export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(reference: string): Promise<'started' | 'running'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: reference,
          input: JSON.stringify({ reference, done: [] }),
        }),
      )
      return 'started'
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'running'
      throw error
    }
  }
}
