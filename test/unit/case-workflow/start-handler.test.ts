import { Logger } from '@aws-lambda-powertools/logger'
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { createStartHandler } from '../../../functions/case-workflow/start-handler.ts'
import type { WorkflowStarter } from '../../../functions/core/workflow.ts'

const REFERENCE = 'MAR-0000-0001'

/** A WorkflowStarter that keeps every call, in order. */
class RecordingStarter implements WorkflowStarter {
  readonly calls: string[] = []
  failStarts = 0

  async start(reference: string, run?: number): Promise<'started' | 'running'> {
    if (this.failStarts > 0) {
      this.failStarts--
      throw new Error('Step Functions is unavailable')
    }
    this.calls.push(`start ${reference} run ${run ?? 'default'}`)
    return 'started'
  }

  async stop(reference: string, run: number): Promise<void> {
    this.calls.push(`stop ${reference} run ${run}`)
  }
}

/** The case item's image as the stream carries it (only what the handler reads, plus content it must not log). */
function caseImage(fields: { status?: string; workflowRun?: number; reference?: string; entity?: string } = {}) {
  const image: Record<string, AttributeValue> = {
    pk: { S: `CASE#${fields.reference ?? REFERENCE}` },
    sk: { S: 'CASE' },
    entity: { S: fields.entity ?? 'case' },
    reference: { S: fields.reference ?? REFERENCE },
    status: { S: fields.status ?? 'received' },
    description: { S: 'Sentinel beschrijving Qx7' },
  }
  if (fields.workflowRun !== undefined) image.workflowRun = { N: String(fields.workflowRun) }
  return image
}

function record(eventName: DynamoDBRecord['eventName'], image: Record<string, AttributeValue> | undefined) {
  return { eventName, dynamodb: image === undefined ? {} : { NewImage: image } } as DynamoDBRecord
}

function setUp() {
  const starter = new RecordingStarter()
  const logger = new Logger({ logLevel: 'SILENT' })
  const info = vi.spyOn(logger, 'info')
  const handler = createStartHandler({ starter, logger })
  const logText = () => JSON.stringify(info.mock.calls)
  return { starter, handler, logText }
}

const run = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records })

describe('Handler: the table stream starts and replaces case workflows', () => {
  it('starts the first run of a newly stored case, and logs nothing of its content', async () => {
    // Arrange
    const { starter, handler, logText } = setUp()

    // Act
    await handler(run([record('INSERT', caseImage())]))

    // Assert
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(logText()).toContain(REFERENCE)
    expect(logText()).not.toContain('Sentinel')
  })

  it('stops run n-1 and starts run n when an advisor’s change raised the workflow run to n', async () => {
    // Arrange
    const { starter, handler } = setUp()

    // Act
    await handler(run([record('MODIFY', caseImage({ status: 'answered', workflowRun: 2 }))]))
    await handler(run([record('MODIFY', caseImage({ status: 'answered', workflowRun: 5 }))]))

    // Assert
    expect(starter.calls).toEqual([
      'stop MAR-0000-0001 run 1',
      'start MAR-0000-0001 run 2',
      'stop MAR-0000-0001 run 4',
      'start MAR-0000-0001 run 5',
    ])
  })

  it('only stops the run before when the change closed the case', async () => {
    // Arrange
    const { starter, handler } = setUp()

    // Act
    await handler(run([record('MODIFY', caseImage({ status: 'closed', workflowRun: 3 }))]))

    // Assert
    expect(starter.calls).toEqual(['stop MAR-0000-0001 run 2'])
  })

  it.each([
    ['a change that asks for no new run', record('MODIFY', caseImage({ status: 'assigned' }))],
    ['a change on the first run', record('MODIFY', caseImage({ status: 'assigned', workflowRun: 1 }))],
    ['a run that is not a whole number', record('MODIFY', caseImage({ workflowRun: 2.5 }))],
    ['a deleted case (TTL)', record('REMOVE', undefined)],
    ['an event of the case', record('INSERT', caseImage({ entity: 'event' }))],
    ['queued mail', record('INSERT', caseImage({ entity: 'mail' }))],
    ['an item that names no valid reference', record('INSERT', caseImage({ reference: 'CASE-1' }))],
  ])('does nothing for %s', async (_kind, streamRecord) => {
    // Arrange
    const { starter, handler } = setUp()

    // Act
    await handler(run([streamRecord]))

    // Assert
    expect(starter.calls).toEqual([])
  })

  it('handles every record of a batch in order', async () => {
    // Arrange
    const { starter, handler } = setUp()
    const other = 'MAR-0000-0002'

    // Act
    await handler(
      run([
        record('INSERT', caseImage()),
        record('INSERT', caseImage({ reference: other })),
        record('MODIFY', caseImage({ workflowRun: 2, status: 'acknowledged' })),
        record('MODIFY', caseImage({ reference: other, workflowRun: 2, status: 'closed' })),
      ]),
    )

    // Assert
    expect(starter.calls).toEqual([
      'start MAR-0000-0001 run default',
      'start MAR-0000-0002 run default',
      'stop MAR-0000-0001 run 1',
      'start MAR-0000-0001 run 2',
      'stop MAR-0000-0002 run 1',
    ])
  })

  it('fails the batch when a start fails, so the stream delivers it again', async () => {
    // Arrange
    const { starter, handler } = setUp()
    starter.failStarts = 1

    // Act
    const handling = handler(run([record('INSERT', caseImage())]))

    // Assert
    await expect(handling).rejects.toThrow('Step Functions is unavailable')
    await handler(run([record('INSERT', caseImage())]))
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
  })
})
