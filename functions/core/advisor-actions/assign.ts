import * as z from 'zod/mini'
import { AWAITING_ACKNOWLEDGEMENT, type Case } from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { planFor } from '../deadlines/case-workflow.ts'
import { acknowledgeLinkMaker } from '../links/acknowledge-link.ts'
import { revokedLinks } from '../links/action-token.ts'
import { assignmentNotice } from '../mail/assignment-notice.ts'
import type { Advisor } from '../roster/roster.ts'
import { CaseNotFoundError, ValidationError } from '../shared/errors.ts'
import { type CaseActionDependencies, defineAction, refuseUnlessAllowed, withdrawnOnRefusal } from './advisor-action.ts'

/**
 * Hand the case to another advisor on the roster. They are told (content-free, with a link to the case and, while it
 * waits for acknowledgement, a one-click acknowledge link); later reminders go to them.
 */
export const assign = defineAction({
  moves: 'keep',
  fields: { advisorId: z.optional(z.unknown()) },
  status: 200,
  run: async ({ reference, actor, roster, input, deps }) => {
    const assignee = roster.advisors.find((advisor) => advisor.id === input.advisorId)
    if (assignee === undefined) throw new ValidationError([{ path: 'advisorId', rule: 'unknown_advisor' }])
    const current = await deps.cases.getCase(reference)
    if (current === undefined) throw new CaseNotFoundError()
    refuseUnlessAllowed(assign, current)
    if (current.assignee === assignee.id) return { reference, status: current.status, assignee: assignee.id }

    const now = deps.clock.now()
    // Queued before the change that starts the next run, so that run finds it.
    const notice = await reassignmentNotice(current, assignee, now, deps)
    await deps.outbox.enqueue(reference, notice, now)
    const { stored, changed } = await withdrawnOnRefusal(deps, reference, notice.id, () =>
      changeCase(deps.cases, reference, (latest) => {
        refuseUnlessAllowed(assign, latest)
        if (latest.assignee === assignee.id) return undefined
        return {
          assignee: assignee.id,
          // The next handover (core/roster/handover.ts) counts from here: the end of the new assignee's shift.
          assignedAt: now.toISOString(),
          ...(latest.status === 'received' || latest.status === 'unassigned'
            ? { status: 'assigned' as const, routedAt: latest.routedAt ?? now.toISOString() }
            : {}),
          // The former assignee's links (and everyone's sent before) stop working.
          ...revokedLinks(latest),
          ...nextWorkflowRun(latest),
        }
      }),
    )
    if (changed) {
      await deps.cases.recordEvent(reference, {
        id: `reassigned:${assignee.id}:${now.toISOString()}`,
        at: now.toISOString(),
        type: 'reassigned',
        advisorId: assignee.id,
        detail: { by: actor.id, ...(current.assignee ? { from: current.assignee } : {}) },
      })
    }
    return { reference, status: stored.status, assignee: assignee.id }
  },
})

async function reassignmentNotice(current: Case, assignee: Advisor, now: Date, deps: CaseActionDependencies) {
  const awaiting = AWAITING_ACKNOWLEDGEMENT.includes(current.status)
  const plan = planFor(current, deps, now)
  // Of the generation the reassignment starts: it revokes the links sent before, this one works.
  const link = await acknowledgeLinkMaker({ ...current, ...revokedLinks(current) }, now, deps)
  // The routing's own id when this advisor was never told of the case: the new run's RouteCase, which derives its
  // assignment mail from the stored assignee, then finds it queued already. Someone told before (assigned back)
  // is told again, under an id bound to the version the assignment was decided on.
  const routingId = `assignment:${assignee.id}`
  const toldBefore = (await deps.outbox.get(current.reference, routingId)) !== undefined
  return assignmentNotice(
    current,
    {
      id: toldBefore ? `${routingId}:v${current.version}` : routingId,
      kind: 'assignment',
      to: assignee,
      role: 'assignee',
      acknowledgeBy: plan.acknowledgeBy,
      acknowledgeUrl: awaiting ? link(assignee.id) : undefined,
    },
    deps,
  )
}
