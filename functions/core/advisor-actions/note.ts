import type { CaseMessage } from '../cases/case.ts'
import { CaseNotFoundError } from '../shared/errors.ts'
import { advisorText, defineAction, messageId } from './advisor-action.ts'

/** An internal note (a phone call, a consultation, a thought). Never mailed; allowed on any case. */
export const note = defineAction({
  moves: 'keep-any',
  fields: { text: advisorText },
  status: 201,
  run: async ({ reference, actor, input: { text }, deps }) => {
    const current = await deps.cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    const now = deps.clock.now()
    const id = messageId(now, deps)
    const message: CaseMessage = {
      id,
      kind: 'note',
      author: 'advisor',
      advisorId: actor.id,
      text,
      at: now.toISOString(),
    }
    await deps.cases.addMessage(reference, message, current.retainUntil)
    await deps.cases.recordEvent(reference, {
      id: `note-added:${id}`,
      at: now.toISOString(),
      type: 'note-added',
      advisorId: actor.id,
      detail: { messageId: id },
    })
    return { reference, status: current.status, message }
  },
})
