import type { Header } from 'postal-mime'
import type { AutomaticReason } from '../../core/mail/inbound-mail.ts'
import type { HeaderFields } from './headers.ts'

/** Automatic mail: the design's list of rules, in its order. */

const REPORT_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
])
const SYSTEM_SENDERS = new Set(['mailerdaemon', 'postmaster', 'noreply', 'donotreply'])

/** The rules that read headers: Auto-Submitted other than `no`, Precedence bulk/junk/list, List-*, X-Autoreply. */
export function automaticReason(headers: Header[]): AutomaticReason | undefined {
  const keyword = (value: string) => (value.split(/[;(\s]/)[0] ?? '').toLowerCase()
  const values = (key: string) => headers.filter((header) => header.key === key).map((header) => keyword(header.value))
  if (values('auto-submitted').some((value) => value !== 'no')) return 'auto-submitted'
  if (values('precedence').some((value) => value === 'bulk' || value === 'junk' || value === 'list')) {
    return 'precedence'
  }
  if (headers.some((header) => header.key.startsWith('list-'))) return 'list'
  if (headers.some((header) => header.key === 'x-autoreply' || header.key === 'x-autorespond')) return 'x-autoreply'
  // A bounce that is not a multipart/report (qmail, Exim): it names the recipients that failed.
  if (headers.some((header) => header.key === 'x-failed-recipients')) return 'delivery-report'
  return undefined
}

/** A delivery status, disposition or feedback report: `multipart/report`, or one of the report parts. */
export function isReport(headers: Header[], partTypes: string[]): boolean {
  const contentType = headers.find((header) => header.key === 'content-type')?.value ?? ''
  if (/^\s*multipart\/report\b/i.test(contentType)) return true
  return partTypes.some((type) => REPORT_TYPES.has(type.toLowerCase()))
}

/** MAILER-DAEMON, postmaster, noreply, no-reply, do-not-reply (From or return path; `-_.` and `+tag` ignored); `<>`. */
export function systemOrEmptyReason(fields: HeaderFields): AutomaticReason | undefined {
  const isSystem = (address: string | undefined) => {
    const local = (address ?? '').split('@')[0]?.split('+')[0]?.replace(/[-_.]/g, '') ?? ''
    return SYSTEM_SENDERS.has(local)
  }
  if (isSystem(fields.from?.address) || isSystem(fields.returnPath)) return 'system-sender'
  if (fields.returnPath === '') return 'empty-return-path'
  return undefined
}
