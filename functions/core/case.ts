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
}

export function urgencyOf(submission: Pick<Submission, 'immediateDanger'>): Urgency {
  return submission.immediateDanger === true ? 'urgent' : 'normal'
}
