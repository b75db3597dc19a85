import type { Case, Channel, Urgency } from '../cases/case.ts'
import type { Sector, Topic } from '../cases/web-request.ts'
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
