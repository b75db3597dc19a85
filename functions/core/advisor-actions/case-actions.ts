/**
 * What an advisor does with a case in the workspace: acknowledge, reply, note, assign, pause, resume, close. Every
 * state change goes through `changeCase` (optimistic locking, retried), messages are append-only, and mail goes
 * through the case's outbox: stored first, sent by the workflow after (retried there).
 *
 * A change the workflow must act on at once — mail to deliver, clocks that moved or stopped — starts the next
 * workflow run in the same write (`nextWorkflowRun`); anything the new run must find (queued mail) is written
 * before that write.
 */

import {
  AWAITING_ACKNOWLEDGEMENT,
  type Case,
  type CaseMessage,
  hasFollowUpBox,
  OUTCOMES,
  type Outcome,
  requesterAddress,
  requesterLanguage,
} from '../cases/case.ts'
import { changeCase, nextWorkflowRun } from '../cases/change-case.ts'
import { REQUESTER_TYPES, SECTORS, TOPICS } from '../cases/web-request.ts'
import { type CaseWorkflowDependencies, pausedBusinessMinutes, planFor } from '../deadlines/case-workflow.ts'
import { clockRunning } from '../deadlines/deadline-steps.ts'
import { revokedLinks } from '../links/action-token.ts'
import { caseLink, caseSummary } from '../mail/notifications.ts'
import type { CaseChanges } from '../ports/stores.ts'
import type { Advisor, AdvisorRole } from '../roster/roster.ts'
import { acknowledgeLinkMaker } from '../roster/route-case.ts'
import { CaseNotFoundError, CaseStateConflictError, ForbiddenError, ValidationError } from '../shared/errors.ts'
import { textProblem } from '../shared/text-rules.ts'
import { parseOffsetDateTime } from '../shared/zoned-time.ts'

/** The signed-in staff member as the use cases see them: a roster id and the roles their sign-in grants. */
export interface ActingAdvisor {
  id: string
  roles: AdvisorRole[]
}

export type CaseActionDependencies = CaseWorkflowDependencies

/** Advisor texts (replies, notes, pause reasons): stored exactly, so what cannot be stored faithfully is refused. */
export const ADVISOR_TEXT_MAX_LENGTH = 10_000

/**
 * The advisor as the roster in force knows them. A sign-in alone is not enough: someone taken off the roster (left
 * MAR, on leave for good) can no longer work cases even with a valid token.
 */
export async function rosterMember(actor: ActingAdvisor, deps: Pick<CaseActionDependencies, 'rosters'>) {
  if (actor.roles.length === 0) throw new ForbiddenError()
  const roster = await deps.rosters.getRoster()
  const member = roster?.advisors.find((advisor) => advisor.id === actor.id)
  if (member === undefined) throw new ForbiddenError()
  return { member, roster: roster as NonNullable<typeof roster> }
}

export function checkedText(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError({ [field]: 'Vul een tekst in.' })
  const problem =
    value.trim() === ''
      ? 'too_short'
      : textProblem(value, { multiline: true, maxLength: ADVISOR_TEXT_MAX_LENGTH, minVisible: 1 })
  if (problem === undefined) return value
  const messages = {
    not_unicode: 'De tekst bevat tekens die niet opgeslagen kunnen worden.',
    control_characters: 'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.',
    too_long: `De tekst is langer dan ${ADVISOR_TEXT_MAX_LENGTH} tekens.`,
    too_short: 'Vul een tekst in.',
  }
  throw new ValidationError({ [field]: messages[problem] })
}

function refuseIfClosed(current: Case): void {
  if (current.status === 'closed') throw new CaseStateConflictError('case_closed', 'The case is closed.')
}

/** A message id that sorts by time and is unique within the case. */
function messageId(now: Date, deps: Pick<CaseActionDependencies, 'randomBytes'>): string {
  const suffix = Buffer.from(deps.randomBytes(4)).toString('hex')
  return `${now.toISOString()}-${suffix}`
}

/** The changes that acknowledge a case for an advisor; a waiting case becomes theirs. */
export function acknowledgement(current: Case, advisorId: string, now: Date) {
  return {
    status: 'acknowledged' as const,
    acknowledgedAt: now.toISOString(),
    acknowledgedBy: advisorId,
    ...(current.assignee === undefined ? { assignee: advisorId } : {}),
  }
}

export type AcknowledgeOutcome =
  | { kind: 'acknowledged'; reference: string; advisorId: string }
  /** Acknowledged before (by this advisor or another), answered or closed: nothing changes. */
  | { kind: 'already'; reference: string; status: Case['status'] }

/** Use case: an advisor acknowledges a case (from the workspace or the one-click link). Repeating it changes nothing. */
export async function acknowledgeAs(
  reference: string,
  advisorId: string,
  deps: Pick<CaseActionDependencies, 'cases' | 'clock'>,
): Promise<AcknowledgeOutcome> {
  const now = deps.clock.now()
  const { stored, changed } = await changeCase(deps.cases, reference, (current) =>
    AWAITING_ACKNOWLEDGEMENT.includes(current.status) ? acknowledgement(current, advisorId, now) : undefined,
  )
  if (!changed) return { kind: 'already', reference, status: stored.status }
  await deps.cases.recordEvent(reference, {
    id: 'acknowledged',
    at: now.toISOString(),
    type: 'acknowledged',
    advisorId,
  })
  return { kind: 'acknowledged', reference, advisorId }
}

/** Use case: acknowledge from the workspace; unlike the link, saying so twice is a conflict the advisor should see. */
export async function acknowledgeFromWorkspace(reference: string, actor: ActingAdvisor, deps: CaseActionDependencies) {
  await rosterMember(actor, deps)
  const outcome = await acknowledgeAs(reference, actor.id, deps)
  if (outcome.kind === 'already') {
    if (outcome.status === 'closed') throw new CaseStateConflictError('case_closed', 'The case is closed.')
    throw new CaseStateConflictError('already_acknowledged', 'The case was acknowledged already.')
  }
  return { reference, status: 'acknowledged' as const }
}

/**
 * Use case: an advisor answers the requester. The text is kept as a message on the case and queued as a mail from
 * the intake address, threaded under the acknowledgement — or, for an anonymous web request, left in its follow-up
 * box, where the receipt holder reads it; the case is answered (which acknowledges it too) and the respond clock
 * stops.
 */
export async function replyToRequester(
  reference: string,
  actor: ActingAdvisor,
  body: unknown,
  deps: CaseActionDependencies,
): Promise<{ reference: string; status: Case['status']; message: CaseMessage; via: 'mail' | 'follow-up' }> {
  await rosterMember(actor, deps)
  const text = checkedText('text', actionBody(body, ['text']).text)
  const current = await deps.cases.getCase(reference)
  if (current === undefined) throw new CaseNotFoundError()
  refuseIfClosed(current)
  const address = requesterAddress(current)
  // An anonymous web request has no address but a follow-up box: the answer waits there for the receipt holder.
  const intoBox = address === undefined && hasFollowUpBox(current)
  if (address === undefined && !intoBox) {
    throw new CaseStateConflictError(
      'no_mail_address',
      'The requester left no e-mail address: call them, and record the call as a note.',
    )
  }
  const now = deps.clock.now()
  const id = messageId(now, deps)
  const mailId = `reply:${id}`
  const message: CaseMessage = {
    id,
    kind: 'reply',
    author: 'advisor',
    advisorId: actor.id,
    text,
    at: now.toISOString(),
    ...(address === undefined ? {} : { mailId }),
  }
  await deps.cases.addMessage(reference, message, current.retainUntil)
  if (address !== undefined) {
    await deps.outbox.enqueue(
      reference,
      {
        id: mailId,
        kind: 'reply',
        to: [address],
        from: 'intake',
        inReplyToMailId: 'requester-acknowledgement',
        ...(current.channel === 'email' && current.mail.messageId ? { inReplyToReceived: current.mail.messageId } : {}),
        ...deps.templates.reply({ reference, language: requesterLanguage(current), text }),
      },
      now,
    )
  }
  const { stored } = await withdrawnOnRefusal(deps, reference, intoBox ? undefined : mailId, () =>
    changeCase(deps.cases, reference, (latest) => {
      refuseIfClosed(latest)
      return {
        ...(AWAITING_ACKNOWLEDGEMENT.includes(latest.status) ? acknowledgement(latest, actor.id, now) : {}),
        status: 'answered',
        ...(latest.answeredAt === undefined ? { answeredAt: now.toISOString(), answeredBy: actor.id } : {}),
        // Answered, no clock runs: a pause that stood ends here, its time counted.
        ...(latest.pause
          ? { pause: undefined, pausedBusinessMinutes: pausedBusinessMinutes(latest, deps.calendar, now) }
          : {}),
        ...nextWorkflowRun(latest),
      }
    }),
  )
  if (stored.acknowledgedBy === actor.id && stored.acknowledgedAt === now.toISOString()) {
    await deps.cases.recordEvent(reference, {
      id: 'acknowledged',
      at: now.toISOString(),
      type: 'acknowledged',
      advisorId: actor.id,
    })
  }
  await deps.cases.recordEvent(reference, {
    id: `replied:${id}`,
    at: now.toISOString(),
    type: 'replied',
    advisorId: actor.id,
    detail: { messageId: id, via: intoBox ? 'follow-up' : 'mail' },
  })
  const { mailId: _mail, ...shown } = message
  return { reference, status: stored.status, message: shown, via: intoBox ? 'follow-up' : 'mail' }
}

/**
 * Runs the change that a queued mail depends on; when the change is refused (the case closed meanwhile, or it kept
 * changing), the mail is marked failed so no later run sends it, and the refusal goes on to the advisor.
 */
async function withdrawnOnRefusal<T>(
  deps: CaseActionDependencies,
  reference: string,
  mailId: string | undefined,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change()
  } catch (error) {
    if (error instanceof CaseStateConflictError && mailId !== undefined) {
      await deps.outbox.markFailed(reference, mailId, {
        reason: `withdrawn: ${error.code}`,
        failedAt: deps.clock.now(),
      })
    }
    throw error
  }
}

/** Use case: an internal note (a phone call, a consultation, a thought). Never mailed; allowed on any case. */
export async function addNote(reference: string, actor: ActingAdvisor, body: unknown, deps: CaseActionDependencies) {
  await rosterMember(actor, deps)
  const text = checkedText('text', actionBody(body, ['text']).text)
  const current = await deps.cases.getCase(reference)
  if (current === undefined) throw new CaseNotFoundError()
  const now = deps.clock.now()
  const id = messageId(now, deps)
  const message: CaseMessage = { id, kind: 'note', author: 'advisor', advisorId: actor.id, text, at: now.toISOString() }
  await deps.cases.addMessage(reference, message, current.retainUntil)
  await deps.cases.recordEvent(reference, {
    id: `note-added:${id}`,
    at: now.toISOString(),
    type: 'note-added',
    advisorId: actor.id,
    detail: { messageId: id },
  })
  return { reference, status: current.status, message }
}

/**
 * Use case: hand the case to another advisor on the roster. They are told (content-free, with a link to the case and,
 * while it waits for acknowledgement, a one-click acknowledge link); later reminders go to them.
 */
export async function assignCase(reference: string, actor: ActingAdvisor, body: unknown, deps: CaseActionDependencies) {
  const { roster } = await rosterMember(actor, deps)
  const { advisorId } = actionBody(body, ['advisorId'])
  const assignee = roster.advisors.find((advisor) => advisor.id === advisorId)
  if (assignee === undefined) throw new ValidationError({ advisorId: 'Kies een adviseur uit het rooster.' })
  const current = await deps.cases.getCase(reference)
  if (current === undefined) throw new CaseNotFoundError()
  refuseIfClosed(current)
  if (current.assignee === assignee.id) return { reference, status: current.status, assignee: assignee.id }

  const now = deps.clock.now()
  // Queued before the change that starts the next run, so that run finds it.
  const notice = await assignmentNotice(current, assignee, now, deps)
  await deps.outbox.enqueue(reference, notice, now)
  const { stored, changed } = await withdrawnOnRefusal(deps, reference, notice.id, () =>
    changeCase(deps.cases, reference, (latest) => {
      refuseIfClosed(latest)
      if (latest.assignee === assignee.id) return undefined
      return {
        assignee: assignee.id,
        ...(latest.status === 'received' || latest.status === 'unassigned'
          ? { status: 'assigned' as const, routedAt: latest.routedAt ?? now.toISOString() }
          : {}),
        // The former assignee's links (and everyone's sent before) stop working.
        ...revokedLinks(latest),
        ...nextWorkflowRun(latest),
      }
    }),
  )
  if (changed) {
    await deps.cases.recordEvent(reference, {
      id: `reassigned:${assignee.id}:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'reassigned',
      advisorId: assignee.id,
      detail: { by: actor.id, ...(current.assignee ? { from: current.assignee } : {}) },
    })
  }
  return { reference, status: stored.status, assignee: assignee.id }
}

async function assignmentNotice(current: Case, assignee: Advisor, now: Date, deps: CaseActionDependencies) {
  const awaiting = AWAITING_ACKNOWLEDGEMENT.includes(current.status)
  const plan = planFor(current, deps, now)
  // Of the generation the reassignment starts: it revokes the links sent before, this one works.
  const link = await acknowledgeLinkMaker({ ...current, ...revokedLinks(current) }, now, deps)
  // The routing's own id when this advisor was never told of the case: the new run's RouteCase, which derives its
  // assignment mail from the stored assignee, then finds it queued already. Someone told before (assigned back)
  // is told again, under an id bound to the version the assignment was decided on.
  const routingId = `assignment:${assignee.id}`
  const toldBefore = (await deps.outbox.get(current.reference, routingId)) !== undefined
  return {
    id: toldBefore ? `${routingId}:v${current.version}` : routingId,
    kind: 'assignment' as const,
    to: [assignee.email],
    ...deps.templates.assignment({
      summary: caseSummary(current),
      role: 'assignee',
      acknowledgeBy: plan.acknowledgeBy,
      ...(awaiting ? { acknowledgeUrl: link(assignee.id) } : {}),
      caseUrl: caseLink(deps.publicUrl, current.reference),
      timeZone: deps.timeZone,
    }),
  }
}

/**
 * Use case: stop the clocks while MAR waits for someone (a school, a colleague). No reminder or escalation comes
 * while paused; resuming moves every running deadline on by the business time the case was paused.
 */
export async function pauseCase(reference: string, actor: ActingAdvisor, body: unknown, deps: CaseActionDependencies) {
  await rosterMember(actor, deps)
  const fields = actionBody(body, ['reason', 'until'])
  const reason = checkedText('reason', fields.reason)
  const now = deps.clock.now()
  const until = optionalFutureMoment(fields.until, now)
  const { stored } = await changeCase(deps.cases, reference, (latest) => {
    refuseIfClosed(latest)
    if (latest.pause !== undefined) throw new CaseStateConflictError('already_paused', 'The case is paused already.')
    if (!clockRunning(latest, 'respond')) {
      throw new CaseStateConflictError('no_running_clock', 'No deadline runs for this case: there is nothing to pause.')
    }
    return {
      pause: { since: now.toISOString(), ...(until ? { until: until.toISOString() } : {}), reason, by: actor.id },
      ...nextWorkflowRun(latest),
    }
  })
  await deps.cases.recordEvent(reference, {
    id: `paused:${now.toISOString()}`,
    at: now.toISOString(),
    type: 'paused',
    advisorId: actor.id,
    ...(until ? { detail: { until: until.toISOString() } } : {}),
  })
  return { reference, status: stored.status, pause: stored.pause }
}

/**
 * Use case: the clocks run again, each deadline moved on by the business time the case was paused. By an advisor
 * (a new workflow run plans the moved deadlines), or by the workflow itself when the pause's `until` has come
 * (only if that pause still stands: a pause replaced since is left alone).
 */
export async function resumeCase(
  reference: string,
  by: ActingAdvisor | { by: 'workflow'; pausedUntil: string },
  deps: CaseActionDependencies,
) {
  const byWorkflow = 'by' in by
  if (!byWorkflow) await rosterMember(by, deps)
  const now = deps.clock.now()
  const { stored, changed } = await changeCase(deps.cases, reference, (latest) => {
    if (!byWorkflow) refuseIfClosed(latest)
    if (latest.pause === undefined || (byWorkflow && latest.pause.until !== by.pausedUntil)) {
      if (byWorkflow) return undefined
      throw new CaseStateConflictError('not_paused', 'The case is not paused.')
    }
    return {
      pause: undefined,
      pausedBusinessMinutes: pausedBusinessMinutes(latest, deps.calendar, now),
      ...(byWorkflow ? {} : nextWorkflowRun(latest)),
    }
  })
  if (changed) {
    await deps.cases.recordEvent(reference, {
      id: `resumed:${now.toISOString()}`,
      at: now.toISOString(),
      type: 'resumed',
      ...(byWorkflow ? {} : { advisorId: by.id }),
      detail: { pausedBusinessMinutes: Math.round(stored.pausedBusinessMinutes ?? 0) },
    })
  }
  return { reference, status: stored.status }
}

const CLASSIFICATION = {
  topic: TOPICS,
  urgency: ['normal', 'urgent'],
  requesterType: REQUESTER_TYPES,
  sector: SECTORS,
} as const

/**
 * Use case: an advisor classifies a case — a mail comes in without topic, requester type or sector, and any case may
 * turn out urgent or not. The clocks are planned anew from the new windows (a new workflow run).
 */
export async function classifyCase(
  reference: string,
  actor: ActingAdvisor,
  body: unknown,
  deps: CaseActionDependencies,
) {
  await rosterMember(actor, deps)
  const fields = actionBody(body, Object.keys(CLASSIFICATION) as Array<keyof typeof CLASSIFICATION>)
  const changes: Record<string, string> = {}
  const problems: Record<string, string> = {}
  for (const [name, allowed] of Object.entries(CLASSIFICATION)) {
    const value = fields[name as keyof typeof CLASSIFICATION]
    if (value === undefined) continue
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) changes[name] = value
    else problems[name] = `Kies een van: ${allowed.join(', ')}.`
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems)
  if (Object.keys(changes).length === 0) {
    throw new ValidationError({ _body: `Geef minstens één van: ${Object.keys(CLASSIFICATION).join(', ')}.` })
  }
  const now = deps.clock.now()
  const { stored } = await changeCase(deps.cases, reference, (latest) => {
    refuseIfClosed(latest)
    return { ...(changes as CaseChanges), ...nextWorkflowRun(latest) }
  })
  await deps.cases.recordEvent(reference, {
    id: `classified:${now.toISOString()}`,
    at: now.toISOString(),
    type: 'classified',
    advisorId: actor.id,
    detail: changes,
  })
  return { reference, status: stored.status, topic: stored.topic ?? null, urgency: stored.urgency }
}

/** Use case: close the case with its outcome. Its clocks stop and its workflow ends; nothing is sent after. */
export async function closeCase(reference: string, actor: ActingAdvisor, body: unknown, deps: CaseActionDependencies) {
  await rosterMember(actor, deps)
  const { outcome } = actionBody(body, ['outcome'])
  if (!OUTCOMES.includes(outcome as Outcome)) {
    throw new ValidationError({ outcome: `Kies een uitkomst: ${OUTCOMES.join(', ')}.` })
  }
  const now = deps.clock.now()
  const { stored } = await changeCase(deps.cases, reference, (latest) => {
    refuseIfClosed(latest)
    return {
      status: 'closed',
      closedAt: now.toISOString(),
      closedBy: actor.id,
      outcome: outcome as Outcome,
      pause: undefined,
      ...revokedLinks(latest),
      ...nextWorkflowRun(latest),
    }
  })
  await deps.cases.recordEvent(reference, {
    id: `closed:${now.toISOString()}`,
    at: now.toISOString(),
    type: 'closed',
    advisorId: actor.id,
    detail: { outcome: outcome as Outcome },
  })
  return { reference, status: stored.status }
}

/**
 * The fields of an action's JSON body. The body must be an object with no other fields than the action takes
 * (unknown ones are counted, never named: a name can carry data).
 */
export function actionBody<const K extends string>(body: unknown, fields: readonly K[]): Record<K, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError({ _body: 'Stuur een JSON-object.' })
  }
  const unknown = Object.keys(body).filter((key) => !(fields as readonly string[]).includes(key)).length
  if (unknown > 0)
    throw new ValidationError({ _body: `${unknown} onbekend(e) veld(en); toegestaan: ${fields.join(', ')}.` })
  return body as Record<K, unknown>
}

function optionalFutureMoment(value: unknown, now: Date): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const parsed = typeof value === 'string' ? parseOffsetDateTime(value)?.instant : undefined
  if (parsed === undefined) {
    throw new ValidationError({ until: 'Geef een datum en tijd met tijdzone, bijvoorbeeld 2027-01-15T09:00:00+01:00.' })
  }
  if (parsed.getTime() <= now.getTime()) throw new ValidationError({ until: 'Kies een moment in de toekomst.' })
  return parsed
}
