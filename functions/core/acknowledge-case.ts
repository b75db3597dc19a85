import { type ActionClaim, verifyActionToken } from './action-token.ts'
import { type AcknowledgeOutcome, acknowledgeAs } from './case-actions.ts'
import type { Clock } from './clock.ts'
import type { CaseRepository, SigningKeySource } from './ports.ts'

export type { AcknowledgeOutcome } from './case-actions.ts'

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
  return acknowledgeAs(claim.reference, claim.advisorId, deps)
}
