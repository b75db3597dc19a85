import { describe, expect, it } from 'vitest'
import { ADVISOR_EMAIL, addressedTo, mailMentions, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Issue "advisor workspace": advisors acting on the same case at the same moment, on the whole local stack over
 * HTTP. Every change goes through optimistic locking (functions/core/cases/change-case.ts): no write is lost, a refusal is
 * a 409 with its code, never a 5xx, and what was refused leaves nothing behind.
 *
 * Monday 8 February 2027, 10:00 CET, the example roster: adv-01 primary on duty, adv-03 backup.
 */
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
const REQUESTER = 'zorgen.om.buurjongen@example.nl'
/** Races are decided by timing: each is run on several cases so that both orders get their chance. */
const RACES = 4

type Answer = { status: number; body: unknown }

const codeOf = (answer: Answer) => (answer.body as { error?: { code?: string } }).error?.code

describe('Advisor API: two advisors on one case at once', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00), throttle: { ratePerSecond: 10_000, burst: 5_000 } })

  const newCase = async () => {
    await local.setClock(MONDAY_10_00)
    return local.submit(questionRequest({ email: REQUESTER }))
  }

  it('stores all of 20 notes added in parallel by two advisors, each once', async () => {
    // Arrange
    const reference = await newCase()
    const [adv01, adv03] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-03')])
    const texts = Array.from({ length: 20 }, (_, index) => `Notitie ${index + 1} van 20`)
    const versionBefore = (await local.caseOf(reference)).version

    // Act
    const answers = await Promise.all(
      texts.map((text, index) =>
        (index % 2 === 0 ? adv01 : adv03).post(`/api/advisor/cases/${reference}/notes`, { text }),
      ),
    )

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual(texts.map(() => 201))
    const stored = await adv01.caseOf(reference)
    const notes = stored.messages.filter((message) => message.kind === 'note')
    expect(notes.map((note) => note.text).sort()).toEqual([...texts].sort())
    expect(new Set(notes.map((note) => note.id)).size).toBe(20)
    for (const note of notes) {
      const index = texts.indexOf(note.text)
      expect(note.advisorId).toBe(index % 2 === 0 ? 'adv-01' : 'adv-03')
    }
    const events = (await local.caseOf(reference)).events.filter((event) => event.type === 'note-added')
    expect(events).toHaveLength(20)
    // A note is no change of the case itself.
    expect((await local.caseOf(reference)).version).toBe(versionBefore)
  })

  it('shows the 20 notes in the stored case of the dev endpoint too (its messages)', async () => {
    // Arrange
    const reference = await newCase()
    const adv01 = await local.signIn('adv-01')
    const texts = Array.from({ length: 20 }, (_, index) => `Dev-notitie ${index + 1}`)

    // Act
    await Promise.all(texts.map((text) => adv01.post(`/api/advisor/cases/${reference}/notes`, { text })))

    // Assert
    const stored = (await local.caseOf(reference)) as unknown as { messages?: Array<{ text: string }> }
    expect((stored.messages ?? []).map((message) => message.text).sort()).toEqual([...texts].sort())
  })

  it('applies a note, an assignment and a pause sent at once, the version up by exactly the two changes', async () => {
    // Arrange
    const reference = await newCase()
    const [adv01, adv02, adv03] = await Promise.all([
      local.signIn('adv-01'),
      local.signIn('adv-02'),
      local.signIn('adv-03'),
    ])
    const before = await local.caseOf(reference)
    expect(before).toMatchObject({ status: 'assigned', assignee: 'adv-01' })

    // Act
    const [note, assign, pause] = await Promise.all([
      adv01.post(`/api/advisor/cases/${reference}/notes`, { text: 'Gebeld met de mentor.' }),
      adv02.post(`/api/advisor/cases/${reference}/assign`, { advisorId: 'adv-04' }),
      adv03.post(`/api/advisor/cases/${reference}/pause`, { reason: 'Wacht op de school.' }),
    ])

    // Assert
    expect([note.status, assign.status, pause.status]).toEqual([201, 200, 200])
    const after = await local.caseOf(reference)
    expect(after.version).toBe(before.version + 2)
    expect(after).toMatchObject({ assignee: 'adv-04', pause: { reason: 'Wacht op de school.', by: 'adv-03' } })
    const read = await adv01.caseOf(reference)
    expect(read.messages.map((message) => message.text)).toEqual(['Gebeld met de mentor.'])
    expect(
      after.events
        .filter((event) => ['note-added', 'reassigned', 'paused'].includes(event.type))
        .map((event) => event.type)
        .sort(),
    ).toEqual(['note-added', 'paused', 'reassigned'])
    expect(addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-04'])).toHaveLength(1)
  })

  it('closes a case once when two advisors close it at once: one 200, one 409 case_closed', async () => {
    for (let race = 0; race < RACES; race++) {
      // Arrange
      const reference = await newCase()
      const [adv01, adv02] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-02')])

      // Act
      const [first, second] = await Promise.all([
        adv01.post(`/api/advisor/cases/${reference}/close`, { outcome: 'advice-given' }),
        adv02.post(`/api/advisor/cases/${reference}/close`, { outcome: 'referred' }),
      ])

      // Assert
      expect([first.status, second.status].sort()).toEqual([200, 409])
      const loser = first.status === 409 ? first : second
      expect(codeOf(loser)).toBe('case_closed')
      const winner =
        first.status === 200 ? { id: 'adv-01', outcome: 'advice-given' } : { id: 'adv-02', outcome: 'referred' }
      const stored = await local.caseOf(reference)
      expect(stored).toMatchObject({ status: 'closed', closedBy: winner.id, outcome: winner.outcome })
      expect(stored.events.filter((event) => event.type === 'closed')).toEqual([
        expect.objectContaining({ advisorId: winner.id, detail: { outcome: winner.outcome } }),
      ])
    }
  })

  it('ends closed when a reply and a close come at once; a refused reply is neither sent nor shown as sent', async () => {
    for (let race = 0; race < RACES; race++) {
      // Arrange
      const reference = await newCase()
      const [adv01, adv02] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-02')])
      const text = `Antwoord ${race + 1}: wij nemen morgen contact met u op.`

      // Act
      const [reply, close] = await Promise.all([
        adv01.post(`/api/advisor/cases/${reference}/replies`, { text }),
        adv02.post(`/api/advisor/cases/${reference}/close`, { outcome: 'advice-given' }),
      ])
      await local.settle()

      // Assert
      expect(close.status).toBe(200)
      expect([201, 409]).toContain(reply.status)
      const stored = await local.caseOf(reference)
      expect(stored.status).toBe('closed')
      const read = await adv01.caseOf(reference)
      const replies = read.messages.filter((message) => message.kind === 'reply')
      /** Replies the workspace shows as sent or on their way (a withdrawn one shows its delivery as failed). */
      const liveReplies = replies
        .filter((message) => (message as { delivery?: { status: string } }).delivery?.status !== 'failed')
        .map((message) => message.text)
      const replyMail = addressedTo(await local.mailFor(reference), REQUESTER).filter((mail) =>
        mailMentions(mail, text),
      )
      if (reply.status === 201) {
        expect(liveReplies).toEqual([text])
        expect(stored.events.map((event) => event.type)).toContain('replied')
      } else {
        const file = await local.stack.cases.getCaseFile(reference)
        expect({
          code: codeOf(reply),
          liveReplies,
          replyMailSent: replyMail.length,
          replyMailPending: file?.mail.filter((mail) => mail.kind === 'reply' && mail.status === 'pending').length,
          repliedEvents: stored.events.filter((event) => event.type === 'replied').length,
          answeredAt: stored.answeredAt,
        }).toEqual({
          code: 'case_closed',
          liveReplies: [],
          replyMailSent: 0,
          replyMailPending: 0,
          repliedEvents: 0,
          answeredAt: undefined,
        })
      }
    }
  })

  it('ends closed when an assignment and a close come at once; a refused assignment tells nobody', async () => {
    for (let race = 0; race < RACES; race++) {
      // Arrange
      const reference = await newCase()
      const [adv01, adv02] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-02')])

      // Act
      const [assign, close] = await Promise.all([
        adv01.post(`/api/advisor/cases/${reference}/assign`, { advisorId: 'adv-04' }),
        adv02.post(`/api/advisor/cases/${reference}/close`, { outcome: 'no-concern' }),
      ])
      await local.settle()

      // Assert
      expect(close.status).toBe(200)
      expect([200, 409]).toContain(assign.status)
      const stored = await local.caseOf(reference)
      expect(stored.status).toBe('closed')
      if (assign.status === 409) {
        const file = await local.stack.cases.getCaseFile(reference)
        expect({
          code: codeOf(assign),
          assignee: stored.assignee,
          mailToAdv04: addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-04']).length,
          assignmentMailPending: file?.mail.filter(
            (mail) => mail.id.startsWith('assignment:adv-04') && mail.status === 'pending',
          ).length,
        }).toEqual({ code: 'case_closed', assignee: 'adv-01', mailToAdv04: 0, assignmentMailPending: 0 })
      } else {
        expect(stored.assignee).toBe('adv-04')
      }
    }
  })

  it('pauses once when two advisors pause at once: one 200, one 409 already_paused', async () => {
    // Arrange
    const reference = await newCase()
    const [adv01, adv03] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-03')])
    const before = await local.caseOf(reference)

    // Act
    const answers = await Promise.all([
      adv01.post(`/api/advisor/cases/${reference}/pause`, { reason: 'Wacht op de school.' }),
      adv03.post(`/api/advisor/cases/${reference}/pause`, { reason: 'Wacht op de wijkagent.' }),
    ])

    // Assert
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
    expect(codeOf(answers.find((answer) => answer.status === 409) as Answer)).toBe('already_paused')
    const after = await local.caseOf(reference)
    expect(after.version).toBe(before.version + 1)
    expect(after.events.filter((event) => event.type === 'paused')).toHaveLength(1)
  })

  it('acknowledges once when two advisors acknowledge at once: one 200, one 409 already_acknowledged', async () => {
    // Arrange
    const reference = await newCase()
    const [adv01, adv03] = await Promise.all([local.signIn('adv-01'), local.signIn('adv-03')])

    // Act
    const answers = await Promise.all([
      adv01.post(`/api/advisor/cases/${reference}/acknowledge`, {}),
      adv03.post(`/api/advisor/cases/${reference}/acknowledge`, {}),
    ])

    // Assert
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
    expect(codeOf(answers.find((answer) => answer.status === 409) as Answer)).toBe('already_acknowledged')
    const winner = answers[0]?.status === 200 ? 'adv-01' : 'adv-03'
    const stored = await local.caseOf(reference)
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: winner })
    expect(stored.events.filter((event) => event.type === 'acknowledged')).toEqual([
      expect.objectContaining({ advisorId: winner }),
    ])
  })
})
