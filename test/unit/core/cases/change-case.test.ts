import { describe, expect, it } from 'vitest'
import type { Case } from '../../../../functions/core/cases/case.ts'
import { changeCase, nextWorkflowRun } from '../../../../functions/core/cases/change-case.ts'
import { CaseNotFoundError, CaseStateConflictError } from '../../../../functions/core/shared/errors.ts'
import { InMemoryCaseRepository } from '../../../fakes/in-memory-case-repository.ts'
import { storedCase } from '../../../fakes/stored-case.ts'

const REFERENCE = 'MAR-0000-0001'
const CREATED_AT = '2027-01-11T09:00:00.000Z'

/** A repository whose next `losses` writes lose the race: another writer bumps the version just before each. */
async function racingRepository(
  losses: number,
  stored: Case = storedCase({ reference: REFERENCE, createdAt: CREATED_AT }),
) {
  const cases = new InMemoryCaseRepository()
  await cases.createCase(stored)
  const updateCase = cases.updateCase.bind(cases)
  const attempts: number[] = []
  let left = losses
  cases.updateCase = async (current, changes) => {
    attempts.push(current.version)
    if (left > 0) {
      left--
      const latest = cases.cases.get(current.reference) as Case
      cases.cases.set(current.reference, { ...latest, version: latest.version + 1 })
    }
    return updateCase(current, changes)
  }
  return { cases, attempts }
}

describe('Rule: change a case under optimistic locking', () => {
  it('stores the change on the version it read and says it changed the case', async () => {
    // Arrange
    const { cases, attempts } = await racingRepository(0)

    // Act
    const result = await changeCase(cases, REFERENCE, () => ({ status: 'assigned', assignee: 'adv-01' }))

    // Assert
    expect(attempts).toEqual([1])
    expect(result.changed).toBe(true)
    expect(result.stored).toMatchObject({ status: 'assigned', assignee: 'adv-01', version: 2 })
    expect(cases.cases.get(REFERENCE)).toEqual(result.stored)
  })

  it('reads again and decides again on what the other writer stored, up to the fifth attempt', async () => {
    // Arrange
    const { cases, attempts } = await racingRepository(4)
    const seen: number[] = []

    // Act
    const result = await changeCase(cases, REFERENCE, (current) => {
      seen.push(current.version)
      return { status: 'acknowledged' }
    })

    // Assert
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expect(attempts).toEqual([1, 2, 3, 4, 5])
    expect(result).toMatchObject({ changed: true, stored: { status: 'acknowledged', version: 6 } })
  })

  it('gives up with conflict after five lost races in a row, having stored nothing of its own', async () => {
    // Arrange
    const { cases, attempts } = await racingRepository(5)

    // Act
    const changing = changeCase(cases, REFERENCE, () => ({ status: 'acknowledged' }))

    // Assert
    await expect(changing).rejects.toBeInstanceOf(CaseStateConflictError)
    await expect(changing).rejects.toMatchObject({ code: 'conflict' })
    expect(attempts).toHaveLength(5)
    expect(cases.cases.get(REFERENCE)).toMatchObject({ status: 'received', version: 6 })
  })

  it('writes nothing when the decision is that nothing needs to change', async () => {
    // Arrange
    const { cases, attempts } = await racingRepository(0)

    // Act
    const result = await changeCase(cases, REFERENCE, () => undefined)

    // Assert
    expect(attempts).toEqual([])
    expect(result).toEqual({ stored: storedCase({ reference: REFERENCE, createdAt: CREATED_AT }), changed: false })
  })

  it('lets the decision refuse, on the case as it stands after another writer', async () => {
    // Arrange: the first write loses to a writer that closed the case
    const cases = new InMemoryCaseRepository()
    await cases.createCase(storedCase({ reference: REFERENCE, createdAt: CREATED_AT }))
    const updateCase = cases.updateCase.bind(cases)
    let raced = false
    cases.updateCase = async (current, changes) => {
      if (!raced) {
        raced = true
        const latest = cases.cases.get(REFERENCE) as Case
        cases.cases.set(REFERENCE, { ...latest, status: 'closed', version: latest.version + 1 })
      }
      return updateCase(current, changes)
    }

    // Act
    const changing = changeCase(cases, REFERENCE, (current) => {
      if (current.status === 'closed') throw new CaseStateConflictError('case_closed', 'closed')
      return { status: 'acknowledged' }
    })

    // Assert
    await expect(changing).rejects.toMatchObject({ code: 'case_closed' })
    expect(cases.cases.get(REFERENCE)).toMatchObject({ status: 'closed', version: 2 })
  })

  it('refuses a case that does not exist', async () => {
    // Arrange
    const cases = new InMemoryCaseRepository()

    // Act
    const changing = changeCase(cases, REFERENCE, () => ({ status: 'acknowledged' }))

    // Assert
    await expect(changing).rejects.toBeInstanceOf(CaseNotFoundError)
  })
})

describe('Rule: the next workflow run', () => {
  it.each([
    [undefined, 2],
    [1, 2],
    [2, 3],
    [41, 42],
  ])('follows run %s with run %s', (run, next) => {
    // Act
    const changes = nextWorkflowRun(run === undefined ? {} : { workflowRun: run })

    // Assert
    expect(changes).toEqual({ workflowRun: next })
  })
})
