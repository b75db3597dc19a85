import * as z from 'zod/mini'
import { URGENCIES } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { REQUESTER_TYPES, SECTORS, TOPICS } from '../cases/web-request.ts'
import { ValidationError } from '../shared/errors.ts'
import { defineAction, oneOf, refuseUnlessAllowed } from './advisor-action.ts'

const CLASSIFICATION = {
  topic: z.optional(oneOf(TOPICS)),
  urgency: z.optional(oneOf(URGENCIES)),
  requesterType: z.optional(oneOf(REQUESTER_TYPES)),
  sector: z.optional(oneOf(SECTORS)),
}

/**
 * Classify a case — a mail comes in without topic, requester type or sector, and any case may turn out urgent or
 * not. The clocks are planned anew from the new windows (a new workflow run).
 */
export const classify = defineAction({
  moves: 'keep',
  fields: CLASSIFICATION,
  status: 200,
  run: async ({ reference, actor, input, deps }) => {
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
    if (Object.keys(changes).length === 0) {
      throw new ValidationError([
        { path: '_body', rule: 'classify_something', params: { choices: Object.keys(CLASSIFICATION) } },
      ])
    }
    const now = deps.clock.now()
    const { stored } = await changeCase(deps.cases, reference, (latest) => {
      refuseUnlessAllowed(classify, latest)
      return { ...changes, ...nextWorkflowRun(latest) }
    })
    await deps.cases.recordEvent(reference, {
      id: `classified:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'classified',
      advisorId: actor.id,
      detail: changes,
    })
    return { reference, status: stored.status, topic: stored.topic ?? null, urgency: stored.urgency }
  },
})
