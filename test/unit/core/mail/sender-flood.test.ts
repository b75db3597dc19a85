import { describe, expect, it } from 'vitest'
import { ACTIVITY_NOTICE_WINDOW_MS, requesterWroteAgain } from '../../../../functions/core/mail/requester-wrote.ts'
import { FLOOD_LIMITS, newCaseVerdict, type SenderCases } from '../../../../functions/core/mail/sender-flood.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const at = (minutes: number) => new Date(Date.parse(MONDAY_10_00) + minutes * 60_000)

/** Records `count` new cases of one sender, `spacing` minutes apart; the verdicts in order. */
function record(count: number, spacing: number, start: SenderCases = []) {
  let entries = start
  const verdicts = []
  for (let index = 0; index < count; index++) {
    const { verdict, next } = newCaseVerdict(
      entries,
      `MAR-0000-${String(index).padStart(4, '0')}`,
      at(index * spacing),
      FLOOD_LIMITS,
    )
    verdicts.push(verdict)
    if (next) entries = next
  }
  return { verdicts, entries }
}

describe('Use case: a flood of new mail cases from one sender', () => {
  it('allows three new cases in an hour and groups the rest under one summary due 15 minutes after the first excess', () => {
    const { verdicts } = record(30, 0.05)
    expect(verdicts.slice(0, 3)).toEqual([{ excess: false }, { excess: false }, { excess: false }])
    const holder = 'MAR-0000-0003'
    const dueAt = new Date(at(3 * 0.05).getTime() + 15 * 60_000).toISOString()
    for (const verdict of verdicts.slice(3)) expect(verdict).toEqual({ excess: true, summary: { holder, dueAt } })
  })

  it('gives the same answer for the same case again (a retried filing)', () => {
    const { entries, verdicts } = record(5, 1)
    expect(newCaseVerdict(entries, 'MAR-0000-0004', at(30), FLOOD_LIMITS)).toEqual({ verdict: verdicts[4] })
  })

  it('starts a new summary for excess after the first one was due, and counts afresh after an hour', () => {
    const { verdicts } = record(8, 5)
    expect(verdicts.map((verdict) => (verdict.excess ? verdict.summary.holder : 'allowed'))).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'MAR-0000-0003',
      'MAR-0000-0003',
      'MAR-0000-0003',
      'MAR-0000-0006',
      'MAR-0000-0006',
    ])
    const spread = record(6, 25)
    expect(spread.verdicts.every((verdict) => !verdict.excess)).toBe(true)
  })
})

describe('Use case: the requester writes again — notices coalesce', () => {
  async function writes(options: { urgent?: boolean; minutes: number[] }) {
    const testbed = workflowDependencies({ now: MONDAY_10_00 })
    const reference = 'MAR-0000-0001'
    const make = options.urgent ? urgentCase : storedCase
    await testbed.cases.createCase({
      ...make({ reference, createdAt: MONDAY_10_00 }),
      status: 'assigned',
      assignee: 'adv-01',
    })
    for (const [index, minute] of options.minutes.entries()) {
      testbed.clock.set(at(minute).toISOString())
      const current = await testbed.cases.getCase(reference)
      if (current === undefined) throw new Error('no case')
      await requesterWroteAgain(current, `m${index}`, testbed.deps)
    }
    return testbed.outbox.entries(reference).filter((mail) => mail.kind === 'new-message')
  }

  it('tells once for ten messages in a minute, and again once the 15 minutes are over', async () => {
    expect(ACTIVITY_NOTICE_WINDOW_MS).toBe(15 * 60_000)
    expect(await writes({ minutes: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] })).toHaveLength(1)
    expect(await writes({ minutes: [0, 5, 14.9, 15, 20] })).toHaveLength(2)
  })

  it('never holds back activity on an urgent case', async () => {
    expect(await writes({ urgent: true, minutes: [0, 0.1, 0.2] })).toHaveLength(3)
  })

  it('queues the same notice again when the same message is filed again (a retry): one mail id', async () => {
    const testbed = workflowDependencies({ now: MONDAY_10_00 })
    const reference = 'MAR-0000-0002'
    await testbed.cases.createCase({
      ...storedCase({ reference, createdAt: MONDAY_10_00 }),
      status: 'assigned',
      assignee: 'adv-01',
    })
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await testbed.cases.getCase(reference)
      if (current === undefined) throw new Error('no case')
      await requesterWroteAgain(current, 'same-message', testbed.deps)
    }
    expect(testbed.outbox.entries(reference).filter((mail) => mail.kind === 'new-message')).toHaveLength(1)
  })
})
