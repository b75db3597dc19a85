import type { CaseActionDependencies } from '../advisor-actions/advisor-action.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { urgencyOf } from './case.ts'
import { newReference } from './reference.ts'
import { caseFromRequest } from './submit-web-request.ts'
import { parseWebRequest } from './web-request.ts'

const MAX_REFERENCE_DRAWS = 5

/**
 * Use case: an advisor registers a phone call as a case — the web form's fields, told on the phone. The case is the
 * advisor's and acknowledged at once (the caller is talking to MAR); the respond clock runs as for any case. The
 * web form's rules, unknown fields counted and never named, as on the form.
 */
export async function registerPhoneCall(
  input: unknown,
  actor: ActingAdvisor,
  deps: CaseActionDependencies & { caseRetentionDays: number },
): Promise<{ reference: string; status: 'acknowledged' }> {
  await rosterMember(actor, deps)
  const { website: _honeypot, ...request } = parseWebRequest(input)
  for (let draw = 0; draw < MAX_REFERENCE_DRAWS; draw++) {
    const now = deps.clock.now()
    const at = now.toISOString()
    const reference = newReference(deps.randomBytes)
    const newCase = {
      ...caseFromRequest(request, {
        reference,
        now,
        urgency: urgencyOf(request),
        keyHash: undefined,
        retentionDays: deps.caseRetentionDays,
        channel: 'phone',
      }),
      status: 'acknowledged' as const,
      assignee: actor.id,
      routedAt: at,
      acknowledgedAt: at,
      acknowledgedBy: actor.id,
    }
    if ((await deps.cases.createCase(newCase)) !== 'created') continue
    await deps.cases.recordEvent(reference, {
      id: 'phone-call-registered',
      at,
      type: 'phone-call-registered',
      advisorId: actor.id,
    })
    await deps.cases.recordEvent(reference, { id: 'acknowledged', at, type: 'acknowledged', advisorId: actor.id })
    return { reference, status: 'acknowledged' }
  }
  throw new Error('No free case reference after repeated draws')
}
