import type { Case, Channel, Urgency } from '../cases/case.ts'
import type { Sector, Topic } from '../cases/web-request.ts'
import type { Language } from '../shared/field-problems.ts'
import type { OutgoingMail } from './mail.ts'

/**
 * Everything an advisor mail may say about a case. Mail travels through systems MAR does not control and is read on
 * phones, so it never carries the description, names, addresses, phone numbers or the organisation: the templates
 * below only ever see this summary.
 */
export interface CaseSummary {
  reference: string
  /** Absent until an advisor classifies a mail. */
  topic?: Topic
  urgency: Urgency
  sector?: Sector
  channel: Channel
}

export function caseSummary(source: Case): CaseSummary {
  return {
    reference: source.reference,
    ...(source.topic === undefined ? {} : { topic: source.topic }),
    urgency: source.urgency,
    channel: source.channel,
    ...(source.sector === undefined ? {} : { sector: source.sector }),
  }
}

/** Where an advisor reads and works the case: the workspace page (sign-in required), never content in the link. */
export function caseLink(publicUrl: string, reference: string): string {
  return `${publicUrl}/advisor/cases/${encodeURIComponent(reference)}`
}

export type MailContent = Omit<OutgoingMail, 'id' | 'kind' | 'to' | 'cc'>

/**
 * Why an advisor gets the assignment mail: the case is theirs, or (urgent cases) they are the backup on duty or a
 * coordinator. Not the roster's `AdvisorRole` (advisor | coordinator), which says what someone may do.
 */
export type RecipientRole = 'assignee' | 'backup' | 'coordinator'

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
  }): MailContent
  newMessage(input: { summary: CaseSummary; reopened: boolean; caseUrl: string }): MailContent
  requesterAcknowledgement(input: {
    reference: string
    language: Language
    respondBy: Date
    timeZone: string
  }): MailContent
  reply(input: { reference: string; language: Language; text: string }): MailContent
  oversizedAnswer(input: { formUrl: string }): MailContent
  /**
   * To the advisors on duty: one sender opened more new mail cases in an hour than a person does; these were filed
   * without a notice each (and without an acknowledgement). References only.
   */
  floodSummary(input: { references: string[]; caseUrls: string[] }): MailContent
  /** To the coordinators: an open case nobody touched since `idleSince` (core/retention/retention.ts). */
  staleCase(input: { summary: CaseSummary; idleSince: Date; caseUrl: string; timeZone: string }): MailContent
}
