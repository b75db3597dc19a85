import { describe, expect, it } from 'vitest'
import {
  ADVISOR_EMAIL,
  addressedTo,
  type CapturedMail,
  COORDINATOR_EMAILS,
  mailMentions,
  questionRequest,
  useLocalStack,
} from './local-stack-harness.ts'

/**
 * Issue "route every new case", end to end on the local stack: the case is stored over the public API, the
 * synthesized state machine routes it, SES (aws-ses-v2-local) takes the mail, and advisors act from the link in it.
 *
 * February 2027, CET (UTC+1), the example roster: Mon/Tue adv-01 primary and adv-03 backup; Wed/Thu adv-02 primary
 * and adv-04 backup; Fri adv-04 primary and adv-01 backup; all from 08:30 to 17:00. Coordinators adv-03 and adv-05.
 */
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
const WEDNESDAY_10_00 = '2027-02-10T10:00:00+01:00'
const SUNDAY_23_00 = '2027-02-07T23:00:00+01:00'
const MONDAY_SHIFT_START = '2027-02-08T07:30:00.000Z'

const SUBJECT_WITH_REFERENCE = /^\[MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\] /

/** Values no advisor mail may carry: each is unique enough that finding it anywhere means it leaked. */
const SENTINEL = {
  name: 'Quirinus Zandvoortsma',
  organisation: 'Stichting Kwikzilver Zeventien',
  email: 'q.zandvoortsma@kwikzilver-zeventien.nl',
  phone: '06 1234 9876',
  description: 'Mijn leerling Jorrit Vlaskamp-Oudeweg noemde een wapenopslag aan de Kwikzilverstraat.',
}
const SENTINEL_FRAGMENTS = [
  ...Object.values(SENTINEL),
  'Zandvoortsma',
  'Kwikzilver',
  'Vlaskamp',
  'wapenopslag',
  '1234 9876',
  '0612349876',
]

function professionalRequest(overrides: Record<string, unknown> = {}) {
  return {
    requesterType: 'professional',
    sector: 'education',
    topic: 'case',
    ...SENTINEL,
    consent: true,
    ...overrides,
  }
}

function leakedInto(mails: CapturedMail[]): Array<{ subject: string; to: string[]; value: string }> {
  return mails.flatMap((mail) =>
    SENTINEL_FRAGMENTS.filter((value) => mailMentions(mail, value)).map((value) => ({
      subject: mail.subject,
      to: mail.to,
      value,
    })),
  )
}

function forge(link: string, change: (token: string) => string): string {
  const token = link.slice(link.lastIndexOf('/') + 1)
  return `${link.slice(0, link.lastIndexOf('/') + 1)}${change(token)}`
}

/** The same token with one character of its authentication tag changed. */
const withAlteredSignature = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`

/**
 * The claim is sealed (AES-GCM), so naming another advisor means changing its ciphertext without the key: one bit
 * of the sealed claim flipped, right after the nonce.
 */
const forAnotherAdvisor = (token: string) => {
  const [version, keyId, sealed = ''] = token.split('.')
  const bytes = Buffer.from(sealed, 'base64url')
  bytes[12] = (bytes[12] ?? 0) ^ 0x01
  return `${version}.${keyId}.${bytes.toString('base64url')}`
}

describe('Routing: a case submitted on a weekday morning', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  it('assigns it to the primary on duty and mails them a notice with the reference and a link', async () => {
    await local.setClock(MONDAY_10_00)

    const reference = await local.submit(professionalRequest())

    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'assigned', assignee: 'adv-01' })
    expect(stored.events).toContainEqual(expect.objectContaining({ type: 'assigned', advisorId: 'adv-01' }))
    const [notice, ...others] = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    expect(others).toEqual([])
    expect(notice?.subject).toBe(`[${reference}] nieuwe melding (zorg over een persoon)`)
    expect(notice?.text).toContain(`${local.url}/actions/`)
  })

  it('keeps the description, name, e-mail address, phone number and organisation out of every advisor mail', async () => {
    await local.setClock(MONDAY_10_00)

    const reference = await local.submit(professionalRequest({ immediateDanger: true }))

    const advisorMail = (await local.mailFor(reference)).filter((mail) => !mail.to.includes(SENTINEL.email))
    // The assignee, the backup and both coordinators: every kind of routing mail an advisor gets.
    expect(advisorMail.flatMap((mail) => mail.to).sort()).toEqual(
      [ADVISOR_EMAIL['adv-01'], ADVISOR_EMAIL['adv-03'], ADVISOR_EMAIL['adv-05']].sort(),
    )
    expect(leakedInto(advisorMail)).toEqual([])
  })

  it('sends the requester an acknowledgement with the reference in the subject and none of their text', async () => {
    await local.setClock(MONDAY_10_00)

    const reference = await local.submit(professionalRequest())

    const toRequester = addressedTo(await local.mailFor(reference), SENTINEL.email)
    expect(toRequester).toHaveLength(1)
    expect(toRequester[0]?.subject).toMatch(SUBJECT_WITH_REFERENCE)
    expect(toRequester[0]?.subject).toBe(`[${reference}] Uw vraag aan MAR is ontvangen`)
    expect(toRequester[0]?.text).toContain(reference)
    expect(mailMentions(toRequester[0] as CapturedMail, 'Vlaskamp')).toBe(false)
  })

  it('shows on GET what the acknowledge link will do and changes nothing', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const [notice] = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    const before = await local.caseOf(reference)

    const response = await fetch(local.acknowledgeLinkIn(notice as CapturedMail))

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toContain(reference)
    const after = await local.caseOf(reference)
    expect(after).toEqual(before)
    expect(after.status).toBe('assigned')
  })

  it('acknowledges the case on POST: status, who acknowledged, when, and an event', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const [notice] = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    await local.advance('PT20M')
    const acknowledgedAt = await local.now()

    const response = await fetch(local.acknowledgeLinkIn(notice as CapturedMail), { method: 'POST' })

    expect(response.status).toBe(200)
    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'adv-01', assignee: 'adv-01' })
    expect(Date.parse(stored.acknowledgedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(acknowledgedAt))
    expect(stored.events.filter((event) => event.type === 'acknowledged')).toEqual([
      expect.objectContaining({ id: 'acknowledged', advisorId: 'adv-01', at: stored.acknowledgedAt }),
    ])
  })

  it('answers a second POST of the same link with a page and changes nothing', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const link = local.acknowledgeLinkIn(
      addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])[0] as CapturedMail,
    )
    await fetch(link, { method: 'POST' })
    const once = await local.caseOf(reference)

    const again = await fetch(link, { method: 'POST' })

    expect(again.status).toBe(200)
    expect(await again.text()).toContain(reference)
    expect(await local.caseOf(reference)).toEqual(once)
  })

  it.each([
    ['an altered signature', withAlteredSignature],
    ['a sealed claim altered to name another advisor', forAnotherAdvisor],
    ['a cut-off token', (token: string) => token.slice(0, 20)],
  ])('refuses a link with %s with a 4xx page, on GET and on POST, and changes nothing', async (_, tamper) => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const link = local.acknowledgeLinkIn(
      addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])[0] as CapturedMail,
    )
    const before = await local.caseOf(reference)
    const tampered = forge(link, tamper)

    const answers = [await fetch(tampered), await fetch(tampered, { method: 'POST' })]

    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.status).toBeLessThan(500)
      expect(answer.headers.get('content-type')).toContain('text/html')
    }
    expect(await local.caseOf(reference)).toEqual(before)
  })

  it('alerts the backup and every coordinator too when the case is urgent, and nobody else', async () => {
    await local.setClock(WEDNESDAY_10_00)

    const reference = await local.submit(questionRequest({ immediateDanger: true }))

    const mails = await local.mailFor(reference)
    expect((await local.caseOf(reference)).assignee).toBe('adv-02')
    const advisorMail = mails.filter((mail) => !mail.to.includes('vrager@example.nl'))
    expect(advisorMail.map((mail) => [mail.to[0], mail.subject]).sort()).toEqual(
      [
        [ADVISOR_EMAIL['adv-02'], `[${reference}] URGENT: nieuwe melding (algemene vraag)`],
        [ADVISOR_EMAIL['adv-04'], `[${reference}] URGENT: nieuwe melding (algemene vraag)`],
        [ADVISOR_EMAIL['adv-03'], `[${reference}] URGENT: nieuwe melding (algemene vraag)`],
        [ADVISOR_EMAIL['adv-05'], `[${reference}] URGENT: nieuwe melding (algemene vraag)`],
      ].sort(),
    )
    expect(addressedTo(mails, ADVISOR_EMAIL['adv-04'])[0]?.text).toContain('U bent achterwacht.')
    expect(addressedTo(mails, ADVISOR_EMAIL['adv-05'])[0]?.text).toContain('Ter informatie voor de coördinator.')
  })
})

describe('Routing: a case submitted on Sunday night', () => {
  const local = useLocalStack({ clockStart: new Date(SUNDAY_23_00) })

  it('leaves it unassigned and alerts every coordinator, naming when it will be assigned', async () => {
    await local.setClock(SUNDAY_23_00)

    const reference = await local.submit()

    const stored = await local.caseOf(reference)
    expect(stored.status).toBe('unassigned')
    expect(stored.assignee).toBeUndefined()
    expect(stored.events.map((event) => event.type)).toEqual(['unassigned'])
    const advisorMail = (await local.mailFor(reference)).filter((mail) => !mail.to.includes('vrager@example.nl'))
    expect(advisorMail.flatMap((mail) => mail.to).sort()).toEqual([...COORDINATOR_EMAILS].sort())
    for (const alert of advisorMail) {
      expect(alert.subject).toBe(`[${reference}] melding zonder dienstdoende adviseur`)
      expect(alert.text).toContain('maandag 8 februari om 08:30')
      expect(alert.text).toContain(`${local.url}/actions/`)
    }
    expect(addressedTo(await local.mailFor(reference), 'vrager@example.nl')).toHaveLength(1)
  })

  it("assigns it at Monday's shift start to the primary then on duty, and notifies them then", async () => {
    await local.setClock(SUNDAY_23_00)
    const reference = await local.submit()

    await local.advance('PT10H')

    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'assigned', assignee: 'adv-01', routedAt: MONDAY_SHIFT_START })
    expect(stored.events.map((event) => [event.type, event.at])).toEqual([
      ['unassigned', expect.any(String)],
      ['assigned', MONDAY_SHIFT_START],
    ])
    const notices = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    expect(notices.map((mail) => [mail.subject, mail.sentAt])).toEqual([
      [`[${reference}] nieuwe melding (algemene vraag)`, MONDAY_SHIFT_START],
    ])
  })

  it('does not send the coordinators or the requester anything again at the shift start', async () => {
    await local.setClock(SUNDAY_23_00)
    const reference = await local.submit()
    const beforeShift = (await local.mailFor(reference)).length

    await local.advance('PT10H')

    const mails = await local.mailFor(reference)
    expect(mails).toHaveLength(beforeShift + 1)
    expect(addressedTo(mails, 'vrager@example.nl')).toHaveLength(1)
    for (const coordinator of COORDINATOR_EMAILS) expect(addressedTo(mails, coordinator)).toHaveLength(1)
  })
})

describe('Routing: SES refusing the first sends', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  it('still delivers every routing mail exactly once, and the case is intact', async () => {
    await local.setClock(MONDAY_10_00)
    await local.faults({ ses: { failNext: 3 } })

    const reference = await local.submit()

    const mails = await local.mailFor(reference)
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual([ADVISOR_EMAIL['adv-01'], 'vrager@example.nl'].sort())
    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'assigned', assignee: 'adv-01', description: questionRequest().description })
    expect(stored.events.map((event) => event.type)).toEqual(['assigned'])
    expect((await local.workflow(reference)).running).toBe(true)
  })
})

describe('Routing: two primaries on duty', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), exampleRoster: false })
  const twoPrimaries = {
    timeZone: 'Europe/Amsterdam',
    advisors: [
      { id: 'adv-a', name: 'Advisor A', email: 'a@example.org', roles: ['advisor'] },
      { id: 'adv-b', name: 'Advisor B', email: 'b@example.org', roles: ['advisor'] },
      { id: 'coord', name: 'Coordinator', email: 'coordinator@example.org', roles: ['coordinator'] },
    ],
    shifts: [
      {
        advisorId: 'adv-a',
        role: 'primary',
        weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: '08:30',
        to: '17:00',
      },
      {
        advisorId: 'adv-b',
        role: 'primary',
        weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: '08:30',
        to: '17:00',
      },
    ],
    absences: [],
  }

  it('gives each new case to the one with fewer open cases, so four cases are shared two and two', async () => {
    await local.putRoster(twoPrimaries)
    await local.setClock(MONDAY_10_00)

    const assignees: string[] = []
    for (let count = 0; count < 4; count++) {
      const reference = await local.submit()
      assignees.push(String((await local.caseOf(reference)).assignee))
    }

    // Equal loads draw lots: the first of each pair may go to either, the second goes to the other.
    expect(new Set(assignees.slice(0, 2)).size).toBe(2)
    expect(new Set(assignees.slice(2, 4)).size).toBe(2)
    expect(assignees.filter((assignee) => assignee === 'adv-a')).toHaveLength(2)
  })
})

describe('Routing: one address typed into the form again and again', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })
  const TARGET = 'doelwit@example.org'

  it('acknowledges three requests of one address in 24 hours, withholds the fourth, and still routes it', async () => {
    await local.setClock(MONDAY_10_00)

    const references: string[] = []
    for (let request = 0; request < 4; request++) {
      references.push(await local.submit(professionalRequest({ email: request % 2 ? TARGET.toUpperCase() : TARGET })))
    }

    const toTarget = (await local.mail()).filter((mail) => mail.to.some((to) => to.toLowerCase() === TARGET))
    expect(toTarget.map((mail) => mail.subject.slice(1, 14))).toEqual(references.slice(0, 3))
    const fourth = await local.caseOf(references[3] as string)
    expect(fourth).toMatchObject({ status: 'assigned', assignee: 'adv-01', acknowledgementWithheld: 'daily-limit' })
    expect(fourth.events).toContainEqual(
      expect.objectContaining({ type: 'acknowledgement-withheld', detail: { reason: 'daily-limit' } }),
    )
    expect(addressedTo(await local.mailFor(references[3] as string), ADVISOR_EMAIL['adv-01'])).toHaveLength(1)
  })
})
