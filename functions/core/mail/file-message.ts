/**
 * Use case: file a mail that came in at the intake address. It becomes a new case, or joins the case it answers —
 * only when its sender is that case's requester — and nothing a mail server or a hostile sender sends may crash
 * this or lose the message. Everything is idempotent: the same message filed twice (a duplicate delivery, a retry
 * after a failure half-way) changes nothing the second time.
 */
import { createHash } from 'node:crypto'
import {
  type AttachmentRecord,
  type Case,
  type CaseMessage,
  type MailCase,
  type MailContent,
  newCaseEnvelope,
  requesterAddress,
} from '../cases/case.ts'
import { CROCKFORD_ALPHABET, newReference } from '../cases/reference.ts'
import type { CaseWorkflowDependencies } from '../deadlines/case-workflow.ts'
import type { Mailer } from '../ports/mail.ts'
import type { AutoReplyLimiter, MessageThreads, ObjectStore } from '../ports/stores.ts'
import { DAY_MS } from '../shared/clock.ts'
import { sha256Hex } from '../shared/hash.ts'
import { type InboundMessage, senderUnverified } from './inbound-mail.ts'
import { MAX_AUTOMATIC_REPLIES_PER_DAY, requesterAddressKey } from './requester-key.ts'
import { requesterWroteAgain } from './requester-wrote.ts'
import { FLOOD_LIMITS } from './sender-flood.ts'

export interface FileMessageDependencies extends CaseWorkflowDependencies {
  threads: MessageThreads
  limiter: AutoReplyLimiter
  store: ObjectStore
  /** For the one answer that has no case to queue it on: the polite refusal of an oversized mail. */
  mailer: Mailer
  /** MAR's own addresses: mail from them never gets an automatic answer (no loops). */
  ownAddresses: string[]
  caseRetentionDays: number
}

/** What the receiving side hands over: the parsed message, or nothing readable (then the raw bytes). */
export interface ReceivedMail {
  /** Where the raw message is stored (S3 key); unique per delivery. */
  key: string
  message?: InboundMessage
  raw?: Uint8Array
  /** The message was larger than MAX_MESSAGE_BYTES: only its headers were read. */
  oversized?: boolean
}

export type FilingOutcome =
  | { kind: 'new-case'; reference: string; acknowledged: boolean }
  | { kind: 'continued'; reference: string; reopened: boolean }
  | { kind: 'duplicate'; reference: string }
  | { kind: 'oversized'; answered: boolean }

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024
/** A reply to a case closed less than this long ago re-opens it; later, it starts a new case that refers to it. */
export const REOPEN_CLOSED_WITHIN_DAYS = 30
/** How many Message-IDs of In-Reply-To and References are looked up (a hostile message may name thousands). */
const MAX_THREAD_LOOKUPS = 20
/** How much of a mail's text (and HTML) a case item holds: the item limit is 400 KB, and there is more in it. */
const MAX_ITEM_TEXT_BYTES = 100_000
const FULL_TEXT_ID = 'text'
const TEXT_CUT_NOTE =
  '[… ingekort: de hele tekst staat in de bijlage bericht.txt / cut short: the whole text is in bericht.txt]'
const REFERENCE_IN_TEXT = /MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/gi

export async function fileInboundMessage(
  received: ReceivedMail,
  deps: FileMessageDependencies,
): Promise<FilingOutcome> {
  const outcome = await fileMessage(received, deps)
  // The raw message goes with the case it made or joined (the retention purge deletes it); a retry links it again.
  if (outcome.kind !== 'oversized') await deps.threads.linkRawMail(received.key, outcome.reference)
  return outcome
}

async function fileMessage(received: ReceivedMail, deps: FileMessageDependencies): Promise<FilingOutcome> {
  const message = received.message
  if (message === undefined) return fileUnreadable(received, deps)
  if (received.oversized) return answerOversized(message, deps)

  const identity = messageIdentity(message)
  const own = await findOwnCase(message, identity, deps)
  if (own !== undefined) return { kind: 'duplicate', reference: own }

  const unverified = senderUnverified(message.verdicts)
  const { continues, mentioned, named } = await threadOf(message, deps)
  if (unverified) {
    // The From may be forged: whatever case the mail names stays exactly as it is; this one only points to it.
    return newCase(message, identity, deps, {
      unverifiedSender: true,
      ...(named === undefined ? {} : { relatedTo: named.reference }),
    })
  }
  if (continues !== undefined) {
    const closedLongAgo =
      continues.status === 'closed' &&
      Date.parse(continues.closedAt ?? continues.createdAt) + REOPEN_CLOSED_WITHIN_DAYS * DAY_MS <=
        deps.clock.now().getTime()
    // Automatic mail (an out-of-office to our answer) joins the case it answers, however old, and changes nothing.
    if (!closedLongAgo || message.automatic) return continueCase(continues, message, identity, deps)
    return newCase(message, identity, deps, { relatedTo: continues.reference })
  }
  // A stranger's mail about a case that a stranger's mail opened: the second link of a chain (an auto-responder
  // answering our acknowledgement from a new address each time) gets no acknowledgement, so the chain ends there.
  const chained = named !== undefined && (named.mentionsOtherCase === true || named.unverifiedSender === true)
  return newCase(message, identity, deps, mentioned ? { mentionsOtherCase: true, chained } : {})
}

/** The message's own identity: its Message-ID, or (without one) a hash of what it says and who sent it. */
function messageIdentity(message: InboundMessage): string {
  if (message.messageId) return `id:${message.messageId.toLowerCase()}`
  return `content:${sha256Hex([message.from?.address ?? '', message.date ?? '', message.subject, message.text].join('\n'))}`
}

/** The case this very message made or joined before (a duplicate delivery, or a retry after a failure). */
async function findOwnCase(message: InboundMessage, identity: string, deps: FileMessageDependencies) {
  const linked = message.messageId ? await deps.threads.find(message.messageId) : undefined
  const candidates = [linked, derivedReference(identity)].filter((ref): ref is string => ref !== undefined)
  for (const reference of candidates) {
    const file = await deps.cases.getCaseFile(reference)
    if (file === undefined) continue
    const key = messageKey(identity)
    const started = file.case.channel === 'email' && identityOfCase(file.case) === identity
    const joined = file.messages.some((stored) => stored.id.endsWith(`-${key}`))
    if (started || joined) {
      if (message.messageId) await deps.threads.link(message.messageId, reference)
      return reference
    }
  }
  return undefined
}

function identityOfCase(stored: MailCase): string {
  return messageIdentity({
    messageId: stored.mail.messageId,
    from: stored.mail.from,
    date: stored.mail.date,
    subject: stored.mail.subject,
    text: stored.mail.text,
  } as InboundMessage)
}

/**
 * The case the message continues: one whose Message-ID it names (In-Reply-To, References) or whose reference its
 * subject carries — and whose requester sent it. A stranger naming a case only marks the new case as mentioning one.
 */
async function threadOf(message: InboundMessage, deps: FileMessageDependencies) {
  const ids = [...new Set([...message.inReplyTo, ...message.references])].slice(-MAX_THREAD_LOOKUPS)
  const references: string[] = []
  for (const id of ids) {
    for (const candidate of messageIdForms(id)) {
      const found = await deps.threads.find(candidate)
      if (found !== undefined && !references.includes(found)) references.push(found)
    }
  }
  for (const match of message.subject.matchAll(REFERENCE_IN_TEXT)) {
    const reference = match[0].toUpperCase()
    if (!references.includes(reference)) references.push(reference)
  }
  const sender = normalisedAddress(message.from?.address)
  let named: Case | undefined
  for (const reference of references.slice(0, MAX_THREAD_LOOKUPS)) {
    const candidate = await deps.cases.getCase(reference)
    if (candidate === undefined) continue
    named ??= candidate
    if (sender !== undefined && normalisedAddress(requesterAddress(candidate)) === sender) {
      return { continues: candidate, mentioned: true, named: candidate }
    }
  }
  return { continues: undefined, mentioned: named !== undefined, named }
}

/** A Message-ID as SES gives it to us (`<id>`) and as it names it in headers (`<id>@<region>.amazonses.com`). */
function messageIdForms(id: string): string[] {
  const at = id.lastIndexOf('@')
  const domain = at === -1 ? '' : id.slice(at + 1).toLowerCase()
  return domain.endsWith('amazonses.com') ? [id, id.slice(0, at)] : [id]
}

export function normalisedAddress(address: string | undefined): string | undefined {
  const trimmed = address?.trim().toLowerCase()
  return trimmed === '' ? undefined : trimmed
}

async function continueCase(
  current: Case,
  message: InboundMessage,
  identity: string,
  deps: FileMessageDependencies,
): Promise<FilingOutcome> {
  const now = deps.clock.now()
  const key = messageKey(identity)
  const attachments = await storeAttachments(current.reference, key, message, deps)
  const { text, ...content } = mailContent(message, attachments)
  const stored: CaseMessage = {
    id: `${now.toISOString()}-${key}`,
    kind: 'mail',
    author: 'requester',
    text,
    at: now.toISOString(),
    mail: { ...content, ...(quarantined(message) ? { quarantined: true } : {}) },
  }
  await deps.cases.addMessage(current.reference, stored, current.retainUntil)
  if (message.automatic) {
    // Kept with the case for the advisor to see; it re-opens nothing and tells no one.
    if (message.messageId) await deps.threads.link(message.messageId, current.reference)
    await deps.cases.recordEvent(current.reference, {
      id: `mail-received:${key}`,
      at: now.toISOString(),
      type: 'mail-received',
      detail: { messageId: stored.id, automatic: message.automatic },
    })
    return { kind: 'continued', reference: current.reference, reopened: false }
  }

  // The Message-ID first: a retry after a failure below finds the case by it and files nothing twice.
  if (message.messageId) await deps.threads.link(message.messageId, current.reference)
  await deps.cases.recordEvent(current.reference, {
    id: `mail-received:${key}`,
    at: now.toISOString(),
    type: 'mail-received',
    detail: { messageId: stored.id },
  })
  const { reopened } = await requesterWroteAgain(current, key, deps)
  return { kind: 'continued', reference: current.reference, reopened }
}

async function newCase(
  message: InboundMessage,
  identity: string,
  deps: FileMessageDependencies,
  links: { relatedTo?: string; mentionsOtherCase?: boolean; unverifiedSender?: boolean; chained?: boolean },
): Promise<FilingOutcome> {
  const now = deps.clock.now()
  const key = messageKey(identity)
  const reference = await freeReference(identity, deps)
  const attachments = await storeAttachments(reference, key, message, deps)
  const flood = await senderFlood(message, reference, deps)
  const noAutoReply = await autoReplyRefusal(message, identity, deps, { ...links, flood: flood !== undefined })
  const created: MailCase = {
    ...newCaseEnvelope({ reference, now, urgency: 'normal', retentionDays: deps.caseRetentionDays }),
    channel: 'email',
    mail: {
      ...mailContent(message, attachments),
      ...(quarantined(message) ? { quarantined: true } : {}),
      ...(noAutoReply ? { noAutoReply } : {}),
    },
    ...(links.relatedTo ? { relatedTo: links.relatedTo } : {}),
    ...(links.mentionsOtherCase ? { mentionsOtherCase: true } : {}),
    ...(links.unverifiedSender ? { unverifiedSender: true } : {}),
    ...(flood ? { floodSummary: flood } : {}),
  }
  // The case first (its stream record starts routing and the acknowledgement), then what links to it.
  await deps.cases.createCase(created)
  if (message.messageId) await deps.threads.link(message.messageId, reference)
  await deps.cases.recordEvent(reference, {
    id: `mail-received:${key}`,
    at: now.toISOString(),
    type: 'mail-received',
    ...(noAutoReply ? { detail: { noAutoReply } } : {}),
  })
  return { kind: 'new-case', reference, acknowledged: noAutoReply === undefined }
}

/**
 * The reference of a new mail case follows from the message, so a retry files it under the same one; a clash with
 * an unrelated case (or a duplicate of ours, caught before) falls back to fresh draws.
 */
async function freeReference(identity: string, deps: FileMessageDependencies): Promise<string> {
  const derived = derivedReference(identity)
  if ((await deps.cases.getCase(derived)) === undefined) return derived
  for (let draw = 0; draw < 5; draw++) {
    const reference = newReference(deps.randomBytes)
    if ((await deps.cases.getCase(reference)) === undefined) return reference
  }
  throw new Error('No free case reference after repeated draws')
}

function derivedReference(identity: string): string {
  const digest = createHash('sha256').update(`reference:${identity}`, 'utf8').digest()
  const characters = [...digest.subarray(0, 8)].map((byte) => CROCKFORD_ALPHABET[byte % 32])
  return `MAR-${characters.slice(0, 4).join('')}-${characters.slice(4, 8).join('')}`
}

/**
 * Why this sender gets no automatic acknowledgement — or undefined: then one goes (and counts toward the cap).
 * RFC 3834: never to automatic mail or a sender who asked for none (`X-Auto-Response-Suppress`). Never to a sender
 * SES could not authenticate (the From may be someone else's). And never to a stranger's mail about a case that a
 * stranger's mail opened (`chained`): a loop partner answering our acknowledgements from a new address each time
 * gets one acknowledgement, and its second answer ends the loop.
 */
async function autoReplyRefusal(
  message: InboundMessage,
  identity: string,
  deps: FileMessageDependencies,
  links: { unverifiedSender?: boolean; chained?: boolean; flood?: boolean },
) {
  const sender = normalisedAddress(message.from?.address)
  if (message.automatic) return message.automatic
  if (message.suppressAutoResponse) return 'auto-response-suppressed'
  if (sender === undefined) return 'no-sender'
  if (links.unverifiedSender) return 'unverified-sender'
  if (deps.ownAddresses.some((own) => own.toLowerCase() === sender)) return 'own-address'
  if (links.chained) return 'mail-loop'
  if (quarantined(message)) return 'quarantined'
  if (message.verdicts.spam === 'FAIL') return 'spam'
  // The day's cap before the hour's flood: a sender's fourth mail within minutes is refused for the day's cap (an
  // excess case the cap would allow uses up its place all the same: a flooding sender gets no more that day).
  const verdict = await deps.limiter.allow(
    requesterAddressKey(sender, await deps.signingKey()),
    messageKey(identity),
    deps.clock.now(),
    MAX_AUTOMATIC_REPLIES_PER_DAY,
  )
  if (verdict === 'denied') return 'daily-limit'
  return links.flood ? 'sender-flood' : undefined
}

/**
 * Counts the new case toward its sender's new cases of the hour (the canonical mailbox, keyed): beyond the
 * allowance it is excess — filed and routed all the same, but told to the advisors in one summary (sender-flood.ts).
 */
async function senderFlood(message: InboundMessage, reference: string, deps: FileMessageDependencies) {
  const sender = normalisedAddress(message.from?.address)
  if (sender === undefined) return undefined
  const key = requesterAddressKey(sender, await deps.signingKey())
  const verdict = await deps.limiter.recordNewCase(key, reference, deps.clock.now(), FLOOD_LIMITS)
  return verdict.excess ? verdict.summary : undefined
}

async function answerOversized(message: InboundMessage, deps: FileMessageDependencies): Promise<FilingOutcome> {
  const sender = normalisedAddress(message.from?.address)
  const refused =
    message.automatic !== undefined ||
    message.suppressAutoResponse === true ||
    senderUnverified(message.verdicts) ||
    sender === undefined ||
    deps.ownAddresses.some((own) => own.toLowerCase() === sender)
  if (refused) return { kind: 'oversized', answered: false }
  const verdict = await deps.limiter.allow(
    requesterAddressKey(sender, await deps.signingKey()),
    messageKey(messageIdentity(message)),
    deps.clock.now(),
    MAX_AUTOMATIC_REPLIES_PER_DAY,
  )
  if (verdict !== 'allowed') return { kind: 'oversized', answered: false }
  await deps.mailer.send(
    {
      id: 'oversized-answer',
      kind: 'oversized-answer',
      to: [sender],
      from: 'intake',
      ...(message.messageId ? { inReplyToReceived: message.messageId } : {}),
      ...deps.templates.oversizedAnswer({ formUrl: `${deps.publicUrl}/` }),
    },
    message.messageId
      ? { inReplyTo: { received: message.messageId }, references: [{ received: message.messageId }] }
      : undefined,
  )
  return { kind: 'oversized', answered: true }
}

/** Bytes that are not mail at all: a case all the same (nothing is lost), with the raw message as its attachment. */
async function fileUnreadable(received: ReceivedMail, deps: FileMessageDependencies): Promise<FilingOutcome> {
  const identity = `raw:${received.key}`
  const reference = derivedReference(identity)
  if ((await deps.cases.getCase(reference)) !== undefined) return { kind: 'duplicate', reference }
  const raw = received.raw ?? new Uint8Array()
  const record: AttachmentRecord = {
    id: `${messageKey(identity)}-raw`,
    name: 'bericht.eml',
    type: 'message/rfc822',
    size: raw.byteLength,
    key: `cases/${reference}/${messageKey(identity)}-raw`,
  }
  await deps.store.put(record.key, raw, 'application/octet-stream')
  const now = deps.clock.now()
  await deps.cases.createCase({
    ...newCaseEnvelope({ reference, now, urgency: 'normal', retentionDays: deps.caseRetentionDays }),
    channel: 'email',
    mail: {
      to: [],
      cc: [],
      subject: '',
      text: '',
      attachments: [record],
      verdicts: {},
      unreadable: true,
      noAutoReply: 'unreadable',
    },
  })
  return { kind: 'new-case', reference, acknowledged: false }
}

/**
 * What the case keeps of the message. A DynamoDB item holds at most 400 KB: text beyond MAX_ITEM_TEXT_BYTES stays in
 * the item cut short (with a note) and whole as the attachment `bericht.txt`; HTML that large is kept only as text.
 */
function mailContent(
  message: InboundMessage,
  attachments: AttachmentRecord[],
): Omit<MailContent, 'verdicts'> & {
  verdicts: MailContent['verdicts']
} {
  const fullText = attachments.find((attachment) => attachment.id.endsWith(`-${FULL_TEXT_ID}`))
  const html = message.html && Buffer.byteLength(message.html, 'utf8') <= MAX_ITEM_TEXT_BYTES ? message.html : undefined
  return {
    ...(message.messageId ? { messageId: message.messageId } : {}),
    ...(message.from ? { from: message.from } : {}),
    ...(message.returnPath !== undefined ? { returnPath: message.returnPath } : {}),
    to: message.to,
    cc: message.cc,
    ...(message.date ? { date: message.date } : {}),
    subject: message.subject,
    text: fullText ? `${cutToBytes(message.text, MAX_ITEM_TEXT_BYTES)}\n\n${TEXT_CUT_NOTE}` : message.text,
    ...(html ? { html } : {}),
    attachments,
    verdicts: message.verdicts,
  }
}

/** Keeps whole characters only, up to `bytes` of UTF-8. */
function cutToBytes(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8').subarray(0, bytes)
  return new TextDecoder('utf-8', { fatal: false }).decode(encoded).replace(/\uFFFD$/, '')
}

/** Attachments go to the object store beside the message, never mailed on, never opened. Stored before the case. */
async function storeAttachments(
  reference: string,
  key: string,
  message: InboundMessage,
  deps: FileMessageDependencies,
) {
  const records: AttachmentRecord[] = []
  if (Buffer.byteLength(message.text, 'utf8') > MAX_ITEM_TEXT_BYTES) {
    const content = Buffer.from(message.text, 'utf8')
    const id = `${key}-${FULL_TEXT_ID}`
    const record = {
      id,
      name: 'bericht.txt',
      type: 'text/plain',
      size: content.byteLength,
      key: `cases/${reference}/${id}`,
    }
    await deps.store.put(record.key, content, 'application/octet-stream')
    records.push(record)
  }
  for (const attachment of message.attachments) {
    const id = `${key}-${attachment.id}`
    const record = {
      id,
      name: attachment.name,
      type: attachment.type,
      size: attachment.size,
      key: `cases/${reference}/${id}`,
    }
    await deps.store.put(record.key, attachment.content, 'application/octet-stream')
    records.push(record)
  }
  return records
}

const quarantined = (message: InboundMessage) => message.verdicts.virus === 'FAIL'

/** A short key for the message within its case (ids of its attachments, message and events derive from it). */
function messageKey(identity: string): string {
  return sha256Hex(identity).slice(0, 16)
}
