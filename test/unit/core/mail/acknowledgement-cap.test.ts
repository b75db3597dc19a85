import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { requesterAddressKey } from '../../../../functions/core/mail/requester-key.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import { storedCase, urgentCase } from '../../../fakes/stored-case.ts'
import { SIGNING_KEY, workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

/** Example roster, Monday 11 January 2027 10:00 (CET): adv-01 primary, adv-03 backup; coordinators adv-03, adv-05. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const HOUR_MS = 3_600_000
const references = ['MAR-0000-0001', 'MAR-0000-0002', 'MAR-0000-0003', 'MAR-0000-0004'] as const

/** Four web requests from one address (in different letter cases), an hour apart, each routed as it comes. */
async function fourRequestsFromOneAddress(options: { urgent?: boolean } = {}) {
  const testbed = workflowDependencies({ now: MONDAY_10_00 })
  for (const [index, reference] of references.entries()) {
    const createdAt = new Date(Date.parse(MONDAY_10_00) + index * HOUR_MS).toISOString()
    testbed.clock.set(createdAt)
    const email = index % 2 === 0 ? 'target@example.org' : 'Target@Example.org'
    const make = options.urgent ? urgentCase : storedCase
    await testbed.cases.createCase(make({ reference, createdAt, email }))
    await routeCase(reference, testbed.deps)
  }
  return testbed
}

describe('Use case: route a case — the cap on automatic mail per requester address', () => {
  it('acknowledges the first three requests of an address in 24 hours and withholds the fourth', async () => {
    // Act
    const testbed = await fourRequestsFromOneAddress()

    // Assert
    const acknowledged = references.map((reference) =>
      testbed.outbox.entries(reference).some((mail) => mail.kind === 'requester-acknowledgement'),
    )
    expect(acknowledged).toEqual([true, true, true, false])
  })

  it('stores and routes the fourth case as any other, tells its advisor, and records why (without the address)', async () => {
    // Act
    const testbed = await fourRequestsFromOneAddress()

    // Assert
    const fourth = references[3]
    expect(testbed.cases.cases.get(fourth)).toMatchObject({
      status: 'assigned',
      assignee: 'adv-01',
      acknowledgementWithheld: 'daily-limit',
    })
    expect(testbed.outbox.entries(fourth).map((mail) => mail.kind)).toEqual(['assignment'])
    const events = await testbed.cases.listEvents(fourth)
    expect(events.filter((event) => event.type === 'acknowledgement-withheld')).toEqual([
      {
        id: 'acknowledgement-withheld',
        at: '2027-01-11T12:00:00.000Z',
        type: 'acknowledgement-withheld',
        detail: { reason: 'daily-limit' },
      },
    ])
    expect(JSON.stringify(events).toLowerCase()).not.toContain('target@example.org')
  })

  it('still alerts the backup and coordinators of an urgent case whose acknowledgement it withheld', async () => {
    // Act
    const testbed = await fourRequestsFromOneAddress({ urgent: true })

    // Assert
    expect(testbed.outbox.entries(references[3]).map((mail) => `${mail.kind}:${mail.to.join()}`)).toEqual([
      'assignment:a.verbeek@example.org',
      'urgent-alert:m.kuipers@example.org',
      'urgent-alert:p.ramdin@example.org',
    ])
  })

  it('decides once: routing the withheld case again (a later run) still sends no acknowledgement', async () => {
    // Arrange
    const testbed = await fourRequestsFromOneAddress()
    testbed.clock.set('2027-01-13T09:00:00.000Z')

    // Act
    await routeCase(references[3], testbed.deps)

    // Assert
    expect(testbed.outbox.entries(references[3]).map((mail) => mail.kind)).toEqual(['assignment'])
  })

  it('counts under a keyed hash of the address, shared with the mail channel, never a plain hash', async () => {
    // Act
    const testbed = await fourRequestsFromOneAddress()

    // Assert
    const plain = createHash('sha256').update('target@example.org').digest('hex')
    expect([...testbed.limiter.sent.keys()]).toEqual([requesterAddressKey('target@example.org', SIGNING_KEY)])
    expect(testbed.limiter.sent.has(plain)).toBe(false)
    expect(requesterAddressKey(' TARGET@example.org', SIGNING_KEY)).toBe(
      requesterAddressKey('target@example.org', SIGNING_KEY),
    )
  })

  it('acknowledges again once the 24 hours since the first acknowledgement have passed', async () => {
    // Arrange
    const testbed = await fourRequestsFromOneAddress()
    const nextDay = new Date(Date.parse(MONDAY_10_00) + 24 * HOUR_MS).toISOString()
    testbed.clock.set(nextDay)
    await testbed.cases.createCase(
      storedCase({ reference: 'MAR-0000-0005', createdAt: nextDay, email: 'target@example.org' }),
    )

    // Act
    await routeCase('MAR-0000-0005', testbed.deps)

    // Assert
    expect(testbed.outbox.entries('MAR-0000-0005').map((mail) => mail.kind)).toContain('requester-acknowledgement')
  })
})
