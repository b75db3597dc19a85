import { describe, expect, it } from 'vitest'
import {
  type DeliveryReport,
  deliverPendingMail,
  MailDeliveryError,
} from '../../../../functions/core/mail/deliver-mail.ts'
import { PermanentMailError } from '../../../../functions/core/mail/mail.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import { urgentCase } from '../../../fakes/stored-case.ts'
import { workflowDependencies } from '../../../fakes/workflow-dependencies.ts'

const REFERENCE = 'MAR-0000-0001'
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
/** An urgent case on Monday queues four mails: the requester, the assignee, the backup and the other coordinator. */
const QUEUED = ['requester-acknowledgement', 'assignment:adv-01', 'urgent-alert:adv-03', 'urgent-alert:adv-05']

async function routedUrgentCase() {
  const testbed = workflowDependencies({ now: MONDAY_10_00 })
  await testbed.cases.createCase(urgentCase({ reference: REFERENCE, createdAt: MONDAY_10_00 }))
  await routeCase(REFERENCE, testbed.deps)
  return testbed
}

/** As the state machine does: retry while the task fails with MailDeliveryError (at most `limit` attempts). */
async function deliverWithRetries(deps: Parameters<typeof deliverPendingMail>[1], limit = 10) {
  const failures: MailDeliveryError[] = []
  for (let attempt = 1; attempt <= limit; attempt++) {
    try {
      const report = await deliverPendingMail(REFERENCE, deps)
      return { report, failures }
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error
      failures.push(error)
    }
  }
  throw new Error(`still failing after ${limit} attempts`)
}

describe('Use case: deliver pending mail', () => {
  it('sends every queued mail once and marks it sent with the message id', async () => {
    // Arrange
    const { deps, mailer, outbox } = await routedUrgentCase()

    // Act
    const report = await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(report.sent.map((mail) => mail.id)).toEqual(QUEUED)
    expect(mailer.sent.map((mail) => mail.id)).toEqual(QUEUED)
    expect(await outbox.pending(REFERENCE)).toEqual([])
    expect(
      outbox.entries(REFERENCE).map(({ id, status, messageId, sentAt }) => ({ id, status, messageId, sentAt })),
    ).toEqual(
      QUEUED.map((id, index) => ({ id, status: 'sent', messageId: `message-${index + 1}`, sentAt: MONDAY_10_00 })),
    )
  })

  it('sends each mail exactly once when SES throttles three times and then recovers', async () => {
    // Arrange
    const { deps, mailer, outbox, cases } = await routedUrgentCase()
    const caseBefore = cases.cases.get(REFERENCE)
    mailer.failNext(3)

    // Act
    const { report, failures } = await deliverWithRetries({ ...deps, mailer })

    // Assert
    expect(failures.map((failure) => failure.failed)).toEqual([3])
    expect(mailer.attempts).toHaveLength(QUEUED.length + 3)
    expect(mailer.sent.map((mail) => mail.id).sort()).toEqual([...QUEUED].sort())
    expect(report.sent.map((mail) => mail.id).sort()).toEqual(QUEUED.slice(0, 3).sort())
    expect(await outbox.pending(REFERENCE)).toEqual([])
    expect(cases.cases.get(REFERENCE)).toEqual(caseBefore)
  })

  it('loses no mail when SES refuses every send for three attempts in a row', async () => {
    // Arrange
    const { deps, mailer, outbox } = await routedUrgentCase()
    mailer.failNext(3 * QUEUED.length)

    // Act
    const { failures } = await deliverWithRetries({ ...deps, mailer })

    // Assert
    expect(failures.map((failure) => failure.failed)).toEqual([4, 4, 4])
    expect(failures[0]).toMatchObject({ name: 'MailDeliveryError' })
    expect(mailer.sent.map((mail) => mail.id)).toEqual(QUEUED)
    expect(await outbox.pending(REFERENCE)).toEqual([])
  })

  it('sends on a retry only the mail that failed the first time', async () => {
    // Arrange: the first two sends are refused, the last two go out
    const { deps, mailer, outbox } = await routedUrgentCase()
    mailer.failNext(2)
    const first = deliverPendingMail(REFERENCE, { ...deps, mailer })
    await expect(first).rejects.toMatchObject({ name: 'MailDeliveryError', failed: 2 })
    const sentFirst = mailer.sent.map((mail) => mail.id)
    const left = (await outbox.pending(REFERENCE)).map((mail) => mail.id)

    // Act
    const retry: DeliveryReport = await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(sentFirst).toEqual(QUEUED.slice(2))
    expect(left).toEqual(QUEUED.slice(0, 2))
    expect(retry.sent.map((mail) => mail.id)).toEqual(QUEUED.slice(0, 2))
    expect(mailer.sent.map((mail) => mail.id)).toEqual([...QUEUED.slice(2), ...QUEUED.slice(0, 2)])
  })

  it('sends nothing when nothing is pending', async () => {
    // Arrange
    const { deps, mailer } = await routedUrgentCase()
    await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Act
    const again = await deliverPendingMail(REFERENCE, { ...deps, mailer })

    // Assert
    expect(again).toEqual({ sent: [], refused: [] })
    expect(mailer.sent).toHaveLength(QUEUED.length)
  })

  it('marks a mail the service refuses for good as failed, sends the rest, and does not retry it', async () => {
    // Arrange
    const { deps, mailer, outbox } = await routedUrgentCase()
    const refusing = {
      send: async (mail: Parameters<typeof mailer.send>[0]) => {
        if (mail.id === 'requester-acknowledgement') throw new PermanentMailError('MessageRejected')
        return mailer.send(mail)
      },
    }

    // Act
    const report = await deliverPendingMail(REFERENCE, { ...deps, mailer: refusing })

    // Assert
    expect(report.refused.map((mail) => mail.id)).toEqual(['requester-acknowledgement'])
    expect(report.sent.map((mail) => mail.id)).toEqual(QUEUED.slice(1))
    expect(outbox.entries(REFERENCE).find((entry) => entry.id === 'requester-acknowledgement')?.status).toBe('failed')
    expect(await outbox.pending(REFERENCE)).toEqual([])
  })
})
