import { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { createStartHandler } from '../../../functions/case-workflow/start-handler.ts'
import type { Case } from '../../../functions/core/cases/case.ts'
import type { WorkflowStarter } from '../../../functions/core/ports/workflow.ts'
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

/** The stored case as the handler reads it (only what it reads, plus content it must not log). */
function storedCase(
  fields: { status?: string; workflowRun?: number; version?: number; reference?: string } = {},
): Record<string, unknown> {
  return {
    reference: fields.reference ?? REFERENCE,
    status: fields.status ?? 'received',
    version: fields.version ?? 3,
    createdAt: '2026-12-04T15:30:00.000Z',
    channel: 'web',
    urgency: 'normal',
    topic: 'question',
    requesterType: 'private',
    description: 'Sentinel beschrijving Qx7',
    email: 'sentinel@example.nl',
    ...(fields.status === 'closed' ? { closedAt: '2026-12-07T09:00:00.000Z', outcome: 'advice-given' } : {}),
    ...(fields.workflowRun === undefined ? {} : { workflowRun: fields.workflowRun }),
  }
}

/** The case table as the handler reads it: one GetItem per record, counted. */
class StoredCases {
  readonly items = new Map<string, Record<string, unknown>>()
  reads = 0

  store(stored: Record<string, unknown>) {
    this.items.set(String(stored.reference), stored)
  }

  async getCase(reference: string): Promise<Case | undefined> {
    this.reads++
    return this.items.get(reference) as Case | undefined
  }
}

/** A stream record as the table's KEYS_ONLY stream carries it: the item's keys, nothing else. */
function record(eventName: DynamoDBRecord['eventName'], keys: { pk: string; sk: string }) {
  return {
    eventName,
    dynamodb: { Keys: { pk: { S: keys.pk }, sk: { S: keys.sk } }, StreamViewType: 'KEYS_ONLY' },
  } as DynamoDBRecord
}

const caseKeys = (reference = REFERENCE) => ({ pk: `CASE#${reference}`, sk: 'CASE' })

function setUp() {
  const starter = new RecordingStarter()
  const logger = new Logger({ logLevel: 'SILENT' })
  const info = vi.spyOn(logger, 'info')
  const statistics = new InMemoryCaseStatistics()
  const cases = new StoredCases()
  const handler = createStartHandler({ starter, cases, statistics, timeZone: 'Europe/Amsterdam', logger })
  const logText = () => JSON.stringify(info.mock.calls)
  /** Stores the case as it is now and returns the record its last write put on the stream. */
  const changed = (eventName: 'INSERT' | 'MODIFY', fields: Parameters<typeof storedCase>[0] = {}) => {
    cases.store(storedCase(fields))
    return record(eventName, caseKeys(fields.reference))
  }
  return { starter, statistics, cases, handler, logText, changed }
}

const run = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records })

describe('Handler: the table stream starts and replaces case workflows', () => {
  it('starts the first run of a newly stored case, reading it once, and logs nothing of its content', async () => {
    // Arrange
    const { starter, cases, handler, logText, changed } = setUp()

    // Act
    await handler(run([changed('INSERT')]))

    // Assert
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(cases.reads).toBe(1)
    expect(logText()).toContain(REFERENCE)
    expect(logText()).not.toContain('Sentinel')
  })

  it('stops run n-1 and starts run n when an advisor’s change raised the workflow run to n', async () => {
    // Arrange
    const { starter, handler, changed } = setUp()

    // Act
    await handler(run([changed('MODIFY', { status: 'answered', workflowRun: 2 })]))
    await handler(run([changed('MODIFY', { status: 'answered', workflowRun: 5 })]))

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
    const { starter, handler, changed } = setUp()

    // Act
    await handler(run([changed('MODIFY', { status: 'closed', workflowRun: 3 })]))

    // Assert
    expect(starter.calls).toEqual(['stop MAR-0000-0001 run 2'])
  })

  it('follows the case as it is now when the record is older than the last write (keys only: no image)', async () => {
    // Arrange: the INSERT's record is read after an advisor's change raised the run to 2
    const { starter, cases, handler } = setUp()
    cases.store(storedCase({ status: 'answered', workflowRun: 2 }))

    // Act
    await handler(run([record('INSERT', caseKeys()), record('MODIFY', caseKeys())]))

    // Assert
    expect(starter.calls).toEqual([
      'start MAR-0000-0001 run default',
      'stop MAR-0000-0001 run 1',
      'start MAR-0000-0001 run 2',
    ])
    expect(cases.reads).toBe(2)
  })

  it('does nothing, and does not fail, for a case deleted before its record was read (the purge)', async () => {
    // Arrange
    const { starter, statistics, cases, handler } = setUp()

    // Act
    await handler(run([record('INSERT', caseKeys()), record('MODIFY', caseKeys())]))

    // Assert
    expect(starter.calls).toEqual([])
    expect(statistics.records.size).toBe(0)
    expect(cases.reads).toBe(2)
  })

  it.each([
    ['a change that asks for no new run', { status: 'assigned' }],
    ['a change on the first run', { status: 'assigned', workflowRun: 1 }],
    ['a run that is not a whole number', { workflowRun: 2.5 }],
  ])('does nothing for %s', async (_kind, fields) => {
    // Arrange
    const { starter, handler, changed } = setUp()

    // Act
    await handler(run([changed('MODIFY', fields)]))

    // Assert
    expect(starter.calls).toEqual([])
  })

  it.each([
    ['a deleted case (TTL)', record('REMOVE', caseKeys())],
    ['an event of the case', record('INSERT', { pk: `CASE#${REFERENCE}`, sk: 'EVENT#01JF' })],
    ['queued mail', record('INSERT', { pk: `CASE#${REFERENCE}`, sk: 'MAIL#01JF' })],
    ['a roster', record('INSERT', { pk: 'ROSTER', sk: 'CASE' })],
    ['an item that names no valid reference', record('INSERT', { pk: 'CASE#CASE-1', sk: 'CASE' })],
  ])('neither reads nor follows %s, and keeps no statistics for it', async (_kind, streamRecord) => {
    // Arrange
    const { starter, statistics, cases, handler } = setUp()
    cases.store(storedCase())

    // Act
    await handler(run([streamRecord]))

    // Assert
    expect(starter.calls).toEqual([])
    expect(cases.reads).toBe(0)
    expect(statistics.records.size).toBe(0)
    expect(statistics.indexed.size).toBe(0)
  })

  it('handles every record of a batch in order', async () => {
    // Arrange
    const { starter, cases, handler } = setUp()
    const other = 'MAR-0000-0002'
    cases.store(storedCase({ workflowRun: 2, status: 'acknowledged' }))
    cases.store(storedCase({ reference: other, workflowRun: 2, status: 'closed' }))

    // Act
    await handler(
      run([
        record('INSERT', caseKeys()),
        record('INSERT', caseKeys(other)),
        record('MODIFY', caseKeys()),
        record('MODIFY', caseKeys(other)),
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
    const { starter, handler, changed } = setUp()
    starter.failStarts = 1

    // Act
    const handling = handler(run([changed('INSERT')]))

    // Assert
    await expect(handling).rejects.toThrow('Step Functions is unavailable')
    await handler(run([changed('INSERT')]))
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
  })
})

describe('Handler: the table stream keeps each case’s statistics record', () => {
  it('writes the record of a new case: its dimensions and deadline facts, in its Amsterdam month, and nothing else', async () => {
    // Arrange
    const { statistics, handler, logText, changed } = setUp()

    // Act
    await handler(run([changed('INSERT', { version: 1 })]))

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
    const { starter, statistics, handler, changed } = setUp()
    await handler(run([changed('INSERT', { version: 1 })]))

    // Act
    await handler(run([changed('MODIFY', { status: 'closed', version: 2 })]))

    // Assert
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(statistics.records.size).toBe(1)
    expect([...statistics.records.values()][0]).toMatchObject({
      caseVersion: 2,
      outcome: 'advice-given',
      closedAt: '2026-12-07T09:00:00.000Z',
    })
  })

  it('counts a case once however often its records come, and never lets an older version overwrite a newer one', async () => {
    // Arrange
    const { statistics, handler, changed } = setUp()
    const newer = changed('MODIFY', { status: 'closed', version: 4 })

    // Act
    await handler(run([newer, newer]))
    await handler(run([changed('MODIFY', { status: 'assigned', version: 3 })]))
    await handler(run([changed('MODIFY', { status: 'closed', version: 4 })]))

    // Assert
    expect(statistics.records.size).toBe(1)
    expect([...statistics.records.values()][0]).toMatchObject({ caseVersion: 4, outcome: 'advice-given' })
  })

  it('fails the batch when the record cannot be written, still starting the workflow, so the stream retries both', async () => {
    // Arrange
    const { starter, statistics, handler, changed } = setUp()
    statistics.failNextPuts = 1

    // Act
    const handling = handler(run([changed('INSERT', { version: 1 })]))

    // Assert
    await expect(handling).rejects.toThrow('DynamoDB is unavailable')
    expect(starter.calls).toEqual(['start MAR-0000-0001 run default'])
    expect(statistics.records.size).toBe(0)
    await handler(run([changed('INSERT', { version: 1 })]))
    expect(statistics.records.size).toBe(1)
  })

  it('still writes the record when the workflow part fails, and fails the batch', async () => {
    // Arrange
    const { starter, statistics, handler, changed } = setUp()
    starter.failStarts = 1

    // Act
    const handling = handler(run([changed('INSERT', { version: 1 })]))

    // Assert
    await expect(handling).rejects.toThrow('Step Functions is unavailable')
    expect(statistics.records.size).toBe(1)
  })
})
