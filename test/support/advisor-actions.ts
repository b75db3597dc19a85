/**
 * The advisor actions called as the advisor API calls them (through the registry: roster check, strict input,
 * the action's refusals), under the names the use-case tests speak of.
 */

import type { CaseActionDependencies } from '../../functions/core/advisor-actions/advisor-action.ts'
import type { AdvisorActionName } from '../../functions/core/advisor-actions/registry.ts'
import { performAdvisorAction } from '../../functions/core/advisor-actions/registry.ts'
import type { ActingAdvisor } from '../../functions/core/roster/staff.ts'

// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the answer its action gives
type Answer = any

const action =
  (name: AdvisorActionName) =>
  async (reference: string, actor: ActingAdvisor, body: unknown, deps: CaseActionDependencies): Promise<Answer> =>
    (await performAdvisorAction(name, reference, actor, body, deps)).answer

export const replyToRequester = action('replies')
export const addNote = action('notes')
export const assignCase = action('assign')
export const pauseCase = action('pause')
export const closeCase = action('close')
export const classifyCase = action('classify')
export const acknowledgeFromWorkspace = (reference: string, actor: ActingAdvisor, deps: CaseActionDependencies) =>
  action('acknowledge')(reference, actor, {}, deps)
export const resumeCase = (reference: string, actor: ActingAdvisor, deps: CaseActionDependencies) =>
  action('resume')(reference, actor, {}, deps)
