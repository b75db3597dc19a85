import { requesterAddress } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import type { CaseRepository, MessageThreads } from '../ports/stores.ts'
import { CaseNotFoundError } from '../shared/errors.ts'
import { normalisedAddress } from './file-message.ts'

/** A bounce the mail service reported for a mail MAR sent. */
export interface MailBounce {
  /** The mail service's id of the mail that bounced: delivering it linked that id to its case. */
  sentMessageId: string
  type: 'permanent' | 'transient'
  /** The addresses that bounced (never logged). */
  recipients: readonly string[]
  /** When the bounce happened (ISO 8601). */
  at: string
}

export type BounceOutcome =
  /** The requester's address bounced: the case says so now. */
  | 'recorded'
  /** An older bounce than the one recorded, or a transient bounce after a permanent one. */
  | 'already'
  /** Someone else's address bounced (an advisor's notification, a coordinator's escalation). */
  | 'not-requester'
  /** The mail belongs to no case (any more). */
  | 'no-case'

/**
 * Use case: mail to a requester bounced. The case records it (`requesterAddressBounced` and an audit event), so the
 * advisor knows to call or write another way; an advisor's or coordinator's address bouncing is for the alarm only.
 */
export async function recordRequesterBounce(
  bounce: MailBounce,
  deps: { cases: CaseRepository; threads: Pick<MessageThreads, 'find'> },
): Promise<{ outcome: BounceOutcome; reference?: string }> {
  const reference = await deps.threads.find(bounce.sentMessageId)
  if (reference === undefined) return { outcome: 'no-case' }
  const bounced = new Set(bounce.recipients.map(normalisedAddress))
  let outcome: BounceOutcome = 'recorded'
  try {
    await changeCase(deps.cases, reference, (current) => {
      const address = normalisedAddress(requesterAddress(current))
      if (address === undefined || !bounced.has(address)) {
        outcome = 'not-requester'
        return undefined
      }
      const before = current.requesterAddressBounced
      // The same bounce again (a retried delivery): the case has it; its event is written again below (a no-op).
      if (before?.at === bounce.at && before.type === bounce.type) return undefined
      if (
        before !== undefined &&
        (before.at > bounce.at || (before.type === 'permanent' && bounce.type === 'transient'))
      ) {
        outcome = 'already'
        return undefined
      }
      return { requesterAddressBounced: { at: bounce.at, type: bounce.type } }
    })
  } catch (error) {
    if (error instanceof CaseNotFoundError) return { outcome: 'no-case' }
    throw error
  }
  if (outcome !== 'recorded') return { outcome, reference }
  await deps.cases.recordEvent(reference, {
    id: `requester-address-bounced:${bounce.at}`,
    at: bounce.at,
    type: 'requester-address-bounced',
    detail: { bounceType: bounce.type },
  })
  return { outcome: 'recorded', reference }
}
