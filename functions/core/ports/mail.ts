/** The mail ports: sending (SES in AWS), the outbox kept with each case, and how mail reads (functions/views/mail). */
import type { ReplySignature } from '../cases/case.ts'
import type { OutboxEntry, OutgoingMail, Threading } from '../mail/mail.ts'
import type { CaseSummary, MailContent, RecipientRole } from '../mail/notifications.ts'
import type { Language } from '../shared/field-problems.ts'

export interface Mailer {
  /**
   * Sends one mail; rejects when the mail service refuses or cannot be reached — with PermanentMailError when
   * trying again cannot help (an address the service will never accept).
   */
  send(mail: OutgoingMail, threading?: Threading): Promise<{ messageId: string }>
}

/** Mail waiting to be sent, kept with its case: a case's notifications survive any failure of the mail service. */
export interface MailOutbox {
  /** Queues the mail unless a mail with its id is queued for the case already. */
  enqueue(reference: string, mail: OutgoingMail, queuedAt: Date): Promise<void>
  pending(reference: string): Promise<OutboxEntry[]>
  /** One queued mail, whatever its state. */
  get(reference: string, mailId: string): Promise<OutboxEntry | undefined>
  markSent(reference: string, mailId: string, receipt: { messageId: string; sentAt: Date }): Promise<void>
  /** Gives up on a mail the service will never accept; it stays in the outbox, marked, for people to see. */
  markFailed(reference: string, mailId: string, failure: { reason: string; failedAt: Date }): Promise<void>
}

/**
 * The mail MAR writes, as the use cases ask for it: a port, so that core decides who is told what and when, and
 * the presentation layer (functions/views/mail) decides how it reads. Advisor mail only ever sees a CaseSummary.
 */
export interface MailTemplates {
  assignment(input: {
    summary: CaseSummary
    role: RecipientRole
    acknowledgeBy: Date
    /** Absent when the case is acknowledged already (a reassignment): then there is nothing to acknowledge. */
    acknowledgeUrl?: string
    caseUrl?: string
    timeZone: string
  }): MailContent
  unassignedAlert(input: {
    summary: CaseSummary
    acknowledgeBy: Date
    nextShiftStart?: Date
    acknowledgeUrl: string
    caseUrl?: string
    timeZone: string
  }): MailContent
  deadline(input: {
    summary: CaseSummary
    step: 'reminder' | 'breach' | 'escalation'
    clock: 'acknowledge' | 'respond'
    dueAt: Date
    acknowledgeUrl?: string
    caseUrl?: string
    timeZone: string
    /** To the primary on duty standing in for the case's advisor, who is off duty: the mail says so. */
    standIn?: boolean
  }): MailContent
  /**
   * A reminder an advisor set on the case (never its note): to the assignee, or to the primary on duty standing in
   * (`standIn`).
   */
  advisorReminder(input: {
    summary: CaseSummary
    at: Date
    caseUrl: string
    timeZone: string
    standIn?: boolean
  }): MailContent
  newMessage(input: { summary: CaseSummary; reopened: boolean; caseUrl: string }): MailContent
  requesterAcknowledgement(input: {
    reference: string
    language: Language
    respondBy: Date
    timeZone: string
  }): MailContent
  /** The advisor's text exactly as written, then how to reply, and last the one signature (`signature`). */
  reply(input: { reference: string; language: Language; text: string; signature: ReplySignature }): MailContent
  oversizedAnswer(input: { formUrl: string }): MailContent
  /**
   * To the advisors on duty: one sender opened more new mail cases in an hour than a person does; these were filed
   * without a notice each (and without an acknowledgement). References only.
   */
  floodSummary(input: { references: string[]; caseUrls: string[] }): MailContent
  /** To the coordinators: an open case nobody touched since `idleSince` (core/retention/retention.ts). */
  staleCase(input: { summary: CaseSummary; idleSince: Date; caseUrl: string; timeZone: string }): MailContent
}
