import { urgencyOf } from './case.ts'
import { type ActingAdvisor, type CaseActionDependencies, rosterMember } from './case-actions.ts'
import { ValidationError } from './errors.ts'
import { newReference } from './reference.ts'
import { caseFromRequest } from './submit-web-request.ts'
import { parseWebRequest, WEB_REQUEST_FIELDS } from './web-request.ts'

const MAX_REFERENCE_DRAWS = 5

/**
 * The web form's rules; but where the public form names an unknown field (a person's own mistake, shown to them),
 * the staff API reports unknown fields together as `_unknown`: a field name can carry data, and error answers
 * travel into logs and tools.
 */
function parseWithoutNamingUnknownFields(input: unknown) {
  try {
    return parseWebRequest(input)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const fields: Record<string, string> = {}
    for (const [name, message] of Object.entries(error.fields)) {
      const known = (name.startsWith('_') && name !== '_unknown') || WEB_REQUEST_FIELDS.includes(name)
      if (known) fields[name] = message
      else fields._unknown = 'Onbekende velden weggelaten: stuur alleen de velden van het formulier.'
    }
    throw new ValidationError(fields, error.message)
  }
}

/**
 * Use case: an advisor registers a phone call as a case — the web form's fields, told on the phone. The case is the
 * advisor's and acknowledged at once (the caller is talking to MAR); the respond clock runs as for any case.
 */
export async function registerPhoneCall(
  input: unknown,
  actor: ActingAdvisor,
  deps: CaseActionDependencies & { caseRetentionDays: number },
): Promise<{ reference: string; status: 'acknowledged' }> {
  await rosterMember(actor, deps)
  const { website: _honeypot, ...request } = parseWithoutNamingUnknownFields(input)
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
