import type { RosterRepository } from '../../functions/core/ports/stores.ts'
import type { Roster } from '../../functions/core/roster/roster.ts'

/** The RosterRepository in memory, keeping every roster ever saved (like the table does), for the roster CLI tests. */
export class InMemoryRosterRepository implements RosterRepository {
  readonly versions: { roster: Roster; savedAt: Date }[] = []

  async getRoster(): Promise<Roster | undefined> {
    const current = this.versions.at(-1)
    return current && structuredClone(current.roster)
  }

  async saveRoster(roster: Roster, savedAt: Date): Promise<void> {
    this.versions.push({ roster: structuredClone(roster), savedAt })
  }
}
