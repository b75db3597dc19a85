import { describe, expect, it } from 'vitest'
import type { Case } from '../../../../functions/core/cases/case.ts'
import { byRisk, caseRisk, type RiskOrdered } from '../../../../functions/core/deadlines/risk.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

/**
 * January 2027 (CET, UTC+1). A question received Monday the 11th at 10:00 (09:00Z):
 *   acknowledge (8 business hours): reminder (75 %, 6 h) Monday 16:00 (15:00Z), deadline Tuesday 09:30 (08:30Z)
 *   respond (40 business hours): reminder (30 h) Thursday 14:30 (13:30Z), deadline Friday 16:00 (15:00Z)
 */
const RECEIVED = '2027-01-11T09:00:00.000Z'
const ACK_REMINDER = '2027-01-11T15:00:00.000Z'
const ACK_DEADLINE = '2027-01-12T08:30:00.000Z'
const RESPOND_REMINDER = '2027-01-14T13:30:00.000Z'
const RESPOND_DEADLINE = '2027-01-15T15:00:00.000Z'
const MS = 1

const { deps } = workflowDependencies({ now: RECEIVED })
const at = (iso: string, offset = 0) => new Date(Date.parse(iso) + offset)

function waiting(overrides: Partial<Case> = {}): Case {
  return storedCase({ createdAt: RECEIVED, status: 'assigned', assignee: 'adv-01', ...overrides } as never)
}
const acknowledged = (overrides: Partial<Case> = {}) =>
  waiting({ status: 'acknowledged', acknowledgedAt: RECEIVED, acknowledgedBy: 'adv-01', ...overrides })

describe('Rule: how late a case is (risk)', () => {
  it.each([
    ['just after receipt', 'on-time', RECEIVED, 0],
    ['a millisecond before the reminder (75 %)', 'on-time', ACK_REMINDER, -MS],
    ['exactly at the reminder (75 %)', 'due-soon', ACK_REMINDER, 0],
    ['a millisecond before the deadline (100 %)', 'due-soon', ACK_DEADLINE, -MS],
    ['exactly at the deadline (100 %)', 'overdue', ACK_DEADLINE, 0],
    ['a day after the deadline', 'overdue', ACK_DEADLINE, 86_400_000],
  ] as const)('a case waiting for acknowledgement %s is %s', (_when, risk, moment, offset) => {
    expect(caseRisk(waiting(), at(moment, offset), deps)).toEqual({
      risk,
      clock: 'acknowledge',
      dueAt: ACK_DEADLINE,
      remindAt: ACK_REMINDER,
    })
  })

  it.each([
    ['a millisecond before the reminder', 'on-time', RESPOND_REMINDER, -MS],
    ['exactly at the reminder', 'due-soon', RESPOND_REMINDER, 0],
    ['a millisecond before the deadline', 'due-soon', RESPOND_DEADLINE, -MS],
    ['exactly at the deadline', 'overdue', RESPOND_DEADLINE, 0],
  ] as const)('an acknowledged case runs the respond clock: %s it is %s', (_when, risk, moment, offset) => {
    expect(caseRisk(acknowledged(), at(moment, offset), deps)).toEqual({
      risk,
      clock: 'respond',
      dueAt: RESPOND_DEADLINE,
      remindAt: RESPOND_REMINDER,
    })
  })

  it('judges the acknowledge clock, not the respond clock, while both run (its deadline comes first)', () => {
    expect(caseRisk(waiting(), at(ACK_DEADLINE), deps).clock).toBe('acknowledge')
  })

  it('moves both moments on by the business time paused before', () => {
    // 30 minutes paused before: reminder 16:30, deadline Tuesday 10:00.
    const moved = waiting({ pausedBusinessMinutes: 30 })
    expect(caseRisk(moved, at(ACK_REMINDER), deps).risk).toBe('on-time')
    expect(caseRisk(moved, at(ACK_DEADLINE), deps)).toEqual({
      risk: 'due-soon',
      clock: 'acknowledge',
      dueAt: '2027-01-12T09:00:00.000Z',
      remindAt: '2027-01-11T15:30:00.000Z',
    })
  })

  it('says paused for a paused case, even past its deadline, with no running clock', () => {
    const paused = waiting({ pause: { since: RECEIVED, reason: 'Wacht op de school', by: 'adv-01' } })
    expect(caseRisk(paused, at(ACK_DEADLINE, 86_400_000), deps)).toEqual({
      risk: 'paused',
      clock: null,
      dueAt: null,
      remindAt: null,
    })
  })

  it.each([
    ['answered', acknowledged({ status: 'answered', answeredAt: RECEIVED })],
    ['closed', acknowledged({ status: 'closed', closedAt: RECEIVED, outcome: 'referred' })],
  ])('says none for an %s case, however late it is', (_status, stored) => {
    expect(caseRisk(stored, at(RESPOND_DEADLINE, 86_400_000), deps)).toEqual({
      risk: 'none',
      clock: null,
      dueAt: null,
      remindAt: null,
    })
  })

  it('runs a new respond round from when the requester wrote again', () => {
    // Wrote again Friday 15 January 10:00: 40 business hours on, Thursday the 21st 16:00 (15:00Z).
    const again = acknowledged({ respondRound: 2, respondFrom: '2027-01-15T09:00:00.000Z' })
    expect(caseRisk(again, at(RESPOND_DEADLINE), deps)).toMatchObject({
      risk: 'on-time',
      clock: 'respond',
      dueAt: '2027-01-21T15:00:00.000Z',
    })
  })

  it('uses the urgent windows for an urgent case (1 h to acknowledge: reminded after 45 minutes)', () => {
    const urgent = urgentCase({ createdAt: RECEIVED, status: 'assigned', assignee: 'adv-01' })
    expect(caseRisk(urgent, at(RECEIVED, 45 * 60_000), deps)).toEqual({
      risk: 'due-soon',
      clock: 'acknowledge',
      dueAt: '2027-01-11T10:00:00.000Z',
      remindAt: '2027-01-11T09:45:00.000Z',
    })
  })
})

describe('Rule: the workspace’s order (byRisk)', () => {
  const row = (reference: string, fields: Partial<RiskOrdered>): RiskOrdered => ({
    reference,
    risk: 'on-time',
    dueAt: null,
    urgency: 'normal',
    createdAt: '2027-01-04T09:00:00.000Z',
    ...fields,
  })

  it('puts overdue first (most overdue first, urgent or not), then urgent, then nearest deadline, then no clock', () => {
    const rows = [
      row('none-normal-newer', { risk: 'none', createdAt: '2027-01-08T09:00:00.000Z' }),
      row('on-time-normal-near', { dueAt: '2027-01-11T12:00:00.000Z' }),
      row('paused-normal-older', { risk: 'paused', createdAt: '2027-01-05T09:00:00.000Z' }),
      row('overdue-urgent-recent', { risk: 'overdue', urgency: 'urgent', dueAt: '2027-01-11T08:00:00.000Z' }),
      row('due-soon-normal-nearest', { risk: 'due-soon', dueAt: '2027-01-11T10:00:00.000Z' }),
      row('on-time-urgent-far', { urgency: 'urgent', dueAt: '2027-01-13T10:00:00.000Z' }),
      row('none-urgent', { risk: 'none', urgency: 'urgent', createdAt: '2027-01-09T09:00:00.000Z' }),
      row('overdue-normal-oldest', { risk: 'overdue', dueAt: '2027-01-08T08:00:00.000Z' }),
      row('due-soon-urgent', { risk: 'due-soon', urgency: 'urgent', dueAt: '2027-01-11T11:00:00.000Z' }),
    ]

    expect([...rows].sort(byRisk).map((entry) => entry.reference)).toEqual([
      'overdue-normal-oldest',
      'overdue-urgent-recent',
      'due-soon-urgent',
      'on-time-urgent-far',
      'due-soon-normal-nearest',
      'on-time-normal-near',
      'none-urgent',
      'paused-normal-older',
      'none-normal-newer',
    ])
  })

  it('puts the urgent one first when two overdue cases passed their deadline at the same moment', () => {
    const rows = [
      row('normal', { risk: 'overdue', dueAt: '2027-01-11T08:00:00.000Z' }),
      row('urgent', { risk: 'overdue', urgency: 'urgent', dueAt: '2027-01-11T08:00:00.000Z' }),
    ]
    expect([...rows].sort(byRisk).map((entry) => entry.reference)).toEqual(['urgent', 'normal'])
  })
})
