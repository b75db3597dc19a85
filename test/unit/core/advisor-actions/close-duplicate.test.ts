import { describe, expect, it } from 'vitest'
import { readCase } from '../../../../functions/core/advisor-actions/advisor-cases.ts'
import type { Case } from '../../../../functions/core/cases/case.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { ValidationError } from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'
import { addNote, closeCase } from '../../../support/advisor-actions.ts'

/** Monday 11 January 2027, 11:00 in Amsterdam. */
const NOW = '2027-01-11T10:00:00.000Z'
const ORIGINAL = 'MAR-0000-0001'
const DUPLICATE = 'MAR-0000-0002'
const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }

const acknowledged = (reference: string, overrides: Partial<Case> = {}) =>
  storedCase({
    reference,
    createdAt: '2027-01-11T09:00:00.000Z',
    status: 'acknowledged',
    assignee: 'adv-01',
    acknowledgedAt: '2027-01-11T09:20:00.000Z',
    acknowledgedBy: 'adv-01',
    version: 3,
    ...(overrides as object),
  })

async function setUp(...stored: Case[]) {
  const testbed = workflowDependencies({ now: NOW, randomBytes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] })
  for (const one of stored) await testbed.cases.createCase(one)
  return testbed
}

async function fieldsOfRefusal(action: Promise<unknown>) {
  try {
    await action
  } catch (error) {
    if (error instanceof ValidationError) return fieldMessages(error)
    throw error
  }
  throw new Error('expected the close to be refused')
}

describe('Use case: close a case as a duplicate of another', () => {
  it('closes it, links both ways, and records both in the trails', async () => {
    // Arrange
    const { deps, cases } = await setUp(acknowledged(ORIGINAL), acknowledged(DUPLICATE))

    // Act
    const answer = await closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)

    // Assert
    expect(answer).toEqual({ reference: DUPLICATE, status: 'closed', duplicateOf: ORIGINAL })
    expect(cases.cases.get(DUPLICATE)).toMatchObject({
      status: 'closed',
      outcome: 'duplicate',
      duplicateOf: ORIGINAL,
      closedBy: 'adv-01',
    })
    expect(cases.cases.get(ORIGINAL)).toMatchObject({ status: 'acknowledged', duplicates: [DUPLICATE] })
    expect((await cases.listEvents(DUPLICATE)).map((event) => [event.type, event.detail])).toEqual([
      ['closed', { outcome: 'duplicate', duplicateOf: ORIGINAL }],
    ])
    expect((await cases.listEvents(ORIGINAL)).map((event) => [event.type, event.advisorId, event.detail])).toEqual([
      ['duplicate-linked', 'adv-01', { duplicate: DUPLICATE }],
    ])
  })

  it('takes the reference as people type it (lower case, spaces around)', async () => {
    // Arrange
    const { deps, cases } = await setUp(acknowledged(ORIGINAL), acknowledged(DUPLICATE))

    // Act
    await closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ` ${ORIGINAL.toLowerCase()} ` }, deps)

    // Assert
    expect(cases.cases.get(DUPLICATE)?.duplicateOf).toBe(ORIGINAL)
  })

  it('keeps every duplicate of one case, each once, and links to an original that is closed itself', async () => {
    // Arrange
    const third = 'MAR-0000-0003'
    const { deps, cases } = await setUp(
      acknowledged(ORIGINAL, { status: 'closed', outcome: 'advice-given', closedAt: NOW } as Partial<Case>),
      acknowledged(DUPLICATE),
      acknowledged(third),
    )

    // Act
    await closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)
    await closeCase(third, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)

    // Assert
    expect(cases.cases.get(ORIGINAL)?.duplicates).toEqual([DUPLICATE, third])
    expect(cases.cases.get(ORIGINAL)?.outcome).toBe('advice-given')
  })

  it('leaves the duplicate readable after closing, and each case’s read shows the link', async () => {
    // Arrange
    const { deps } = await setUp(acknowledged(ORIGINAL), acknowledged(DUPLICATE))
    await addNote(DUPLICATE, ADV_01, { text: 'Zelfde school als MAR-0000-0001' }, deps)
    await closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)

    // Act
    const duplicate = await readCase(DUPLICATE, ADV_01, deps)
    const original = await readCase(ORIGINAL, ADV_01, deps)

    // Assert
    expect(duplicate.case.duplicateOf).toBe(ORIGINAL)
    expect(duplicate.case.messages.map((message) => message.text)).toEqual(['Zelfde school als MAR-0000-0001'])
    expect(duplicate.allowedActions).toEqual(['notes'])
    expect(original.case.duplicates).toEqual([DUPLICATE])
  })

  it.each([
    ['no reference', { outcome: 'duplicate' }, 'Vul het zaaknummer in van de melding waarvan dit een dubbele is.'],
    [
      'an empty reference',
      { outcome: 'duplicate', duplicateOf: ' ' },
      'Vul het zaaknummer in van de melding waarvan dit een dubbele is.',
    ],
    ['no reference shape', { outcome: 'duplicate', duplicateOf: 'MAR-12' }, 'Vul een zaaknummer in als MAR-XXXX-XXXX.'],
    ['a number', { outcome: 'duplicate', duplicateOf: 12 }, 'Vul een zaaknummer in als MAR-XXXX-XXXX.'],
    ['itself', { outcome: 'duplicate', duplicateOf: DUPLICATE }, 'Een melding kan geen dubbele van zichzelf zijn.'],
    [
      'an unknown (or erased) case',
      { outcome: 'duplicate', duplicateOf: 'MAR-0000-0009' },
      'Er is geen melding met dit zaaknummer (meer).',
    ],
    [
      'a reference with another outcome',
      { outcome: 'referred', duplicateOf: ORIGINAL },
      'Een zaaknummer hoort alleen bij de uitkomst dubbele melding.',
    ],
  ])('refuses %s on duplicateOf and changes nothing', async (_kind, body, message) => {
    // Arrange
    const { deps, cases } = await setUp(acknowledged(ORIGINAL), acknowledged(DUPLICATE))

    // Act
    const fields = await fieldsOfRefusal(closeCase(DUPLICATE, ADV_01, body, deps))

    // Assert
    expect(fields).toEqual({ duplicateOf: message })
    expect(cases.cases.get(DUPLICATE)).toEqual(acknowledged(DUPLICATE))
    expect(cases.cases.get(ORIGINAL)).toEqual(acknowledged(ORIGINAL))
  })

  it('refuses a case that is itself a duplicate, so links never run in a circle', async () => {
    // Arrange
    const { deps, cases } = await setUp(acknowledged(ORIGINAL), acknowledged(DUPLICATE))
    await closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)
    const before = cases.cases.get(ORIGINAL)

    // Act
    const fields = await fieldsOfRefusal(
      closeCase(ORIGINAL, ADV_01, { outcome: 'duplicate', duplicateOf: DUPLICATE }, deps),
    )

    // Assert
    expect(fields).toEqual({
      duplicateOf: 'Die melding is zelf gesloten als dubbele: kies de melding waarvan zij een dubbele is.',
    })
    expect(cases.cases.get(ORIGINAL)).toEqual(before)
  })

  it('refuses to close a closed case again (409 case_closed), and the other case gets no link', async () => {
    // Arrange
    const { deps, cases } = await setUp(
      acknowledged(ORIGINAL),
      acknowledged(DUPLICATE, { status: 'closed', outcome: 'withdrawn', closedAt: NOW } as Partial<Case>),
    )

    // Act
    const refused = closeCase(DUPLICATE, ADV_01, { outcome: 'duplicate', duplicateOf: ORIGINAL }, deps)

    // Assert
    await expect(refused).rejects.toMatchObject({ name: 'CaseStateConflictError', code: 'case_closed' })
    expect(cases.cases.get(ORIGINAL)?.duplicates).toBeUndefined()
  })
})
