import type { Case } from './case.ts'

/** A claim on an Idempotency-Key: whoever claims first decides the reference every repeat will get. */
export interface IdempotencyRecord {
  keyHash: string
  reference: string
  /** Hash of the request body: a repeat with another body is refused, not answered with someone else's case. */
  fingerprint: string
  expiresAt: string
}

export interface CaseRepository {
  /** Stores a new case unless one with its reference exists; says which happened. */
  createCase(newCase: Case): Promise<'created' | 'exists'>
  getCase(reference: string): Promise<Case | undefined>
  /**
   * Claims the key for this record unless an unexpired claim exists (expiry judged at `now`);
   * returns the claim in force: the given record when it won, the earlier one otherwise.
   */
  claimIdempotencyKey(record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord>
  /** Gives up a claim this caller made (only if it still names this reference). */
  releaseIdempotencyKey(keyHash: string, reference: string): Promise<void>
}
