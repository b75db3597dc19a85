import type { RosterRepository } from '../../functions/core/ports/stores.ts'
import type { Roster } from '../../functions/core/roster/roster.ts'

/** The RosterRepository contract in memory: the last roster saved is in force; every saved roster is kept. */
export class InMemoryRosterRepository implements RosterRepository {
  readonly saved: Array<{ roster: Roster; savedAt: string }> = []

  constructor(initial?: Roster) {
    if (initial !== undefined) this.saved.push({ roster: structuredClone(initial), savedAt: 'initial' })
  }

  async getRoster(): Promise<Roster | undefined> {
    const current = this.saved.at(-1)
    return current && structuredClone(current.roster)
  }

  async saveRoster(roster: Roster, savedAt: Date): Promise<void> {
    this.saved.push({ roster: structuredClone(roster), savedAt: savedAt.toISOString() })
  }
}
