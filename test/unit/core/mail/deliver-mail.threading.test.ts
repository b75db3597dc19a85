import { describe, expect, it } from 'vitest'
import { deliverPendingMail } from '../../../../functions/core/mail/deliver-mail.ts'
import { type OutgoingMail, PermanentMailError, type Threading } from '../../../../functions/core/mail/mail.ts'
import type { Mailer } from '../../../../functions/core/ports/mail.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { storedCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'
import { replyToRequester } from '../../../support/advisor-actions.ts'

const REFERENCE = 'MAR-0000-0001'
/** Monday 2027-01-11 10:00 CET: adv-01 is the primary on duty. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const MONDAY_11_00 = '2027-01-11T10:00:00.000Z'
const ADV_01: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }
const REPLY_ID = `reply:${MONDAY_11_00}-00000000`

/** A Mailer that keeps each mail with the threading it was sent with, and can refuse mail by id. */
class ThreadingMailer implements Mailer {
  readonly sent: Array<{ id: string; threading: Threading | undefined }> = []
  readonly refuse = new Set<string>()

  async send(mail: OutgoingMail, threading?: Threading): Promise<{ messageId: string }> {
    if (this.refuse.has(mail.id)) throw new PermanentMailError('MessageRejected')
    this.sent.push({ id: mail.id, threading })
    return { messageId: `ses-${this.sent.length}` }
  }
}

async function routedQuestion() {
  const testbed = workflowDependencies({ now: MONDAY_10_00 })
  await testbed.cases.createCase(storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00 }))
  await routeCase(REFERENCE, testbed.deps)
  return { ...testbed, mailer: new ThreadingMailer() }
}

describe('Use case: deliver pending mail, threaded', () => {
  it('sends a reply in reply to the acknowledgement the requester got earlier, naming its Message-ID', async () => {
    // Arrange
    const { deps, mailer, clock } = await routedQuestion()
    await deliverPendingMail(REFERENCE, { ...deps, mailer })
    clock.set(MONDAY_11_00)
    await replyToRequester(REFERENCE, ADV_01, { text: 'Ons antwoord.' }, deps)

    // Act
    const report = await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(report.sent).toEqual([{ id: REPLY_ID, kind: 'reply' }])
    expect(mailer.sent).toEqual([
      { id: 'requester-acknowledgement', threading: undefined },
      { id: 'assignment:adv-01', threading: undefined },
      { id: REPLY_ID, threading: { inReplyTo: { sent: 'ses-1' }, references: [{ sent: 'ses-1' }] } },
    ])
  })

  it('threads a reply under an acknowledgement sent just before it in the same delivery', async () => {
    // Arrange
    const { deps, mailer, clock } = await routedQuestion()
    clock.set(MONDAY_11_00)
    await replyToRequester(REFERENCE, ADV_01, { text: 'Ons antwoord.' }, deps)

    // Act
    await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(mailer.sent.find((mail) => mail.id === REPLY_ID)?.threading).toEqual({
      inReplyTo: { sent: 'ses-1' },
      references: [{ sent: 'ses-1' }],
    })
  })

  it('sends a reply unthreaded when the acknowledgement it answers never went out', async () => {
    // Arrange
    const { deps, mailer, clock, outbox } = await routedQuestion()
    mailer.refuse.add('requester-acknowledgement')
    clock.set(MONDAY_11_00)
    await replyToRequester(REFERENCE, ADV_01, { text: 'Ons antwoord.' }, deps)

    // Act
    const report = await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(report.refused).toEqual([{ id: 'requester-acknowledgement', kind: 'requester-acknowledgement' }])
    expect(mailer.sent.find((mail) => mail.id === REPLY_ID)).toEqual({ id: REPLY_ID, threading: undefined })
    expect((await outbox.get(REFERENCE, REPLY_ID))?.status).toBe('sent')
  })

  it('sends a reply unthreaded when there is no acknowledgement to answer (it was never queued)', async () => {
    // Arrange: a case the routing never saw
    const testbed = workflowDependencies({ now: MONDAY_11_00 })
    await testbed.cases.createCase(
      storedCase({ reference: REFERENCE, createdAt: MONDAY_10_00, status: 'assigned', assignee: 'adv-01' }),
    )
    const mailer = new ThreadingMailer()
    await replyToRequester(REFERENCE, ADV_01, { text: 'Ons antwoord.' }, testbed.deps)

    // Act
    await deliverPendingMail(REFERENCE, { ...testbed.deps, mailer })

    // Assert
    expect(mailer.sent).toEqual([{ id: REPLY_ID, threading: undefined }])
  })

  it('sends advisor mail without threading', async () => {
    // Arrange
    const { deps, mailer } = await routedQuestion()

    // Act
    await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(mailer.sent).toEqual([
      { id: 'requester-acknowledgement', threading: undefined },
      { id: 'assignment:adv-01', threading: undefined },
    ])
  })
})
