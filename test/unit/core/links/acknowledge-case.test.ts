import { describe, expect, it } from 'vitest'
import type { Case, CaseStatus, WebCase } from '../../../../functions/core/cases/case.ts'
import { acknowledgeCase } from '../../../../functions/core/links/acknowledge-case.ts'
import { InvalidActionTokenError, signActionToken } from '../../../../functions/core/links/action-token.ts'
import { CaseNotFoundError } from '../../../../functions/core/shared/errors.ts'
import { InMemoryCaseRepository } from '../../../fakes/in-memory-case-repository.ts'
import { InMemoryRosterRepository } from '../../../fakes/in-memory-roster-repository.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { exampleRoster, SettableClock, SIGNING_KEY } from '../../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
const ROUTED_AT = '2027-01-11T09:00:00.000Z'
const LINK_EXPIRES_AT = '2027-01-25T09:00:00.000Z'
const CLICKED_AT = '2027-01-11T09:20:00.000Z'

function linkFor(advisorId: string, reference = REFERENCE, options: { generation?: number; expiresAt?: string } = {}) {
  return signActionToken(
    {
      reference,
      advisorId,
      action: 'acknowledge',
      expiresAt: new Date(options.expiresAt ?? LINK_EXPIRES_AT),
      generation: options.generation ?? 0,
    },
    SIGNING_KEY,
  )
}

/** The example roster: Mondays adv-01 primary, adv-03 backup (and coordinator); Wed/Thu adv-04 backup; adv-05 coordinator. */
async function setUp(stored: Case[], now = CLICKED_AT) {
  const cases = new InMemoryCaseRepository()
  for (const one of stored) await cases.createCase(one)
  const clock = new SettableClock(now)
  const rosters = new InMemoryRosterRepository(exampleRoster())
  return { cases, clock, deps: { cases, clock, rosters, signingKey: async () => SIGNING_KEY } }
}

function assignedCase(overrides: Partial<WebCase> = {}) {
  return storedCase({
    reference: REFERENCE,
    createdAt: ROUTED_AT,
    status: 'assigned',
    assignee: 'adv-01',
    routedAt: ROUTED_AT,
    version: 2,
    ...overrides,
  })
}

describe('Use case: acknowledge a case', () => {
  it('records who acknowledged the case and when, and says so', async () => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase()])

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-01'), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', reference: REFERENCE, advisorId: 'adv-01' })
    expect(cases.cases.get(REFERENCE)).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: CLICKED_AT,
      acknowledgedBy: 'adv-01',
      assignee: 'adv-01',
      version: 3,
    })
    expect(await cases.listEvents(REFERENCE)).toEqual([
      { id: 'acknowledged', at: CLICKED_AT, type: 'acknowledged', advisorId: 'adv-01' },
    ])
  })

  it('lets the backup or a coordinator acknowledge from their own link', async () => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase({ urgency: 'urgent', immediateDanger: true })])

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-05'), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', reference: REFERENCE, advisorId: 'adv-05' })
    expect(cases.cases.get(REFERENCE)).toMatchObject({ acknowledgedBy: 'adv-05', assignee: 'adv-01' })
  })

  it('changes nothing when the link is used again, by the same advisor or another', async () => {
    // Arrange
    const { cases, clock, deps } = await setUp([assignedCase()])
    await acknowledgeCase(linkFor('adv-01'), deps)
    const afterFirst = cases.cases.get(REFERENCE)
    clock.advance(5 * 60_000)

    // Act
    const again = await acknowledgeCase(linkFor('adv-01'), deps)
    const byAnother = await acknowledgeCase(linkFor('adv-03'), deps)

    // Assert
    expect(again).toEqual({ kind: 'already', reference: REFERENCE, status: 'acknowledged' })
    expect(byAnother).toEqual({ kind: 'already', reference: REFERENCE, status: 'acknowledged' })
    expect(cases.cases.get(REFERENCE)).toEqual(afterFirst)
    expect(await cases.listEvents(REFERENCE)).toHaveLength(1)
  })

  it.each<CaseStatus>(['answered', 'closed'])('leaves an %s case as it is', async (status) => {
    // Arrange
    const settled = assignedCase({ status, version: 5 })
    const { cases, deps } = await setUp([settled])

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-01'), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'already', reference: REFERENCE, status })
    expect(cases.cases.get(REFERENCE)).toEqual(settled)
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it('acknowledges a case that waits unassigned (a coordinator acting on the alert)', async () => {
    // Arrange
    const { assignee: _assignee, ...waiting } = assignedCase({ status: 'unassigned' })
    const { cases, deps } = await setUp([waiting])

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-05'), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', reference: REFERENCE, advisorId: 'adv-05' })
    expect(cases.cases.get(REFERENCE)?.status).toBe('acknowledged')
  })

  it('refuses a link to a case that does not exist (any more)', async () => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase()])

    // Act
    const acknowledging = acknowledgeCase(linkFor('adv-01', 'MAR-ZZZZ-ZZZZ'), deps)

    // Assert
    await expect(acknowledging).rejects.toBeInstanceOf(CaseNotFoundError)
    expect(cases.cases.get(REFERENCE)?.status).toBe('assigned')
  })

  it('refuses an expired link and changes nothing', async () => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase()], LINK_EXPIRES_AT)
    const before = cases.cases.get(REFERENCE)

    // Act
    const acknowledging = acknowledgeCase(linkFor('adv-01'), deps)

    // Assert
    await expect(acknowledging).rejects.toBeInstanceOf(InvalidActionTokenError)
    await expect(acknowledging).rejects.toMatchObject({ reason: 'expired' })
    expect(cases.cases.get(REFERENCE)).toEqual(before)
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it('refuses a link signed with another key and changes nothing', async () => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase()])
    const before = cases.cases.get(REFERENCE)
    const forged = signActionToken(
      {
        reference: REFERENCE,
        advisorId: 'adv-01',
        action: 'acknowledge',
        expiresAt: new Date(LINK_EXPIRES_AT),
        generation: 0,
      },
      { current: { id: 'k1', secret: new Uint8Array(32) } },
    )

    // Act
    const acknowledging = acknowledgeCase(forged, deps)

    // Assert
    await expect(acknowledging).rejects.toMatchObject({ name: 'InvalidActionTokenError', reason: 'forged' })
    expect(cases.cases.get(REFERENCE)).toEqual(before)
  })

  it.each([
    ['an advisor who is neither assignee, backup on duty nor coordinator', 'adv-02'],
    ['someone no longer on the roster', 'adv-99'],
  ])('refuses the link of %s and changes nothing', async (_who, advisorId) => {
    // Arrange
    const { cases, deps } = await setUp([assignedCase()])
    const before = cases.cases.get(REFERENCE)

    // Act
    const acknowledging = acknowledgeCase(linkFor(advisorId), deps)

    // Assert
    await expect(acknowledging).rejects.toMatchObject({ name: 'InvalidActionTokenError', reason: 'not-permitted' })
    expect(cases.cases.get(REFERENCE)).toEqual(before)
    expect(await cases.listEvents(REFERENCE)).toEqual([])
  })

  it('takes the link of a backup on duty when it was sent, after their shift, but not of one who was not', async () => {
    // Arrange: adv-04 is backup on Wednesdays; a breach alert sent Wednesday 16:50, clicked Friday evening
    const sentWednesday = { expiresAt: '2027-01-27T15:50:00.000Z' }
    const sentMonday = { expiresAt: LINK_EXPIRES_AT }
    const { deps } = await setUp([assignedCase()], '2027-01-15T18:00:00.000Z')
    const other = await setUp([assignedCase()], '2027-01-15T18:00:00.000Z')

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-04', REFERENCE, sentWednesday), deps)
    const refused = acknowledgeCase(linkFor('adv-04', REFERENCE, sentMonday), other.deps)

    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', reference: REFERENCE, advisorId: 'adv-04' })
    await expect(refused).rejects.toMatchObject({ reason: 'not-permitted' })
  })

  it('refuses a link made before the case revoked its links (closed or reassigned), and takes one made after', async () => {
    // Arrange: the case was reassigned once (generation 1)
    const { cases, deps } = await setUp([assignedCase({ linkGeneration: 1 })])

    // Act
    const old = acknowledgeCase(linkFor('adv-01', REFERENCE, { generation: 0 }), deps)

    // Assert
    await expect(old).rejects.toMatchObject({ name: 'InvalidActionTokenError', reason: 'revoked' })
    expect(cases.cases.get(REFERENCE)?.status).toBe('assigned')
    expect(await acknowledgeCase(linkFor('adv-01', REFERENCE, { generation: 1 }), deps)).toEqual({
      kind: 'acknowledged',
      reference: REFERENCE,
      advisorId: 'adv-01',
    })
  })

  it('acknowledges once when another writer changed the case between its read and its write', async () => {
    // Arrange: the first write loses the race (a breach was recorded meanwhile)
    const { cases, deps } = await setUp([assignedCase()])
    const updateCase = cases.updateCase.bind(cases)
    let raced = false
    cases.updateCase = async (current, changes) => {
      if (!raced) {
        raced = true
        const latest = cases.cases.get(REFERENCE)
        if (latest) cases.cases.set(REFERENCE, { ...latest, version: latest.version + 1 })
      }
      return updateCase(current, changes)
    }

    // Act
    const outcome = await acknowledgeCase(linkFor('adv-01'), deps)

    // Assert
    expect(outcome.kind).toBe('acknowledged')
    expect(cases.cases.get(REFERENCE)).toMatchObject({ status: 'acknowledged', version: 4 })
    expect(await cases.listEvents(REFERENCE)).toHaveLength(1)
  })
})
