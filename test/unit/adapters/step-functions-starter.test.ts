import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { executionArn, StepFunctionsWorkflowStarter } from '../../../functions/adapters/step-functions-starter.ts'

const sfn = mockClient(SFNClient)
const client = new SFNClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:mar-case-workflow'
const REFERENCE = 'MAR-0000-0001'

describe('Adapter: Step Functions workflow starter', () => {
  beforeEach(() => sfn.reset())

  it('starts the first run under the case reference, with the reference and no steps done as input', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'x', startDate: new Date() })
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    const outcome = await starter.start(REFERENCE)

    // Assert
    expect(outcome).toBe('started')
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn: STATE_MACHINE, name: 'MAR-0000-0001', input: '{"reference":"MAR-0000-0001","done":[]}' },
    ])
  })

  it.each([
    [1, 'MAR-0000-0001'],
    [2, 'MAR-0000-0001-2'],
    [17, 'MAR-0000-0001-17'],
  ])('names run %s %s', async (run, name) => {
    // Arrange
    sfn.on(StartExecutionCommand).resolves({})
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    await starter.start(REFERENCE, run)

    // Assert
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.name).toBe(name)
  })

  it('answers running when the run was started before', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ $metadata: {}, message: 'exists' }))
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    const outcome = await starter.start(REFERENCE, 2)

    // Assert
    expect(outcome).toBe('running')
  })

  it('passes on any other failure to start, for the stream to retry', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).rejects(new InvalidArn({ $metadata: {}, message: 'bad arn' }))
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    const starting = starter.start(REFERENCE)

    // Assert
    await expect(starting).rejects.toBeInstanceOf(InvalidArn)
  })

  it.each([
    [1, 'arn:aws:states:eu-west-1:123456789012:execution:mar-case-workflow:MAR-0000-0001'],
    [3, 'arn:aws:states:eu-west-1:123456789012:execution:mar-case-workflow:MAR-0000-0001-3'],
  ])('stops run %s by its execution ARN %s', async (run, arn) => {
    // Arrange
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() })
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    await starter.stop(REFERENCE, run)

    // Assert
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input)).toEqual([{ executionArn: arn }])
  })

  it('leaves a run alone that never started', async () => {
    // Arrange
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist({ $metadata: {}, message: 'none' }))
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    const stopping = starter.stop(REFERENCE, 2)

    // Assert
    await expect(stopping).resolves.toBeUndefined()
  })

  it('passes on any other failure to stop', async () => {
    // Arrange
    sfn.on(StopExecutionCommand).rejects(new InvalidArn({ $metadata: {}, message: 'bad arn' }))
    const starter = new StepFunctionsWorkflowStarter(client, STATE_MACHINE)

    // Act
    const stopping = starter.stop(REFERENCE, 2)

    // Assert
    await expect(stopping).rejects.toBeInstanceOf(InvalidArn)
  })

  it('derives an execution ARN from the state machine ARN, in any partition', () => {
    // Act
    const arn = executionArn('arn:aws-cn:states:cn-north-1:123456789012:stateMachine:wf', 'MAR-0000-0001-2')

    // Assert
    expect(arn).toBe('arn:aws-cn:states:cn-north-1:123456789012:execution:wf:MAR-0000-0001-2')
  })
})
