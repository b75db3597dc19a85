import { AsyncLocalStorage } from 'node:async_hooks'
import type { Clock } from '../functions/core/ports/clock.ts'

interface Waiter {
  at: number
  sequence: number
  release: () => void
  abandon: (reason: Error) => void
}

/** Raised in whatever waits on the clock when the clock is stopped. */
export class ClockStoppedError extends Error {
  override readonly name = 'ClockStoppedError'
}

/** How long a set or advance waits for released work to finish or park again, before it moves on regardless. */
const SETTLE_LIMIT_MS = 30_000
const MAX_TIMER_MS = 2_147_483_647

/**
 * The local runtime's clock. It runs at real speed from wherever it was last set, and it can be set or advanced:
 * then every timer that falls due up to the new time is released one by one, in time order, with `now` set to that
 * timer's moment, and the clock waits until the released work has finished or parked on the clock again before it
 * moves on. Work that should be waited for is registered with `track`; timers are `until(moment)`.
 */
export class DevClock implements Clock {
  private anchorVirtual: number
  private anchorReal = performance.now()
  private frozen = false
  private waiters: Waiter[] = []
  private stopped = false
  private sequence = 0
  private active = 0
  private parked = 0
  private timer: NodeJS.Timeout | undefined
  private moving: Promise<unknown> = Promise.resolve()
  private idleListeners: Array<() => void> = []
  /** Marks the async context of tracked work, so that only its waits count as parked. */
  private readonly tracked = new AsyncLocalStorage<true>()

  constructor(start: Date = new Date()) {
    this.anchorVirtual = start.getTime()
  }

  now(): Date {
    return new Date(this.frozen ? this.anchorVirtual : this.anchorVirtual + (performance.now() - this.anchorReal))
  }

  /**
   * Resolves once the clock reaches `moment` (at once if it has). Aborting `signal` (the waiting work was stopped)
   * takes the wait off the clock and rejects it, so a stopped execution neither runs later nor counts as parked.
   */
  until(moment: Date, signal?: AbortSignal): Promise<void> {
    if (this.stopped) return Promise.reject(new ClockStoppedError('The dev clock was stopped'))
    if (signal?.aborted) return Promise.reject(new ClockStoppedError('The wait was abandoned'))
    if (moment.getTime() <= this.now().getTime()) return Promise.resolve()
    const parks = this.tracked.getStore() === true
    return new Promise((resolve, reject) => {
      if (parks) this.parked++
      const unpark = () => {
        if (parks) this.parked--
      }
      const waiter: Waiter = {
        at: moment.getTime(),
        sequence: this.sequence++,
        release: () => {
          unpark()
          resolve()
        },
        abandon: (reason) => {
          unpark()
          reject(reason)
        },
      }
      this.waiters.push(waiter)
      this.waiters.sort((a, b) => a.at - b.at || a.sequence - b.sequence)
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.waiters.indexOf(waiter)
          if (index === -1) return
          this.waiters.splice(index, 1)
          waiter.abandon(new ClockStoppedError('The wait was abandoned'))
          this.notifyIfIdle()
        },
        { once: true },
      )
      this.scheduleRealTime()
      this.notifyIfIdle()
    })
  }

  /** Counts `work` as running until it settles, so that setting the clock waits for it. */
  track<T>(work: () => Promise<T>): Promise<T> {
    this.active++
    return this.tracked.run(true, work).finally(() => {
      this.active--
      this.notifyIfIdle()
    })
  }

  /** Moves the clock to `target`, running every timer due by then, in order. Calls are served one at a time. */
  set(target: Date): Promise<Date> {
    return this.serially(() => this.moveTo(target.getTime()))
  }

  /** Like set, to `milliseconds` after wherever the clock is when this call's turn comes. */
  advance(milliseconds: number): Promise<Date> {
    return this.serially(() => this.moveTo(this.now().getTime() + milliseconds))
  }

  /** Work is running that has neither finished nor parked on the clock. */
  get busy(): boolean {
    return this.active > this.parked
  }

  /** Stops the clock: everything still waiting on it is rejected with ClockStoppedError, so nothing hangs. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    const waiters = this.waiters
    this.waiters = []
    for (const waiter of waiters) waiter.abandon(new ClockStoppedError('The dev clock was stopped'))
  }

  private serially(move: () => Promise<Date>): Promise<Date> {
    const result = this.moving.then(move)
    this.moving = result.catch(() => undefined)
    return result
  }

  private async moveTo(target: number): Promise<Date> {
    this.anchorVirtual = this.now().getTime()
    this.frozen = true
    if (this.timer) clearTimeout(this.timer)
    await this.settle()
    for (let next = this.waiters[0]; next !== undefined && next.at <= target; next = this.waiters[0]) {
      this.waiters.shift()
      this.anchorVirtual = Math.max(this.anchorVirtual, next.at)
      next.release()
      await this.settle()
    }
    this.anchorVirtual = target
    this.anchorReal = performance.now()
    this.frozen = false
    this.scheduleRealTime()
    return this.now()
  }

  /** Resolves when all tracked work has finished or parked (or after SETTLE_LIMIT_MS). */
  private settle(): Promise<void> {
    return new Promise((resolve) => {
      let settled = false
      const limit = setTimeout(() => done(), SETTLE_LIMIT_MS)
      const check = () => {
        if (!settled) this.busy ? this.idleListeners.push(check) : setImmediate(confirm)
      }
      // Released work resumes on a later tick: give it the chance to become busy before calling it idle.
      const confirm = () => (this.busy ? this.idleListeners.push(check) : done())
      const done = () => {
        settled = true
        clearTimeout(limit)
        resolve()
      }
      setImmediate(check)
    })
  }

  private notifyIfIdle(): void {
    if (this.busy) return
    const listeners = this.idleListeners
    this.idleListeners = []
    for (const listener of listeners) listener()
  }

  /** Between set and advance calls the clock runs at real speed, and timers fall due on their own. */
  private scheduleRealTime(): void {
    if (this.frozen) return
    if (this.timer) clearTimeout(this.timer)
    const next = this.waiters[0]
    if (next === undefined) return
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, next.at - this.now().getTime()))
    this.timer = setTimeout(() => {
      const now = this.now().getTime()
      while (this.waiters[0] !== undefined && this.waiters[0].at <= now) this.waiters.shift()?.release()
      this.scheduleRealTime()
    }, delay)
    this.timer.unref()
  }
}
