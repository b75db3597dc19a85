/**
 * Retention and the data subject's rights: a closed case is purged — with every item and file that belongs to it —
 * once its retention ran out (per outcome); a coordinator can export everything held about a case, or erase it now.
 * Both removals run the same code and leave a tombstone (reference, dates, outcome, who erased: no content). Open
 * cases nobody touched for a while are flagged to the coordinators, never deleted. Statistics records are not case
 * items: they stay.
 *
 * A purge is idempotent and resumable: the tombstone first, then the files, then the items (the case item last, so a
 * run that died half-way finds the case again and finishes the job).
 */

import type { CaseActionDependencies } from '../advisor-actions/advisor-action.ts'
import { caseAttachments } from '../advisor-actions/advisor-cases.ts'
import { type Case, type CaseEvent, hasFollowUpBox, type Outcome } from '../cases/case.ts'
import { followUpAttemptsKey } from '../follow-up/follow-up.ts'
import { deliverQueuedMail } from '../mail/deliver-mail.ts'
import type { OutgoingMail } from '../mail/mail.ts'
import { caseLink, caseSummary } from '../mail/notifications.ts'
import type { Clock } from '../ports/clock.ts'
import type { Mailer, MailOutbox, MailTemplates } from '../ports/mail.ts'
import type { CaseRepository, CaseRetentionStore, ObjectStore, RosterRepository, Tombstone } from '../ports/stores.ts'
import { onDutyAt } from '../roster/on-duty.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { DAY_MS } from '../shared/clock.ts'
import { CaseNotFoundError, ForbiddenError } from '../shared/errors.ts'

/** How long what is kept, from configuration (lib/config.ts `retention`). */
export interface RetentionPolicy {
  /** Months a closed case is kept after closing… */
  closedCaseMonths: number
  /** …or, for these outcomes, this many months. */
  closedCaseMonthsByOutcome: Partial<Record<Outcome, number>>
  /** An open case with no activity for this many days is flagged to the coordinators (again every such period). */
  staleOpenCaseDays: number
  /** Days a tombstone is kept after the removal (then DynamoDB's TTL deletes it). */
  tombstoneDays: number
}

export interface PurgeDependencies {
  cases: CaseRepository
  retention: CaseRetentionStore
  store: ObjectStore
  clock: Clock
  retentionPolicy: RetentionPolicy
}

export interface RetentionRunDependencies extends PurgeDependencies {
  outbox: MailOutbox
  mailer: Mailer
  rosters: RosterRepository
  templates: MailTemplates
  publicUrl: string
  timeZone: string
}

/** Days every item of a case is kept at most after it was written (DynamoDB TTL, S3 lifecycle): the backstop. */
export function backstopDays(
  caseDays: number,
  policy: Pick<RetentionPolicy, 'closedCaseMonths' | 'closedCaseMonthsByOutcome'>,
) {
  return caseDays + Math.ceil(longestClosedMonths(policy) * 31)
}

/** The backstop with the configuration's defaults (730 days + 12 months). */
export const DEFAULT_BACKSTOP_DAYS = 730 + 12 * 31

function longestClosedMonths(policy: Pick<RetentionPolicy, 'closedCaseMonths' | 'closedCaseMonthsByOutcome'>) {
  return Math.max(policy.closedCaseMonths, ...Object.values(policy.closedCaseMonthsByOutcome))
}

function shortestClosedMonths(policy: Pick<RetentionPolicy, 'closedCaseMonths' | 'closedCaseMonthsByOutcome'>) {
  return Math.min(policy.closedCaseMonths, ...Object.values(policy.closedCaseMonthsByOutcome))
}

/** Calendar months later (UTC), the day kept where the month has it (31 January + 1 month = 28/29 February). */
export function addMonths(moment: Date, months: number): Date {
  const result = new Date(moment)
  const day = result.getUTCDate()
  result.setUTCDate(1)
  result.setUTCMonth(result.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()
  result.setUTCDate(Math.min(day, lastDay))
  return result
}

/** When a closed case is due for the purge: its outcome's retention after closing. Undefined while it is open. */
export function purgeDueAt(source: Case, policy: RetentionPolicy): Date | undefined {
  if (source.status !== 'closed') return undefined
  const months =
    (source.outcome === undefined ? undefined : policy.closedCaseMonthsByOutcome[source.outcome]) ??
    policy.closedCaseMonths
  return addMonths(new Date(source.closedAt ?? source.createdAt), months)
}

/**
 * Removes the case and everything that belongs to it, leaving its tombstone. Safe to run again at any point (a crash,
 * a retry, an erasure meeting the purge): what is gone stays gone, the first tombstone stands.
 */
export async function purgeCase(
  reference: string,
  removal: { removal: 'retention' } | { removal: 'erased'; by: string },
  deps: PurgeDependencies,
): Promise<{ tombstone: Tombstone; items: number } | undefined> {
  const file = await deps.cases.getCaseFile(reference)
  if (file === undefined) return undefined
  const stored = file.case
  const now = deps.clock.now()
  const tombstone = await deps.retention.putTombstone({
    reference,
    channel: stored.channel,
    createdAt: stored.createdAt,
    ...(stored.closedAt === undefined ? {} : { closedAt: stored.closedAt }),
    ...(stored.outcome === undefined ? {} : { outcome: stored.outcome }),
    removal: removal.removal,
    removedAt: now.toISOString(),
    ...(removal.removal === 'erased' ? { erasedBy: removal.by } : {}),
    audit: [],
    expiresAt: new Date(now.getTime() + deps.retentionPolicy.tombstoneDays * DAY_MS).toISOString(),
  })
  const objectKeys = [
    ...caseAttachments(file).map((attachment) => attachment.key),
    ...(await deps.retention.rawMailKeys(reference)),
  ]
  for (const key of new Set(objectKeys)) await deps.store.delete(key)
  const items = await deps.retention.deleteCase(reference, {
    ...(stored.idempotencyKeyHash === undefined ? {} : { idempotencyKeyHash: stored.idempotencyKeyHash }),
    followUpAttemptsKey: followUpAttemptsKey(reference),
  })
  return { tombstone, items }
}

export interface RetentionRunReport {
  purged: number
  flagged: number
  /** Cases the run could not finish (the next run tries again). */
  failed: number
}

/**
 * Use case: the daily retention run. Purges every closed case whose retention ran out and flags the open cases
 * nobody touched for `staleOpenCaseDays`. One case's failure does not stop the others.
 */
export async function runRetention(deps: RetentionRunDependencies): Promise<RetentionRunReport> {
  const now = deps.clock.now()
  const policy = deps.retentionPolicy
  const report: RetentionRunReport = { purged: 0, flagged: 0, failed: 0 }
  // The index holds closing times; the shortest retention bounds the candidates, each case's outcome decides.
  for (const reference of await deps.retention.closedBefore(addMonths(now, -shortestClosedMonths(policy)))) {
    try {
      const stored = await deps.cases.getCase(reference)
      const due = stored === undefined ? undefined : purgeDueAt(stored, policy)
      if (due === undefined || due.getTime() > now.getTime()) continue
      if (await purgeCase(reference, { removal: 'retention' }, deps)) report.purged++
    } catch {
      report.failed++
    }
  }
  for (const open of await deps.cases.listOpenCases()) {
    try {
      if (await flagIfStale(open, now, deps)) report.flagged++
    } catch {
      report.failed++
    }
  }
  return report
}

/** Events that are not somebody working the case: looking at it, the system's own bookkeeping. */
const PASSIVE_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'read',
  'attachment-downloaded',
  'exported',
  'stale-flagged',
  'deadline-breached',
  'task-failed',
  // The workflow handing an unacknowledged case to the next shift, or sending a reminder someone set.
  'handed-over',
  'reminder-sent',
])

async function flagIfStale(open: Case, now: Date, deps: RetentionRunDependencies): Promise<boolean> {
  const period = deps.retentionPolicy.staleOpenCaseDays * DAY_MS
  // The index's entry may hold only some of the case's moments: a first sieve; the case file decides.
  if (now.getTime() - lastChange(open) < period) return false
  const file = await deps.cases.getCaseFile(open.reference)
  if (file === undefined || file.case.status === 'closed') return false
  const lastActivity = Math.max(
    lastChange(file.case),
    latest(file.events.filter((event) => !PASSIVE_EVENTS.has(event.type)).map((event) => event.at)),
    latest(file.messages.map((message) => message.at)),
  )
  const periods = Math.floor((now.getTime() - lastActivity) / period)
  if (periods < 1) return false
  // Once per period of inactivity: the id names the stretch and how many periods it has lasted.
  const flagId = `stale-flagged:${new Date(lastActivity).toISOString()}:${periods}`
  if (file.events.some((event) => event.id === flagId)) return false

  const roster = await deps.rosters.getRoster()
  const coordinators = roster === undefined ? [] : onDutyAt(roster, now).coordinators
  const content = deps.templates.staleCase({
    summary: caseSummary(file.case),
    idleSince: new Date(lastActivity),
    caseUrl: caseLink(deps.publicUrl, open.reference),
    timeZone: deps.timeZone,
  })
  for (const coordinator of coordinators) {
    const mail: OutgoingMail = {
      id: `${flagId}:${coordinator.id}`,
      kind: 'stale-case',
      to: [coordinator.email],
      ...content,
    }
    await deps.outbox.enqueue(open.reference, mail, now)
    // Sent here, not by the workflow: the case's execution may be asleep for weeks, or over (an answered case).
    const queued = await deps.outbox.get(open.reference, mail.id)
    if (queued?.status === 'pending') await deliverQueuedMail(queued, deps)
  }
  await deps.cases.recordEvent(open.reference, {
    id: flagId,
    at: now.toISOString(),
    type: 'stale-flagged',
    detail: { idleDays: Math.floor((now.getTime() - lastActivity) / DAY_MS), coordinators: coordinators.length },
  })
  return true
}

/** The latest moment the case's envelope records a change. */
function lastChange(source: Case): number {
  return latest([
    source.createdAt,
    source.routedAt,
    source.acknowledgedAt,
    source.answeredAt,
    source.respondFrom,
    source.pause?.since,
    source.closedAt,
  ])
}

function latest(moments: Array<string | undefined>): number {
  return Math.max(0, ...moments.filter((moment): moment is string => moment !== undefined).map(Date.parse))
}

export type DataSubjectDependencies = CaseActionDependencies & PurgeDependencies

/** Only coordinators export or erase: a signed-in advisor gets 403, like anyone not on the roster. */
async function coordinator(actor: ActingAdvisor, deps: DataSubjectDependencies) {
  await rosterMember(actor, deps)
  if (!actor.roles.includes('coordinator')) throw new ForbiddenError()
}

/**
 * Use case: a coordinator exports everything held about a case (a data subject's request for access): the case,
 * its audit trail, messages (the follow-up box's too), how its mail fared, its files listed (not their bytes). The
 * export is in the case's log before anything is answered. Of a removed case, only the tombstone is left to show.
 */
export async function exportCase(reference: string, actor: ActingAdvisor, deps: DataSubjectDependencies) {
  await coordinator(actor, deps)
  const now = deps.clock.now()
  const file = await deps.cases.getCaseFile(reference)
  if (file === undefined) {
    const tombstone = await deps.retention.getTombstone(reference)
    if (tombstone === undefined) throw new CaseNotFoundError()
    const entry = { at: now.toISOString(), type: 'exported' as const, advisorId: actor.id }
    await deps.retention.auditTombstone(reference, entry)
    const { expiresAt: _expiresAt, ...kept } = tombstone
    return {
      reference,
      exportedAt: now.toISOString(),
      removed: true,
      tombstone: { ...kept, audit: [...kept.audit, entry] },
    }
  }
  const exported: CaseEvent = {
    id: `exported:${actor.id}:${now.toISOString()}:${Buffer.from(deps.randomBytes(4)).toString('hex')}`,
    at: now.toISOString(),
    type: 'exported',
    advisorId: actor.id,
  }
  await deps.cases.recordEvent(reference, exported)
  // The receipt's hash opens the requester's box: a credential, not information about anyone; it stays in the table.
  const { receiptHash: _receipt, ...stored } = file.case as Case & { receiptHash?: string }
  const rawMessages = (await deps.retention.rawMailKeys(reference)).length
  return {
    reference,
    exportedAt: now.toISOString(),
    removed: false,
    case: stored.channel === 'email' ? { ...stored, mail: { ...stored.mail, attachments: undefined } } : stored,
    followUpBox: hasFollowUpBox(file.case),
    events: [...file.events, exported],
    messages: file.messages.map((message) =>
      message.mail ? { ...message, mail: { ...message.mail, attachments: undefined } } : message,
    ),
    mail: file.mail,
    attachments: caseAttachments(file).map(({ id, name, type, size }) => ({ id, name, type, size })),
    rawMessages,
  }
}

/** Use case: a coordinator erases a case now (a data subject's request for erasure): the purge, by hand. */
export async function eraseCase(reference: string, actor: ActingAdvisor, deps: DataSubjectDependencies) {
  await coordinator(actor, deps)
  const purged = await purgeCase(reference, { removal: 'erased', by: actor.id }, deps)
  const tombstone = purged?.tombstone ?? (await deps.retention.getTombstone(reference))
  if (tombstone === undefined) throw new CaseNotFoundError()
  const { expiresAt: _expiresAt, ...kept } = tombstone
  return { reference, tombstone: kept }
}
