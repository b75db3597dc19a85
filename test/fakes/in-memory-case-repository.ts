import { openCaseListItem } from '../../functions/adapters/case-table.ts'
import { AWAITING_RESPONSE, type Case, type CaseEvent, type CaseMessage } from '../../functions/core/cases/case.ts'
import type { CaseChanges, CaseFile, CaseRepository, IdempotencyRecord } from '../../functions/core/ports/stores.ts'
import { caseTerms, messageTerms } from '../../functions/core/search/search-terms.ts'

/** The CaseRepository contract in memory, for unit tests of use cases (the contract suite holds the real ones to it). */
export class InMemoryCaseRepository implements CaseRepository {
  readonly cases = new Map<string, Case>()
  readonly claims = new Map<string, IdempotencyRecord>()
  readonly events = new Map<string, CaseEvent[]>()
  readonly messages = new Map<string, CaseMessage[]>()
  /** The search index: the terms of each case (the table holds their keyed hashes instead). */
  readonly terms = new Map<string, Set<string>>()

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    if (this.cases.has(newCase.reference)) return 'exists'
    this.cases.set(newCase.reference, structuredClone(newCase))
    this.terms.set(newCase.reference, new Set(caseTerms(newCase)))
    return 'created'
  }

  /** What an erasure or purge does to a case here: every item goes, its index too. */
  deleteCase(reference: string): void {
    for (const map of [this.cases, this.events, this.messages, this.terms]) map.delete(reference)
  }

  async getCase(reference: string): Promise<Case | undefined> {
    const found = this.cases.get(reference)
    return found && structuredClone(found)
  }

  async updateCase(current: Case, changes: CaseChanges): Promise<Case | undefined> {
    if (this.cases.get(current.reference)?.version !== current.version) return undefined
    const next = { ...structuredClone(current), ...structuredClone(changes), version: current.version + 1 }
    this.cases.set(current.reference, next)
    return structuredClone(next)
  }

  async recordEvent(reference: string, event: CaseEvent): Promise<void> {
    const events = this.events.get(reference) ?? []
    if (!events.some((recorded) => recorded.id === event.id)) events.push(structuredClone(event))
    this.events.set(reference, events)
  }

  async listEvents(reference: string): Promise<CaseEvent[]> {
    return structuredClone(this.events.get(reference) ?? []).sort((a, b) => a.at.localeCompare(b.at))
  }

  async addMessage(reference: string, message: CaseMessage): Promise<void> {
    const messages = this.messages.get(reference) ?? []
    if (!messages.some((stored) => stored.id === message.id)) messages.push(structuredClone(message))
    this.messages.set(reference, messages)
    const terms = this.terms.get(reference)
    for (const term of messageTerms(message)) terms?.add(term)
  }

  async getCaseFile(reference: string): Promise<CaseFile | undefined> {
    const found = await this.getCase(reference)
    if (found === undefined) return undefined
    const messages = structuredClone(this.messages.get(reference) ?? []).sort((a, b) => a.id.localeCompare(b.id))
    return { case: found, events: await this.listEvents(reference), messages, mail: [] }
  }

  async listOpenCases(): Promise<Case[]> {
    return [...this.cases.values()]
      .filter((stored) => stored.status !== 'closed')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((stored) => openCaseListItem(structuredClone(stored)))
  }

  async listClosedCases(): Promise<Case[]> {
    return [...this.cases.values()]
      .filter((stored) => stored.status === 'closed')
      .sort((a, b) => (b.closedAt ?? b.createdAt).localeCompare(a.closedAt ?? a.createdAt))
      .map((stored) => openCaseListItem(structuredClone(stored)))
  }

  async findCasesByTerms(terms: readonly string[], limit: number): Promise<Case[]> {
    if (terms.length === 0) return []
    return [...this.cases.values()]
      .filter((stored) => terms.every((term) => this.terms.get(stored.reference)?.has(term)))
      .sort((a, b) => `${b.createdAt}#${b.reference}`.localeCompare(`${a.createdAt}#${a.reference}`))
      .slice(0, limit)
      .map((stored) => openCaseListItem(structuredClone(stored)))
  }

  async countOpenCasesAssignedTo(advisorId: string): Promise<number> {
    return [...this.cases.values()].filter(
      (stored) => stored.assignee === advisorId && AWAITING_RESPONSE.includes(stored.status),
    ).length
  }

  async listUnassignedCases(): Promise<string[]> {
    return [...this.cases.values()]
      .filter((stored) => stored.status === 'unassigned')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((stored) => stored.reference)
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
