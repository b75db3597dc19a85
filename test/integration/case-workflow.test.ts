import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createDocumentClient, DYNAMODB_MAX_ATTEMPTS } from '../../functions/adapters/dynamodb-client.ts'
import { readAppConfig } from '../../local/config.ts'
import { LOCAL_AWS, LOCAL_TABLE_NAME, startDynalite } from '../../local/dynamo-engine.ts'
import { synthesizedWorkflowDefinition } from '../../local/synthesized-workflow.ts'
import {
  ADVISOR_EMAIL,
  addressedTo,
  type CapturedMail,
  COORDINATOR_EMAILS,
  type LocalStackHarness,
  questionRequest,
  useLocalStack,
  useShortSdkBackoff,
} from './local-stack-harness.ts'

/**
 * Issue "track response deadlines", end to end: the state machine CDK synthesizes, run by aws-local-stepfunctions on
 * the dev clock, with real SES capture. Every expected moment is worked out here from the calendar rules (Mon–Fri
 * 08:30–17:00 Europe/Amsterdam, less Dutch holidays), written out as the open hours of the days involved, and from
 * the windows (question 8/40 business hours, urgent 1/8); the ladder is 75 % reminder to the assignee, 100 % breach
 * to the backup on duty, 150 % escalation to every coordinator.
 *
 * Example roster: Mon/Tue adv-01 primary, adv-03 backup; Wed/Thu adv-02 primary, adv-04 backup; Fri adv-04 primary,
 * adv-01 backup; coordinators adv-03 and adv-05.
 */

const MINUTE = 60_000
const REQUESTER = 'vrager@example.nl'

/** The open hours of one day: 08:30 to 17:00 local time, the UTC offset that day has in Amsterdam. */
function openDay(date: string, offset: '+01:00' | '+02:00') {
  return { opens: Date.parse(`${date}T08:30:00${offset}`), closes: Date.parse(`${date}T17:00:00${offset}`) }
}

/**
 * The instant `minutes` of open time after `from` (counted from the first open moment at or after it). A sum that
 * ends exactly at closing time is closing time.
 */
function afterOpenMinutes(from: string, minutes: number, days: Array<{ opens: number; closes: number }>): string {
  let remaining = minutes * MINUTE
  let moment = Date.parse(from)
  for (const { opens, closes } of days) {
    if (closes <= moment) continue
    moment = Math.max(moment, opens)
    if (remaining <= closes - moment) return new Date(moment + remaining).toISOString()
    remaining -= closes - moment
  }
  throw new Error('Not enough open days listed for this sum')
}

/** What an assertion compares: to whom, what, when. */
function sent(mails: CapturedMail[]): Array<[string, string, string]> {
  return mails
    .map((mail): [string, string, string] => [mail.sentAt, mail.to.join(','), mail.subject])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]))
}

/** With the stand-in notices to the primary on duty while an acknowledged case's advisor is off duty. */
const LADDER_SUBJECT = / (herinnering|termijn verstreken|escalatie)( \(waarneming\))?$/

/** Mail of the deadline ladder: reminders, breach alerts and escalations, not the mail sent when the case came in. */
async function ladderMail(local: LocalStackHarness, reference: string): Promise<CapturedMail[]> {
  return (await local.mailFor(reference)).filter((mail) => LADDER_SUBJECT.test(mail.subject))
}

/** The ids of every mail in the dev mailbox now. */
async function mailIds(local: LocalStackHarness): Promise<Set<string>> {
  return new Set((await local.mail()).map((mail) => mail.id))
}

/** The mail about a case that was not in the dev mailbox yet when `before` was taken. */
async function mailSince(local: LocalStackHarness, before: Set<string>, reference: string): Promise<CapturedMail[]> {
  return (await local.mailFor(reference)).filter((mail) => !before.has(mail.id))
}

function expectNoLeaks(mails: CapturedMail[]) {
  const description = String(questionRequest().description)
  for (const mail of mails.filter((candidate) => !candidate.to.includes(REQUESTER))) {
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(description)
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(REQUESTER)
  }
}

/** Friday 5 February 2027 and the two weeks after it: CET all along, no holidays. */
const FEBRUARY_OPEN_DAYS = [
  '2027-02-05',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-02-11',
  '2027-02-12',
  '2027-02-15',
  '2027-02-16',
  '2027-02-17',
  '2027-02-18',
  '2027-02-19',
].map((date) => openDay(date, '+01:00'))

describe('Case workflow: a question submitted on Friday at 16:30, nobody acknowledging it', () => {
  const FRIDAY_16_30 = '2027-02-05T16:30:00+01:00'
  const local = useLocalStack({ clockStart: new Date(FRIDAY_16_30) })

  it('sends the reminders, breach alerts and escalations at exactly the right business moments', async () => {
    await local.setClock(FRIDAY_16_30)
    const reference = await local.submit()
    const { createdAt } = await local.caseOf(reference)
    expect(Date.parse(createdAt) - Date.parse(FRIDAY_16_30)).toBeLessThan(MINUTE)
    const at = (hours: number) => afterOpenMinutes(createdAt, hours * 60, FEBRUARY_OPEN_DAYS)

    // Through the weekend and the two weeks after it, a day at a time.
    for (let day = 0; day < 14; day++) await local.advance('P1D')

    const subject = (what: string) => `[${reference}] ${what}`
    expect(sent(await ladderMail(local, reference))).toEqual(
      sent(
        [
          // Acknowledge (8 h): 30 minutes on Friday, then Monday and Tuesday. Not acknowledged when Friday's shift
          // ends, the case is handed over to Monday's primary at 08:30 (issue "A team on shifts"): they are reminded.
          { to: ADVISOR_EMAIL['adv-01'], what: 'herinnering', at: at(6) },
          { to: ADVISOR_EMAIL['adv-03'], what: 'termijn verstreken', at: at(8) },
          ...COORDINATOR_EMAILS.map((to) => ({ to, what: 'escalatie', at: at(12) })),
          // Respond (40 h): reminder Thursday 12:30, breach Friday 14:00 (Friday's backup, adv-01), escalation at
          // closing time on Tuesday 16 February: by the seconds the case came in after 16:30, Wednesday 08:30. The
          // reminder goes to whoever holds the unacknowledged case on Thursday: adv-02, since Wednesday's handover.
          { to: ADVISOR_EMAIL['adv-02'], what: 'herinnering', at: at(30) },
          { to: ADVISOR_EMAIL['adv-01'], what: 'termijn verstreken', at: at(40) },
          ...COORDINATOR_EMAILS.map((to) => ({ to, what: 'escalatie', at: at(60) })),
        ].map(({ to, what, at: sentAt }) => ({ to: [to], subject: subject(what), sentAt }) as CapturedMail),
      ),
    )
  })

  it('reminds on Monday at 14:00, alerts the backup at 16:00 and the coordinators on Tuesday at 11:30', async () => {
    await local.setClock(FRIDAY_16_30)
    const reference = await local.submit()

    await local.setClock('2027-02-09T12:00:00+01:00')

    // In UTC, to the minute: the case came in during the minute of 16:30 and the ladder keeps its seconds.
    const moments = (await ladderMail(local, reference)).map((mail) => mail.sentAt.slice(0, 16))
    expect(moments).toEqual(['2027-02-08T13:00', '2027-02-08T15:00', '2027-02-09T10:30', '2027-02-09T10:30'])
  })

  it('records each breach once on the case, with an event', async () => {
    await local.setClock(FRIDAY_16_30)
    const reference = await local.submit()
    const { createdAt } = await local.caseOf(reference)
    const at = (hours: number) => afterOpenMinutes(createdAt, hours * 60, FEBRUARY_OPEN_DAYS)

    await local.setClock('2027-02-20T12:00:00+01:00')

    const stored = await local.caseOf(reference)
    expect(stored.breaches).toEqual([
      { clock: 'acknowledge', dueAt: at(8), recordedAt: at(8) },
      { clock: 'respond', dueAt: at(40), recordedAt: at(40) },
    ])
    expect(stored.events.filter((event) => event.type === 'deadline-breached')).toEqual([
      expect.objectContaining({ at: at(8), detail: { clock: 'acknowledge', dueAt: at(8) } }),
      expect.objectContaining({ at: at(40), detail: { clock: 'respond', dueAt: at(40) } }),
    ])
    expect(stored.status).toBe('assigned')
    expect((await local.workflow(reference)).running).toBe(false)
  })

  it('puts the acknowledge link in the acknowledge ladder only, and nothing of the request in any of it', async () => {
    await local.setClock(FRIDAY_16_30)
    const reference = await local.submit()

    await local.setClock('2027-02-20T12:00:00+01:00')

    const ladder = await ladderMail(local, reference)
    const acknowledgeLadder = ladder.filter((mail) => mail.text.includes('bevestigen van de ontvangst'))
    const respondLadder = ladder.filter((mail) => mail.text.includes('beantwoorden'))
    expect(acknowledgeLadder).toHaveLength(4)
    expect(respondLadder).toHaveLength(4)
    for (const mail of acknowledgeLadder) expect(mail.text).toContain(`${local.url}/actions/`)
    for (const mail of respondLadder) expect(mail.text).not.toContain('/actions/')
    expectNoLeaks(ladder)
  })
})

describe('Case workflow: a question acknowledged in time', () => {
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })

  async function acknowledgedQuestion() {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const [notice] = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    await local.advance('PT1H')
    const answer = await fetch(local.acknowledgeLinkIn(notice as CapturedMail), { method: 'POST' })
    expect(answer.status).toBe(200)
    return reference
  }

  it('sends no acknowledge reminder, breach alert or escalation at all', async () => {
    const reference = await acknowledgedQuestion()

    await local.setClock('2027-02-26T12:00:00+01:00')

    const ladder = await ladderMail(local, reference)
    expect(ladder.filter((mail) => mail.text.includes('bevestigen van de ontvangst'))).toEqual([])
    const stored = await local.caseOf(reference)
    expect(stored.breaches?.filter((breach) => breach.clock === 'acknowledge') ?? []).toEqual([])
    expect(stored.status).toBe('acknowledged')
  })

  it('still runs the respond ladder: reminder to the assignee, breach to the backup, escalation to the coordinators', async () => {
    const reference = await acknowledgedQuestion()
    const { createdAt } = await local.caseOf(reference)
    const at = (hours: number) => afterOpenMinutes(createdAt, hours * 60, FEBRUARY_OPEN_DAYS)

    await local.setClock('2027-02-26T12:00:00+01:00')

    // 40 h from Monday 10:00: reminder (30 h) Thursday 14:30, breach Friday 16:00 (to Friday's backup, adv-01),
    // escalation (60 h) Wednesday 17 February 10:30. On Thursday adv-01 is off duty: Thursday's primary stands in.
    expect(sent(await ladderMail(local, reference))).toEqual(
      sent([
        { to: [ADVISOR_EMAIL['adv-01']], subject: `[${reference}] herinnering`, sentAt: at(30) },
        { to: [ADVISOR_EMAIL['adv-02']], subject: `[${reference}] herinnering (waarneming)`, sentAt: at(30) },
        { to: [ADVISOR_EMAIL['adv-01']], subject: `[${reference}] termijn verstreken`, sentAt: at(40) },
        ...COORDINATOR_EMAILS.map((to) => ({ to: [to], subject: `[${reference}] escalatie`, sentAt: at(60) })),
      ] as CapturedMail[]),
    )
  })

  it('goes through exactly 25 state transitions, ending in Done', async () => {
    const reference = await acknowledgedQuestion()

    await local.setClock('2027-02-26T12:00:00+01:00')

    // From the definition: RouteCase → DeliverMail → PlanNextStep → HasNextStep (4); then for each wake-up
    // WaitUntilDue → RunStep → DeliverMail → PlanNextStep → HasNextStep (5): the acknowledge reminder (planned
    // before the acknowledgement, so it wakes up once and does nothing) and the respond reminder, breach and
    // escalation (4 × 5 = 20); then Done (1).
    const { states, transitions, running } = await local.workflow(reference)
    const wakeUp = ['WaitUntilDue', 'RunStep', 'DeliverMail', 'PlanNextStep', 'HasNextStep']
    expect(states).toEqual([
      'RouteCase',
      'DeliverMail',
      'PlanNextStep',
      'HasNextStep',
      ...wakeUp,
      ...wakeUp,
      ...wakeUp,
      ...wakeUp,
      'Done',
    ])
    expect(transitions).toBe(25)
    expect(running).toBe(false)
  })
})

describe('Case workflow: an urgent case nobody acknowledges', () => {
  const WEDNESDAY_10_00 = '2027-02-10T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(WEDNESDAY_10_00) })

  it('reminds the assignee at 45 minutes, alerts the backup at the hour and every coordinator at 90 minutes', async () => {
    await local.setClock(WEDNESDAY_10_00)
    const reference = await local.submit(questionRequest({ immediateDanger: true }))
    const { createdAt } = await local.caseOf(reference)
    const at = (minutes: number) => afterOpenMinutes(createdAt, minutes, FEBRUARY_OPEN_DAYS)

    await local.advance('PT2H')

    expect(sent(await ladderMail(local, reference))).toEqual(
      sent([
        { to: [ADVISOR_EMAIL['adv-02']], subject: `[${reference}] URGENT: herinnering`, sentAt: at(45) },
        { to: [ADVISOR_EMAIL['adv-04']], subject: `[${reference}] URGENT: termijn verstreken`, sentAt: at(60) },
        ...COORDINATOR_EMAILS.map((to) => ({ to: [to], subject: `[${reference}] URGENT: escalatie`, sentAt: at(90) })),
      ] as CapturedMail[]),
    )
    const stored = await local.caseOf(reference)
    expect(stored.breaches).toEqual([{ clock: 'acknowledge', dueAt: at(60), recordedAt: at(60) }])
    expect(stored.events.map((event) => event.type)).toEqual(['assigned', 'deadline-breached'])
  })
})

describe('Case workflow: the weekend the clocks go forward, with Easter Monday', () => {
  // Friday 26 March 2027 is CET; Sunday 28 March the clocks go to CEST; Monday 29 March is Tweede Paasdag.
  // Goede Vrijdag (2 April) is a working day under the default settings.
  const FRIDAY_16_30 = '2027-03-26T16:30:00+01:00'
  const OPEN_DAYS = [
    openDay('2027-03-26', '+01:00'),
    ...['2027-03-30', '2027-03-31', '2027-04-01', '2027-04-02', '2027-04-05', '2027-04-06', '2027-04-07'].map((date) =>
      openDay(date, '+02:00'),
    ),
    openDay('2027-04-08', '+02:00'),
  ]
  const local = useLocalStack({ clockStart: new Date(FRIDAY_16_30) })

  it('counts no open time on Easter Monday and reads Tuesday in summer time', async () => {
    await local.setClock(FRIDAY_16_30)
    const reference = await local.submit()
    const { createdAt } = await local.caseOf(reference)
    const at = (hours: number) => afterOpenMinutes(createdAt, hours * 60, OPEN_DAYS)

    for (let day = 0; day < 14; day++) await local.advance('P1D')

    expect(sent(await ladderMail(local, reference))).toEqual(
      sent([
        // Tuesday 30 March 14:00 and 16:00 CEST, Wednesday 11:30 CEST. Handed over at Monday's shift start (the
        // roster has adv-01 on duty on Easter Monday), so Monday's primary is reminded.
        { to: [ADVISOR_EMAIL['adv-01']], subject: `[${reference}] herinnering`, sentAt: at(6) },
        { to: [ADVISOR_EMAIL['adv-03']], subject: `[${reference}] termijn verstreken`, sentAt: at(8) },
        ...COORDINATOR_EMAILS.map((to) => ({ to: [to], subject: `[${reference}] escalatie`, sentAt: at(12) })),
        // Good Friday 12:30, Monday 5 April 14:00 (backup adv-03), Wednesday 7 April at closing time: by the
        // seconds the case came in after 16:30, Thursday 8 April 08:30. On Good Friday the unacknowledged case is
        // Friday's primary's again (handed over at 08:30).
        { to: [ADVISOR_EMAIL['adv-04']], subject: `[${reference}] herinnering`, sentAt: at(30) },
        { to: [ADVISOR_EMAIL['adv-03']], subject: `[${reference}] termijn verstreken`, sentAt: at(40) },
        ...COORDINATOR_EMAILS.map((to) => ({ to: [to], subject: `[${reference}] escalatie`, sentAt: at(60) })),
      ] as CapturedMail[]),
    )
    expect(at(6).slice(0, 16)).toBe('2027-03-30T12:00')
    expect((await ladderMail(local, reference)).filter((mail) => mail.sentAt.startsWith('2027-03-29'))).toEqual([])
  })
})

describe('Case workflow: a task that fails for good', () => {
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })
  useShortSdkBackoff()

  it('records the failure on the case when DynamoDB fails every attempt of a step, and the case is intact', async () => {
    const definition = synthesizedWorkflowDefinition(readAppConfig())
    const [retry] = (definition.States.RunStep?.Retry ?? []) as Array<{ ErrorEquals: string[]; MaxAttempts: number }>
    expect(retry?.ErrorEquals).toEqual(['States.ALL'])
    // RunStep's first attempt and every retry the definition allows, each failing its first DynamoDB call on every
    // attempt of the SDK's own; the recorder that follows then succeeds.
    const runStepAttempts = 1 + (retry?.MaxAttempts ?? 0)
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const before = await local.caseOf(reference)
    await local.faults({ dynamodb: { failNext: runStepAttempts * DYNAMODB_MAX_ATTEMPTS } })

    await local.setClock('2027-02-08T16:30:00+01:00')

    await local.faults({ dynamodb: { failNext: 0 } })
    const after = await local.caseOf(reference)
    expect(after.events.filter((event) => event.type === 'task-failed')).toEqual([
      expect.objectContaining({ detail: { stage: 'run-step', error: 'TemporarilyUnavailableError' } }),
    ])
    const { events: _before, ...caseBefore } = before
    const { events: _after, ...caseAfter } = after
    expect(caseAfter).toEqual(caseBefore)
    const { states, running } = await local.workflow(reference)
    expect(states.slice(-3)).toEqual(['RunStep', 'RecordStepFailure', 'WorkflowFailed'])
    expect(running).toBe(false)
  })

  it('fails the execution (for the alarm) and leaves the case intact when DynamoDB is down longer than every retry', async () => {
    // With the table unreachable even the failure cannot be written to the case: the execution itself fails,
    // which is what the WorkflowFailures alarm watches in AWS.
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    await local.faults({ dynamodb: { failNext: 50 } })

    await local.setClock('2027-02-08T16:30:00+01:00')

    await local.faults({ dynamodb: { failNext: 0 } })
    const stored = await local.caseOf(reference)
    const workflow = await local.workflow(reference)
    expect(workflow.running).toBe(false)
    expect(workflow.states.slice(-2)).toEqual(['RecordStepFailure', 'WorkflowFailed'])
    expect(workflow.states).not.toContain('Done')
    expect(stored.events.filter((event) => event.type === 'task-failed')).toHaveLength(0)
    expect(stored).toMatchObject({ status: 'assigned', description: questionRequest().description })
  })
})

describe('Case workflow: a case closed while the stack was down', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mar-closed-'))
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), dataDir })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  /** There is no close use case yet: the status is written straight into the table, as an operator would. */
  async function closeInTable(reference: string) {
    const engine = await startDynalite(join(dataDir, 'dynamodb'))
    const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    try {
      const key = { pk: `CASE#${reference}`, sk: 'CASE' }
      const { Item } = await documents.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: key }))
      await documents.send(
        new UpdateCommand({
          TableName: LOCAL_TABLE_NAME,
          Key: key,
          UpdateExpression: 'SET #status = :closed, version = :next REMOVE gsi2pk, gsi2sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':next': Number(Item?.version) + 1 },
        }),
      )
    } finally {
      documents.destroy()
      await engine.stop()
    }
  }

  it('does not start its workflow again and sends nothing more about it', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const before = await mailIds(local)

    await local.restart(new Date(MONDAY_10_00), () => closeInTable(reference))
    await local.setClock('2027-02-26T12:00:00+01:00')

    expect((await local.caseOf(reference)).status).toBe('closed')
    expect(await mailSince(local, before, reference)).toEqual([])
    expect((await fetch(`${local.url}/_dev/workflows/${reference}`)).status).toBe(404)
  })
})

describe('Case workflow: a restart of the stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mar-restart-'))
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), dataDir })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('resumes the workflow of an open case, sends nothing twice, and sends what falls due after it', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    const { createdAt } = await local.caseOf(reference)
    const at = (hours: number) => afterOpenMinutes(createdAt, hours * 60, FEBRUARY_OPEN_DAYS)
    // Past the reminder (Monday 16:00) and the breach (Tuesday 09:30), before the escalation (Tuesday 13:30).
    await local.setClock('2027-02-09T10:00:00+01:00')
    const link = local.acknowledgeLinkIn(
      addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])[0] as CapturedMail,
    )
    expect(sent(await ladderMail(local, reference)).map(([sentAt, to]) => [sentAt, to])).toEqual([
      [at(6), ADVISOR_EMAIL['adv-01']],
      [at(8), ADVISOR_EMAIL['adv-03']],
    ])

    const before = await mailIds(local)

    await local.restart(new Date('2027-02-09T10:00:00+01:00'))

    expect(await mailSince(local, before, reference)).toEqual([])
    expect((await local.workflow(reference)).running).toBe(true)
    await local.setClock('2027-02-09T14:00:00+01:00')
    expect(sent(await mailSince(local, before, reference))).toEqual(
      sent(
        COORDINATOR_EMAILS.map((to) => ({
          to: [to],
          subject: `[${reference}] escalatie`,
          sentAt: at(12),
        })) as CapturedMail[],
      ),
    )
    expect((await local.caseOf(reference)).breaches).toHaveLength(1)
    // The links mailed before the restart still work: the signing key is kept in the data directory.
    expect((await fetch(local.onThisStack(link))).status).toBe(200)
  })

  it('shows on /_dev/mail, after the restart, the dev-clock moment each mail went out', async () => {
    await local.setClock('2027-02-09T14:00:00+01:00')
    const reference = await local.submit()
    await local.setClock('2027-02-09T16:30:00+01:00')
    const beforeRestart = await local.mailFor(reference)
    expect(beforeRestart.length).toBeGreaterThan(0)

    await local.restart(new Date('2027-02-09T16:30:00+01:00'))

    // Either the new stack's mailbox starts empty, or it keeps the moment on the dev clock; never the wall clock.
    const afterRestart = new Map((await local.mailFor(reference)).map((mail) => [mail.id, mail.sentAt]))
    expect(beforeRestart.map((mail) => [mail.id, afterRestart.get(mail.id) ?? 'gone'])).toEqual(
      beforeRestart.map((mail) => [mail.id, afterRestart.has(mail.id) ? mail.sentAt : 'gone']),
    )
  })
})

describe('Case workflow: a restart on a day another backup is on duty', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mar-restart-backup-'))
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), dataDir })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('does not alert a second backup about a breach that was alerted before the restart', async () => {
    await local.setClock(MONDAY_10_00)
    const reference = await local.submit()
    // The breach (Tuesday 09:30) goes to Tuesday's backup, adv-03.
    await local.setClock('2027-02-09T10:00:00+01:00')
    expect(addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-03'])).toHaveLength(1)
    const before = await mailIds(local)

    // Back up on Wednesday, when adv-04 is the backup.
    await local.restart(new Date('2027-02-10T09:00:00+01:00'))

    const afterRestart = await mailSince(local, before, reference)
    expect(afterRestart.filter((mail) => mail.subject.endsWith('termijn verstreken'))).toEqual([])
  })
})
