/**
 * How late a case is, in words: the list's badge ("1 dag te laat", "nog 2 uur") and the case page's statement of
 * which clock runs, until when, and whether it is late. The lateness itself is the server's (`risk`, judged by the
 * stack's clock, `now` in the answer); the page only says it — as text, never by colour alone.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill } from '../shared/dom.ts'
import type { AdvisorCaseView, CaseListEntry } from './api-types.ts'
import { copy, label } from './copy.ts'
import { formatMoment, timeElement } from './format.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A span of time in whole units, rounded down: "minder dan een minuut", "1 minuut", "5 uur", "2 dagen". */
export function durationText(milliseconds: number): string {
  const r = copy.risk
  const span = Math.abs(milliseconds)
  if (span < MINUTE) return r.lessThanMinute
  if (span < HOUR) {
    const count = Math.floor(span / MINUTE)
    return count === 1 ? r.minute : fill(r.minutes, { count })
  }
  if (span < DAY) {
    const count = Math.floor(span / HOUR)
    return count === 1 ? r.hour : fill(r.hours, { count })
  }
  const count = Math.floor(span / DAY)
  return count === 1 ? r.day : fill(r.days, { count })
}

/** The stack's clock from an answer (the dev clock locally); the browser's own if the answer has none. */
export function serverNow(now: unknown): number {
  const at = Date.parse(String(now))
  return Number.isNaN(at) ? Date.now() : at
}

/** "3 uur te laat" past the deadline, "nog 3 uur" before it. */
export function relativeToDeadline(dueAt: string, now: number): string {
  const left = Date.parse(dueAt) - now
  return left <= 0
    ? fill(copy.risk.overdueBy, { time: durationText(left) })
    : fill(copy.risk.dueIn, { time: durationText(left) })
}

type Lateness = Pick<CaseListEntry, 'risk' | 'dueAt'>

/**
 * The badge of a row's lateness: overdue "1 dag te laat", due soon "nog 2 uur" (read as "Bijna te laat: nog 2 uur"),
 * on time "nog 3 dagen" (no badge), paused "gepauzeerd", and "geen termijn" when no clock runs.
 */
export function riskBadge(entry: Lateness, now: number): HTMLElement {
  const r = copy.risk
  if (entry.risk === 'paused') return el('span', { className: 'badge badge--paused' }, r.paused)
  if (entry.risk === 'none' || !entry.dueAt) return el('span', { className: 'deadline__left' }, r.none)
  const text = relativeToDeadline(entry.dueAt, now)
  if (entry.risk === 'overdue') return el('span', { className: 'badge badge--overdue' }, text)
  if (entry.risk === 'due-soon') {
    return el(
      'span',
      { className: 'badge badge--due-soon' },
      el('span', { className: 'visually-hidden' }, r.dueSoon),
      text,
    )
  }
  return el('span', { className: 'deadline__left' }, text)
}

/** The list's deadline cell: which clock, its deadline, and the badge. */
export function deadlineCell(entry: CaseListEntry, now: number): Node[] {
  if (!entry.dueAt || entry.clock === null) return [riskBadge(entry, now)]
  return [
    el('span', { className: 'deadline__what' }, label('clockDue', entry.clock)),
    timeElement(entry.dueAt, 'deadline__when'),
    riskBadge(entry, now),
  ]
}

type Running = AdvisorCaseView['deadlines']['running']

/** In one sentence: which clock runs, until when, and whether it is late; or why none runs. */
export function clockStatement(
  item: Pick<AdvisorCaseView, 'status'> & { deadlines?: { running?: Running } },
  now: number,
): string {
  const r = copy.risk
  const running = item.deadlines?.running
  if (!running) return ''
  if (running.risk === 'paused') return r.pausedStatement
  if (running.risk === 'none' || !running.dueAt || !running.clock) {
    return item.status === 'closed' ? r.closedStatement : r.answeredStatement
  }
  const values = {
    clock: r.clockName[running.clock],
    dueAt: formatMoment(running.dueAt),
    time: durationText(Date.parse(running.dueAt) - now),
  }
  if (running.risk === 'overdue') return fill(r.late, values)
  const statement = fill(r.running, values)
  return running.risk === 'due-soon' ? `${statement} ${r.dueSoonNote}` : statement
}

/**
 * The case page's clocks: the statement above, then each clock with its deadline and one state — stopped, paused,
 * or for a running clock how long is left or how late it is (never "loopt" beside "verstreken").
 */
export function renderClocks(item: AdvisorCaseView, now: number): void {
  const statement = byId(AdvisorId.caseClock)
  if (statement) statement.textContent = clockStatement(item, now)
  const running = item.deadlines?.running
  byId(AdvisorId.caseDeadlines)?.replaceChildren(
    ...(['acknowledge', 'respond'] as const).map((clock) => {
      const deadline: { dueAt?: string; state?: string } = item.deadlines?.[clock] ?? {}
      const parts: Array<Node | string> = [el('span', { className: 'deadline__clock' }, label('clock', clock))]
      parts.push(
        deadline.dueAt
          ? el('span', { className: 'deadline__what' }, label('clockDue', clock), ' ', timeElement(deadline.dueAt))
          : el('span', { className: 'deadline__what' }, copy.text.noDeadline),
      )
      const state = String(deadline.state ?? '')
      if (state === 'paused')
        parts.push(el('span', { className: 'badge badge--paused' }, label('deadlineState', state)))
      else if (state === 'running' && deadline.dueAt) {
        const late = Date.parse(deadline.dueAt) <= now
        const risk = running?.clock === clock ? running.risk : late ? 'overdue' : 'on-time'
        parts.push(riskBadge({ risk, dueAt: deadline.dueAt }, now))
      } else if (state) parts.push(el('span', { className: 'deadline__state' }, label('deadlineState', state)))
      return el('li', {}, ...parts)
    }),
  )
}
