import type { Case } from '../../functions/core/case.ts'
import type { CaseRepository, IdempotencyRecord } from '../../functions/core/ports.ts'

/** The CaseRepository contract in memory, for unit tests of use cases (the contract suite holds the real ones to it). */
export class InMemoryCaseRepository implements CaseRepository {
  readonly cases = new Map<string, Case>()
  readonly claims = new Map<string, IdempotencyRecord>()

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    if (this.cases.has(newCase.reference)) return 'exists'
    this.cases.set(newCase.reference, structuredClone(newCase))
    return 'created'
  }

  async getCase(reference: string): Promise<Case | undefined> {
    const found = this.cases.get(reference)
    return found && structuredClone(found)
  }

  async claimIdempotencyKey(record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord> {
    const existing = this.claims.get(record.keyHash)
    if (existing && Date.parse(existing.expiresAt) >= now.getTime()) return existing
    this.claims.set(record.keyHash, record)
    return record
  }

  async releaseIdempotencyKey(keyHash: string, reference: string): Promise<void> {
    if (this.claims.get(keyHash)?.reference === reference) this.claims.delete(keyHash)
  }
}
