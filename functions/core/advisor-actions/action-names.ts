/**
 * The advisor actions by their route name (`POST /api/advisor/cases/{reference}/{action}`), the names the case's
 * `allowedActions` lists. Kept apart from the actions themselves so that the workspace's browser code can import the
 * names without the use cases.
 */
export const ADVISOR_ACTION_NAMES = [
  'acknowledge',
  'replies',
  'notes',
  'assign',
  'pause',
  'resume',
  'close',
  'classify',
] as const
export type AdvisorActionName = (typeof ADVISOR_ACTION_NAMES)[number]
