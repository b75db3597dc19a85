/**
 * One case on `/advisor/cases/<reference>`: its facts, deadlines, mail, attachments, messages and history. Whatever
 * a person wrote is set as text (multi-line texts with their bidirectional controls shown), never parsed as HTML.
 */
import { REFERENCE_PATTERN } from '../../../functions/core/cases/reference.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { showBidiControls } from '../shared/bidi.ts'
import { byId, el, fill } from '../shared/dom.ts'
import type { AdvisorCaseView, CaseMessageView } from './api-types.ts'
import { copy, type LabelGroup, label } from './copy.ts'
import { formatMoment, formatSize, timeElement } from './format.ts'
import { renderClocks } from './lateness.ts'
import { setVisible } from './page.ts'

type Item = AdvisorCaseView
type Namer = (id: unknown) => string

/** A field of the case by name, whichever channel it came in on. */
function field(item: Item, key: string): unknown {
  return (item as unknown as Record<string, unknown>)[key]
}

const blank = (value: unknown) => value === undefined || value === null || value === ''

/** A multi-line text as the workspace shows it: as text, each bidirectional control visible. */
export function shownText(value: unknown): string {
  return showBidiControls(String(value ?? ''))
}

function factValue(item: Item, key: string, advisorName: Namer): Node | string {
  const text = copy.text
  const value = field(item, key)
  const optional = (group?: LabelGroup) => (blank(value) ? text.notGiven : group ? label(group, value) : String(value))
  switch (key) {
    case 'status':
    case 'urgency':
    case 'channel':
      return label(key, value)
    case 'topic':
    case 'requesterType':
    case 'sector':
      // A mail comes in without them: an advisor classifies it. A web or phone case has no sector for a private person.
      if (blank(value)) return item.channel === 'email' ? text.notClassified : text.notGiven
      return label(key, value)
    case 'assignee':
      return advisorName(item.assignee)
    case 'createdAt':
      return timeElement(item.createdAt)
    case 'ideology':
    case 'language':
      return optional(key)
    case 'name':
    case 'email':
    case 'phone':
      return field(item, 'anonymous') === true ? text.anonymous : optional()
    case 'immediateDanger':
      return value === true ? el('strong', {}, text.yes) : text.no
    case 'signals':
      return Array.isArray(value) && value.length > 0
        ? value.map((signal: unknown) => label('signals', signal)).join(', ')
        : text.notGiven
    default:
      return optional()
  }
}

function renderDeadlines(item: Item, advisorName: Namer, now: number): void {
  const text = copy.text
  // Which clock runs, until when, and how late (lateness.ts).
  renderClocks(item, now)

  const pause = byId(AdvisorId.casePause)
  if (pause) {
    if (item.pause) {
      pause.replaceChildren(
        el('p', {}, fill(text.pausedSince, { since: formatMoment(item.pause.since), by: advisorName(item.pause.by) })),
        el('p', {}, text.pausedReason, el('span', { className: 'case-pause__reason' }, shownText(item.pause.reason))),
        ...(item.pause.until ? [el('p', {}, fill(text.pausedUntil, { until: formatMoment(item.pause.until) }))] : []),
      )
    } else pause.replaceChildren(el('p', {}, text.notPaused))
  }

  const list = Array.isArray(item.breaches) ? item.breaches : []
  byId(AdvisorId.caseBreaches)?.replaceChildren(
    ...(list.length === 0
      ? [el('li', {}, text.noBreaches)]
      : list.map((breach) =>
          el(
            'li',
            {},
            fill(text.breach, {
              clock: label('clock', breach.clock),
              dueAt: formatMoment(breach.dueAt),
              recordedAt: formatMoment(breach.recordedAt),
            }),
          ),
        )),
  )
}

/** Where a reply goes: the address the requester wrote from, or gave on the form; '' when there is none. */
export function requesterAddress(item: Item): string {
  if (item.channel === 'email') {
    const address = item.mail?.from?.address
    return typeof address === 'string' ? address : ''
  }
  return item.anonymous !== true && typeof item.email === 'string' ? item.email : ''
}

/** `Name <address>`, or the address alone. */
function addressText(value: unknown): string {
  const address = value as { address?: unknown; name?: unknown } | null | undefined
  if (!address || typeof address.address !== 'string') return ''
  return typeof address.name === 'string' && address.name !== ''
    ? `${address.name} <${address.address}>`
    : address.address
}

interface AttachmentView {
  id: string
  name?: string
  type?: string
  size?: number
}

/** Every attachment of the case (of the mail that opened it and of later mail). */
function attachmentsOf(item: Item): AttachmentView[] {
  return (Array.isArray(item.attachments) ? (item.attachments as AttachmentView[]) : []).filter(
    (attachment) => attachment && typeof attachment.id === 'string',
  )
}

interface MailView {
  quarantined?: boolean
  attachments?: Array<{ id?: unknown; name?: unknown }>
}

/** The ids of attachments the API withholds: those of a mail that failed the virus scan. */
function withheldAttachments(item: Item): Set<string> {
  const ids = new Set<string>()
  const add = (mail: MailView | undefined) => {
    if (mail?.quarantined !== true || !Array.isArray(mail.attachments)) return
    for (const attachment of mail.attachments) ids.add(String(attachment?.id))
  }
  if (item.channel === 'email') add(item.mail)
  for (const message of Array.isArray(item.messages) ? item.messages : []) add(message?.mail)
  return ids
}

const notice = (className: string, ...content: Array<Node | string>) => el('p', { className }, ...content)

/** The E-mail section of a mail case: who wrote, when, the subject, and the text — as text, never as HTML. */
function renderMail(item: Item): void {
  const section = byId(AdvisorId.caseMail)
  if (!section) return
  const mail = item.channel === 'email' && item.mail && typeof item.mail === 'object' ? item.mail : undefined
  section.hidden = mail === undefined
  if (mail === undefined) return
  const text = copy.text

  const notes: Node[] = []
  if (mail.quarantined === true) notes.push(notice('notice case-mail__notice', text.quarantined))
  if (mail.unreadable === true) notes.push(notice('notice case-mail__notice', text.unreadable))
  if (mail.verdicts?.spam === 'FAIL') notes.push(notice('notice case-mail__notice', text.spam))
  if (typeof mail.noAutoReply === 'string' && mail.noAutoReply !== '') {
    const reason = (copy.noAutoReply as Readonly<Record<string, string>>)[mail.noAutoReply]
    notes.push(
      notice(
        'notice notice--info case-mail__notice',
        fill(text.noAutoReply, { reason: typeof reason === 'string' ? reason : text.noAutoReplyOther }),
      ),
    )
  }
  if (item.unverifiedSender === true) notes.push(notice('notice case-mail__notice', text.unverifiedSender))
  if (typeof mail.returnPath === 'string' && mail.returnPath !== '' && mail.returnPath !== mail.from?.address) {
    notes.push(notice('notice notice--info case-mail__notice', fill(text.returnPath, { address: mail.returnPath })))
  }
  if (item.mentionsOtherCase === true) notes.push(notice('notice case-mail__notice', text.mentionsOtherCase))
  if (typeof item.relatedTo === 'string' && REFERENCE_PATTERN.test(item.relatedTo)) {
    notes.push(
      notice(
        'notice notice--info case-mail__notice',
        item.unverifiedSender === true ? text.namesCase : text.relatedTo,
        el('a', { href: `/advisor/cases/${encodeURIComponent(item.relatedTo)}` }, item.relatedTo),
      ),
    )
  }
  byId(AdvisorId.mailNotices)?.replaceChildren(...notes)

  const addresses = (list: unknown) => (Array.isArray(list) ? list : []).map(addressText).filter(Boolean).join(', ')
  for (const cell of document.querySelectorAll<HTMLElement>('[data-mail]')) {
    const name = cell.dataset.mail ?? ''
    let value: Node | string = ''
    if (name === 'from') value = addressText(mail.from) || text.unknownSender
    else if (name === 'to' || name === 'cc') value = addresses(mail[name])
    else if (name === 'date') value = mail.date ? timeElement(mail.date) : text.noDate
    else if (name === 'subject')
      value = typeof mail.subject === 'string' && mail.subject !== '' ? mail.subject : text.noSubject
    cell.replaceChildren(value)
    const row = cell.closest('[data-mail-row]')
    if (row instanceof HTMLElement) row.hidden = value === ''
  }
  const body = byId(AdvisorId.mailText)
  // The text, never the sanitised HTML of a mail.
  if (body) body.textContent = shownText(mail.text)
}

/** The case's attachments, each with a download button (or "achtergehouden"). */
function renderAttachments(item: Item): void {
  const block = byId(AdvisorId.caseAttachmentsBlock)
  const list = byId(AdvisorId.caseAttachments)
  if (!block || !list) return
  const attachments = attachmentsOf(item)
  const withheld = withheldAttachments(item)
  block.hidden = attachments.length === 0
  list.replaceChildren(
    ...attachments.map((attachment) => {
      const name = String(attachment.name ?? '')
      return el(
        'li',
        { className: 'attachments__item' },
        el('span', { className: 'attachments__name' }, name),
        el(
          'span',
          { className: 'attachments__meta' },
          [String(attachment.type ?? ''), formatSize(attachment.size)].filter(Boolean).join(' · '),
        ),
        withheld.has(attachment.id)
          ? el('span', { className: 'badge badge--withheld' }, copy.text.withheld)
          : el(
              'button',
              {
                type: 'button',
                className: 'button button--secondary attachments__download',
                'data-attachment-id': attachment.id,
                'data-attachment-name': name,
              },
              copy.text.download,
              el('span', { className: 'visually-hidden' }, ` ${name}`),
            ),
      )
    }),
  )
}

/** A requester's mail in the messages: from the requester, with its subject and attachments. */
function mailMessage(message: CaseMessageView): HTMLLIElement {
  const mail: { from?: unknown; subject?: unknown; quarantined?: boolean; attachments?: Array<{ name?: unknown }> } =
    message.mail && typeof message.mail === 'object' ? message.mail : {}
  const attachments = Array.isArray(mail.attachments) ? mail.attachments : []
  const from = addressText(mail.from)
  return el(
    'li',
    { className: 'messages__item messages__item--mail' },
    el(
      'p',
      { className: 'messages__meta' },
      el('span', { className: 'messages__kind' }, label('messageKind', 'mail')),
      ` · ${copy.text.requester}${from ? ` (${from})` : ''} · `,
      timeElement(message.at),
    ),
    el(
      'p',
      { className: 'messages__subject' },
      el('strong', {}, copy.text.subject),
      typeof mail.subject === 'string' && mail.subject !== '' ? mail.subject : copy.text.noSubject,
    ),
    mail.quarantined === true ? notice('notice', copy.text.quarantined) : undefined,
    attachments.length > 0
      ? el(
          'p',
          { className: 'messages__attachments' },
          copy.text.mailAttachments,
          attachments.map((attachment) => String(attachment?.name ?? '')).join(', '),
        )
      : undefined,
    el('div', { className: 'messages__text' }, shownText(message.text)),
  )
}

function renderMessages(item: Item, advisorName: Namer): void {
  const list = byId(AdvisorId.caseMessages)
  const empty = byId(AdvisorId.messagesEmpty)
  if (!list || !empty) return
  const messages = Array.isArray(item.messages) ? item.messages : []
  list.replaceChildren(
    ...messages.map((message) => {
      if (message.kind === 'mail') return mailMessage(message)
      const kind = message.kind === 'reply' || message.kind === 'follow-up' ? message.kind : 'note'
      const status = 'delivery' in message ? message.delivery?.status : undefined
      const delivery =
        kind === 'reply' && 'via' in message && message.via === 'phone'
          ? copy.text.viaPhone
          : kind === 'reply' && status
            ? label('delivery', status)
            : ''
      // A requester's message in the follow-up box has no advisor; a reply without mail went into that box.
      const who = kind === 'follow-up' ? copy.text.anonymous : advisorName(message.advisorId)
      return el(
        'li',
        { className: `messages__item messages__item--${kind === 'follow-up' ? 'mail' : kind}` },
        el(
          'p',
          { className: 'messages__meta' },
          el('span', { className: 'messages__kind' }, label('messageKind', kind)),
          ` · ${who} · `,
          timeElement(message.at),
          delivery ? ` · ${delivery}` : undefined,
        ),
        el('div', { className: 'messages__text' }, shownText(message.text)),
      )
    }),
  )
  empty.hidden = messages.length > 0
  empty.textContent = messages.length > 0 ? '' : copy.text.noMessages
}

const CLASSIFIED_FIELDS = ['topic', 'urgency', 'requesterType', 'sector'] as const

type HistoryEvent = Item['events'][number]

/** The history's lines: each event, but consecutive reads by one advisor as one line with their count. */
export function collapseReads(events: readonly HistoryEvent[]): Array<{ event: HistoryEvent; reads: HistoryEvent[] }> {
  const lines: Array<{ event: HistoryEvent; reads: HistoryEvent[] }> = []
  for (const event of events) {
    const last = lines.at(-1)
    if (event.type === 'read' && last?.event.type === 'read' && last.event.advisorId === event.advisorId) {
      last.reads.push(event)
    } else lines.push({ event, reads: [event] })
  }
  return lines
}

/** "Ingezien 4×", from the first to the last time, by whom (the count also spoken as "4 keer"). */
function readsLine(reads: readonly HistoryEvent[], advisorName: Namer): HTMLLIElement {
  const text = copy.text
  const first = reads[0]
  const last = reads.at(-1)
  const count = { count: reads.length }
  return el(
    'li',
    { className: 'history__reads' },
    el(
      'span',
      { className: 'history__what' },
      label('event', 'read'),
      ' ',
      el('span', { 'aria-hidden': 'true' }, fill(text.readTimes, count)),
      el('span', { className: 'visually-hidden' }, fill(text.readTimesSpoken, count)),
    ),
    timeElement(first?.at),
    text.timeRangeTo,
    timeElement(last?.at),
    first?.advisorId ? ` · ${fill(text.byAdvisor, { name: advisorName(first.advisorId) })}` : undefined,
  )
}

function renderEvents(item: Item, advisorName: Namer): void {
  const events = Array.isArray(item.events) ? item.events : []
  const text = copy.text
  byId(AdvisorId.caseEvents)?.replaceChildren(
    ...collapseReads(events).map(({ event, reads }) => {
      if (reads.length > 1) return readsLine(reads, advisorName)
      const detail: Record<string, string | number | undefined> =
        'detail' in event && event.detail && typeof event.detail === 'object' ? event.detail : {}
      const notes: string[] = []
      if (event.type === 'assigned' || event.type === 'reassigned') {
        if (event.advisorId) notes.push(fill(text.toAdvisor, { name: advisorName(event.advisorId) }))
        if (detail.from) notes.push(fill(text.fromAdvisor, { name: advisorName(detail.from) }))
        if (detail.by) notes.push(fill(text.byAdvisor, { name: advisorName(detail.by) }))
      } else if (event.advisorId) notes.push(fill(text.byAdvisor, { name: advisorName(event.advisorId) }))
      if (detail.clock) notes.push(label('clock', detail.clock))
      if (detail.via === 'phone') notes.push(copy.text.viaPhone)
      if (detail.until) notes.push(fill(text.untilMoment, { until: formatMoment(detail.until) }))
      if (detail.outcome) notes.push(fill(text.outcomeDetail, { outcome: label('outcome', detail.outcome) }))
      // A duplicate's close names the case it repeats; that case's link event names the duplicate.
      if (detail.duplicateOf || detail.duplicate) notes.push(String(detail.duplicateOf ?? detail.duplicate))
      if (event.type === 'classified') {
        for (const name of CLASSIFIED_FIELDS) {
          if (detail[name]) {
            notes.push(
              fill(text.classifiedDetail, {
                field: label('classification', name),
                value: label(name, detail[name]),
              }),
            )
          }
        }
      }
      if (event.type === 'attachment-downloaded' && detail.attachmentId) {
        const attachment = attachmentsOf(item).find((candidate) => candidate.id === detail.attachmentId)
        if (attachment) notes.push(fill(text.attachmentDetail, { name: String(attachment.name ?? '') }))
      }
      if (event.type === 'reopened' && detail.round) notes.push(fill(text.roundDetail, { round: String(detail.round) }))
      return el(
        'li',
        {},
        el('span', { className: 'history__what' }, label('event', event.type)),
        timeElement(event.at),
        notes.length > 0 ? ` · ${notes.join(' · ')}` : undefined,
      )
    }),
  )
}

/** Fills the case page with the case (its actions aside: case-actions.ts); `now`: the stack's clock of the answer. */
export function renderCaseView(item: Item, advisorName: Namer, now: number = Date.now()): void {
  const reference = String(item.reference ?? '')
  document.title = fill(copy.text.caseDocumentTitle, { reference })
  const title = byId(AdvisorId.caseReference)
  if (title) title.textContent = reference
  byId(AdvisorId.caseBadges)?.replaceChildren(
    ...(item.urgency === 'urgent' ? [el('span', { className: 'badge badge--urgent' }, copy.text.urgentMark)] : []),
    el('span', { className: 'badge' }, label('status', item.status)),
  )
  const closedNotice = byId(AdvisorId.caseClosed)
  if (closedNotice) {
    closedNotice.hidden = item.status !== 'closed'
    closedNotice.textContent =
      item.status === 'closed' ? fill(copy.text.caseClosed, { outcome: label('outcome', item.outcome) }) : ''
  }
  setVisible(AdvisorId.caseAddressBounced, item.requesterAddressBounced !== undefined)
  for (const cell of document.querySelectorAll<HTMLElement>('[data-fact]')) {
    cell.replaceChildren(factValue(item, cell.dataset.fact ?? '', advisorName))
  }
  const isMail = item.channel === 'email'
  for (const row of document.querySelectorAll<HTMLElement>('[data-submission]')) row.hidden = isMail
  setVisible(AdvisorId.caseDescriptionBlock, !isMail)
  const description = byId(AdvisorId.caseDescription)
  if (description) description.textContent = item.channel === 'email' ? '' : shownText(item.description)
  renderMail(item)
  renderAttachments(item)
  renderDeadlines(item, advisorName, now)
  renderMessages(item, advisorName)
  renderEvents(item, advisorName)
}
