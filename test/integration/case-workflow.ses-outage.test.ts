import { describe, expect, it, vi } from 'vitest'
import { ADVISOR_EMAIL, useLocalStack, useShortSdkBackoff } from './local-stack-harness.ts'

/**
 * Issue "track response deadlines": SES down for longer than DeliverMail's retries. Running out of retries takes
 * about half a minute of real time in AWS (the SES client's own back-off on throttling, times eleven attempts), which
 * the dev clock cannot shorten; the SDK's jitter is scaled down here (useShortSdkBackoff), the attempts stay.
 */
const REQUESTER = 'vrager@example.nl'

describe('Case workflow: SES refusing every send for longer than the retries', () => {
  const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })
  useShortSdkBackoff()

  it('records the failure, keeps the case, and sends the kept mail once SES is back, at the next step', async () => {
    await local.setClock(MONDAY_10_00)
    await local.faults({ ses: { failNext: 1000 } })

    // DeliverMail's retries (and the SDK's own) run out.
    const reference = await local.submit()
    await vi.waitFor(
      async () => {
        const { events } = await local.caseOf(reference)
        expect(events.filter((event) => event.type === 'task-failed')).toEqual([
          expect.objectContaining({ detail: { stage: 'deliver', error: 'MailDeliveryError' } }),
        ])
      },
      { timeout: 90_000, interval: 500 },
    )
    await local.faults({ ses: { failNext: 0 } })
    await local.settle()
    expect(await local.mailFor(reference)).toEqual([])
    expect(await local.caseOf(reference)).toMatchObject({ status: 'assigned', assignee: 'adv-01' })

    await local.setClock('2027-02-08T16:30:00+01:00')

    const mails = await local.mailFor(reference)
    expect(mails.map((mail) => [mail.to[0], mail.subject]).sort()).toEqual(
      [
        [REQUESTER, `[${reference}] Uw vraag aan MAR is ontvangen`],
        [ADVISOR_EMAIL['adv-01'], `[${reference}] nieuwe melding (algemene vraag)`],
        [ADVISOR_EMAIL['adv-01'], `[${reference}] herinnering`],
      ].sort(),
    )
    expect((await local.workflow(reference)).running).toBe(true)
  }, 120_000)
})
