import { AWAITING_ACKNOWLEDGEMENT, AWAITING_RESPONSE, type Case } from '../cases/case.ts'
import { changeCase } from '../cases/change-case.ts'
import { acknowledgeLinkMaker } from '../links/acknowledge-link.ts'
import type { OutgoingMail } from '../mail/mail.ts'
import { caseLink, caseSummary } from '../mail/notifications.ts'
import { floodSummaryStep, sendFloodSummary } from '../mail/sender-flood.ts'
import type { DeadlineMetrics } from '../ports/metrics.ts'
import { handOver, plannedHandover } from '../roster/handover.ts'
import { isOnDutyAt, nextShiftStart, onDutyAt } from '../roster/on-duty.ts'
import type { Advisor } from '../roster/roster.ts'
import { routeCase } from '../roster/route-case.ts'
import { advisorReminderSteps, sendAdvisorReminder } from './advisor-reminders.ts'
import { type CaseWorkflowDependencies, planFor } from './case-workflow.ts'
import type { DeadlineClock } from './deadlines.ts'
import { resumeWhenPauseEnds } from './pause.ts'

/** One moment at which the workflow wakes up for a case: a rung of a deadline ladder, or a shift start. */
export interface WorkflowStep {
  /** Unique within the case: the workflow remembers the ids it has run. */
  id: string
  kind: 'reminder' | 'breach' | 'escalation' | 'assign' | 'resume' | 'flood-summary' | 'handover' | 'advisor-reminder'
  clock?: DeadlineClock
  /** ISO 8601, UTC: when the step is due. */
  at: string
}

export type DeadlineDependencies = CaseWorkflowDependencies & { metrics: DeadlineMetrics }

/** A step's id; a later round of the respond clock (the requester wrote again) has ids of its own. */
function stepId(source: Pick<Case, 'respondRound'>, step: string, clock: DeadlineClock): string {
  const round = source.respondRound ?? 1
  return clock === 'respond' && round > 1 ? `${step}:${clock}#${round}` : `${step}:${clock}`
}

export function clockRunning(source: Pick<Case, 'status'>, clock: DeadlineClock): boolean {
  return (clock === 'acknowledge' ? AWAITING_ACKNOWLEDGEMENT : AWAITING_RESPONSE).includes(source.status)
}

/**
 * Use case: the next moment the workflow must wake up for a case, or none when every clock has stopped.
 * Steps already run (`done`) are skipped; a step whose time has passed is returned as due at once.
 */
export async function planNextStep(
  reference: string,
  done: readonly string[],
  deps: CaseWorkflowDependencies,
): Promise<WorkflowStep | undefined> {
  const current = await deps.cases.getCase(reference)
  if (current === undefined || current.status === 'closed') return undefined
  const paused = current.pause
  // Paused: no deadline step runs until it resumes — by itself at `until`, or by an advisor (a new run). A waiting
  // case is still handed to the next shift.
  const candidates: WorkflowStep[] = planFor(current, deps)
    .steps.filter((step) => paused === undefined && clockRunning(current, step.clock))
    .map((step) => ({
      id: stepId(current, step.step, step.clock),
      kind: step.step,
      clock: step.clock,
      at: step.at.toISOString(),
    }))
  // The roster only where the shifts decide a step: a waiting case's assignment, an unacknowledged one's handover.
  const roster =
    current.status === 'unassigned' || current.status === 'assigned' ? await deps.rosters.getRoster() : undefined
  const now = deps.clock.now()
  if (current.status === 'unassigned') {
    // A shift that is already under way counts: the case is then due for assignment right away.
    const shiftStart =
      roster && (onDutyAt(roster, now).primaries.length > 0 ? now : nextShiftStart(roster, now, 'primary'))
    if (shiftStart)
      candidates.push({ id: `assign:${shiftStart.toISOString()}`, kind: 'assign', at: shiftStart.toISOString() })
  }
  // Unacknowledged: handed over when the assignee's time on duty ends (core/roster/handover.ts), paused or not.
  const handover = plannedHandover(current, roster, now, deps)
  if (handover) candidates.push({ id: handover.id, kind: 'handover', at: handover.at.toISOString() })
  // Reminders advisors set: at their moment, whatever the clocks do (a pause does not move them).
  candidates.push(...advisorReminderSteps(current).map((step) => ({ ...step, kind: 'advisor-reminder' as const })))
  if (paused?.until) candidates.push({ id: `resume:${paused.until}`, kind: 'resume', at: paused.until })
  // The one summary notice of a flood of new mail cases, at the end of its window (core/mail/sender-flood.ts).
  const summary = floodSummaryStep(current)
  if (summary) candidates.push({ ...summary, kind: 'flood-summary' })
  const ordered = candidates
    // A shift's start first: whoever holds the case then gets what falls due at the same moment.
    .map((step, order) => ({ step, order: step.kind === 'assign' || step.kind === 'handover' ? -1 : order }))
    .sort((a, b) => a.step.at.localeCompare(b.step.at) || a.order - b.order)
  return ordered.find(({ step }) => !done.includes(step.id))?.step
}

/**
 * Use case: do what a step asks, if its clock still runs: remind the assignee (75 %), record the breach and alert
 * the backup on duty or the coordinators (100 %), alert every coordinator (150 %), or assign a waiting case at the
 * start of a shift. Mail is queued with ids derived from the step, so running a step twice sends nothing twice.
 */
export async function runStep(
  reference: string,
  step: WorkflowStep,
  deps: DeadlineDependencies,
): Promise<'ran' | 'not-due'> {
  if (step.kind === 'assign') {
    await routeCase(reference, deps)
    return 'ran'
  }
  if (step.kind === 'resume') {
    await resumeWhenPauseEnds(reference, step.at, deps)
    return 'ran'
  }
  if (step.kind === 'flood-summary') {
    await sendFloodSummary(reference, deps)
    return 'ran'
  }
  if (step.kind === 'handover') return handOver(reference, step, deps)
  if (step.kind === 'advisor-reminder') return sendAdvisorReminder(reference, step, deps)
  const current = await deps.cases.getCase(reference)
  if (current === undefined || step.clock === undefined || !clockRunning(current, step.clock)) return 'ran'
  const clock = step.clock
  const plan = planFor(current, deps)
  const now = deps.clock.now()
  // Planned before a pause moved it on (or while one lasts): not done, so the next plan offers it at its new time.
  const planned = plan.steps.find((candidate) => candidate.clock === clock && candidate.step === step.kind)
  if (current.pause !== undefined || (planned !== undefined && planned.at.getTime() > now.getTime())) return 'not-due'
  const dueAt = clock === 'acknowledge' ? plan.acknowledgeBy : plan.respondBy
  const roster = await deps.rosters.getRoster()
  // Who is told is decided by the roster at the step's own moment, not by when it runs: a retry, or a run that
  // comes late (a restart, an outage), tells the same people, and the mail ids make the second telling a no-op.
  const dueMoment = new Date(step.at)
  const duty = roster ? onDutyAt(roster, dueMoment) : { primaries: [], backups: [], coordinators: [] }
  const assignee = roster?.advisors.find((advisor) => advisor.id === current.assignee)

  let recipients: Advisor[]
  if (step.kind === 'reminder') {
    recipients = assignee ? [assignee] : duty.coordinators
  } else if (step.kind === 'breach') {
    await recordBreach(current, clock, dueAt, deps)
    recipients = duty.backups.length > 0 ? duty.backups : duty.coordinators
  } else {
    recipients = duty.coordinators
  }
  // An acknowledged case stays with its advisor; while they are off duty, the primary on duty stands in and is told
  // too, in a mail that says so.
  const standIns =
    step.kind !== 'escalation' &&
    roster !== undefined &&
    assignee !== undefined &&
    !AWAITING_ACKNOWLEDGEMENT.includes(current.status) &&
    !isOnDutyAt(roster, assignee.id, dueMoment)
      ? duty.primaries.filter((primary) => !recipients.some((recipient) => recipient.id === primary.id))
      : []

  const acknowledgeLink = await acknowledgeLinkMaker(current, now, deps)
  const summary = caseSummary(current)
  const caseUrl = caseLink(deps.publicUrl, reference)
  for (const recipient of [...recipients, ...standIns]) {
    const standIn = standIns.includes(recipient)
    const acknowledgeUrl = clock === 'acknowledge' ? acknowledgeLink(recipient.id) : undefined
    const mail: OutgoingMail = {
      id: `${step.id}:${recipient.id}`,
      kind: step.kind === 'reminder' ? 'reminder' : step.kind === 'breach' ? 'breach-alert' : 'escalation',
      to: [recipient.email],
      ...deps.templates.deadline({
        summary,
        step: step.kind,
        clock,
        dueAt,
        ...(acknowledgeUrl ? { acknowledgeUrl } : {}),
        caseUrl,
        timeZone: deps.timeZone,
        ...(standIn ? { standIn: true } : {}),
      }),
    }
    await deps.outbox.enqueue(reference, mail, now)
  }
  return 'ran'
}

async function recordBreach(current: Case, clock: DeadlineClock, dueAt: Date, deps: DeadlineDependencies) {
  const recordedAt = deps.clock.now().toISOString()
  const { changed } = await changeCase(deps.cases, current.reference, (latest) =>
    latest.breaches?.some((breach) => breach.clock === clock && breach.dueAt === dueAt.toISOString())
      ? undefined
      : { breaches: [...(latest.breaches ?? []), { clock, dueAt: dueAt.toISOString(), recordedAt }] },
  )
  if (!changed) return
  await deps.cases.recordEvent(current.reference, {
    id: `breach:${clock}:${dueAt.toISOString()}`,
    at: recordedAt,
    type: 'deadline-breached',
    detail: { clock, dueAt: dueAt.toISOString() },
  })
  deps.metrics.deadlineBreached(clock)
}
