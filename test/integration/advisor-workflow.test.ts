import { describe, expect, it } from 'vitest'
import {
  ADVISOR_EMAIL,
  addressedTo,
  COORDINATOR_EMAILS,
  questionRequest,
  useLocalStack,
} from './local-stack-harness.ts'

/**
 * The clocks follow the advisor, on the state machine CDK synthesizes, executed locally on the dev clock: an answered
 * case sends nothing more, a paused one nothing while paused (its breach comes later by exactly the paused business
 * time), a closed case's execution ends, a reassigned case reminds its new assignee.
 *
 * A question has windows of 8 (acknowledge) and 40 (respond) business hours; Mon–Fri 08:30–17:00 Europe/Amsterdam.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'

/** The dev clock runs at real speed between calls, so moments are the planned ones give or take a few seconds. */
function near(actual: string | undefined, expected: string) {
  expect(actual).toBeDefined()
  expect(Math.abs(Date.parse(actual as string) - Date.parse(expected))).toBeLessThan(5_000)
}

describe('Advisor workspace and workflow: a case acknowledged and answered in time (the happy path)', () => {
  const local = useLocalStack()

  it('sends the requester the answer from the intake address, threaded under the acknowledgement', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit(questionRequest({ email: 'ouder@example.nl' }))
    const advisor = await local.signIn('adv-01')
    await local.advance('PT1H')
    await advisor.act(reference, 'acknowledge')
    await local.advance('PT2H')
    const text = 'Goedemiddag,\n\nDank voor uw vraag. Wij bellen u morgen.\n\tMet groet'
    const answer = await advisor.act(reference, 'replies', { text })
    expect(answer.status).toBe('answered')

    const toRequester = addressedTo(await local.mailFor(reference), 'ouder@example.nl')
    expect(toRequester.map((mail) => mail.subject)).toEqual([
      `[${reference}] Uw vraag aan MAR is ontvangen`,
      `[${reference}] Antwoord op uw vraag aan MAR`,
    ])
    const [acknowledgement, reply] = toRequester
    expect(reply?.from).toBe('mar_bsd@rotterdam.nl')
    expect(reply?.text.startsWith(text)).toBe(true)
    expect(reply?.inReplyTo).toBe(`<${acknowledgement?.messageId}@eu-west-1.amazonses.com>`)
    expect(reply?.references).toBe(`<${acknowledgement?.messageId}@eu-west-1.amazonses.com>`)

    const stored = await advisor.caseOf(reference)
    expect(stored.messages).toEqual([
      expect.objectContaining({
        kind: 'reply',
        advisorId: 'adv-01',
        text,
        delivery: { status: 'sent', messageId: reply?.messageId },
      }),
    ])
    expect(stored.deadlines.respond.state).toBe('stopped')
  })

  it('takes at most 15 state transitions, and none after the answer however long the clock runs', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')
    await advisor.act(reference, 'replies', { text: 'Wij nemen vandaag contact met u op.' })
    const answered = await local.workflow(reference)
    await local.advance('P14D')
    const later = await local.workflow(reference)

    expect(answered.running).toBe(false)
    expect(answered.states).toEqual([
      // Run 1: routed, mailed, asleep until the acknowledge reminder — stopped there by the answer.
      'RouteCase',
      'DeliverMail',
      'PlanNextStep',
      'HasNextStep',
      'WaitUntilDue',
      // Run 2, started by the answer: delivers it, finds no clock running, ends.
      'RouteCase',
      'DeliverMail',
      'PlanNextStep',
      'HasNextStep',
      'Done',
    ])
    expect(later.transitions).toBe(10)
    expect((await local.mailFor(reference)).map((mail) => mail.subject)).toEqual([
      `[${reference}] nieuwe melding (algemene vraag)`,
      `[${reference}] Uw vraag aan MAR is ontvangen`,
      `[${reference}] Antwoord op uw vraag aan MAR`,
    ])
  })
})

describe('Advisor workspace and workflow: a reply while SES fails for a while', () => {
  const local = useLocalStack()

  it('stores the reply at once and delivers it exactly once when SES works again', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit(questionRequest({ email: 'leraar@example.nl' }))
    const advisor = await local.signIn('adv-01')
    await local.faults({ ses: { failNext: 3 } })
    const answer = await advisor.act(reference, 'replies', { text: 'Wij bellen u vanmiddag.' })
    expect(answer.status).toBe('answered')
    expect((await advisor.caseOf(reference)).messages).toHaveLength(1)

    // The new run's DeliverMail retried (locally 200 ms apart) until SES took it; the call settled that work.
    const toRequester = addressedTo(await local.mailFor(reference), 'leraar@example.nl')
    expect(toRequester.map((mail) => mail.subject)).toEqual([
      `[${reference}] Uw vraag aan MAR is ontvangen`,
      `[${reference}] Antwoord op uw vraag aan MAR`,
    ])
    const [message] = (await advisor.caseOf(reference)).messages as Array<{ delivery?: { status: string } }>
    expect(message?.delivery?.status).toBe('sent')
  })
})

describe('Advisor workspace and workflow: a case paused while waiting for a school', () => {
  const local = useLocalStack()

  it('sends nothing while paused, and the breach comes later by exactly the paused business time', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')
    const before = await advisor.caseOf(reference)
    // Unpaused, the respond clock (40 h) would breach on Friday 16:00 and remind at 75 % on Thursday 14:30.
    near(before.deadlines.respond.dueAt, '2026-12-11T15:00:00.000Z')

    await local.advance('PT1H') // Monday 11:00
    await advisor.act(reference, 'pause', { reason: 'Wachten op informatie van de school' })
    await local.setClock('2026-12-15T11:00:00+01:00') // a week and a day later: 6 business days paused
    expect(addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).map((mail) => mail.subject)).toEqual([
      `[${reference}] nieuwe melding (algemene vraag)`,
    ])
    await advisor.act(reference, 'resume')
    const resumed = await advisor.caseOf(reference)
    // Six business days later than Friday 16:00 (Monday 11:00 to Tuesday a week later): Monday 21 December 16:00.
    expect(resumed.deadlines.respond.state).toBe('running')
    near(resumed.deadlines.respond.dueAt, '2026-12-21T15:00:00.000Z')
    const reminder = (await local.mailFor(reference)).filter((mail) => mail.subject.endsWith('herinnering'))
    expect(reminder).toEqual([])

    await local.setClock('2026-12-21T15:59:00+01:00')
    expect((await local.caseOf(reference)).breaches ?? []).toEqual([])
    // The reminder came at 75 %, moved on the same way: Friday 18 December 14:30.
    const reminders = (await local.mailFor(reference)).filter((mail) => mail.subject.endsWith('herinnering'))
    expect(reminders.map((mail) => mail.to)).toEqual([[ADVISOR_EMAIL['adv-01']]])
    near(reminders[0]?.sentAt, '2026-12-18T13:30:00.000Z')
    await local.setClock('2026-12-21T16:00:05+01:00')
    const breaches = (await local.caseOf(reference)).breaches ?? []
    expect(breaches.map((breach) => breach.clock)).toEqual(['respond'])
    near(breaches[0]?.dueAt, '2026-12-21T15:00:00.000Z')
  })

  it('resumes by itself at `until`, and the deadlines move by the business time until then', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'acknowledge')
    await advisor.act(reference, 'pause', { reason: 'Terugbelafspraak', until: '2026-12-08T10:00:00+01:00' })
    await local.setClock('2026-12-08T10:00:00+01:00')

    const stored = await advisor.caseOf(reference)
    expect(stored.pause).toBeUndefined()
    expect(stored.events.map((event: { type: string }) => event.type)).toContain('resumed')
    // One business day (8.5 h) later than Friday 16:00: Monday 14 December 16:00.
    expect(stored.deadlines.respond.state).toBe('running')
    near(stored.deadlines.respond.dueAt, '2026-12-14T15:00:00.000Z')
    expect((await local.workflow(reference)).running).toBe(true)
  })
})

describe('Advisor workspace and workflow: a closed case', () => {
  const local = useLocalStack()

  it('ends its execution at once and sends nothing after, however long the clock runs', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'close', { outcome: 'no-concern' })
    expect((await local.workflow(reference)).running).toBe(false)
    const mailAtClose = (await local.mailFor(reference)).length
    await local.advance('P21D')

    expect((await local.mailFor(reference)).length).toBe(mailAtClose)
    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'closed', outcome: 'no-concern', closedBy: 'adv-01' })
    expect(stored.breaches ?? []).toEqual([])
  })
})

describe('Advisor workspace and workflow: a reassigned case', () => {
  const local = useLocalStack()

  it('tells the new assignee (content-free, with the workspace link) and reminds them, not the first one', async () => {
    await local.setClock(MONDAY_10)
    const description = 'Zorgen om een cursist die steeds vaker geweld verheerlijkt.'
    const reference = await local.submit(questionRequest({ description, name: 'Sanne de Vries' }))
    const coordinator = await local.signIn('adv-03')
    await coordinator.act(reference, 'assign', { advisorId: 'adv-02' })
    const notice = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-02'])
    expect(notice.map((mail) => mail.subject)).toEqual([`[${reference}] nieuwe melding (algemene vraag)`])
    expect(notice[0]?.text).toContain(`/advisor/cases/${reference}`)
    expect(notice[0]?.text).not.toContain(description)
    expect(notice[0]?.text).not.toContain('Sanne')

    // The acknowledge reminder (75 % of 8 business hours) is due on Monday at 16:00.
    await local.setClock('2026-12-07T16:01:00+01:00')
    const reminders = (await local.mailFor(reference)).filter((mail) => mail.subject.endsWith('herinnering'))
    expect(reminders.map((mail) => mail.to)).toEqual([[ADVISOR_EMAIL['adv-02']]])
  })

  it('escalates to the coordinators when even the new assignee does not acknowledge', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const coordinator = await local.signIn('adv-05')
    await coordinator.act(reference, 'assign', { advisorId: 'adv-04' })
    // 150 % of 8 business hours: Tuesday 13:30.
    await local.setClock('2026-12-08T13:31:00+01:00')
    const escalations = (await local.mailFor(reference)).filter((mail) => mail.subject.endsWith('escalatie'))
    expect(escalations.flatMap((mail) => mail.to).sort()).toEqual([...COORDINATOR_EMAILS].sort())
  })
})

describe('Advisor workspace and workflow: a phone call registered by the advisor who took it', () => {
  const local = useLocalStack()

  it('is acknowledged at once and runs the respond clock, reminding the advisor who took the call', async () => {
    await local.setClock(MONDAY_10)
    const advisor = await local.signIn('adv-01')
    const created = await advisor.post('/api/advisor/cases', questionRequest({ email: undefined, phone: '0612345678' }))
    expect(created.status).toBe(201)
    const { reference } = created.body as { reference: string }
    const stored = await advisor.caseOf(reference)
    expect(stored).toMatchObject({
      channel: 'phone',
      status: 'acknowledged',
      assignee: 'adv-01',
      acknowledgedBy: 'adv-01',
    })
    expect(stored.deadlines.acknowledge.state).toBe('stopped')

    // 75 % of 40 business hours from Monday 10:00: Thursday 14:30.
    await local.setClock('2026-12-10T14:31:00+01:00')
    const reminders = (await local.mailFor(reference)).filter((mail) => mail.subject.endsWith('herinnering'))
    expect(reminders.map((mail) => mail.to)).toEqual([[ADVISOR_EMAIL['adv-01']]])
    near(reminders[0]?.sentAt, '2026-12-10T13:30:00.000Z')
  })
})
