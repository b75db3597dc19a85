import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { clockRunning } from '../deadlines/deadline-steps.ts'
import { advisorText, defineAction, futureMoment, optionalMoment, refuseUnlessAllowed } from './advisor-action.ts'

/**
 * Stop the clocks while MAR waits for someone (a school, a colleague). No reminder or escalation comes while paused;
 * resuming moves every running deadline on by the business time the case was paused.
 */
export const pause = defineAction({
  moves: 'keep',
  fields: { reason: advisorText, until: optionalMoment },
  status: 200,
  guard: (current) =>
    current.pause !== undefined ? 'already_paused' : !clockRunning(current, 'respond') ? 'no_running_clock' : undefined,
  run: async ({ reference, actor, input: { reason, until: moment }, deps }) => {
    const now = deps.clock.now()
    const until = futureMoment('until', moment, now)
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(pause, latest)
      return {
        pause: { since: now.toISOString(), ...(until ? { until: until.toISOString() } : {}), reason, by: actor.id },
        ...nextWorkflowRun(latest),
      }
    })
    await deps.cases.recordEvent(reference, {
      id: `paused:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'paused',
      advisorId: actor.id,
      ...(until ? { detail: { until: until.toISOString() } } : {}),
    })
    return { reference, status: stored.status, pause: stored.pause }
  },
})
