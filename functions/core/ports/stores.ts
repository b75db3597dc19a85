import type { Case, CaseEvent, CaseMessage, Channel, Outcome } from '../cases/case.ts'
import type { SigningKeys } from '../links/action-token.ts'
import type { OutboxEntry } from '../mail/mail.ts'
import type { Roster } from '../roster/roster.ts'
import type { CaseStatisticsRecord } from '../statistics/statistics-record.ts'
import type { ReplyTemplate } from '../templates/reply-template.ts'

/** A claim on an Idempotency-Key: whoever claims first decides the reference every repeat will get. */
export interface IdempotencyRecord {
  keyHash: string
  reference: string
  /** Hash of the request body: a repeat with another body is refused, not answered with someone else's case. */
  fingerprint: string
  expiresAt: string
}

/** What a use case may change on a stored case; the rest is as submitted. */
export type CaseChanges = Partial<
  Pick<
    Case,
    | 'status'
    | 'assignee'
    | 'routedAt'
    | 'assignedAt'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'breaches'
    | 'answeredAt'
    | 'answeredBy'
    | 'pause'
    | 'pausedBusinessMinutes'
    | 'closedAt'
    | 'closedBy'
    | 'outcome'
    | 'duplicateOf'
    | 'duplicates'
    | 'workflowRun'
    | 'topic'
    | 'urgency'
    | 'requesterType'
    | 'sector'
    | 'respondRound'
    | 'respondFrom'
    | 'linkGeneration'
    | 'acknowledgementWithheld'
    | 'requesterAddressBounced'
    | 'requesterNotice'
    | 'reminders'
  >
> & { receiptHash?: string }

/** Everything kept under one case, read at once: the case, its audit trail, its messages and how its mail fared. */
export interface CaseFile {
  case: Case
  events: CaseEvent[]
  messages: CaseMessage[]
  /** The outbox without its content: which mail went out, and with which Message-ID. */
  mail: Array<Pick<OutboxEntry, 'id' | 'kind' | 'status' | 'messageId' | 'sentAt'>>
}

export interface CaseRepository {
  /** Stores a new case unless one with its reference exists; says which happened. */
  createCase(newCase: Case): Promise<'created' | 'exists'>
  getCase(reference: string): Promise<Case | undefined>
  /**
   * Stores `current` with the changes, unless someone changed the case since `current` was read
   * (optimistic locking on `version`). Returns the stored case, or undefined when it lost the race.
   */
  updateCase(current: Case, changes: CaseChanges): Promise<Case | undefined>
  /** Appends to the case's audit trail; recording an event id that is there already changes nothing. */
  recordEvent(reference: string, event: CaseEvent): Promise<void>
  listEvents(reference: string): Promise<CaseEvent[]>
  /** Appends a message; storing a message id that is there already changes nothing. It expires with its case. */
  addMessage(reference: string, message: CaseMessage, retainUntil: string): Promise<void>
  /** The case with its events, messages (both oldest first) and mail states, in one read; undefined if none. */
  getCaseFile(reference: string): Promise<CaseFile | undefined>
  /** Every case that is not closed (from an index, never a scan), oldest first. */
  listOpenCases(): Promise<Case[]>
  /** Every closed case still kept (from an index, never a scan), closed last first: the list's fields only. */
  listClosedCases(): Promise<Case[]>
  /**
   * Cases, open and closed, indexed under every one of the search terms (core/search/search-terms.ts), newest first, at
   * most `limit`: the list's fields only. The index dies with its case: an erased or purged case is never found.
   */
  findCasesByTerms(terms: readonly string[], limit: number): Promise<Case[]>
  /** Cases assigned to the advisor that are not answered or closed. */
  countOpenCasesAssignedTo(advisorId: string): Promise<number>
  /** References of cases waiting for an advisor, oldest first. */
  listUnassignedCases(): Promise<string[]>
  /**
   * Claims the key for this record unless an unexpired claim exists (expiry judged at `now`);
   * returns the claim in force: the given record when it won, the earlier one otherwise.
   */
  claimIdempotencyKey(record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord>
  /** Gives up a claim this caller made (only if it still names this reference). */
  releaseIdempotencyKey(keyHash: string, reference: string): Promise<void>
}

export interface RosterRepository {
  getRoster(): Promise<Roster | undefined>
  saveRoster(roster: Roster, savedAt: Date): Promise<void>
}

/**
 * The keys of one-click action links (Secrets Manager in AWS, a file under DATA_DIR locally): the current one, and
 * the one before it while links made with it may still be in mail. The current one also keys the hash of requester
 * addresses (requester-key.ts).
 */
export type SigningKeySource = () => Promise<SigningKeys>

/**
 * The search index's secret (Secrets Manager in AWS, a file under DATA_DIR locally): the key of the hashes the index
 * holds instead of terms (core/search/search-terms.ts). Never rotated: a new key would leave every case indexed before
 * it unfindable.
 */
export type SearchKeySource = () => Promise<Uint8Array>

/**
 * Failed attempts to open a follow-up box, per reference (a hash of it), in a window that starts with the first
 * failure and lasts `windowMs`. `count` is taken before the receipt is checked and given back when it was right, so
 * guesses sent at the same moment cannot slip past the limit.
 */
export interface FollowUpAttempts {
  /** Counts one attempt; returns the attempts in the window now running (this one included) and when it started. */
  count(key: string, now: Date, windowMs: number): Promise<{ attempts: number; windowStart: Date }>
  /** The attempt succeeded: it does not count. */
  giveBack(key: string): Promise<void>
}

/** Raw mail and attachments (S3 in AWS, a folder under DATA_DIR locally). Keys are ours: no user input in them. */
export interface ObjectStore {
  get(key: string): Promise<Uint8Array>
  put(key: string, content: Uint8Array, contentType: string): Promise<void>
  delete(key: string): Promise<void>
}

/** Which case a Message-ID belongs to: every mail MAR sent or received for a case, so replies find their case. */
export interface MessageThreads {
  /** Links the Message-ID (without angle brackets) to the case; an id linked already keeps its first case. */
  link(messageId: string, reference: string): Promise<void>
  find(messageId: string): Promise<string | undefined>
  /** Records that the raw message stored under `key` was filed with the case: the retention purge deletes it too. */
  linkRawMail(key: string, reference: string): Promise<void>
}

/**
 * The cap on automatic replies per sender (a hash of the address, never the address) in any 24 hours. Asking again
 * for the same message gives the first answer ('already' when it was allowed), so a retried filing sends nothing
 * twice.
 */
export interface AutoReplyLimiter {
  allow(senderKey: string, messageKey: string, now: Date, limit: number): Promise<'allowed' | 'already' | 'denied'>
  /**
   * Records a new mail case of a sender (the same key) in its hour: within `allowance` cases in the last hour it is
   * one of the allowed; beyond, it is excess, grouped under a summary whose holder (the first excess case of the
   * group) tells the advisors once, at `dueAt` (`summaryWindowMs` after the group began). Recording the same
   * reference again gives the first answer.
   */
  recordNewCase(
    senderKey: string,
    reference: string,
    now: Date,
    limits: { allowance: number; windowMs: number; summaryWindowMs: number },
  ): Promise<NewCaseVerdict>
  /** The references grouped under a summary holder (the holder first), oldest first. */
  excessCases(senderKey: string, holder: string): Promise<string[]>
}

export type NewCaseVerdict = { excess: false } | { excess: true; summary: { holder: string; dueAt: string } }

/**
 * The anonymised statistics records, one per case (statistics.ts), kept apart from the cases so the figures outlive
 * the retention purge; and an index of the months that have records, so a reader never scans.
 */
export interface CaseStatisticsStore {
  /** Stores the record, replacing the case's earlier one, unless the stored one is from a newer image ('stale'). */
  put(record: CaseStatisticsRecord): Promise<'stored' | 'stale'>
  /** Adds a month (`YYYY-MM`) to the index of months that have records; adding it again changes nothing. */
  addMonth(month: string): Promise<void>
  /** The months that have records, oldest first. */
  months(): Promise<string[]>
  /** Every record of one month (one Query, paginated). */
  recordsOf(month: string): Promise<CaseStatisticsRecord[]>
}

/** What is left of a removed case: enough to answer "what happened to MAR-…?", nothing about anyone. */
export interface Tombstone {
  reference: string
  channel: Channel
  createdAt: string
  closedAt?: string
  outcome?: Outcome
  /** Its retention ran out (the scheduled purge), or a coordinator erased it. */
  removal: 'retention' | 'erased'
  removedAt: string
  /** Roster id of the coordinator who erased it. */
  erasedBy?: string
  /** Exports after the removal: who and when. */
  audit: Array<{ at: string; type: 'exported'; advisorId: string }>
  /** After this moment the tombstone itself is deleted (DynamoDB TTL). */
  expiresAt: string
}

/** The retention purge's view of the table: due cases from an index, links, deletes, tombstones. */
export interface CaseRetentionStore {
  /** References of closed cases closed before `moment`, oldest first (an index, never a scan). */
  closedBefore(moment: Date): Promise<string[]>
  /** Object keys of the raw messages filed with the case (MessageThreads.linkRawMail). */
  rawMailKeys(reference: string): Promise<string[]>
  /**
   * Deletes every item of the case: what it links to under other keys (Message-ID links, its idempotency claim, its
   * follow-up attempts) first, then its own items, the case item last. Returns how many items went.
   */
  deleteCase(reference: string, related: { idempotencyKeyHash?: string; followUpAttemptsKey: string }): Promise<number>
  getTombstone(reference: string): Promise<Tombstone | undefined>
  /** Stores the tombstone unless one exists (the first removal stands); returns the one in force. */
  putTombstone(tombstone: Tombstone): Promise<Tombstone>
  /** Adds an entry to the tombstone's audit list. */
  auditTombstone(reference: string, entry: Tombstone['audit'][number]): Promise<void>
}

/**
 * The reply templates (TEMPLATES / TEMPLATE#<id> in the case table). Until the set is first written it holds nothing
 * and MAR's starter templates stand in for it (core/templates/reply-templates.ts); the first change writes them.
 */
export interface ReplyTemplateStore {
  /** Every stored template; undefined while the set was never written. */
  list(): Promise<ReplyTemplate[] | undefined>
  /** Writes each template unless one with its id is stored, then marks the set as written. */
  seed(templates: readonly ReplyTemplate[]): Promise<void>
  /** Stores the template, replacing the one with its id. */
  put(template: ReplyTemplate): Promise<void>
  /** Deletes one; says whether it was there. */
  delete(id: string): Promise<boolean>
}
