/**
 * The local-only roster endpoints (never deployed): PUT /_dev/roster replaces the roster through the same use case
 * as everywhere else, GET /_dev/roster tells who is on duty. `npm run roster` talks to these.
 *
 * Advisors' names are shown, their e-mail addresses never. The error body's shape, as the CLI reads it, is
 * `functions/http/dev-error-body.ts`.
 */

import type { Clock } from '../functions/core/ports/clock.ts'
import type { RosterRepository } from '../functions/core/ports/stores.ts'
import { replaceRoster } from '../functions/core/roster/replace-roster.ts'
import { RosterInvalidError } from '../functions/core/roster/roster.ts'
import { parseMoment, rosterView, summarise } from '../functions/core/roster/roster-view.ts'

export interface DevRosterDependencies {
  rosters: RosterRepository
  clock: Clock
}

export interface DevResponse {
  status: number
  body: unknown
}

const AT_MESSAGE =
  'expected an ISO 8601 date and time, e.g. "2027-01-11T10:00:00+01:00" (without an offset: in the time zone of the roster)'
/** PUT /_dev/roster: replaces the roster, or refuses it whole (400) and the roster in force stays. */
export async function putDevRoster(body: string, deps: DevRosterDependencies): Promise<DevResponse> {
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch {
    return error(400, 'malformed_body', 'The body is not valid JSON; the roster in force has not changed.')
  }
  try {
    const roster = await replaceRoster(input, deps)
    return { status: 200, body: summarise(roster) }
  } catch (caught) {
    if (!(caught instanceof RosterInvalidError)) throw caught
    return {
      status: 400,
      body: {
        error: {
          code: 'roster_invalid',
          message: 'The roster is not valid; the roster in force has not changed.',
          problems: caught.problems,
        },
      },
    }
  }
}

/** GET /_dev/roster?at=<ISO>: who is on duty at that moment (the clock's now when absent). */
export async function getDevRoster(query: URLSearchParams, deps: DevRosterDependencies): Promise<DevResponse> {
  const roster = await deps.rosters.getRoster()
  if (!roster) return error(404, 'no_roster', 'No roster has been imported yet.')
  const atText = query.get('at')
  const at = atText === null ? deps.clock.now() : parseMoment(atText, roster.timeZone)
  if (!at) {
    return {
      status: 400,
      body: { error: { code: 'validation_failed', message: 'The query is not valid.', fields: { at: AT_MESSAGE } } },
    }
  }
  return { status: 200, body: rosterView(roster, at) }
}

function error(status: number, code: string, message: string): DevResponse {
  return { status, body: { error: { code, message } } }
}
