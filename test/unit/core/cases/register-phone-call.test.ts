import { describe, expect, it } from 'vitest'
import { registerPhoneCall } from '../../../../functions/core/cases/register-phone-call.ts'
import { parseWebRequest } from '../../../../functions/core/cases/web-request.ts'
import { planNextStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { ForbiddenError, ValidationError } from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

/** Monday 2027-01-11 10:00 CET. */
const NOW = '2027-01-11T09:00:00.000Z'
const ADV_02: ActingAdvisor = { id: 'adv-02', roles: ['advisor'] }
/** Five random bytes 0x00 0x00 0x00 0x00 0x01 give MAR-0000-0001; 0x02 gives MAR-0000-0002. */
const FIRST_DRAW = [0, 0, 0, 0, 1]
const SECOND_DRAW = [0, 0, 0, 0, 2]

const CALL = {
  requesterType: 'professional',
  sector: 'care',
  topic: 'case',
  name: 'Fatima el Amrani',
  phone: '010 123 4567',
  description: 'Belt over een cliënt die zich steeds verder afsluit en extreme filmpjes deelt.',
  signals: ['isolation', 'glorifying-violence'],
  consent: true,
}

function setUp(randomBytes: number[] = FIRST_DRAW) {
  return workflowDependencies({ now: NOW, randomBytes })
}

async function fieldsOfRefusal(action: Promise<unknown>) {
  try {
    await action
  } catch (error) {
    if (error instanceof ValidationError) return fieldMessages(error)
    throw error
  }
  throw new Error('expected a ValidationError')
}

describe('Use case: register a phone call', () => {
  it('stores the call as a phone case, the advisor’s and acknowledged at once, with the events that say so', async () => {
    // Arrange
    const { deps, cases } = setUp()

    // Act
    const answer = await registerPhoneCall(CALL, ADV_02, { ...deps, caseRetentionDays: 730 })

    // Assert
    expect(answer).toEqual({ reference: 'MAR-0000-0001', status: 'acknowledged' })
    expect(cases.cases.get('MAR-0000-0001')).toEqual({
      requesterType: 'professional',
      sector: 'care',
      topic: 'case',
      anonymous: false,
      name: 'Fatima el Amrani',
      phone: '010 123 4567',
      description: 'Belt over een cliënt die zich steeds verder afsluit en extreme filmpjes deelt.',
      signals: ['isolation', 'glorifying-violence'],
      language: 'nl',
      reference: 'MAR-0000-0001',
      channel: 'phone',
      status: 'acknowledged',
      urgency: 'normal',
      createdAt: NOW,
      consentedAt: NOW,
      retainUntil: '2029-01-10T09:00:00.000Z',
      version: 1,
      assignee: 'adv-02',
      routedAt: NOW,
      acknowledgedAt: NOW,
      acknowledgedBy: 'adv-02',
    })
    expect(await cases.listEvents('MAR-0000-0001')).toEqual([
      { id: 'phone-call-registered', at: NOW, type: 'phone-call-registered', advisorId: 'adv-02' },
      { id: 'acknowledged', at: NOW, type: 'acknowledged', advisorId: 'adv-02' },
    ])
  })

  it('makes a call about immediate danger urgent, and runs only its respond clock', async () => {
    // Arrange
    const { deps, cases } = setUp()

    // Act
    await registerPhoneCall({ ...CALL, immediateDanger: true }, ADV_02, { ...deps, caseRetentionDays: 730 })

    // Assert
    expect(cases.cases.get('MAR-0000-0001')?.urgency).toBe('urgent')
    expect(await planNextStep('MAR-0000-0001', [], deps)).toEqual({
      id: 'reminder:respond',
      kind: 'reminder',
      clock: 'respond',
      at: '2027-01-11T15:00:00.000Z',
    })
  })

  it('drops the honeypot field rather than storing it', async () => {
    // Arrange
    const { deps, cases } = setUp()

    // Act
    await registerPhoneCall({ ...CALL, website: '' }, ADV_02, { ...deps, caseRetentionDays: 730 })

    // Assert
    expect(Object.keys(cases.cases.get('MAR-0000-0001') ?? {})).not.toContain('website')
  })

  it('draws another reference when the first is taken', async () => {
    // Arrange
    const { deps, cases } = setUp([...FIRST_DRAW, ...SECOND_DRAW])
    const existing = storedCase({ reference: 'MAR-0000-0001', createdAt: NOW })
    await cases.createCase(existing)

    // Act
    const answer = await registerPhoneCall(CALL, ADV_02, { ...deps, caseRetentionDays: 730 })

    // Assert
    expect(answer.reference).toBe('MAR-0000-0002')
    expect(cases.cases.get('MAR-0000-0001')).toEqual(existing)
    expect(cases.cases.get('MAR-0000-0002')?.channel).toBe('phone')
  })

  it.each([
    ['without contact details', { ...CALL, phone: undefined }],
    ['anonymous with a name', { ...CALL, anonymous: true }],
    ['without consent', { ...CALL, consent: false }],
    ['with a description that is too short', { ...CALL, description: 'Kort.' }],
    ['without a sector for a professional', { ...CALL, sector: undefined }],
    ['with a phone number that is not one', { ...CALL, phone: 'bel me' }],
    ['with a control character in the description', { ...CALL, description: `${CALL.description}\u0000` }],
  ])('refuses a call %s with exactly the field messages the web form gives', async (_kind, input) => {
    // Arrange
    const { deps, cases } = setUp()
    const webForm = await fieldsOfRefusal((async () => parseWebRequest(input))())

    // Act
    const refused = await fieldsOfRefusal(registerPhoneCall(input, ADV_02, { ...deps, caseRetentionDays: 730 }))

    // Assert
    expect(Object.keys(refused).length).toBeGreaterThan(0)
    expect(refused).toEqual(webForm)
    expect(cases.cases.size).toBe(0)
  })

  it('reports unknown fields together as _unknown, never by their names (a name can carry data)', async () => {
    // Arrange
    const { deps, cases } = setUp()

    // Act
    const refused = await fieldsOfRefusal(
      registerPhoneCall({ ...CALL, notes: 'x', 'Jan de Vries': 'y' }, ADV_02, { ...deps, caseRetentionDays: 730 }),
    )

    // Assert
    expect(refused).toEqual({ _unknown: '2 onbekende velden: stuur alleen de velden van het formulier.' })
    expect(cases.cases.size).toBe(0)
  })

  it('names the missing contact on email, as the web form does', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const refused = await fieldsOfRefusal(
      registerPhoneCall({ ...CALL, phone: undefined }, ADV_02, { ...deps, caseRetentionDays: 730 }),
    )

    // Assert
    expect(Object.keys(refused)).toEqual(['email'])
  })

  it('refuses someone not on the roster and stores nothing', async () => {
    // Arrange
    const { deps, cases } = setUp()

    // Act
    const registering = registerPhoneCall(
      CALL,
      { id: 'adv-99', roles: ['advisor'] },
      { ...deps, caseRetentionDays: 730 },
    )

    // Assert
    await expect(registering).rejects.toBeInstanceOf(ForbiddenError)
    expect(cases.cases.size).toBe(0)
  })
})
