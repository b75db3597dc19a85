import {
  AWAITING_ACKNOWLEDGEMENT,
  type Case,
  type CaseMessage,
  firstName,
  hasFollowUpBox,
  type ReplySignature,
  requesterAddress,
  requesterLanguage,
} from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { pauseEnded } from '../deadlines/pause.ts'
import { CaseNotFoundError } from '../shared/errors.ts'
import { acknowledgedEvent, acknowledgement } from './acknowledge.ts'
import { advisorText, defineAction, messageId, refuseUnlessAllowed, withdrawnOnRefusal } from './advisor-action.ts'

/** An anonymous web request has no address but a follow-up box: the answer waits there for the receipt holder. */
const answersIntoBox = (current: Case) => requesterAddress(current) === undefined && hasFollowUpBox(current)

/**
 * The advisor answers the requester. The text is kept as a message on the case and queued as a mail from the intake
 * address, threaded under the acknowledgement — or, for an anonymous web request, left in its follow-up box, where
 * the receipt holder reads it; the case is answered (which acknowledges it too) and the respond clock stops.
 */
export const reply = defineAction({
  moves: 'answered',
  fields: { text: advisorText },
  status: 201,
  guard: (current) =>
    requesterAddress(current) === undefined && !hasFollowUpBox(current) ? 'no_mail_address' : undefined,
  run: async ({ reference, actor, roster, input: { text }, deps }) => {
    const current = await deps.cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    refuseUnlessAllowed(reply, current)
    const address = requesterAddress(current)
    const intoBox = answersIntoBox(current)
    const now = deps.clock.now()
    const id = messageId(now, deps)
    const mailId = `reply:${id}`
    // The one signature under the answer, as it is sent now: mail and follow-up box alike.
    const member = roster.advisors.find((advisor) => advisor.id === actor.id)
    const signature: ReplySignature = {
      name: firstName(member?.name ?? ''),
      ...(deps.marPhone === undefined ? {} : { phone: deps.marPhone }),
    }
    const message: CaseMessage = {
      id,
      kind: 'reply',
      author: 'advisor',
      advisorId: actor.id,
      text,
      at: now.toISOString(),
      signature,
      ...(address === undefined ? {} : { mailId }),
    }
    await deps.cases.addMessage(reference, message, current.retainUntil)
    if (address !== undefined) {
      await deps.outbox.enqueue(
        reference,
        {
          id: mailId,
          kind: 'reply',
          to: [address],
          from: 'intake',
          inReplyToMailId: 'requester-acknowledgement',
          ...(current.channel === 'email' && current.mail.messageId
            ? { inReplyToReceived: current.mail.messageId }
            : {}),
          ...deps.templates.reply({ reference, language: requesterLanguage(current), text, signature }),
        },
        now,
      )
    }
    const { stored } = await withdrawnOnRefusal(deps, reference, intoBox ? undefined : mailId, () =>
      changeCase(deps.cases, reference, (latest) => {
        refuseUnlessAllowed(reply, latest)
        return {
          ...(AWAITING_ACKNOWLEDGEMENT.includes(latest.status) ? acknowledgement(latest, actor.id, now) : {}),
          status: 'answered',
          ...(latest.answeredAt === undefined ? { answeredAt: now.toISOString(), answeredBy: actor.id } : {}),
          // Answered, no clock runs: a pause that stood ends here, its time counted.
          ...(latest.pause ? pauseEnded(latest, deps.calendar, now) : {}),
          ...nextWorkflowRun(latest),
        }
      }),
    )
    if (stored.acknowledgedBy === actor.id && stored.acknowledgedAt === now.toISOString()) {
      await deps.cases.recordEvent(reference, acknowledgedEvent(actor.id, now))
    }
    const via = intoBox ? ('follow-up' as const) : ('mail' as const)
    await deps.cases.recordEvent(reference, {
      id: `replied:${id}`,
      at: now.toISOString(),
      type: 'replied',
      advisorId: actor.id,
      detail: { messageId: id, via },
    })
    const { mailId: _mail, signature: _signature, ...shown } = message
    return { reference, status: stored.status, message: shown, via }
  },
})
