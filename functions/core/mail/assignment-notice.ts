import type { Case } from '../cases/case.ts'
import type { MailTemplates } from '../ports/mail.ts'
import type { OutgoingMail } from './mail.ts'
import { caseLink, caseSummary, type RecipientRole } from './notifications.ts'

/**
 * The content-free notice that tells an advisor of a case: the assignee that it is theirs now (routing, a
 * reassignment, a handover at a shift's start), the backup and coordinators that an urgent one came. It carries an
 * acknowledge link only while there is something to acknowledge.
 */
export function assignmentNotice(
  current: Case,
  notice: {
    id: string
    kind: 'assignment' | 'urgent-alert'
    to: { email: string }
    role: RecipientRole
    acknowledgeBy: Date
    acknowledgeUrl?: string | undefined
  },
  deps: { templates: MailTemplates; publicUrl: string; timeZone: string },
): OutgoingMail {
  return {
    id: notice.id,
    kind: notice.kind,
    to: [notice.to.email],
    ...deps.templates.assignment({
      summary: caseSummary(current),
      role: notice.role,
      acknowledgeBy: notice.acknowledgeBy,
      ...(notice.acknowledgeUrl === undefined ? {} : { acknowledgeUrl: notice.acknowledgeUrl }),
      caseUrl: caseLink(deps.publicUrl, current.reference),
      timeZone: deps.timeZone,
    }),
  }
}
