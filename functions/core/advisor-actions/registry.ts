import type { Case } from '../cases/case.ts'
import type { ActingAdvisor } from '../roster/staff.ts'
import { rosterMember } from '../roster/staff.ts'
import { acknowledge } from './acknowledge.ts'
import {
  type AdvisorAction,
  type AnyAdvisorAction,
  type CaseActionDependencies,
  parseActionInput,
  refusalOf,
} from './advisor-action.ts'
import { assign } from './assign.ts'
import { classify } from './classify.ts'
import { close } from './close.ts'
import { noReplyNeeded } from './no-reply-needed.ts'
import { note } from './note.ts'
import { pause } from './pause.ts'
import { setReminder } from './reminders.ts'
import { reply } from './reply.ts'
import { resume } from './resume.ts'

/** Every advisor action by its route name: `POST /api/advisor/cases/{reference}/{name}`. */
export const ADVISOR_ACTIONS = {
  acknowledge,
  replies: reply,
  'no-reply-needed': noReplyNeeded,
  notes: note,
  assign,
  pause,
  resume,
  close,
  classify,
  reminders: setReminder,
} as const satisfies Record<string, AnyAdvisorAction>

/** An action's route name: the path segment, and what `allowedActions` lists. */
export type AdvisorActionName = keyof typeof ADVISOR_ACTIONS
/** In the order the workspace offers them. */
export const ADVISOR_ACTION_NAMES = Object.keys(ADVISOR_ACTIONS) as AdvisorActionName[]

export function isAdvisorAction(name: string): name is AdvisorActionName {
  return Object.hasOwn(ADVISOR_ACTIONS, name)
}

/** The actions the case allows now, in the workspace's order: what the page shows, and nothing else. */
export function allowedActions(current: Case): AdvisorActionName[] {
  return ADVISOR_ACTION_NAMES.filter((name) => refusalOf(ADVISOR_ACTIONS[name], current) === undefined)
}

/**
 * Use case: a signed-in advisor takes an action on a case. The advisor must be on the roster in force; the body is
 * the action's input (strict); the action refuses what the case's state does not allow.
 */
export async function performAdvisorAction(
  name: AdvisorActionName,
  reference: string,
  actor: ActingAdvisor,
  body: unknown,
  deps: CaseActionDependencies,
): Promise<{ status: 200 | 201; answer: unknown }> {
  // Each action's input is the one its own fields parse to: the pair is typed in its module.
  const action = ADVISOR_ACTIONS[name] as unknown as AdvisorAction
  const { roster } = await rosterMember(actor, deps)
  const input = parseActionInput(action, body)
  return { status: action.status, answer: await action.run({ reference, actor, roster, input, deps }) }
}
