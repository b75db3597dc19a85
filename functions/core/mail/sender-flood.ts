/**
 * A sender who opens more than NEW_CASES_PER_HOUR mail cases in an hour: every message is still filed — nothing is
 * lost — but the excess gets no acknowledgement and no notice per case. The advisors on duty get one summary notice
 * per group of excess cases instead, listing the references (and nothing else), at the end of the group's window.
 */
import type { Case } from '../cases/case.ts'
import type { CaseWorkflowDependencies } from '../deadlines/case-workflow.ts'
import type { NewCaseVerdict } from '../ports/stores.ts'
import { onDutyAt } from '../roster/on-duty.ts'
import type { Advisor } from '../roster/roster.ts'
import { caseLink } from './notifications.ts'
import { requesterAddressKey } from './requester-key.ts'

export const NEW_CASES_PER_HOUR = 3
export const NEW_CASE_WINDOW_MS = 3_600_000
/** How long the excess is collected before the one summary notice goes. */
export const FLOOD_SUMMARY_WINDOW_MS = 15 * 60_000
export const FLOOD_LIMITS = {
  allowance: NEW_CASES_PER_HOUR,
  windowMs: NEW_CASE_WINDOW_MS,
  summaryWindowMs: FLOOD_SUMMARY_WINDOW_MS,
}
/** How many entries a sender's record keeps (a DynamoDB item holds 400 KB; a flood beyond is still all excess). */
const MAX_ENTRIES = 1_000

/** One new mail case of a sender: when, and (if it was excess) the summary it is grouped under. */
export type SenderCases = Array<{ reference: string; at: string; holder?: string; dueAt?: string }>

/**
 * The decision, pure: the adapters store `next` (undefined when nothing changes) with optimistic locking. Entries
 * older than the hour go, except those of a summary still to be sent.
 */
export function newCaseVerdict(
  entries: SenderCases,
  reference: string,
  now: Date,
  limits: { allowance: number; windowMs: number; summaryWindowMs: number },
): { verdict: NewCaseVerdict; next?: SenderCases } {
  const known = entries.find((entry) => entry.reference === reference)
  if (known !== undefined) return { verdict: verdictOf(known) }
  const time = now.getTime()
  const kept = entries.filter(
    (entry) =>
      time - Date.parse(entry.at) < limits.windowMs ||
      (entry.dueAt !== undefined && Date.parse(entry.dueAt) > time - limits.windowMs),
  )
  const inHour = kept.filter((entry) => time - Date.parse(entry.at) < limits.windowMs)
  if (inHour.length < limits.allowance) {
    return { verdict: { excess: false }, next: [...kept, { reference, at: now.toISOString() }].slice(-MAX_ENTRIES) }
  }
  const open = [...kept].reverse().find((entry) => entry.dueAt !== undefined && Date.parse(entry.dueAt) > time)
  const summary = open
    ? { holder: open.holder as string, dueAt: open.dueAt as string }
    : { holder: reference, dueAt: new Date(time + limits.summaryWindowMs).toISOString() }
  const entry = { reference, at: now.toISOString(), ...summary }
  return { verdict: { excess: true, summary }, next: [...kept, entry].slice(-MAX_ENTRIES) }
}

function verdictOf(entry: SenderCases[number]): NewCaseVerdict {
  return entry.holder !== undefined && entry.dueAt !== undefined
    ? { excess: true, summary: { holder: entry.holder, dueAt: entry.dueAt } }
    : { excess: false }
}

/** The workflow step of a summary holder: one summary notice at the end of its window. */
export function floodSummaryStep(current: Case): { id: string; at: string } | undefined {
  const summary = current.floodSummary
  if (summary === undefined || summary.holder !== current.reference) return undefined
  return { id: `flood-summary:${summary.dueAt}`, at: summary.dueAt }
}

/**
 * Use case (a workflow step): queue the one summary notice of a flood to the advisors on duty at its due moment
 * (the primaries and the coordinators): the references of every excess case of the group, and nothing else.
 */
export async function sendFloodSummary(reference: string, deps: CaseWorkflowDependencies): Promise<void> {
  const holder = await deps.cases.getCase(reference)
  if (holder === undefined || holder.channel !== 'email' || holder.floodSummary?.holder !== reference) return
  const sender = holder.mail.from?.address
  if (sender === undefined) return
  const references = await deps.limiter.excessCases(requesterAddressKey(sender, await deps.signingKey()), reference)
  const roster = await deps.rosters.getRoster()
  if (roster === undefined || references.length === 0) return
  const duty = onDutyAt(roster, new Date(holder.floodSummary.dueAt))
  const recipients = new Map<string, Advisor>()
  for (const advisor of [...duty.primaries, ...duty.coordinators]) recipients.set(advisor.id, advisor)
  const content = deps.templates.floodSummary({
    references,
    caseUrls: references.map((excess) => caseLink(deps.publicUrl, excess)),
  })
  const now = deps.clock.now()
  for (const recipient of recipients.values()) {
    await deps.outbox.enqueue(
      reference,
      { id: `flood-summary:${recipient.id}`, kind: 'flood-summary', to: [recipient.email], ...content },
      now,
    )
  }
}
