import { describe, expect, it } from 'vitest'
import { ALLOWED_STATUS_CHANGES } from '../../../../functions/core/advisor-actions/allowed-actions.ts'
import {
  ADVISOR_ACTION_NAMES,
  type AdvisorActionName,
  allowedActions,
  performAdvisorAction,
} from '../../../../functions/core/advisor-actions/registry.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { CaseStateConflictError } from '../../../../functions/core/shared/errors.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_11_00 = '2027-01-11T10:00:00.000Z'
const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }

/** A body each action accepts: whatever is refused below is refused for the case's state, not for the input. */
const VALID_BODY: Record<AdvisorActionName, unknown> = {
  acknowledge: {},
  // By phone: the one way every requester can be answered (a written answer needs an address or a box).
  replies: { text: 'Goedemiddag, wij bellen u morgen.', via: 'phone' },
  'no-reply-needed': { reason: 'Een bedankje: er is geen vraag.' },
  notes: { text: 'Gebeld met de school.' },
  assign: { advisorId: 'adv-02' },
  pause: { reason: 'Wachten op de school.' },
  resume: {},
  close: { outcome: 'referred' },
  classify: { urgency: 'urgent' },
  reminders: { at: '2027-01-13T10:00:00+01:00', note: 'School terugbellen.' },
}

const at = { createdAt: MONDAY_10_00 }
const paused = { since: MONDAY_10_00, reason: 'Wachten op de school.', by: 'adv-01' }
const SITUATIONS: Array<{ name: string; stored: Case; allowed: AdvisorActionName[] }> = [
  {
    name: 'a case waiting for acknowledgement',
    stored: storedCase({ ...at, status: 'assigned', assignee: 'adv-01' }),
    allowed: ['acknowledge', 'replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  {
    name: 'an acknowledged case',
    stored: storedCase({ ...at, status: 'acknowledged', assignee: 'adv-01' }),
    allowed: ['replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  {
    name: 'a paused case',
    stored: storedCase({ ...at, status: 'acknowledged', assignee: 'adv-01', pause: paused }),
    allowed: ['replies', 'notes', 'assign', 'resume', 'close', 'classify', 'reminders'],
  },
  {
    name: 'an answered case (no clock runs: nothing to pause)',
    stored: storedCase({ ...at, status: 'answered', assignee: 'adv-01' }),
    allowed: ['replies', 'notes', 'assign', 'close', 'classify', 'reminders'],
  },
  {
    name: 'a case whose requester left only a phone number (answered by phone)',
    stored: storedCase({ ...at, status: 'acknowledged', assignee: 'adv-01', email: undefined, phone: '0612345678' }),
    allowed: ['replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  {
    name: 'a case whose requester wrote again after an answer',
    stored: storedCase({
      ...at,
      status: 'acknowledged',
      assignee: 'adv-01',
      answeredAt: MONDAY_10_00,
      respondRound: 2,
      respondFrom: MONDAY_10_00,
    }),
    allowed: ['replies', 'no-reply-needed', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  {
    name: 'a case whose requester wrote again while it waits for acknowledgement',
    stored: storedCase({ ...at, status: 'assigned', assignee: 'adv-01', respondRound: 2, respondFrom: MONDAY_10_00 }),
    allowed: ['acknowledge', 'replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  {
    name: 'an anonymous request with a follow-up box',
    stored: storedCase({
      ...at,
      status: 'acknowledged',
      assignee: 'adv-01',
      anonymous: true,
      email: undefined,
      receiptHash: 'scrypt$x',
    }),
    allowed: ['replies', 'notes', 'assign', 'pause', 'close', 'classify', 'reminders'],
  },
  { name: 'a closed case', stored: storedCase({ ...at, status: 'closed', outcome: 'referred' }), allowed: ['notes'] },
]

describe('Rule: the actions a case allows', () => {
  it('moves a closed case nowhere, and acknowledges only a case that waits for it', () => {
    expect(ALLOWED_STATUS_CHANGES.closed).toEqual([])
    for (const status of ['acknowledged', 'answered'] as const) {
      expect(ALLOWED_STATUS_CHANGES[status]).not.toContain('acknowledged')
    }
    for (const status of ['received', 'assigned', 'unassigned'] as const) {
      expect(ALLOWED_STATUS_CHANGES[status]).toContain('acknowledged')
    }
  })

  for (const { name, stored, allowed } of SITUATIONS) {
    it(`lists for ${name}: ${allowed.join(', ')}`, () => {
      expect(allowedActions(stored)).toEqual(allowed)
    })

    it(`does exactly what it lists for ${name}, and refuses the rest with a conflict`, async () => {
      const outcomes: Record<string, string> = {}
      for (const action of ADVISOR_ACTION_NAMES) {
        // Arrange: each action on its own copy of the case
        const { deps, cases } = workflowDependencies({ now: MONDAY_11_00, randomBytes: [0xde, 0xad, 0xbe, 0xef] })
        await cases.createCase(structuredClone(stored))

        // Act
        try {
          await performAdvisorAction(action, stored.reference, ADV_01, VALID_BODY[action], deps)
          outcomes[action] = 'done'
        } catch (error) {
          outcomes[action] = error instanceof CaseStateConflictError ? `refused: ${error.code}` : String(error)
        }
      }

      // Assert
      const expected = Object.fromEntries(
        ADVISOR_ACTION_NAMES.map((action) => [
          action,
          allowed.includes(action) ? 'done' : expect.stringMatching(/^refused: /),
        ]),
      )
      expect(outcomes).toEqual(expected)
    })
  }
})
