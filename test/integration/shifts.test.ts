import { describe, expect, it } from 'vitest'
import {
  ADVISOR_EMAIL,
  addressedTo,
  type CapturedMail,
  COORDINATOR_EMAILS,
  questionRequest,
  useLocalStack,
} from './local-stack-harness.ts'

/**
 * Issue "A team on shifts", items 1 and 4, end to end: the state machine CDK synthesizes, on the local engine and
 * the dev clock, with the example roster (config/roster.example.json): Mon/Tue adv-01 primary, adv-03 backup;
 * Wed/Thu adv-02 primary, adv-04 backup; Fri adv-04 primary, adv-01 backup; 08:30–17:00 Europe/Amsterdam;
 * coordinators adv-03 and adv-05. A question has windows of 8 (acknowledge) and 40 (respond) business hours.
 * February 2027: CET (UTC+1), no holidays.
 */
const FRIDAY_16_55 = '2027-02-05T16:55:00+01:00'
const SUNDAY_23_00 = '2027-02-07T23:00:00+01:00'
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'

/** The dev clock runs at real speed between calls: moments are the planned ones, give or take a few seconds. */
function near(actual: string | undefined, expected: string) {
  expect(actual).toBeDefined()
  expect(Math.abs(Date.parse(actual as string) - Date.parse(expected))).toBeLessThan(10_000)
}

const subjects = (mails: CapturedMail[]) => mails.map((mail) => mail.subject)

describe('Shifts: a question filed on Friday at 16:55 and not acknowledged', () => {
  const local = useLocalStack({ clockStart: new Date(FRIDAY_16_55) })

  it("is handed over at Monday's shift start: Monday's primary holds it, is reminded, and the Friday advisor hears nothing more", async () => {
    // Arrange: Friday's primary gets it.
    await local.setClock(FRIDAY_16_55)
    const reference = await local.submit()
    expect((await local.caseOf(reference)).assignee).toBe('adv-04')

    // Act: through the weekend, to Monday 09:00 (the handover), then to Tuesday 13:00 (the whole acknowledge ladder).
    await local.setClock('2027-02-08T09:00:00+01:00')
    const monday = await local.caseOf(reference)
    await local.setClock('2027-02-09T13:00:00+01:00')

    // Assert: Monday's primary holds the case, and the audit trail says from whom, to whom, when.
    expect(monday).toMatchObject({ status: 'assigned', assignee: 'adv-01', assignedAt: '2027-02-08T07:30:00.000Z' })
    const handedOver = monday.events.filter((event) => event.type === 'handed-over')
    expect(handedOver).toEqual([
      expect.objectContaining({
        at: '2027-02-08T07:30:00.000Z',
        advisorId: 'adv-01',
        detail: { from: 'adv-04', to: 'adv-01', at: '2027-02-08T07:30:00.000Z' },
      }),
    ])
    const mail = await local.mailFor(reference)
    // The Friday advisor: the assignment on Friday, nothing after 17:00.
    const friday = addressedTo(mail, ADVISOR_EMAIL['adv-04'])
    expect(subjects(friday)).toEqual([`[${reference}] nieuwe melding (algemene vraag)`])
    for (const sent of friday) expect(Date.parse(sent.sentAt)).toBeLessThan(Date.parse('2027-02-05T17:00:00+01:00'))
    // Monday's primary: the assignment notice at 08:30, the acknowledge reminder at 75 % (Monday 14:25).
    const mondayPrimary = addressedTo(mail, ADVISOR_EMAIL['adv-01'])
    expect(subjects(mondayPrimary)).toEqual([
      `[${reference}] nieuwe melding (algemene vraag)`,
      `[${reference}] herinnering`,
    ])
    near(mondayPrimary[0]?.sentAt, '2027-02-08T07:30:00.000Z')
    near(mondayPrimary[1]?.sentAt, '2027-02-08T13:25:00.000Z')
    // The backup and the coordinators keep their places: breach to Monday's backup, escalation to the coordinators.
    const breach = mail.filter((sent) => sent.subject.endsWith('termijn verstreken'))
    expect(breach.map((sent) => sent.to)).toEqual([[ADVISOR_EMAIL['adv-03']]])
    const escalation = mail.filter((sent) => sent.subject.endsWith('escalatie'))
    expect(escalation.flatMap((sent) => sent.to).sort()).toEqual([...COORDINATOR_EMAILS].sort())
    // Every link in the new assignee's mail leads to this stack; the acknowledge links are theirs and work.
    for (const sent of mondayPrimary) {
      expect(sent.text).toContain(`${local.url}/advisor/cases/${reference}`)
      expect(sent.text).toContain(`${local.url}/actions/`)
    }
    const acknowledged = await fetch(local.acknowledgeLinkIn(mondayPrimary[1] as CapturedMail), { method: 'POST' })
    expect(acknowledged.status).toBe(200)
    expect(await local.caseOf(reference)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'adv-01' })
  })

  it('stays with the advisor who acknowledged it before their shift ended', async () => {
    await local.setClock(FRIDAY_16_55)
    const reference = await local.submit()
    const friday = await local.signIn('adv-04')
    await friday.act(reference, 'acknowledge')

    await local.setClock('2027-02-08T09:00:00+01:00')

    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'acknowledged', assignee: 'adv-04' })
    expect(stored.events.filter((event) => event.type === 'handed-over')).toEqual([])
    expect(addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])).toEqual([])
  })

  it('races the handover at the shift start against an acknowledgement: one order wins, no write is lost', async () => {
    // Arrange: Friday's case, still unacknowledged late on Sunday.
    await local.setClock(FRIDAY_16_55)
    const reference = await local.submit()
    const friday = await local.signIn('adv-04')
    await local.setClock('2027-02-08T08:29:59+01:00')

    // Act: the clock reaches the handover while the Friday advisor acknowledges, both at once.
    const [, acknowledged] = await Promise.all([
      local.setClock('2027-02-08T08:30:05+01:00'),
      friday.post(`/api/advisor/cases/${reference}/acknowledge`),
    ])

    // Assert: acknowledged either way (the write is never lost), by the Friday advisor.
    expect(acknowledged.status).toBe(200)
    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'adv-04' })
    const handedOver = stored.events.filter((event) => event.type === 'handed-over')
    if (handedOver.length === 0) {
      // The acknowledgement came first: the case stays with its advisor, and Monday's primary is never told.
      expect(stored.assignee).toBe('adv-04')
      expect(addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])).toEqual([])
    } else {
      // The handover came first: once, to Monday's primary, and only before the acknowledgement was stored.
      expect(handedOver).toHaveLength(1)
      expect(stored.assignee).toBe('adv-01')
      expect(Date.parse(stored.acknowledgedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(handedOver[0]?.at ?? ''))
    }
  })
})

describe('Shifts: an acknowledged case whose advisor is off duty when a reminder falls', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  it('reminds the advisor and, marked as a stand-in notice, the primary on duty then; the case stays theirs', async () => {
    // Arrange: Monday's primary acknowledges at once.
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')

    // Act: the respond reminder (75 % of 40 business hours) falls on Thursday at 14:30, adv-02's day.
    await local.setClock('2027-02-11T14:31:00+01:00')

    // Assert
    const reminders = (await local.mailFor(reference)).filter((mail) =>
      / herinnering( \(waarneming\))?$/.test(mail.subject),
    )
    expect(reminders.map((mail) => [mail.to, mail.subject])).toEqual([
      [[ADVISOR_EMAIL['adv-01']], `[${reference}] herinnering`],
      [[ADVISOR_EMAIL['adv-02']], `[${reference}] herinnering (waarneming)`],
    ])
    for (const mail of reminders) near(mail.sentAt, '2027-02-11T13:30:00.000Z')
    expect(reminders[1]?.text).toContain('waarnemer')
    expect(reminders[0]?.text).not.toContain('waarnemer')
    expect(reminders[1]?.text).not.toContain(String(questionRequest().description))
    expect(await local.caseOf(reference)).toMatchObject({ status: 'acknowledged', assignee: 'adv-01' })
  })
})

describe('Shifts: a question arriving while nobody is on duty', () => {
  const local = useLocalStack({ clockStart: new Date(SUNDAY_23_00) })

  it('waits unassigned, goes to the next shift, and is then handed over like any other', async () => {
    await local.setClock(SUNDAY_23_00)
    const reference = await local.submit()
    expect((await local.caseOf(reference)).status).toBe('unassigned')
    const told = (await local.mailFor(reference)).filter((mail) => mail.subject.includes('zonder dienstdoende'))
    expect(told.flatMap((mail) => mail.to).sort()).toEqual([...COORDINATOR_EMAILS].sort())

    // Monday 08:30: Monday's primary (Tuesday too); Tuesday 17:00 their shift ends: Wednesday 08:30, adv-02.
    await local.setClock('2027-02-08T09:00:00+01:00')
    expect(await local.caseOf(reference)).toMatchObject({ status: 'assigned', assignee: 'adv-01' })
    await local.setClock('2027-02-09T16:59:00+01:00')
    expect((await local.caseOf(reference)).assignee).toBe('adv-01')
    await local.setClock('2027-02-10T09:00:00+01:00')

    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'assigned', assignee: 'adv-02' })
    expect(stored.events.filter((event) => event.type === 'handed-over').map((event) => event.detail)).toEqual([
      { from: 'adv-01', to: 'adv-02', at: '2027-02-10T07:30:00.000Z' },
    ])
    const notice = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-02'])
    expect(subjects(notice)).toEqual([`[${reference}] nieuwe melding (algemene vraag)`])
  })
})

describe('Shifts: reminders an advisor sets', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  async function acknowledgedCase() {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')
    return { reference, advisor }
  }
  const remindersIn = async (reference: string) =>
    (await local.mailFor(reference)).filter((mail) => mail.subject.includes('herinnering gezet door een adviseur'))

  it('fires once at its moment, content-free with a link to the case, and a pause does not move it', async () => {
    // Arrange
    const { reference, advisor } = await acknowledgedCase()
    const note = 'Zorgcoördinator van de school terugbellen over de afspraak.'
    const set = await advisor.post(`/api/advisor/cases/${reference}/reminders`, {
      at: '2027-02-08T15:00:00+01:00',
      note,
    })
    expect(set.status).toBe(201)
    const { reminder } = set.body as { reminder: { id: string; at: string; note: string; by: string } }
    expect(reminder).toMatchObject({ at: '2027-02-08T14:00:00.000Z', note, by: 'adv-01' })
    await advisor.act(reference, 'pause', { reason: 'Wacht op de school.' })

    // Act
    await local.setClock('2027-02-08T14:59:00+01:00')
    const before = await remindersIn(reference)
    await local.setClock('2027-02-08T15:01:00+01:00')
    await local.advance('P3D')

    // Assert: one mail, at 15:00, to the assignee on duty, without the note; listed as sent; audited without it.
    expect(before).toEqual([])
    const mails = await remindersIn(reference)
    expect(mails.map((mail) => mail.to)).toEqual([[ADVISOR_EMAIL['adv-01']]])
    near(mails[0]?.sentAt, '2027-02-08T14:00:00.000Z')
    expect(mails[0]?.text).toContain(`${local.url}/advisor/cases/${reference}`)
    expect(`${mails[0]?.subject}${mails[0]?.text}${mails[0]?.html}`).not.toContain('terugbellen')
    const view = await advisor.caseOf(reference)
    expect(view.reminders).toEqual([expect.objectContaining({ id: reminder.id, note, sentAt: expect.any(String) })])
    const stored = await local.caseOf(reference)
    expect(stored.events.map((event) => event.type)).toEqual(expect.arrayContaining(['reminder-set', 'reminder-sent']))
    expect(JSON.stringify(stored.events)).not.toContain('terugbellen')
  })

  it('on a day its advisor is off duty, goes to the primary on duty (set on Monday for Wednesday)', async () => {
    const { reference, advisor } = await acknowledgedCase()
    await advisor.act(reference, 'reminders', { at: '2027-02-10T10:00:00+01:00', note: 'School bellen.' }, 201)

    await local.setClock('2027-02-10T10:01:00+01:00')

    const mails = await remindersIn(reference)
    expect(mails.map((mail) => [mail.to, mail.subject])).toEqual([
      [[ADVISOR_EMAIL['adv-02']], `[${reference}] herinnering gezet door een adviseur (waarneming)`],
    ])
    near(mails[0]?.sentAt, '2027-02-10T09:00:00.000Z')
  })

  it('is removed by DELETE and sends nothing; an unknown id is 404', async () => {
    const { reference, advisor } = await acknowledgedCase()
    const set = await advisor.act(reference, 'reminders', { at: '2027-02-09T10:00:00+01:00', note: 'Bellen.' }, 201)
    const id = (set.reminder as { id: string }).id
    const remove = (reminderId: string) =>
      fetch(`${local.url}/api/advisor/cases/${reference}/reminders/${reminderId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${advisor.token}` },
      })

    const removed = await remove(id)
    expect(removed.status).toBe(200)
    expect(await removed.json()).toMatchObject({ reference, reminders: [] })
    expect((await remove(id)).status).toBe(404)
    await local.setClock('2027-02-09T11:00:00+01:00')

    expect(await remindersIn(reference)).toEqual([])
    const stored = await local.caseOf(reference)
    expect(stored.events.filter((event) => event.type === 'reminder-removed').map((event) => event.detail)).toEqual([
      { reminderId: id },
    ])
  })

  it('is cancelled by closing the case, and a closed case takes no new one', async () => {
    const { reference, advisor } = await acknowledgedCase()
    await advisor.act(reference, 'reminders', { at: '2027-02-09T10:00:00+01:00', note: 'Bellen.' }, 201)
    await advisor.act(reference, 'close', { outcome: 'no-concern' })

    await local.setClock('2027-02-09T11:00:00+01:00')

    expect(await remindersIn(reference)).toEqual([])
    const stored = await local.caseOf(reference)
    expect(stored.reminders).toEqual([expect.objectContaining({ cancelledAt: expect.any(String) })])
    const refused = await advisor.post(`/api/advisor/cases/${reference}/reminders`, {
      at: '2027-02-10T10:00:00+01:00',
      note: 'Nog eens.',
    })
    expect(refused.status).toBe(409)
  })

  it('refuses a moment in the past, a missing moment and a note over 500 characters', async () => {
    const { reference, advisor } = await acknowledgedCase()
    const post = (body: unknown) => advisor.post(`/api/advisor/cases/${reference}/reminders`, body)
    const fields = async (body: unknown) => {
      const answer = await post(body)
      expect(answer.status).toBe(400)
      return Object.keys((answer.body as { error: { fields: Record<string, string> } }).error.fields)
    }
    expect(await fields({ at: '2027-02-08T09:00:00+01:00', note: 'Te laat.' })).toEqual(['at'])
    expect(await fields({ note: 'Geen moment.' })).toEqual(['at'])
    expect(await fields({ at: '2027-02-09T10:00:00+01:00', note: 'x'.repeat(501) })).toEqual(['note'])
    expect((await post({ at: '2027-02-09T10:00:00+01:00', note: 'x'.repeat(500) })).status).toBe(201)
  })
})

describe('Shifts: the issue’s "Done when", tried as a new user would with config/roster.example.json', () => {
  const local = useLocalStack({ clockStart: new Date(FRIDAY_16_55) })

  /** The dev mailbox page's articles (newest first) as "subject | to" lines. */
  async function mailbox(reference: string): Promise<string[]> {
    const page = await (await fetch(`${local.url}/_dev/mailbox`)).text()
    return [
      ...page.matchAll(
        /<article[^>]*>\n<h2[^>]*>([^<]*)<\/h2>\n<dl class="mailbox__meta">\n<dt>Aan<\/dt><dd>([^<,]*)/g,
      ),
    ]
      .filter((match) => match[1]?.includes(`[${reference}]`))
      .map((match) => `${match[1]} | ${match[2]}`)
  }

  it("files on Friday 16:55, finds Monday's primary holding it with the reminder, and gets a Wednesday reminder then", async () => {
    const roster = await import('../../config/roster.example.json', { with: { type: 'json' } })
    await local.putRoster(roster.default)
    await local.setClock(FRIDAY_16_55)
    const reference = await local.submit()

    await local.setClock('2027-02-08T09:00:00+01:00')
    expect((await local.caseOf(reference)).assignee).toBe('adv-01')
    expect(await mailbox(reference)).toContain(
      `[${reference}] nieuwe melding (algemene vraag) | ${ADVISOR_EMAIL['adv-01']}`,
    )
    await local.setClock('2027-02-08T14:30:00+01:00')
    expect((await mailbox(reference))[0]).toBe(`[${reference}] herinnering | ${ADVISOR_EMAIL['adv-01']}`)

    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')
    await advisor.act(reference, 'reminders', { at: '2027-02-10T10:00:00+01:00', note: 'School terugbellen.' }, 201)
    await local.setClock('2027-02-10T10:01:00+01:00')
    expect((await mailbox(reference))[0]).toBe(
      `[${reference}] herinnering gezet door een adviseur (waarneming) | ${ADVISOR_EMAIL['adv-02']}`,
    )
  })
})
