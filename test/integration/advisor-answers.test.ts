import { describe, expect, it } from 'vitest'
import { questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Every way of answering stops the clock it should, and the list shows what is late — on the whole local stack, the
 * synthesized state machine on the dev clock. Windows: a question 8 (acknowledge) and 40 (respond) business hours,
 * a `case` 4 and 16, urgent 1 and 8; Mon–Fri 08:30–17:00 Europe/Amsterdam. The example roster: Anouk Verbeek
 * (adv-01) primary on Mondays and Tuesdays.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'

interface ListRow {
  reference: string
  risk: string
  clock: string | null
  dueAt: string | null
}

function near(actual: string | null | undefined, expected: string) {
  expect(Math.abs(Date.parse(String(actual)) - Date.parse(expected))).toBeLessThan(5_000)
}

const deadlineMail = (subject: string) => /herinnering|termijn verstreken|escalatie/.test(subject)

describe('Answering by phone: the requester who left only a phone number', () => {
  const local = useLocalStack()

  it('is answered by phone: no mail, the case answered, and its respond clock never reminds or breaches', async () => {
    await local.setClock(MONDAY_10)
    const advisor = await local.signIn('adv-01')
    const created = await advisor.post('/api/advisor/cases', questionRequest({ email: undefined, phone: '0612345678' }))
    expect(created.status).toBe(201)
    const { reference } = created.body as { reference: string }
    const listed = async () =>
      ((await advisor.get('/api/advisor/cases')).body as { cases: ListRow[] }).cases.find(
        (row) => row.reference === reference,
      )
    expect(await listed()).toMatchObject({ risk: 'on-time', clock: 'respond' })
    // Without `via`, the written way: there is none.
    expect((await advisor.post(`/api/advisor/cases/${reference}/replies`, { text: 'Hallo' })).status).toBe(409)

    await local.setClock('2026-12-08T10:00:00+01:00')
    const said = 'Gebeld: uitgelegd wat de school kan doen, en dat zij ons altijd mag bellen.'
    const answer = await advisor.act(reference, 'replies', { text: said, via: 'phone' })

    expect(answer).toMatchObject({ status: 'answered', via: 'phone', message: { kind: 'reply', via: 'phone' } })
    const stored = await advisor.caseOf(reference)
    expect(stored).toMatchObject({ status: 'answered', answeredBy: 'adv-01' })
    expect(stored.deadlines.respond.state).toBe('stopped')
    expect(stored.deadlines.running).toEqual({ risk: 'none', clock: null, dueAt: null, remindAt: null })
    expect(stored.events.find((event) => event.type === 'replied')).toMatchObject({ detail: { via: 'phone' } })
    expect(await listed()).toMatchObject({ risk: 'none', clock: null, dueAt: null })

    // Past the reminder (Thursday 14:30), the deadline (Friday 16:00) and the escalation: nothing about it comes.
    const before = await local.mailFor(reference)
    await local.advance('P14D')
    expect(await local.mailFor(reference)).toEqual(before)
    expect(before.filter((mail) => deadlineMail(mail.subject))).toEqual([])
  })
})

describe('No reply needed: the requester’s courtesy reply in the follow-up box', () => {
  const local = useLocalStack()

  it('stops the respond round the message opened, and nothing reminds anyone of it', async () => {
    await local.setClock(MONDAY_10)
    const { email: _email, ...anonymous } = questionRequest({ anonymous: true })
    const asked = await fetch(`${local.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(anonymous),
    })
    const { reference, receipt } = (await asked.json()) as { reference: string; receipt: string }
    await local.settle()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Wij bellen niet: zo kunt u ons bereiken …' })

    // Tuesday 11:00 the requester says thank you: the case re-opens with respond round 2 (reminder Friday 15:30).
    await local.setClock('2026-12-08T11:00:00+01:00')
    const wrote = await fetch(`${local.url}/api/follow-up/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, receipt, text: 'Dank u, dat is duidelijk.' }),
    })
    expect(wrote.status).toBe(201)
    await local.settle()
    const reopened = await advisor.caseOf(reference)
    expect(reopened.status).toBe('acknowledged')
    expect(reopened.deadlines.running).toMatchObject({ risk: 'on-time', clock: 'respond' })
    // The dev clock runs on at real speed between calls: the moment is Friday 15:30 give or take a few seconds.
    near(reopened.deadlines.running.remindAt, '2026-12-11T14:30:00.000Z')

    await local.setClock('2026-12-09T10:00:00+01:00')
    const marked = await advisor.act(reference, 'no-reply-needed', { reason: 'Alleen een bedankje.' }, 201)

    expect(marked).toMatchObject({ status: 'answered' })
    const stored = await advisor.caseOf(reference)
    expect(stored.deadlines.running.risk).toBe('none')
    expect(stored.events.filter((event) => event.type === 'no-reply-needed')).toEqual([
      expect.objectContaining({ advisorId: 'adv-01', detail: expect.objectContaining({ round: 2 }) }),
    ])
    expect(JSON.stringify(stored.events)).not.toContain('bedankje')
    // Marked again: it waits for nothing now.
    expect((await advisor.post(`/api/advisor/cases/${reference}/no-reply-needed`, { reason: 'x' })).status).toBe(409)

    const before = await local.mailFor(reference)
    await local.advance('P14D')
    const after = await local.mailFor(reference)
    expect(after).toEqual(before)
    expect(after.filter((mail) => deadlineMail(mail.subject))).toEqual([])
  })
})

describe('Lateness in the list and who has how much', () => {
  const local = useLocalStack()

  it('puts the late case at the top, then urgent, then the nearest deadline; filters by risk; counts each advisor’s load', async () => {
    // Monday 10:00 a question (acknowledge by Tuesday 09:30, reminded 16:00) and a `case` (by 14:00, reminded
    // 13:00); 11:00 an urgent one (by 12:00, reminded 11:45). All go to Anouk Verbeek, on duty.
    await local.setClock(MONDAY_10)
    const question = await local.submit(questionRequest())
    const worry = await local.submit(questionRequest({ topic: 'case' }))
    await local.setClock('2026-12-07T11:00:00+01:00')
    const urgent = await local.submit(questionRequest({ topic: 'case', immediateDanger: true }))

    await local.setClock('2026-12-07T13:15:00+01:00')
    const coordinator = await local.signIn('adv-03')
    const list = async (query = '') =>
      (await coordinator.get(`/api/advisor/cases${query}`)).body as { cases: ListRow[]; now: string }

    const { cases, now } = await list()
    expect(Date.parse(now)).toBeGreaterThanOrEqual(Date.parse('2026-12-07T12:15:00.000Z'))
    expect(cases.map(({ reference, risk }) => [reference, risk])).toEqual([
      [urgent, 'overdue'],
      [worry, 'due-soon'],
      [question, 'on-time'],
    ])
    expect((await list('?risk=overdue')).cases.map((row) => row.reference)).toEqual([urgent])
    expect((await list('?risk=due-soon')).cases.map((row) => row.reference)).toEqual([worry])
    expect((await coordinator.get('/api/advisor/cases?risk=late')).status).toBe(400)

    const workload = (await coordinator.get('/api/advisor/workload')).body as {
      advisors: Array<{ id: string; onDuty: boolean; open: number; overdue: number }>
    }
    expect(workload.advisors.map(({ id, onDuty, open, overdue }) => ({ id, onDuty, open, overdue }))).toEqual([
      { id: 'adv-01', onDuty: true, open: 3, overdue: 1 },
      { id: 'adv-02', onDuty: false, open: 0, overdue: 0 },
      { id: 'adv-03', onDuty: true, open: 0, overdue: 0 },
      { id: 'adv-04', onDuty: false, open: 0, overdue: 0 },
      { id: 'adv-05', onDuty: false, open: 0, overdue: 0 },
    ])
  })
})
