import type { Case, CaseMessage } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { pauseEnded } from '../deadlines/pause.ts'
import { CaseNotFoundError } from '../shared/errors.ts'
import { advisorText, defineAction, messageId, refuseUnlessAllowed } from './advisor-action.ts'

/**
 * A case waits for an answer to a requester's later message: they wrote again after an answer (or after the case
 * closed), which started a new respond round (`respondRound` 2 or more), and the case is acknowledged. A case that
 * waits for its first answer, or for an acknowledgement, has a clock that only an answer or an acknowledgement stops.
 */
const awaitsAnswerToLaterMessage = (current: Case) =>
  current.status === 'acknowledged' && (current.respondRound ?? 1) > 1

/**
 * The requester's latest message needs no answer ("Ja, morgen 11 uur is goed, dank u"): the respond round it opened
 * stops and the case is answered again. The reason is internal advisor text, kept on the case as a note (never
 * mailed, never in the event: events hold no content); the event `no-reply-needed` names the note and the round.
 * Nothing reached the requester: `answeredAt` (the first answer ever sent) is left as it is.
 */
export const noReplyNeeded = defineAction({
  moves: 'answered',
  fields: { reason: advisorText },
  status: 201,
  guard: (current) => (awaitsAnswerToLaterMessage(current) ? undefined : 'no_reply_awaited'),
  run: async ({ reference, actor, input: { reason }, deps }) => {
    const current = await deps.cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    refuseUnlessAllowed(noReplyNeeded, current)
    const now = deps.clock.now()
    // Kept first (as a reply keeps its text first): the reason is never lost to a failure after the change.
    const id = messageId(now, deps)
    const message: CaseMessage = {
      id,
      kind: 'note',
      author: 'advisor',
      advisorId: actor.id,
      text: reason,
      at: now.toISOString(),
    }
    await deps.cases.addMessage(reference, message, current.retainUntil)
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(noReplyNeeded, latest)
      return {
        status: 'answered',
        // No clock runs once answered: a pause that stood ends here, its time counted.
        ...(latest.pause ? pauseEnded(latest, deps.calendar, now) : {}),
        ...nextWorkflowRun(latest),
      }
    })
    await deps.cases.recordEvent(reference, {
      id: `no-reply-needed:${id}`,
      at: now.toISOString(),
      type: 'no-reply-needed',
      advisorId: actor.id,
      detail: { messageId: id, round: stored.respondRound ?? 1 },
    })
    return { reference, status: stored.status, message }
  },
})
