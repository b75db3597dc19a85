import { Logger } from '@aws-lambda-powertools/logger'
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { createStartHandler } from '../../../functions/case-workflow/start-handler.ts'
import type { WorkflowStarter } from '../../../functions/core/workflow.ts'
import { InMemoryCaseStatistics } from '../../fakes/in-memory-case-statistics.ts'

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
function caseImage(
  fields: { status?: string; workflowRun?: number; version?: number; reference?: string; entity?: string } = {},
) {
  const image: Record<string, AttributeValue> = {
    pk: { S: `CASE#${fields.reference ?? REFERENCE}` },
    sk: { S: 'CASE' },
    entity: { S: fields.entity ?? 'case' },
    reference: { S: fields.reference ?? REFERENCE },
    status: { S: fields.status ?? 'received' },
    version: { N: String(fields.version ?? 3) },
    createdAt: { S: '2026-12-04T15:30:00.000Z' },
    channel: { S: 'web' },
    urgency: { S: 'normal' },
    topic: { S: 'question' },
    requesterType: { S: 'private' },
    description: { S: 'Sentinel beschrijving Qx7' },
    email: { S: 'sentinel@example.nl' },
  }
  if (fields.status === 'closed') {
    image.closedAt = { S: '2026-12-07T09:00:00.000Z' }
    image.outcome = { S: 'advice-given' }
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
  const statistics = new InMemoryCaseStatistics()
  const handler = createStartHandler({ starter, statistics, timeZone: 'Europe/Amsterdam', logger })
  const logText = () => JSON.stringify(info.mock.calls)
  return { starter, statistics, handler, logText }
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

  it.each([
    ['a deleted case (TTL)', record('REMOVE', undefined)],
    ['an event of the case', record('INSERT', caseImage({ entity: 'event' }))],
    ['an item that names no valid reference', record('INSERT', caseImage({ reference: 'CASE-1' }))],
  ])('keeps no statistics for %s', async (_kind, streamRecord) => {
    // Arrange
    const { statistics, handler } = setUp()

    // Act
    await handler(run([streamRecord]))

    // Assert
    expect(statistics.records.size).toBe(0)
    expect(statistics.indexed.size).toBe(0)
  })
})

describe('Handler: the table stream keeps each case’s statistics record', () => {
  it('writes the record of a new case: its dimensions and deadline facts, in its Amsterdam month, and nothing else', async () => {
    // Arrange
    const { statistics, handler, logText } = setUp()

    // Act
    await handler(run([record('INSERT', caseImage({ version: 1 }))]))

    // Assert
    expect([...statistics.records.values()]).toEqual([
      {
        caseKey: expect.stringMatching(/^[0-9a-f]{64}$/),
        caseVersion: 1,
        month: '2026-12',
        createdAt: '2026-12-04T15:30:00.000Z',
        channel: 'web',
        urgency: 'normal',
        topic: 'question',
        requesterType: 'private',
        signals: [],
        pausedBusinessMinutes: 0,
        breaches: { acknowledge: 0, respond: 0 },
      },
    ])
    expect(JSON.stringify([...statistics.records.values()])).not.toMatch(/MAR-0000-0001|Sentinel|sentinel@/)
    expect([...statistics.indexed]).toEqual(['2026-12'])
    expect(logText()).not.toContain('Sentinel')
  })

  it('rewrites it on every change of the case, also one that asks the workflow for nothing', async () => {
    // Arrange
    const { starter, statistics, handler } = setUp()
    await handler(run([record('INSERT', caseImage({ version: 1 }))]))

    // Act
    await handler(run([record('MODIFY', caseImage({ status: 'closed', version: 2 }))]))

    // Assert
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(statistics.records.size).toBe(1)
    expect([...statistics.records.values()][0]).toMatchObject({
      caseVersion: 2,
      outcome: 'advice-given',
      closedAt: '2026-12-07T09:00:00.000Z',
    })
  })

  it('counts a case once however often its records come, and never lets an older image overwrite a newer one', async () => {
    // Arrange
    const { statistics, handler } = setUp()
    const newer = record('MODIFY', caseImage({ status: 'closed', version: 4 }))
    const older = record('MODIFY', caseImage({ status: 'assigned', version: 3 }))

    // Act
    await handler(run([newer, newer]))
    await handler(run([older]))
    await handler(run([newer]))

    // Assert
    expect(statistics.records.size).toBe(1)
    expect([...statistics.records.values()][0]).toMatchObject({ caseVersion: 4, outcome: 'advice-given' })
  })

  it('fails the batch when the record cannot be written, still starting the workflow, so the stream retries both', async () => {
    // Arrange
    const { starter, statistics, handler } = setUp()
    statistics.failNextPuts = 1

    // Act
    const handling = handler(run([record('INSERT', caseImage({ version: 1 }))]))

    // Assert
    await expect(handling).rejects.toThrow('DynamoDB is unavailable')
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(statistics.records.size).toBe(0)
    await handler(run([record('INSERT', caseImage({ version: 1 }))]))
    expect(statistics.records.size).toBe(1)
  })

  it('still writes the record when the workflow part fails, and fails the batch', async () => {
    // Arrange
    const { starter, statistics, handler } = setUp()
    starter.failStarts = 1

    // Act
    const handling = handler(run([record('INSERT', caseImage({ version: 1 }))]))

    // Assert
    await expect(handling).rejects.toThrow('Step Functions is unavailable')
    expect(statistics.records.size).toBe(1)
  })
})
