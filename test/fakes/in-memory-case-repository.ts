import { openCaseListItem } from '../../functions/adapters/case-table.ts'
import { AWAITING_RESPONSE, type Case, type CaseEvent, type CaseMessage } from '../../functions/core/cases/case.ts'
import type { CaseChanges, CaseFile, CaseRepository, IdempotencyRecord } from '../../functions/core/ports/stores.ts'

/** The CaseRepository contract in memory, for unit tests of use cases (the contract suite holds the real ones to it). */
export class InMemoryCaseRepository implements CaseRepository {
  readonly cases = new Map<string, Case>()
  readonly claims = new Map<string, IdempotencyRecord>()
  readonly events = new Map<string, CaseEvent[]>()
  readonly messages = new Map<string, CaseMessage[]>()

  async createCase(newCase: Case): Promise<'created' | 'exists'> {
    if (this.cases.has(newCase.reference)) return 'exists'
    this.cases.set(newCase.reference, structuredClone(newCase))
    return 'created'
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
