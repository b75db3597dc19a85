import { type AcknowledgeOutcome, acknowledgeAs } from '../advisor-actions/acknowledge.ts'
import type { Case } from '../cases/case.ts'
import type { Clock } from '../ports/clock.ts'
import type { CaseRepository, RosterRepository, SigningKeySource } from '../ports/stores.ts'
import { onDutyAt } from '../roster/on-duty.ts'
import type { Roster } from '../roster/roster.ts'
import { DAY_MS } from '../shared/clock.ts'
import { CaseNotFoundError } from '../shared/errors.ts'
import {
  ACTION_TOKEN_LIFETIME_DAYS,
  type ActionClaim,
  InvalidActionTokenError,
  linkGenerationOf,
  verifyActionToken,
} from './action-token.ts'

export type { AcknowledgeOutcome } from '../advisor-actions/acknowledge.ts'

export interface ActionLinkDependencies {
  cases: CaseRepository
  rosters: RosterRepository
  signingKey: SigningKeySource
  clock: Clock
}

/**
 * Reads a one-click link without acting on it (GET: mail scanners prefetch links), and checks it as the POST will:
 * genuine and unexpired, not revoked (the case's links were not revoked since it was made: close, reassignment),
 * and its advisor may still act on the case by the roster in force. Throws InvalidActionTokenError or
 * CaseNotFoundError.
 */
export async function inspectActionToken(token: string, deps: ActionLinkDependencies): Promise<ActionClaim> {
  const now = deps.clock.now()
  const claim = verifyActionToken(token, await deps.signingKey(), now)
  const current = await deps.cases.getCase(claim.reference)
  if (current === undefined) throw new CaseNotFoundError()
  if (claim.generation !== linkGenerationOf(current)) throw new InvalidActionTokenError('revoked')
  if (!mayActByLink(await deps.rosters.getRoster(), current, claim, now)) {
    throw new InvalidActionTokenError('not-permitted')
  }
  return claim
}

/** Use case: an advisor acknowledges a case from the link in their mail. Repeating it is harmless. */
export async function acknowledgeCase(token: string, deps: ActionLinkDependencies): Promise<AcknowledgeOutcome> {
  const claim = await inspectActionToken(token, deps)
  return acknowledgeAs(claim.reference, claim.advisorId, deps)
}

/**
 * A link is for someone the case concerns, and only while it does: the advisor must be on the roster in force and be
 * the case's assignee, a coordinator, or a backup on duty — when the link was sent (a breach alert near the end of a
 * shift) or now. Someone taken off the roster, or a former assignee who is neither, can no longer act by old mail.
 */
function mayActByLink(roster: Roster | undefined, current: Case, claim: ActionClaim, now: Date): boolean {
  const advisor = roster?.advisors.find((candidate) => candidate.id === claim.advisorId)
  if (roster === undefined || advisor === undefined) return false
  if (current.assignee === advisor.id || advisor.roles.includes('coordinator')) return true
  const sentAt = new Date(claim.expiresAt.getTime() - ACTION_TOKEN_LIFETIME_DAYS * DAY_MS)
  return [sentAt, now].some((moment) => onDutyAt(roster, moment).backups.some((backup) => backup.id === advisor.id))
}
