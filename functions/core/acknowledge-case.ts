import { type ActionClaim, verifyActionToken } from './action-token.ts'
import { AWAITING_ACKNOWLEDGEMENT, type Case } from './case.ts'
import type { Clock } from './clock.ts'
import { CaseNotFoundError } from './errors.ts'
import type { CaseRepository, SigningKeySource } from './ports.ts'

export type AcknowledgeOutcome =
  | { kind: 'acknowledged'; reference: string; advisorId: string }
  /** Acknowledged before (by this advisor or another), answered or closed: nothing changes. */
  | { kind: 'already'; reference: string; status: Case['status'] }

/** Reads a one-click link without acting on it (GET: mail scanners prefetch links). Throws InvalidActionTokenError. */
export async function inspectActionToken(
  token: string,
  deps: { signingKey: SigningKeySource; clock: Clock },
): Promise<ActionClaim> {
  return verifyActionToken(token, await deps.signingKey(), deps.clock.now())
}

/** Use case: an advisor acknowledges a case from the link in their mail. Repeating it is harmless. */
export async function acknowledgeCase(
  token: string,
  deps: { cases: CaseRepository; signingKey: SigningKeySource; clock: Clock },
): Promise<AcknowledgeOutcome> {
  const claim = await inspectActionToken(token, deps)
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await deps.cases.getCase(claim.reference)
    if (current === undefined) throw new CaseNotFoundError()
    if (!AWAITING_ACKNOWLEDGEMENT.includes(current.status)) {
      return { kind: 'already', reference: current.reference, status: current.status }
    }
    const now = deps.clock.now().toISOString()
    const updated = await deps.cases.updateCase(current, {
      status: 'acknowledged',
      acknowledgedAt: now,
      acknowledgedBy: claim.advisorId,
      // A waiting case acknowledged by a coordinator (from the alert) is theirs from then on.
      ...(current.assignee === undefined ? { assignee: claim.advisorId } : {}),
    })
    if (updated === undefined) continue
    await deps.cases.recordEvent(current.reference, {
      id: 'acknowledged',
      at: now,
      type: 'acknowledged',
      advisorId: claim.advisorId,
    })
    return { kind: 'acknowledged', reference: current.reference, advisorId: claim.advisorId }
  }
  throw new Error('The case kept changing while it was being acknowledged')
}
