import { type Case, requesterAddress, requesterLanguage } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import { type CaseWorkflowDependencies, planFor } from '../deadlines/case-workflow.ts'
import { acknowledgeLinkMaker } from '../links/acknowledge-link.ts'
import { assignmentNotice } from '../mail/assignment-notice.ts'
import type { OutgoingMail } from '../mail/mail.ts'
import { caseLink, caseSummary } from '../mail/notifications.ts'
import { MAX_AUTOMATIC_REPLIES_PER_DAY, requesterAddressKey } from '../mail/requester-key.ts'
import type { CaseChanges } from '../ports/stores.ts'
import { sha256Hex } from '../shared/hash.ts'
import { nextShiftStart, onDutyAt } from './on-duty.ts'
import type { Advisor, Roster } from './roster.ts'

export type RoutingOutcome =
  | { kind: 'assigned'; reference: string; assignee: string }
  | { kind: 'unassigned'; reference: string }
  /** Acknowledged, answered or closed already: nothing to route. */
  | { kind: 'settled'; reference: string }

/** Routing reads the loads anew on each attempt; three are enough for the writers a new case has. */
const ROUTING_ATTEMPTS = 3

/**
 * Use case: route a new case, or a waiting one, to the primary on duty with the fewest open cases, and queue the
 * mail that goes with it. Safe to run again at any point: the decision is stored once (optimistic locking) and the
 * mail is derived from what was stored, with ids that make a second queueing a no-op.
 */
export async function routeCase(reference: string, deps: CaseWorkflowDependencies): Promise<RoutingOutcome> {
  const roster = await deps.rosters.getRoster()
  const now = deps.clock.now()
  const { stored: routed, changed } = await changeCase(
    deps.cases,
    reference,
    (current) => routingDecision(current, roster, now, deps),
    ROUTING_ATTEMPTS,
  )
  if (changed) {
    await recordWithheld(routed, now, deps)
    await deps.cases.recordEvent(
      reference,
      routed.status === 'assigned' && routed.assignee
        ? { id: `assigned:${routed.assignee}`, at: now.toISOString(), type: 'assigned', advisorId: routed.assignee }
        : { id: 'unassigned', at: now.toISOString(), type: 'unassigned' },
    )
  }
  await queueRoutingMail(routed, roster, deps)
  if (routed.status === 'assigned' && routed.assignee) return { kind: 'assigned', reference, assignee: routed.assignee }
  if (routed.status === 'unassigned') return { kind: 'unassigned', reference }
  return { kind: 'settled', reference }
}

/** Use case: at the start of a shift, hand every waiting case to the primary then on duty. */
export async function assignWaitingCases(deps: CaseWorkflowDependencies): Promise<RoutingOutcome[]> {
  const outcomes: RoutingOutcome[] = []
  for (const reference of await deps.cases.listUnassignedCases()) outcomes.push(await routeCase(reference, deps))
  return outcomes
}

/** The routing decision for the case as it is: to the least loaded primary on duty, or waiting; undefined: settled. */
async function routingDecision(
  current: Case,
  roster: Roster | undefined,
  now: Date,
  deps: CaseWorkflowDependencies,
): Promise<CaseChanges | undefined> {
  if (current.status !== 'received' && current.status !== 'unassigned') return undefined
  // Decided once, with the first routing, and kept on the case: a later run must not send it a day late.
  const acknowledgement = current.status === 'received' ? await acknowledgementDecision(current, now, deps) : {}
  const primaries = roster ? onDutyAt(roster, now).primaries : []
  if (primaries.length === 0) {
    if (current.status === 'unassigned') return undefined
    return { status: 'unassigned', routedAt: now.toISOString(), ...acknowledgement }
  }
  const assignee = await leastLoaded(primaries, deps)
  return { status: 'assigned', assignee: assignee.id, routedAt: now.toISOString(), ...acknowledgement }
}

/** Fewest open cases; among equals, a random pick, so nobody is first in line by the order of the roster. */
export async function leastLoaded(primaries: Advisor[], deps: CaseWorkflowDependencies): Promise<Advisor> {
  const loads = await Promise.all(primaries.map((advisor) => deps.cases.countOpenCasesAssignedTo(advisor.id)))
  const fewest = Math.min(...loads)
  const candidates = primaries.filter((_, index) => loads[index] === fewest)
  const [draw = 0] = deps.randomBytes(1)
  return candidates[draw % candidates.length] as Advisor
}

async function queueRoutingMail(routed: Case, roster: Roster | undefined, deps: CaseWorkflowDependencies) {
  const mails = await routingMail(routed, roster, deps)
  const now = deps.clock.now()
  for (const mail of mails) await deps.outbox.enqueue(routed.reference, mail, now)
}

async function routingMail(routed: Case, roster: Roster | undefined, deps: CaseWorkflowDependencies) {
  const plan = planFor(routed, deps)
  const summary = caseSummary(routed)
  const caseUrl = caseLink(deps.publicUrl, routed.reference)
  const mails: OutgoingMail[] = []
  const acknowledgeTo = acknowledgementAddress(routed)
  if (acknowledgeTo !== undefined) {
    mails.push({
      id: 'requester-acknowledgement',
      kind: 'requester-acknowledgement',
      to: [acknowledgeTo],
      // From the address people write to: a reply to the acknowledgement comes back to MAR and joins the case.
      from: 'intake',
      // A mail case's acknowledgement answers the mail, so the requester's client threads it.
      ...(routed.channel === 'email' && routed.mail.messageId ? { inReplyToReceived: routed.mail.messageId } : {}),
      ...deps.templates.requesterAcknowledgement({
        reference: routed.reference,
        language: requesterLanguage(routed),
        respondBy: plan.respondBy,
        timeZone: deps.timeZone,
      }),
    })
  }
  if (roster === undefined || routed.routedAt === undefined) return mails
  const routedAt = new Date(routed.routedAt)
  const link = await acknowledgeLinkMaker(routed, routedAt, deps)
  const duty = onDutyAt(roster, routedAt)
  const advisor = (id: string) => roster.advisors.find((candidate) => candidate.id === id)

  // Acknowledged, answered or closed: whoever did that knows the case, and a late routing must not alert anyone.
  if (routed.status !== 'unassigned' && routed.status !== 'assigned') return mails
  // One of a flood of new mail cases from one sender: the advisors hear of it in the flood's one summary
  // (core/mail/sender-flood.ts), not one notice per case. Urgent cases are never held back.
  if (routed.floodSummary !== undefined && routed.urgency !== 'urgent') return mails
  if (routed.status === 'unassigned') {
    const nextStart = nextShiftStart(roster, routedAt, 'primary')
    for (const coordinator of duty.coordinators) {
      mails.push({
        id: `unassigned-alert:${coordinator.id}`,
        kind: 'unassigned-alert',
        to: [coordinator.email],
        ...deps.templates.unassignedAlert({
          summary,
          acknowledgeBy: plan.acknowledgeBy,
          ...(nextStart ? { nextShiftStart: nextStart } : {}),
          acknowledgeUrl: link(coordinator.id),
          caseUrl,
          timeZone: deps.timeZone,
        }),
      })
    }
    return mails
  }
  const assignee = routed.assignee === undefined ? undefined : advisor(routed.assignee)
  // Handed over at a shift's start since (core/roster/handover.ts): the handover told its assignee, not routing.
  if (assignee && routed.assignedAt === undefined) {
    mails.push(
      assignmentNotice(
        routed,
        {
          id: `assignment:${assignee.id}`,
          kind: 'assignment',
          to: assignee,
          role: 'assignee',
          acknowledgeBy: plan.acknowledgeBy,
          acknowledgeUrl: link(assignee.id),
        },
        deps,
      ),
    )
  }
  if (routed.urgency === 'urgent') {
    const informed = [
      ...duty.backups.map((backup) => ({ advisor: backup, role: 'backup' as const })),
      ...duty.coordinators.map((coordinator) => ({ advisor: coordinator, role: 'coordinator' as const })),
    ]
    const seen = new Set(assignee ? [assignee.id] : [])
    for (const { advisor: recipient, role } of informed) {
      if (seen.has(recipient.id)) continue
      seen.add(recipient.id)
      mails.push(
        assignmentNotice(
          routed,
          {
            id: `urgent-alert:${recipient.id}`,
            kind: 'urgent-alert',
            to: recipient,
            role,
            acknowledgeBy: plan.acknowledgeBy,
            acknowledgeUrl: link(recipient.id),
          },
          deps,
        ),
      )
    }
  }
  return mails
}

/** Who gets the automatic acknowledgement: the requester's address, unless the cap or the mail channel decided no. */
function acknowledgementAddress(routed: Case): string | undefined {
  if (routed.acknowledgementWithheld !== undefined) return undefined
  if (routed.channel === 'email' && (routed.mail.noAutoReply !== undefined || routed.mail.quarantined)) return undefined
  return requesterAddress(routed)
}

/**
 * A web request's acknowledgement counts toward the cap on automatic mail per address that the mail channel keeps
 * (MAX_AUTOMATIC_REPLIES_PER_DAY in 24 hours, under a keyed hash of the address): anyone can type any address into
 * the form, and MAR must not become a way to mail someone. Beyond the cap the case is stored and routed as any
 * other, the advisor is told, and no acknowledgement goes. A mail case was decided when it was filed; a phone call's
 * address was taken down by an advisor.
 */
async function acknowledgementDecision(
  current: Case,
  now: Date,
  deps: CaseWorkflowDependencies,
): Promise<Pick<Case, 'acknowledgementWithheld'>> {
  const address = current.channel === 'web' ? requesterAddress(current) : undefined
  if (address === undefined) return {}
  const verdict = await deps.limiter.allow(
    requesterAddressKey(address, await deps.signingKey()),
    // Hashed: the cap's item outlives a purged case by up to a day and must not name it.
    sha256Hex(`acknowledgement:${current.reference}`).slice(0, 16),
    now,
    MAX_AUTOMATIC_REPLIES_PER_DAY,
  )
  return verdict === 'denied' ? { acknowledgementWithheld: 'daily-limit' } : {}
}

/** The audit trail says the acknowledgement was withheld, and why — never the address. */
async function recordWithheld(routed: Case, now: Date, deps: CaseWorkflowDependencies) {
  if (routed.acknowledgementWithheld === undefined) return
  await deps.cases.recordEvent(routed.reference, {
    id: 'acknowledgement-withheld',
    at: now.toISOString(),
    type: 'acknowledgement-withheld',
    detail: { reason: routed.acknowledgementWithheld },
  })
}
