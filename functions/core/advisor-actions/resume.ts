import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { pauseEnded, resumedEvent } from '../deadlines/pause.ts'
import { defineAction, refuseUnlessAllowed } from './advisor-action.ts'

/** The clocks run again, each deadline moved on by the business time the case was paused; a new run plans them. */
export const resume = defineAction({
  moves: 'keep',
  fields: {},
  status: 200,
  guard: (current) => (current.pause === undefined ? 'not_paused' : undefined),
  run: async ({ reference, actor, deps }) => {
    const now = deps.clock.now()
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(resume, latest)
      return { ...pauseEnded(latest, deps.calendar, now), ...nextWorkflowRun(latest) }
    })
    await deps.cases.recordEvent(reference, resumedEvent(stored, now, actor.id))
    return { reference, status: stored.status }
  },
})
