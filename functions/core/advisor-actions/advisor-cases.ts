/**
 * What the advisor workspace reads: the list of open cases in deadline order, and one case whole — each read of a
 * case recorded in its audit trail, naming the advisor (the processing log a municipality keeps).
 */
import { type AttachmentRecord, type Case, type CaseStatus, hasFollowUpBox } from '../cases/case.ts'
import { planFor } from '../deadlines/case-workflow.ts'
import { clockRunning } from '../deadlines/deadline-steps.ts'
import type { DeadlineClock } from '../deadlines/deadlines.ts'
import { byRisk, caseRisk, type Risk } from '../deadlines/risk.ts'
import type { CaseFile, ObjectStore } from '../ports/stores.ts'
import type { Roster } from '../roster/roster.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { CaseNotFoundError, CaseStateConflictError } from '../shared/errors.ts'
import type { CaseActionDependencies } from './advisor-action.ts'
import {
  type CandidateSource,
  type CaseListFilters,
  MAX_SEARCH_RESULTS,
  parseCaseListFilters,
} from './case-list-filters.ts'
import { allowedActions } from './registry.ts'

export interface CaseListEntry {
  reference: string
  status: CaseStatus
  /** null until an advisor classifies a mail case. */
  topic: NonNullable<Case['topic']> | null
  urgency: Case['urgency']
  channel: Case['channel']
  assignee: string | null
  /** The deadline of the clock that runs now; null when none runs (answered, or paused). */
  dueAt: string | null
  clock: DeadlineClock | null
  paused: boolean
  /** How late the running clock is (core/deadlines/risk.ts): the list's badge and order. */
  risk: Risk
  createdAt: string
  requesterType: NonNullable<Case['requesterType']> | null
  sector: Case['sector'] | null
}

export interface StaffView {
  me: { id: string; name: string; roles: string[] }
  advisors: Array<{ id: string; name: string }>
}

export type { CaseListFilters } from './case-list-filters.ts'

/** What a list answer says for the search audit (never the query): which filters, how many cases. */
export interface CaseListAudit {
  /** A search (`q` given): the log records it as one, with the filters' names and the number of results. */
  searched: boolean
  filters: string[]
}

/**
 * Use case: the workspace's list. Without a query: the open cases (or with status=closed the closed ones), filtered;
 * with `q`: the cases, open and closed, found by every term of it in the search index. Overdue first (most overdue
 * first), then urgent, then nearest deadline (byRisk); cases without a running clock (answered, paused, closed) last.
 * With `now`, the stack's clock the lateness was judged by. No text of any request.
 */
export async function listOpenCases(
  actor: ActingAdvisor,
  filters: CaseListFilters,
  deps: CaseActionDependencies,
): Promise<{ cases: CaseListEntry[]; now: string; audit: CaseListAudit } & StaffView> {
  const { member, roster } = await rosterMember(actor, deps)
  const { source, predicates, given } = parseCaseListFilters(filters, { actorId: actor.id, roster })
  const now = deps.clock.now()
  const cases = (await candidates(source, deps))
    .map((stored) => listEntry(stored, deps, now))
    .filter((entry) => predicates.every((predicate) => predicate(entry)))
    .sort(byRisk)
  return {
    cases,
    now: now.toISOString(),
    audit: { searched: source.kind === 'search', filters: given },
    ...staffView(member, roster),
  }
}

/** The cases the filters start from: one index query (or one per search term), never a scan. */
function candidates(source: CandidateSource, deps: CaseActionDependencies): Promise<Case[]> {
  switch (source.kind) {
    case 'search':
      return deps.cases.findCasesByTerms(source.terms, MAX_SEARCH_RESULTS)
    case 'closed':
      return deps.cases.listClosedCases()
    case 'open':
      return deps.cases.listOpenCases()
  }
}

function listEntry(stored: Case, deps: CaseActionDependencies, now: Date): CaseListEntry {
  const { risk, clock, dueAt } = caseRisk(stored, now, deps)
  return {
    reference: stored.reference,
    status: stored.status,
    topic: stored.topic ?? null,
    urgency: stored.urgency,
    channel: stored.channel,
    assignee: stored.assignee ?? null,
    dueAt,
    clock,
    paused: stored.pause !== undefined,
    risk,
    createdAt: stored.createdAt,
    requesterType: stored.requesterType ?? null,
    sector: stored.sector ?? null,
  }
}

function staffView(member: { id: string; name: string; roles: readonly string[] }, roster: Roster): StaffView {
  return {
    me: { id: member.id, name: member.name, roles: [...member.roles] },
    advisors: roster.advisors.map((advisor) => ({ id: advisor.id, name: advisor.name })),
  }
}

type DeadlineState = 'running' | 'paused' | 'stopped'

/**
 * Use case: an advisor reads a case whole — what was submitted, messages, audit trail, deadlines. The read is
 * recorded first: no one reads a case without it being in the case's log.
 */
export async function readCase(reference: string, actor: ActingAdvisor, deps: CaseActionDependencies) {
  const { member, roster } = await rosterMember(actor, deps)
  const file = await deps.cases.getCaseFile(reference)
  if (file === undefined) throw new CaseNotFoundError()
  const now = deps.clock.now()
  // Two reads in one millisecond are two reads: the id carries a random part besides the moment.
  const nonce = Buffer.from(deps.randomBytes(4)).toString('hex')
  const read = {
    id: `read:${actor.id}:${now.toISOString()}:${nonce}`,
    at: now.toISOString(),
    type: 'read' as const,
    advisorId: actor.id,
  }
  await deps.cases.recordEvent(reference, read)

  const {
    idempotencyKeyHash: _key,
    workflowRun: _run,
    pausedBusinessMinutes: _paused,
    respondRound: _round,
    ...withReceipt
  } = file.case
  // The receipt's hash opens the requester's box: nobody at MAR needs it, so it never leaves the table.
  const { receiptHash: _receipt, ...stored } = withReceipt as typeof withReceipt & { receiptHash?: string }
  const attachments = caseAttachments(file).map(({ key: _objectKey, ...attachment }) => ({
    ...attachment,
    href: `/api/advisor/cases/${file.case.reference}/attachments/${attachment.id}`,
  }))
  const plan = planFor(file.case, deps, now)
  const state = (clock: DeadlineClock): DeadlineState =>
    !clockRunning(file.case, clock) ? 'stopped' : file.case.pause ? 'paused' : 'running'
  const mailById = new Map(file.mail.map((mail) => [mail.id, mail]))
  return {
    case: {
      ...stored,
      ...(stored.channel === 'email' ? { mail: withoutObjectKeys(stored.mail) } : {}),
      attachments,
      followUpBox: hasFollowUpBox(file.case),
      assignee: stored.assignee ?? null,
      breaches: stored.breaches ?? [],
      messages: file.messages.map(({ mailId, ...withMail }) => {
        const message = withMail.mail ? { ...withMail, mail: withoutObjectKeys(withMail.mail) } : withMail
        const mail = mailId === undefined ? undefined : mailById.get(mailId)
        return mail
          ? { ...message, delivery: { status: mail.status, ...(mail.messageId ? { messageId: mail.messageId } : {}) } }
          : message
      }),
      events: [...file.events, read],
      deadlines: {
        acknowledge: { dueAt: plan.acknowledgeBy.toISOString(), state: state('acknowledge') },
        respond: { dueAt: plan.respondBy.toISOString(), state: state('respond') },
        /** The clock that runs now, its deadline and reminder moment, and how late it is (core/deadlines/risk.ts). */
        running: caseRisk(file.case, now, deps),
      },
    },
    /** The stack's clock, which the lateness was judged by. */
    now: now.toISOString(),
    /** The actions this advisor may take on the case now (registry.ts): the workspace shows these and no other. */
    allowedActions: allowedActions(file.case),
    ...staffView(member, roster),
  }
}

/** Every attachment of the case: of the mail that opened it, and of the requester's later mail. */
export function caseAttachments(file: Pick<CaseFile, 'case' | 'messages'>): AttachmentRecord[] {
  return [
    ...(file.case.channel === 'email' ? file.case.mail.attachments : []),
    ...file.messages.flatMap((message) => message.mail?.attachments ?? []),
  ]
}

function withoutObjectKeys<T extends { attachments: AttachmentRecord[] }>(mail: T) {
  return { ...mail, attachments: mail.attachments.map(({ key: _key, ...attachment }) => attachment) }
}

/**
 * Use case: an advisor downloads an attachment — recorded in the case's log first. Attachments of a message that
 * failed the virus scan are withheld.
 */
export async function downloadAttachment(
  reference: string,
  attachmentId: string,
  actor: ActingAdvisor,
  deps: CaseActionDependencies & { store: ObjectStore },
): Promise<{ name: string; type: string; content: Uint8Array }> {
  await rosterMember(actor, deps)
  const file = await deps.cases.getCaseFile(reference)
  if (file === undefined) throw new CaseNotFoundError()
  const attachment = caseAttachments(file).find((candidate) => candidate.id === attachmentId)
  if (attachment === undefined) throw new CaseNotFoundError()
  const quarantined =
    (file.case.channel === 'email' && file.case.mail.quarantined && file.case.mail.attachments.includes(attachment)) ||
    file.messages.some((message) => message.mail?.quarantined && message.mail.attachments.includes(attachment))
  if (quarantined) {
    throw new CaseStateConflictError('quarantined', 'The message failed the virus scan: its attachments are withheld.')
  }
  const now = deps.clock.now()
  await deps.cases.recordEvent(reference, {
    id: `attachment-downloaded:${actor.id}:${now.toISOString()}:${Buffer.from(deps.randomBytes(4)).toString('hex')}`,
    at: now.toISOString(),
    type: 'attachment-downloaded',
    advisorId: actor.id,
    detail: { attachmentId },
  })
  return { name: attachment.name, type: attachment.type, content: await deps.store.get(attachment.key) }
}

/** A case as the workspace reads it (GET /api/advisor/cases/{reference} → `case`). */
export type AdvisorCaseView = Awaited<ReturnType<typeof readCase>>['case']
