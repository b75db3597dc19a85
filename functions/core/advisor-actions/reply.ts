import * as z from 'zod/mini'
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
import { CaseNotFoundError, CaseStateConflictError } from '../shared/errors.ts'
import { acknowledgedEvent, acknowledgement } from './acknowledge.ts'
import {
  advisorText,
  defineAction,
  messageId,
  oneOf,
  refuseUnlessAllowed,
  withdrawnOnRefusal,
} from './advisor-action.ts'

/**
 * How an answer reached the requester: a mail to their address, their anonymous follow-up box, or a phone call the
 * advisor made (the text is what was said; nothing is sent).
 */
export const REPLY_VIAS = ['mail', 'follow-up', 'phone'] as const
export type ReplyVia = (typeof REPLY_VIAS)[number]

/** The written way to answer this requester: mail to their address, else their follow-up box; none for phone-only. */
export function writtenVia(current: Case): ReplyVia | undefined {
  if (requesterAddress(current) !== undefined) return 'mail'
  return hasFollowUpBox(current) ? 'follow-up' : undefined
}

/** The way asked for, if this requester can be answered that way; else the refusal. */
function viaFor(current: Case, asked: ReplyVia | undefined): ReplyVia {
  if (asked === 'phone') return 'phone'
  const written = writtenVia(current)
  if (written !== undefined && (asked === undefined || asked === written)) return written
  throw new CaseStateConflictError(asked === 'follow-up' ? 'no_follow_up_box' : 'no_mail_address')
}

/**
 * The advisor answers the requester. The text is kept as a message on the case and queued as a mail from the intake
 * address, threaded under the acknowledgement — or, for an anonymous web request, left in its follow-up box, where
 * the receipt holder reads it — or, `via: "phone"`, it is what the advisor said on the phone (kept, marked so; no
 * mail). Without `via`, the written way. Either way the case is answered (which acknowledges it too), `answeredAt`
 * marks the first answer, and the respond clock stops. Phone is open to every requester, so no guard refuses a reply
 * before its `via` is known: a written answer to a requester without address or box is refused when it is asked.
 */
export const reply = defineAction({
  moves: 'answered',
  fields: { text: advisorText, via: z.optional(oneOf(REPLY_VIAS)) },
  status: 201,
  run: async ({ reference, actor, roster, input: { text, via: asked }, deps }) => {
    const current = await deps.cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    refuseUnlessAllowed(reply, current)
    const via = viaFor(current, asked)
    const address = via === 'mail' ? requesterAddress(current) : undefined
    const now = deps.clock.now()
    const id = messageId(now, deps)
    const mailId = `reply:${id}`
    // The one signature under a written answer, as it is sent now: mail and follow-up box alike.
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
      ...(address === undefined ? {} : { mailId }),
      // A phone answer was spoken, not signed: it keeps no signature.
      ...(via === 'phone' ? { via } : { signature }),
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
    const { stored } = await withdrawnOnRefusal(deps, reference, address === undefined ? undefined : mailId, () =>
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
