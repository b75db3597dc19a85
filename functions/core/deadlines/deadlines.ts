/**
 * When MAR must acknowledge and respond to a case, and the ladder of reminders, breaches and escalations on the way:
 * each step a percentage of its window, measured in business time from the moment the clocks start.
 */
import type { BusinessCalendar } from './business-calendar.ts'

export type DeadlineClock = 'acknowledge' | 'respond'

/** One kind of case's windows, in business hours. */
export interface ResponseWindow {
  acknowledgeHours: number
  respondHours: number
}

export interface ResponseWindows {
  /** A case in immediate danger, whatever its topic. */
  urgent: ResponseWindow
  case: ResponseWindow
  question: ResponseWindow
  training: ResponseWindow
}

export const DEFAULT_RESPONSE_WINDOWS: ResponseWindows = Object.freeze({
  urgent: Object.freeze({ acknowledgeHours: 1, respondHours: 8 }),
  case: Object.freeze({ acknowledgeHours: 4, respondHours: 16 }),
  question: Object.freeze({ acknowledgeHours: 8, respondHours: 40 }),
  training: Object.freeze({ acknowledgeHours: 8, respondHours: 40 }),
})

export interface DeadlineStep {
  clock: DeadlineClock
  step: 'reminder' | 'breach' | 'escalation'
  percent: 75 | 100 | 150
  at: Date
}

export interface DeadlineInput {
  receivedAt: Date
  urgency: 'normal' | 'urgent'
  topic: 'question' | 'case' | 'training'
  /** Business minutes the case was paused: every step moves on by this much business time. */
  pausedMinutes?: number
  /** When the respond clock (re)started, if not at receipt: a requester who wrote again after an answer. */
  respondFrom?: Date
}

export interface DeadlinePlan {
  /** The first business moment at or after receipt: both clocks start here. */
  startsAt: Date
  acknowledgeBy: Date
  respondBy: Date
  /** All six steps, by time; at the same instant acknowledge before respond, and in ladder order. */
  steps: DeadlineStep[]
}

const LADDER = [
  { step: 'reminder', percent: 75 },
  { step: 'breach', percent: 100 },
  { step: 'escalation', percent: 150 },
] as const satisfies readonly Pick<DeadlineStep, 'step' | 'percent'>[]

const CLOCK_ORDER: Record<DeadlineClock, number> = { acknowledge: 0, respond: 1 }

export function deadlinePlan(
  input: DeadlineInput,
  calendar: BusinessCalendar,
  windows: ResponseWindows = DEFAULT_RESPONSE_WINDOWS,
): DeadlinePlan {
  const window = input.urgency === 'urgent' ? windows.urgent : windows[input.topic]
  const startsAt = calendar.nextOpen(input.receivedAt)
  const respondStartsAt = input.respondFrom ? calendar.nextOpen(input.respondFrom) : startsAt
  const paused = input.pausedMinutes ?? 0
  const clocks = [
    ['acknowledge', window.acknowledgeHours],
    ['respond', window.respondHours],
  ] as const
  const steps: DeadlineStep[] = clocks.flatMap(([clock, hours]) =>
    LADDER.map(({ step, percent }) => ({
      clock,
      step,
      percent,
      at: calendar.addBusinessMinutes(
        clock === 'respond' ? respondStartsAt : startsAt,
        (hours * 60 * percent) / 100 + paused,
      ),
    })),
  )
  steps.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || CLOCK_ORDER[a.clock] - CLOCK_ORDER[b.clock] || a.percent - b.percent,
  )
  return {
    startsAt,
    acknowledgeBy: breachOf(steps, 'acknowledge'),
    respondBy: breachOf(steps, 'respond'),
    steps,
  }
}

function breachOf(steps: DeadlineStep[], clock: DeadlineClock): Date {
  const breach = steps.find((step) => step.clock === clock && step.step === 'breach')
  if (breach === undefined) throw new Error(`Deadline plan invariant broken: no breach step for ${clock}`)
  return breach.at
}
