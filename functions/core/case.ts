import type { WebRequest } from './web-request.ts'

export const CASE_STATUSES = ['received', 'assigned', 'unassigned', 'acknowledged', 'answered', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export type Channel = 'web' | 'email' | 'phone'
export type Urgency = 'normal' | 'urgent'

/** What the requester submitted, kept exactly as it arrived (the honeypot is not part of it). */
export type Submission = Omit<WebRequest, 'website' | 'consent'>

/** A case as stored: the submission plus what MAR keeps about it. Never holds an IP address. */
export interface Case extends Submission {
  reference: string
  channel: Channel
  status: CaseStatus
  urgency: Urgency
  createdAt: string
  /** When the privacy statement was accepted (the moment of submission). */
  consentedAt: string
  /** After this moment the case is deleted (DynamoDB TTL); see README, retention. */
  retainUntil: string
  /** Optimistic-locking counter: every update is conditional on the version it read. */
  version: number
  /** SHA-256 of the Idempotency-Key that created the case, when one was sent: tells a replay from a collision. */
  idempotencyKeyHash?: string
  /** The advisor (roster id) who handles the case. */
  assignee?: string
  /** When the case was routed: to an advisor, or found nobody on duty. */
  routedAt?: string
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
  /**
   * Which run of the workflow is in force (absent: the first). An advisor's change that the workflow must act on at
   * once (mail to deliver, clocks moved, a close) increments it; the table stream then replaces the execution.
   */
  workflowRun?: number
}

export interface Pause {
  since: string
  /** Resumes by itself at this moment. */
  until?: string
  reason: string
  /** Roster id of the advisor who paused. */
  by: string
}

export const OUTCOMES = ['advice-given', 'referred', 'no-concern', 'training-info', 'withdrawn'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** Text added to a case after it came in: an advisor's reply to the requester, or an internal note. */
export interface CaseMessage {
  /** Unique within the case; sorts by time. */
  id: string
  kind: 'reply' | 'note'
  author: 'advisor'
  advisorId: string
  text: string
  at: string
  /** For a reply: the outbox mail that carries it. */
  mailId?: string
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
  /** Roster id of the advisor concerned, if any. */
  advisorId?: string
  detail?: Record<string, string | number>
}

export function urgencyOf(submission: Pick<Submission, 'immediateDanger'>): Urgency {
  return submission.immediateDanger === true ? 'urgent' : 'normal'
}
