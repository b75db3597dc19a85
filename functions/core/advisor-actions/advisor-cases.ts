/**
 * What the advisor workspace reads: the list of open cases in deadline order, and one case whole — each read of a
 * case recorded in its audit trail, naming the advisor (the processing log a municipality keeps).
 */
import { type AttachmentRecord, CASE_STATUSES, type Case, type CaseStatus, hasFollowUpBox } from '../cases/case.ts'
import { planFor } from '../deadlines/case-workflow.ts'
import { clockRunning } from '../deadlines/deadline-steps.ts'
import type { DeadlineClock } from '../deadlines/deadlines.ts'
import { byRisk, caseRisk, isRisk, RISKS, type Risk } from '../deadlines/risk.ts'
import type { CaseFile, ObjectStore } from '../ports/stores.ts'
import type { Roster } from '../roster/roster.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { CaseNotFoundError, CaseStateConflictError, ValidationError } from '../shared/errors.ts'
import type { FieldProblem } from '../shared/field-problems.ts'
import type { CaseActionDependencies } from './advisor-action.ts'
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

export interface CaseListFilters {
  assignee?: string
  status?: string
  risk?: string
}

/**
 * Use case: the open cases, overdue first (most overdue first), then urgent, then nearest deadline (byRisk), with
 * `now`, the stack's clock the lateness was judged by. No text of any request.
 */
export async function listOpenCases(
  actor: ActingAdvisor,
  filters: CaseListFilters,
  deps: CaseActionDependencies,
): Promise<{ cases: CaseListEntry[]; now: string } & StaffView> {
  const { member, roster } = await rosterMember(actor, deps)
  const problems: FieldProblem[] = []
  if (filters.assignee !== undefined && filters.assignee !== 'me')
    problems.push({ path: 'assignee', rule: 'list_assignee' })
  if (filters.status !== undefined && !(CASE_STATUSES as readonly string[]).includes(filters.status)) {
    problems.push({ path: 'status', rule: 'list_status', params: { choices: CASE_STATUSES } })
  }
  if (filters.risk !== undefined && !isRisk(filters.risk)) {
    problems.push({ path: 'risk', rule: 'choose_one_of', params: { choices: RISKS } })
  }
  if (problems.length > 0) throw new ValidationError(problems)
  const now = deps.clock.now()
  const cases = (await deps.cases.listOpenCases())
    .filter((stored) => filters.assignee !== 'me' || stored.assignee === actor.id)
    .filter((stored) => filters.status === undefined || stored.status === filters.status)
    .map((stored) => listEntry(stored, deps, now))
    .filter((entry) => filters.risk === undefined || entry.risk === filters.risk)
    .sort(byRisk)
  return { cases, now: now.toISOString(), ...staffView(member, roster) }
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
