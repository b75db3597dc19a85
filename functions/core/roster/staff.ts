import type { RosterRepository } from '../ports/stores.ts'
import { ForbiddenError } from '../shared/errors.ts'
import type { AdvisorRole } from './roster.ts'

/** The signed-in staff member as the use cases see them: a roster id and the roles their sign-in grants. */
export interface ActingAdvisor {
  id: string
  roles: AdvisorRole[]
}

/**
 * The advisor as the roster in force knows them. A sign-in alone is not enough: someone taken off the roster (left
 * MAR, on leave for good) can no longer work cases even with a valid token.
 */
export async function rosterMember(actor: ActingAdvisor, deps: { rosters: RosterRepository }) {
  if (actor.roles.length === 0) throw new ForbiddenError()
  const roster = await deps.rosters.getRoster()
  const member = roster?.advisors.find((advisor) => advisor.id === actor.id)
  if (member === undefined) throw new ForbiddenError()
  return { member, roster: roster as NonNullable<typeof roster> }
}
