import { describe, expect, it } from 'vitest'
import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../../../functions/core/deadlines/business-calendar.ts'
import {
  DEFAULT_RESPONSE_WINDOWS,
  type DeadlineStep,
  deadlinePlan,
} from '../../../../functions/core/deadlines/deadlines.ts'

const calendar = new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR, () => false)
const utc = (iso: string) => new Date(iso)

function step(clock: DeadlineStep['clock'], name: DeadlineStep['step'], at: string): DeadlineStep {
  const percent = { reminder: 75, breach: 100, escalation: 150 } as const
  return { clock, step: name, percent: percent[name], at: utc(at) }
}

describe('Deadlines: default windows', () => {
  it('gives urgent cases 1 h / 8 h, cases 4 h / 16 h, questions and training 8 h / 40 h', () => {
    expect(DEFAULT_RESPONSE_WINDOWS).toEqual({
      urgent: { acknowledgeHours: 1, respondHours: 8 },
      case: { acknowledgeHours: 4, respondHours: 16 },
      question: { acknowledgeHours: 8, respondHours: 40 },
      training: { acknowledgeHours: 8, respondHours: 40 },
    })
  })
})

describe('Deadlines: the plan of a case', () => {
  it('plans all six steps of an urgent case received Fri 2026-03-06 16:00 CET (15:00Z)', () => {
    // Arrange
    const input = { receivedAt: utc('2026-03-06T15:00:00Z'), urgency: 'urgent', topic: 'case' } as const

    // Act
    const plan = deadlinePlan(input, calendar)

    // Assert
    expect(plan).toEqual({
      startsAt: utc('2026-03-06T15:00:00Z'),
      acknowledgeBy: utc('2026-03-06T16:00:00Z'),
      respondBy: utc('2026-03-09T14:30:00Z'),
      steps: [
        step('acknowledge', 'reminder', '2026-03-06T15:45:00Z'), // 45 min: Fri 16:45
        step('acknowledge', 'breach', '2026-03-06T16:00:00Z'), // 1 h: Fri 17:00, closing time
        step('acknowledge', 'escalation', '2026-03-09T08:00:00Z'), // 1.5 h: Mon 09:00
        step('respond', 'reminder', '2026-03-09T12:30:00Z'), // 6 h: Mon 13:30
        step('respond', 'breach', '2026-03-09T14:30:00Z'), // 8 h: Mon 15:30
        step('respond', 'escalation', '2026-03-10T10:00:00Z'), // 12 h: Tue 11:00
      ],
    })
  })

  it('plans all six steps of a question received Sat 2026-03-07 11:00 CET (10:00Z) from Monday 08:30', () => {
    // Arrange
    const input = { receivedAt: utc('2026-03-07T10:00:00Z'), urgency: 'normal', topic: 'question' } as const

    // Act
    const plan = deadlinePlan(input, calendar)

    // Assert
    expect(plan).toEqual({
      startsAt: utc('2026-03-09T07:30:00Z'),
      acknowledgeBy: utc('2026-03-09T15:30:00Z'),
      respondBy: utc('2026-03-13T13:30:00Z'),
      steps: [
        step('acknowledge', 'reminder', '2026-03-09T13:30:00Z'), // 6 h: Mon 14:30
        step('acknowledge', 'breach', '2026-03-09T15:30:00Z'), // 8 h: Mon 16:30
        step('acknowledge', 'escalation', '2026-03-10T11:00:00Z'), // 12 h: Tue 12:00
        step('respond', 'reminder', '2026-03-12T12:00:00Z'), // 30 h: Thu 13:00
        step('respond', 'breach', '2026-03-13T13:30:00Z'), // 40 h: Fri 14:30
        step('respond', 'escalation', '2026-03-18T08:00:00Z'), // 60 h: Wed 18 March 09:00
      ],
    })
  })

  it('gives a case (topic) received Tue 2026-03-03 09:00 CET (08:00Z) 4 h to acknowledge and 16 h to respond', () => {
    const plan = deadlinePlan({ receivedAt: utc('2026-03-03T08:00:00Z'), urgency: 'normal', topic: 'case' }, calendar)

    expect(plan.acknowledgeBy).toEqual(utc('2026-03-03T12:00:00Z')) // Tue 13:00
    expect(plan.respondBy).toEqual(utc('2026-03-04T15:30:00Z')) // Wed 16:30
  })

  it('gives training the same windows as a question (Tue 2026-03-03 09:00 CET, 08:00Z)', () => {
    const receivedAt = utc('2026-03-03T08:00:00Z')

    const training = deadlinePlan({ receivedAt, urgency: 'normal', topic: 'training' }, calendar)
    const question = deadlinePlan({ receivedAt, urgency: 'normal', topic: 'question' }, calendar)

    expect(training).toEqual(question)
  })

  it('treats an urgent question as urgent, whatever its topic', () => {
    const receivedAt = utc('2026-03-03T08:00:00Z')

    const plan = deadlinePlan({ receivedAt, urgency: 'urgent', topic: 'question' }, calendar)

    expect(plan.acknowledgeBy).toEqual(utc('2026-03-03T09:00:00Z'))
    expect(plan.respondBy).toEqual(utc('2026-03-03T16:00:00Z')) // 8 h from 09:00: Tue 17:00, closing time
  })

  it('measures every step in business time from the start, across the spring-forward weekend of 2027', () => {
    // Arrange: Fri 2027-03-26 16:30 CET (15:30Z); no holidays in this calendar
    const receivedAt = utc('2027-03-26T15:30:00Z')

    // Act
    const plan = deadlinePlan({ receivedAt, urgency: 'urgent', topic: 'case' }, calendar)

    // Assert
    expect(plan.steps.map((s) => [s.clock, s.percent, calendar.businessMinutesBetween(plan.startsAt, s.at)])).toEqual([
      ['acknowledge', 75, 45],
      ['acknowledge', 100, 60],
      ['acknowledge', 150, 90],
      ['respond', 75, 360],
      ['respond', 100, 480],
      ['respond', 150, 720],
    ])
    expect(plan.acknowledgeBy).toEqual(utc('2027-03-29T07:00:00Z')) // Mon 09:00 CEST
  })
})

describe('Deadlines: configured windows', () => {
  it('uses the windows it is given instead of the defaults', () => {
    const windows = { ...DEFAULT_RESPONSE_WINDOWS, case: { acknowledgeHours: 2, respondHours: 24 } }

    const plan = deadlinePlan(
      { receivedAt: utc('2026-03-03T08:00:00Z'), urgency: 'normal', topic: 'case' },
      calendar,
      windows,
    )

    expect(plan.acknowledgeBy).toEqual(utc('2026-03-03T10:00:00Z')) // Tue 11:00
    expect(plan.respondBy).toEqual(utc('2026-03-05T15:00:00Z')) // 24 h: Thu 16:00
  })

  it('orders steps at the same instant acknowledge before respond, reminder before breach before escalation', () => {
    // Arrange: zero-hour windows put all six steps at the start
    const zero = { acknowledgeHours: 0, respondHours: 0 }
    const windows = { urgent: zero, case: zero, question: zero, training: zero }

    // Act
    const plan = deadlinePlan(
      { receivedAt: utc('2026-03-03T08:00:00Z'), urgency: 'normal', topic: 'case' },
      calendar,
      windows,
    )

    // Assert
    expect(plan.steps.map((s) => `${s.clock} ${s.step}`)).toEqual([
      'acknowledge reminder',
      'acknowledge breach',
      'acknowledge escalation',
      'respond reminder',
      'respond breach',
      'respond escalation',
    ])
    expect(new Set(plan.steps.map((s) => s.at.getTime()))).toEqual(new Set([utc('2026-03-03T08:00:00Z').getTime()]))
  })

  it('sorts by time, steps of both clocks interleaved, a tie at 6 h putting acknowledge first', () => {
    // Arrange: acknowledge 4 h (escalation at 6 h), respond 6 h (reminder at 4.5 h, breach at 6 h)
    const windows = { ...DEFAULT_RESPONSE_WINDOWS, case: { acknowledgeHours: 4, respondHours: 6 } }

    // Act
    const plan = deadlinePlan(
      { receivedAt: utc('2026-03-03T07:30:00Z'), urgency: 'normal', topic: 'case' },
      calendar,
      windows,
    )

    // Assert
    expect(plan.steps.map((s) => `${s.clock} ${s.percent}`)).toEqual([
      'acknowledge 75',
      'acknowledge 100',
      'respond 75',
      'acknowledge 150',
      'respond 100',
      'respond 150',
    ])
  })
})
