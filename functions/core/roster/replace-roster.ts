import type { Clock } from '../ports/clock.ts'
import type { RosterRepository } from '../ports/stores.ts'
import { parseRoster, type Roster } from './roster.ts'

/**
 * Use case: replace the roster in force. The new roster is checked whole first; any problem refuses all of it
 * (RosterInvalidError lists every problem) and the roster in force stays.
 */
export async function replaceRoster(
  input: unknown,
  deps: { rosters: RosterRepository; clock: Clock },
): Promise<Roster> {
  const roster = parseRoster(input)
  await deps.rosters.saveRoster(roster, deps.clock.now())
  return roster
}
