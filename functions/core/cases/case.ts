import type { InboundAddress, InboundMessage } from '../mail/inbound-mail.ts'
import { DAY_MS } from '../shared/clock.ts'
import type { Sector, Topic, WebRequest } from './web-request.ts'

export const CASE_STATUSES = ['received', 'assigned', 'unassigned', 'acknowledged', 'answered', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export type Channel = 'web' | 'email' | 'phone'
export const URGENCIES = ['normal', 'urgent'] as const
export type Urgency = (typeof URGENCIES)[number]

/** What the requester submitted, kept exactly as it arrived (the honeypot is not part of it). */
export type Submission = Omit<WebRequest, 'website' | 'consent'>

/**
 * What every case has, whatever its channel: the envelope that routing, deadlines, the workspace and statistics
 * read. What came in on the channel — the web form or phone call (`Submission`), the mail message (`mail`) — sits
 * beside it. Never holds an IP address.
 */
export interface CaseEnvelope {
  reference: string
  channel: Channel
  status: CaseStatus
  urgency: Urgency
  /** How MAR classifies the case: given on the form, or by an advisor for a mail (until then absent). */
  topic?: Topic
  requesterType?: Submission['requesterType']
  sector?: Sector
  createdAt: string
  /** When the privacy statement was accepted (the moment of submission); a mail accepts none. */
  consentedAt?: string
  /**
   * The TTL backstop while the case is open (`retention.caseDays` after creation). A closed case is deleted by the
   * retention purge (core/retention/retention.ts), its backstop moved past the purge date; see README, retention.
   */
  retainUntil: string
  /** Optimistic-locking counter: every update is conditional on the version it read. */
  version: number
  /** SHA-256 of the Idempotency-Key that created the case, when one was sent: tells a replay from a collision. */
  idempotencyKeyHash?: string
  /** The advisor (roster id) who handles the case. */
  assignee?: string
  /** When the case was routed: to an advisor, or found nobody on duty. */
  routedAt?: string
  /**
   * When the assignee got the case by a handover at a shift's start (core/roster/handover.ts); absent: by routing
   * (`routedAt`) or an advisor's assignment. The next handover is planned from here.
   */
  assignedAt?: string
  acknowledgedAt?: string
  /** Roster id of the advisor who acknowledged. */
  acknowledgedBy?: string
  /** Deadlines that passed before their clock stopped. */
  breaches?: Breach[]
  answeredAt?: string
  answeredBy?: string
  /** While set, no clock runs: no reminder, breach or escalation. */
  pause?: Pause
  /** Business minutes the case was paused so far (pauses that ended): every running deadline moves on by this. */
  pausedBusinessMinutes?: number
  closedAt?: string
  closedBy?: string
  outcome?: Outcome
  /** Closed as a duplicate (`outcome: 'duplicate'`): the case it repeats, where the work goes on. */
  duplicateOf?: string
  /** The cases closed as duplicates of this one, oldest first: each stays readable on its own page. */
  duplicates?: string[]
  /**
   * Which run of the workflow is in force (absent: the first). An advisor's change that the workflow must act on at
   * once (mail to deliver, clocks moved, a close) increments it; the table stream then replaces the execution.
   */
  workflowRun?: number
  /** Which round of the respond clock runs: a requester's reply to an answered or recently closed case starts the next. */
  respondRound?: number
  /** When the current respond round started (absent: at receipt). */
  respondFrom?: string
  /** The case this one continues (a mail to a case closed long ago), or the references a stranger's mail quoted. */
  relatedTo?: string
  mentionsOtherCase?: boolean
  /**
   * A mail whose sender SES could not authenticate (DMARC failed, or SPF and DKIM both): its From may be forged. The
   * case stands alone (`relatedTo` names the case it claims to continue) and its sender got no automatic answer.
   */
  unverifiedSender?: boolean
  /**
   * A mail case beyond its sender's NEW_CASES_PER_HOUR (core/mail/sender-flood.ts): filed and routed, but no notice
   * of its own; the summary `holder` tells the advisors on duty of the whole group at `dueAt`.
   */
  floodSummary?: { holder: string; dueAt: string }
  /** One-click links carry the generation they were made in; raising it (close, reassignment) revokes the older ones. */
  linkGeneration?: number
  /** The automatic acknowledgement was not sent: the requester's address had its automatic mail of the day. */
  acknowledgementWithheld?: 'daily-limit'
  /** The last requester activity that told the advisor (requester-wrote.ts): when, and which message. */
  requesterNotice?: { at: string; key: string }
  /** Mail to the requester's address bounced (SES): the advisor calls or writes another way. The latest bounce. */
  requesterAddressBounced?: { at: string; type: 'permanent' | 'transient' }
  /** Reminders advisors set on the case (core/advisor-actions/reminders.ts), in the order they were set. */
  reminders?: AdvisorReminder[]
}

/**
 * A reminder an advisor set: at `at` the assignee (or, while off duty, the primary on duty) gets a content-free mail
 * that links to the case. The note is internal case data, like a note: never in mail, events or logs.
 */
export interface AdvisorReminder {
  /** Unique within the case. */
  id: string
  at: string
  note: string
  /** Roster id of the advisor who set it. */
  by: string
  setAt: string
  /** When its mail was queued: it fires once. */
  sentAt?: string
  /** When closing the case cancelled it before it fired. */
  cancelledAt?: string
}

/** A case from the web form or a phone call: the submission, kept exactly as it arrived, at the top level. */
export type WebCase = CaseEnvelope &
  Submission & {
    channel: 'web' | 'phone'
    consentedAt: string
    /** An anonymous web request's receipt, as a salted scrypt hash (receipt.ts): it opens the follow-up box. */
    receiptHash?: string
  }

/** A case from a mail to the intake address. */
export type MailCase = CaseEnvelope & { channel: 'email'; mail: MailContent }

export type Case = WebCase | MailCase

/** A received mail as a case keeps it: what the case needs, no Received headers, no IP addresses. */
export interface MailContent {
  messageId?: string
  from?: InboundAddress
  to: InboundAddress[]
  cc: InboundAddress[]
  date?: string
  subject: string
  text: string
  /** The HTML, sanitised. */
  html?: string
  attachments: AttachmentRecord[]
  verdicts: InboundMessage['verdicts']
  /** A failed virus verdict: kept, flagged, attachments withheld, no acknowledgement. */
  quarantined?: boolean
  /** Why no automatic reply goes to this sender (automatic mail, the daily cap, …); absent: one may. */
  noAutoReply?: string
  /** The message could not be read as mail; its raw bytes are kept as an attachment. */
  unreadable?: boolean
  /**
   * The envelope sender (SMTP MAIL FROM, `Return-Path`), lower case; '' for the null return path. The workspace
   * shows it when it differs from `from`.
   */
  returnPath?: string
}

/** An attachment kept beside a message in the object store, by safe name, type and size. */
export interface AttachmentRecord {
  /** Unique within the case. */
  id: string
  name: string
  type: string
  size: number
  /** Object store key. */
  key: string
}

export interface Pause {
  since: string
  /** Resumes by itself at this moment. */
  until?: string
  reason: string
  /** Roster id of the advisor who paused. */
  by: string
}

export const OUTCOMES = ['advice-given', 'referred', 'no-concern', 'training-info', 'withdrawn', 'duplicate'] as const
export type Outcome = (typeof OUTCOMES)[number]

/**
 * Text added to a case after it came in: an advisor's reply or note, a later mail from the requester, or what an
 * anonymous requester wrote in the follow-up box (`follow-up`). A reply without `mailId` went into that box.
 */
export interface CaseMessage {
  /** Unique within the case; sorts by time. */
  id: string
  kind: 'reply' | 'note' | 'mail' | 'follow-up'
  author: 'advisor' | 'requester'
  /** For an advisor's message: who wrote it. */
  advisorId?: string
  text: string
  at: string
  /** For a reply: the outbox mail that carries it. */
  mailId?: string
  /**
   * For a reply: the one signature the system put under it (mail and follow-up box alike), as it was then — the
   * advisor's first name and MAR's phone number; the views word the rest.
   */
  signature?: ReplySignature
  /** A reply given by phone: its text is what the advisor said; nothing was sent. */
  via?: 'phone'
  /** For a requester's mail: what the case keeps of it (its text is `text`). */
  mail?: Omit<MailContent, 'text' | 'noAutoReply'>
}

/** Who signs an answer to the requester: the advisor's first name, and MAR's phone number (configuration). */
export interface ReplySignature {
  name: string
  phone?: string
}

/** The first name of a roster name ("Anouk Verbeek" → "Anouk"): what an answer is signed with. */
export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/u)[0] ?? fullName.trim()
}

/** Where answers to the requester go: the address they gave or wrote from; none for anonymous and phone-only. */
export function requesterAddress(source: Case): string | undefined {
  if (source.channel === 'email') return source.mail.from?.address
  return source.anonymous ? undefined : source.email
}

/** An anonymous web request with a receipt: answers go into its follow-up box, not into a mail. */
export function hasFollowUpBox(source: Case): source is WebCase & { receiptHash: string } {
  return source.channel === 'web' && source.anonymous && source.receiptHash !== undefined
}

export function requesterLanguage(source: Case): 'nl' | 'en' {
  return source.channel === 'email' ? 'nl' : source.language
}

/** A mail case starts with the `case` windows until an advisor classifies it (it may be about a person). */
export function deadlineTopic(source: Pick<CaseEnvelope, 'topic'>): Topic {
  return source.topic ?? 'case'
}

export type DeadlineClockName = 'acknowledge' | 'respond'

export interface Breach {
  clock: DeadlineClockName
  /** The deadline that was missed. */
  dueAt: string
  /** When the breach was recorded. */
  recordedAt: string
}

/** Statuses in which a case still waits for an advisor to acknowledge it. */
export const AWAITING_ACKNOWLEDGEMENT: readonly CaseStatus[] = ['received', 'assigned', 'unassigned']
/** Statuses in which a case still waits for an answer. */
export const AWAITING_RESPONSE: readonly CaseStatus[] = ['received', 'assigned', 'unassigned', 'acknowledged']

/** Something that happened to a case, kept as an append-only audit trail. Holds ids and times, never content. */
export interface CaseEvent {
  /** Unique per case; derived from what happened, so recording the same fact twice is a no-op. */
  id: string
  at: string
  type:
    | 'received'
    | 'assigned'
    | 'unassigned'
    | 'acknowledged'
    | 'deadline-breached'
    | 'task-failed'
    | 'read'
    | 'replied'
    | 'note-added'
    | 'reassigned'
    | 'paused'
    | 'resumed'
    | 'closed'
    | 'phone-call-registered'
    | 'mail-received'
    | 'reopened'
    | 'classified'
    | 'attachment-downloaded'
    | 'follow-up-received'
    | 'acknowledgement-withheld'
    | 'exported'
    | 'stale-flagged'
    | 'requester-address-bounced'
    | 'duplicate-linked'
    | 'no-reply-needed'
    | 'handed-over'
    | 'reminder-set'
    | 'reminder-removed'
    | 'reminder-sent'
  /** Roster id of the advisor concerned, if any. */
  advisorId?: string
  detail?: Record<string, string | number>
}

export function urgencyOf(submission: Pick<Submission, 'immediateDanger'>): Urgency {
  return submission.immediateDanger === true ? 'urgent' : 'normal'
}

/**
 * What every new case starts with, whatever its channel: its reference, status received, urgency, when it came,
 * how long it is kept, and the first version (optimistic locking).
 */
export function newCaseEnvelope(context: { reference: string; now: Date; urgency: Urgency; retentionDays: number }) {
  return {
    reference: context.reference,
    status: 'received' as const,
    urgency: context.urgency,
    createdAt: context.now.toISOString(),
    retainUntil: new Date(context.now.getTime() + context.retentionDays * DAY_MS).toISOString(),
    version: 1,
  }
}
