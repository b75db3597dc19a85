import { OUTCOMES } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { revokedLinks } from '../links/action-token.ts'
import { defineAction, oneOf, refuseUnlessAllowed } from './advisor-action.ts'
import { remindersCancelled } from './reminders.ts'

/** Close the case with its outcome. Its clocks stop and its workflow ends; nothing is sent after. */
export const close = defineAction({
  moves: 'closed',
  fields: { outcome: oneOf(OUTCOMES, 'choose_outcome') },
  status: 200,
  run: async ({ reference, actor, input: { outcome }, deps }) => {
    const now = deps.clock.now()
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(close, latest)
      return {
        status: 'closed',
        closedAt: now.toISOString(),
        closedBy: actor.id,
        outcome,
        pause: undefined,
        ...revokedLinks(latest),
        ...remindersCancelled(latest, now),
        ...nextWorkflowRun(latest),
      }
    })
    await deps.cases.recordEvent(reference, {
      id: `closed:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'closed',
      advisorId: actor.id,
      detail: { outcome },
    })
    return { reference, status: stored.status }
  },
})
