import type { CaseStatisticsStore } from '../../functions/core/ports/stores.ts'
import type { CaseStatisticsRecord } from '../../functions/core/statistics/statistics-record.ts'

/**
 * The statistics store in memory, with the DynamoDB adapter's rules: one record per case key, replaced only by one
 * from the same or a newer case version; the months index a set. `failNextPuts` makes the next writes fail.
 */
export class InMemoryCaseStatistics implements CaseStatisticsStore {
  readonly records = new Map<string, CaseStatisticsRecord>()
  readonly indexed = new Set<string>()
  failNextPuts = 0

  async put(record: CaseStatisticsRecord): Promise<'stored' | 'stale'> {
    if (this.failNextPuts > 0) {
      this.failNextPuts--
      throw new Error('DynamoDB is unavailable')
    }
    const stored = this.records.get(record.caseKey)
    if (stored !== undefined && stored.caseVersion > record.caseVersion) return 'stale'
    this.records.set(record.caseKey, structuredClone(record))
    return 'stored'
  }

  async addMonth(month: string): Promise<void> {
    this.indexed.add(month)
  }

  async months(): Promise<string[]> {
    return [...this.indexed].sort()
  }

  async recordsOf(month: string): Promise<CaseStatisticsRecord[]> {
    return [...this.records.values()]
      .filter((record) => record.month === month)
      .map((record) => structuredClone(record))
  }
}
