import { readFileSync } from 'node:fs'
import { dutchHolidays } from '../../functions/adapters/dutch-holidays.ts'
import type { RandomBytes } from '../../functions/core/cases/reference.ts'
import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../functions/core/deadlines/business-calendar.ts'
import type { DeadlineDependencies } from '../../functions/core/deadlines/deadline-steps.ts'
import { DEFAULT_RESPONSE_WINDOWS, type DeadlineClock } from '../../functions/core/deadlines/deadlines.ts'
import type { SigningKeys } from '../../functions/core/links/action-token.ts'
import type { Clock } from '../../functions/core/ports/clock.ts'
import type { DeadlineMetrics } from '../../functions/core/ports/metrics.ts'
import { parseRoster, type Roster } from '../../functions/core/roster/roster.ts'
import { mailTemplates } from '../../functions/views/mail/notifications.ts'
import { InMemoryAutoReplyLimiter } from './in-memory-auto-reply-limiter.ts'
import { InMemoryCaseRepository } from './in-memory-case-repository.ts'
import { InMemoryMailOutbox } from './in-memory-mail-outbox.ts'
import { InMemoryRosterRepository } from './in-memory-roster-repository.ts'
import { RecordingMailer } from './recording-mailer.ts'

export const PUBLIC_URL = 'https://mar.example.nl'
export const TIME_ZONE = 'Europe/Amsterdam'
/** A fixed 32-byte signing key: 0x01, 0x02, …, 0x20. */
export const SIGNING_KEY: SigningKeys = {
  current: { id: 'k1', secret: Uint8Array.from({ length: 32 }, (_, index) => index + 1) },
}

/** A clock that stands still until a test moves it. */
export class SettableClock implements Clock {
  #at: Date

  constructor(at: string | Date) {
    this.#at = new Date(at)
  }

  now(): Date {
    return new Date(this.#at)
  }

  set(at: string | Date): void {
    this.#at = new Date(at)
  }

  advance(milliseconds: number): void {
    this.#at = new Date(this.#at.getTime() + milliseconds)
  }
}

/** Random bytes from a script, then zeros: a test decides every draw. */
export class ScriptedRandomBytes {
  readonly #script: number[] = []

  constructor(bytes: readonly number[] = []) {
    this.#script.push(...bytes)
  }

  /** Bytes the next draws return, in order. */
  script(...bytes: number[]): void {
    this.#script.push(...bytes)
  }

  readonly draw: RandomBytes = (length) => Uint8Array.from({ length }, () => this.#script.shift() ?? 0)
}

/** Counts breaches as CloudWatch would. */
export class RecordingDeadlineMetrics implements DeadlineMetrics {
  readonly breaches: DeadlineClock[] = []

  deadlineBreached(clock: DeadlineClock): void {
    this.breaches.push(clock)
  }
}

/** config/roster.example.json, parsed: adv-01 … adv-05 (adv-03 advisor and coordinator, adv-05 coordinator only). */
export function exampleRoster(): Roster {
  return parseRoster(JSON.parse(readFileSync(new URL('../../config/roster.example.json', import.meta.url), 'utf8')))
}

export interface WorkflowTestbed {
  deps: DeadlineDependencies
  cases: InMemoryCaseRepository
  outbox: InMemoryMailOutbox
  rosters: InMemoryRosterRepository
  mailer: RecordingMailer
  clock: SettableClock
  random: ScriptedRandomBytes
  metrics: RecordingDeadlineMetrics
  limiter: InMemoryAutoReplyLimiter
}

/**
 * Everything the workflow use cases need, in memory: the example roster (or the given one; `null` for none), the
 * Dutch business calendar, the default response windows, the Amsterdam zone, a fixed signing key.
 */
export function workflowDependencies(
  options: { now: string | Date; roster?: Roster | null; randomBytes?: readonly number[] } = {
    now: '2027-01-11T09:00:00.000Z',
  },
): WorkflowTestbed {
  const cases = new InMemoryCaseRepository()
  const outbox = new InMemoryMailOutbox()
  const roster = options.roster === undefined ? exampleRoster() : options.roster
  const rosters = new InMemoryRosterRepository(roster ?? undefined)
  const mailer = new RecordingMailer()
  const clock = new SettableClock(options.now)
  const random = new ScriptedRandomBytes(options.randomBytes)
  const metrics = new RecordingDeadlineMetrics()
  const limiter = new InMemoryAutoReplyLimiter()
  const deps: DeadlineDependencies = {
    cases,
    outbox,
    rosters,
    clock,
    randomBytes: random.draw,
    calendar: new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR, dutchHolidays()),
    windows: DEFAULT_RESPONSE_WINDOWS,
    timeZone: TIME_ZONE,
    publicUrl: PUBLIC_URL,
    signingKey: async () => SIGNING_KEY,
    limiter,
    templates: mailTemplates,
    metrics,
  }
  return { deps, cases, outbox, rosters, mailer, clock, random, metrics, limiter }
}
