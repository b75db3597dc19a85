import { describe, expect, it } from 'vitest'
import { performAdvisorAction } from '../../../../functions/core/advisor-actions/registry.ts'
import { removeReminder } from '../../../../functions/core/advisor-actions/reminders.ts'
import type { WebCase } from '../../../../functions/core/cases/case.ts'
import { planNextStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { CaseNotFoundError, CaseStateConflictError, ValidationError } from '../../../../functions/core/shared/errors.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }

async function setUp(overrides: Partial<WebCase> = {}) {
  const testbed = workflowDependencies({ now: MONDAY_10_00, randomBytes: [1, 2, 3, 4, 5, 6] })
  await testbed.cases.createCase(
    storedCase({
      reference: REFERENCE,
      createdAt: MONDAY_10_00,
      status: 'acknowledged',
      assignee: 'adv-01',
      ...overrides,
    }),
  )
  return testbed
}

const set = (deps: ReturnType<typeof workflowDependencies>['deps'], body: unknown) =>
  performAdvisorAction('reminders', REFERENCE, ADV_01, body, deps)

describe('Use case: an advisor sets and removes reminders', () => {
  it('keeps the reminder on the case, starts a new run that plans it, and audits it without the note', async () => {
    const { deps, cases } = await setUp()

    const { status, answer } = await set(deps, { at: '2027-01-13T10:00:00+01:00', note: 'School terugbellen.' })

    expect(status).toBe(201)
    const reminder = {
      id: '010203040506',
      at: '2027-01-13T09:00:00.000Z',
      note: 'School terugbellen.',
      by: 'adv-01',
      setAt: MONDAY_10_00,
    }
    expect(answer).toEqual({ reference: REFERENCE, status: 'acknowledged', reminder, reminders: [reminder] })
    expect(await cases.getCase(REFERENCE)).toMatchObject({ reminders: [reminder], workflowRun: 2 })
    expect(await cases.listEvents(REFERENCE)).toEqual([
      {
        id: 'reminder-set:010203040506',
        at: MONDAY_10_00,
        type: 'reminder-set',
        advisorId: 'adv-01',
        detail: { reminderId: '010203040506', remindAt: '2027-01-13T09:00:00.000Z' },
      },
    ])
    expect(await planNextStep(REFERENCE, [], deps)).toMatchObject({
      id: 'advisor-reminder:010203040506',
      kind: 'advisor-reminder',
    })
  })

  it('refuses a moment that is not in the future or has no offset, and a note over 500 characters', async () => {
    const { deps } = await setUp()
    const rules = async (body: unknown) => {
      try {
        await set(deps, body)
        return 'accepted'
      } catch (error) {
        return error instanceof ValidationError
          ? error.problems.map((problem) => `${problem.path}:${problem.rule}`)
          : error
      }
    }
    expect(await rules({ at: MONDAY_10_00, note: 'Nu.' })).toEqual(['at:moment_in_future'])
    expect(await rules({ at: '2027-01-13T10:00:00', note: 'Zonder zone.' })).toEqual(['at:moment_with_zone'])
    expect(await rules({ at: '2027-01-13T10:00:00+01:00', note: 'x'.repeat(501) })).toEqual([
      'note:advisor_text_too_long',
    ])
    expect(await rules({ at: '2027-01-13T10:00:00+01:00', note: ' ' })).toEqual(['note:advisor_text_required'])
  })

  it('removes one, answers the rest, and starts a new run; an unknown id is not found', async () => {
    const { deps, cases } = await setUp()
    await set(deps, { at: '2027-01-13T10:00:00+01:00', note: 'Bellen.' })

    expect(await removeReminder(REFERENCE, '010203040506', ADV_01, deps)).toEqual({
      reference: REFERENCE,
      status: 'acknowledged',
      reminders: [],
    })
    expect(await cases.getCase(REFERENCE)).toMatchObject({ reminders: [], workflowRun: 3 })
    await expect(removeReminder(REFERENCE, '010203040506', ADV_01, deps)).rejects.toBeInstanceOf(CaseNotFoundError)
    expect(await planNextStep(REFERENCE, [], deps)).not.toMatchObject({ kind: 'advisor-reminder' })
  })

  it('refuses both on a closed case (closing cancelled what was still to come)', async () => {
    const reminder = {
      id: 'aaaaaaaaaaaa',
      at: '2027-01-13T09:00:00.000Z',
      note: 'x',
      by: 'adv-01',
      setAt: MONDAY_10_00,
    }
    const { deps } = await setUp({ status: 'closed', outcome: 'referred', reminders: [reminder] })
    await expect(set(deps, { at: '2027-01-13T10:00:00+01:00', note: 'Bellen.' })).rejects.toEqual(
      new CaseStateConflictError('case_closed'),
    )
    await expect(removeReminder(REFERENCE, 'aaaaaaaaaaaa', ADV_01, deps)).rejects.toEqual(
      new CaseStateConflictError('case_closed'),
    )
  })
})
