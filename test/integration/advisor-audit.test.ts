import { describe, expect, it, vi } from 'vitest'
import type { CaseEvent } from '../../functions/core/cases/case.ts'
import { useLocalStack } from './local-stack-harness.ts'

/**
 * Issue "advisor workspace": every read of a case whole is in the case's audit trail, naming the advisor who read it
 * (the processing log a municipality keeps of special-category data); the list of cases shows none of what was
 * submitted and is no read of any case. On the whole local stack, over HTTP.
 *
 * Monday 8 February 2027, 10:00 CET, the example roster: adv-01 primary on duty.
 */
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'

/** Values unique enough that finding any of them in an answer means it leaked. */
const SENTINEL = {
  name: 'Hieronymus Klaverblad-Ooms',
  organisation: 'Stichting Zilvervos Achtendertig',
  email: 'h.klaverblad@zilvervos-achtendertig.nl',
  phone: '06 9876 1234',
  description: 'Mijn cliënt Sietske Wolkenkrabber noemde een bijeenkomst in de Tamboerijnsteeg.',
}
const SENTINEL_FRAGMENTS = [
  ...Object.values(SENTINEL),
  'Hieronymus',
  'Klaverblad',
  'Zilvervos',
  'Wolkenkrabber',
  'Tamboerijnsteeg',
  '9876 1234',
  '0698761234',
]

function professionalRequest() {
  return { requesterType: 'professional', sector: 'care', topic: 'case', ...SENTINEL, consent: true }
}

const leaks = (text: string) => SENTINEL_FRAGMENTS.filter((fragment) => text.includes(fragment))
const reads = (events: readonly CaseEvent[]) => events.filter((event) => event.type === 'read')

describe('Advisor API: the audit trail of reads', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  it('records each read of a case as one read event naming the advisor, in the answer and in the stored case', async () => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')
    const adv02 = await local.signIn('adv-02')

    // Act
    const first = await adv01.caseOf(reference)
    const second = await adv02.caseOf(reference)

    // Assert
    expect(reads(first.events).map((event) => event.advisorId)).toEqual(['adv-01'])
    expect(reads(second.events).map((event) => event.advisorId)).toEqual(['adv-01', 'adv-02'])
    const stored = await local.caseOf(reference)
    expect(reads(stored.events)).toEqual(reads(second.events))
  })

  it('records every read by the same advisor, one event each', async () => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')

    // Act
    for (let read = 0; read < 3; read++) await adv01.caseOf(reference)

    // Assert
    expect(reads((await local.caseOf(reference)).events).map((event) => event.advisorId)).toEqual([
      'adv-01',
      'adv-01',
      'adv-01',
    ])
  })

  it('records two reads by the same advisor within the same millisecond as two events', async () => {
    // Arrange: the clock the handlers read stands still, as it may between two requests a millisecond apart.
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')
    const instant = local.stack.clock.now()
    const stillClock = vi.spyOn(local.stack.clock, 'now').mockReturnValue(instant)

    // Act
    try {
      await adv01.caseOf(reference)
      await adv01.caseOf(reference)
    } finally {
      stillClock.mockRestore()
    }

    // Assert
    const stored = reads((await local.caseOf(reference)).events)
    expect(stored.map((event) => [event.advisorId, event.at])).toEqual([
      ['adv-01', instant.toISOString()],
      ['adv-01', instant.toISOString()],
    ])
  })

  it('records reads by two advisors at the same time, one event each', async () => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')
    const adv03 = await local.signIn('adv-03')

    // Act
    await Promise.all([adv01.caseOf(reference), adv03.caseOf(reference)])

    // Assert
    const stored = reads((await local.caseOf(reference)).events)
    expect(stored.map((event) => event.advisorId).sort()).toEqual(['adv-01', 'adv-03'])
  })

  it('keeps the content of the case out of the read event: only its id, time, type and advisor', async () => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')
    const readAt = await local.now()

    // Act
    const answered = await adv01.caseOf(reference)

    // Assert
    const [stored, ...others] = reads((await local.caseOf(reference)).events)
    expect(others).toEqual([])
    expect(stored).toEqual({ id: expect.any(String), at: expect.any(String), type: 'read', advisorId: 'adv-01' })
    expect(Date.parse(stored?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(readAt))
    expect(leaks(JSON.stringify(stored))).toEqual([])
    expect(reads(answered.events)).toEqual([stored])
  })

  it('shows the advisor who reads a case the whole of what was submitted', async () => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')

    // Act
    const answered = await adv01.caseOf(reference)

    // Assert: the control for the list below — these values are there to be leaked.
    expect(answered).toMatchObject({ reference, ...SENTINEL })
  })

  it.each([
    ['the open cases', '/api/advisor/cases'],
    ['my cases', '/api/advisor/cases?assignee=me'],
    ['the assigned cases', '/api/advisor/cases?status=assigned'],
  ])('lists %s without any text of the request and without recording a read', async (_what, path) => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const adv01 = await local.signIn('adv-01')
    const before = await local.caseOf(reference)

    // Act
    const response = await fetch(`${local.url}${path}`, { headers: { authorization: `Bearer ${adv01.token}` } })
    const text = await response.text()

    // Assert
    expect(response.status).toBe(200)
    const listed = (JSON.parse(text) as { cases: Array<Record<string, unknown>> }).cases.find(
      (entry) => entry.reference === reference,
    )
    expect(Object.keys(listed ?? {}).sort()).toEqual(
      [
        'assignee',
        'channel',
        'clock',
        'createdAt',
        'dueAt',
        'paused',
        'reference',
        'requesterType',
        'risk',
        'sector',
        'status',
        'topic',
        'urgency',
      ].sort(),
    )
    expect(leaks(text)).toEqual([])
    await local.settle()
    expect(await local.caseOf(reference)).toEqual(before)
  })

  it('records nothing for a read of a reference that names no case', async () => {
    // Arrange
    const adv01 = await local.signIn('adv-01')
    const unknown = 'MAR-ZZZZ-ZZZ0'

    // Act
    const answer = await adv01.get(`/api/advisor/cases/${unknown}`)

    // Assert
    expect(answer).toEqual({ status: 404, body: { error: { code: 'not_found', message: expect.any(String) } } })
    expect(await local.stack.cases.listEvents(unknown)).toEqual([])
    expect((await fetch(`${local.url}/_dev/cases/${unknown}`)).status).toBe(404)
  })

  it.each([
    ['without a sign-in', undefined],
    ['with a token of no staff group', 'no-group'],
    ['with a token of someone not on the roster', 'adv-99'],
  ])('records no read for a refused read %s', async (_what, who) => {
    // Arrange
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit(professionalRequest())
    const token =
      who === undefined
        ? undefined
        : await local.stack.auth.sign(
            who === 'no-group' ? { advisorId: 'adv-01', groups: [] } : { advisorId: who, groups: ['advisor'] },
          )
    const before = await local.caseOf(reference)

    // Act
    const response = await fetch(`${local.url}/api/advisor/cases/${reference}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    })

    // Assert
    expect(response.status).toBe(token === undefined ? 401 : 403)
    expect(leaks(await response.text())).toEqual([])
    expect(await local.caseOf(reference)).toEqual(before)
  })
})
