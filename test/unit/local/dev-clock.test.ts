import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DevClock } from '../../../local/dev-clock.ts'

const T0 = new Date('2027-02-08T09:00:00.000Z')
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const plus = (milliseconds: number) => new Date(T0.getTime() + milliseconds)

/** A real pause: work that is busy without being parked on the clock (a network call, a retry back-off). */
const pause = (milliseconds = 5) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds))

describe('Dev clock: timers follow set and advance', () => {
  // Real time stands still (only performance.now is faked), so the clock shows exactly what it was set to.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps a timer waiting until set reaches its moment, then releases it', async () => {
    const clock = new DevClock(T0)
    let released = false
    void clock.until(plus(HOUR)).then(() => {
      released = true
    })

    await clock.set(plus(HOUR - 1))
    expect(released).toBe(false)

    await clock.set(plus(HOUR))
    expect(released).toBe(true)
  })

  it('releases a timer when advance passes its moment', async () => {
    const clock = new DevClock(T0)
    let released = false
    void clock.until(plus(90 * MINUTE)).then(() => {
      released = true
    })

    await clock.advance(HOUR)
    expect(released).toBe(false)

    await clock.advance(HOUR)
    expect(released).toBe(true)
  })

  it('resolves at once for a moment that has passed', async () => {
    const clock = new DevClock(T0)

    await expect(clock.until(plus(-1))).resolves.toBeUndefined()
    await expect(clock.until(T0)).resolves.toBeUndefined()
  })

  it('releases timers in time order, showing each timer its own moment as now', async () => {
    const clock = new DevClock(T0)
    const seen: Array<[string, string]> = []
    for (const [label, offset] of [
      ['eleven', 2 * HOUR],
      ['half past nine', 30 * MINUTE],
      ['ten', HOUR],
    ] as const) {
      void clock.until(plus(offset)).then(() => seen.push([label, clock.now().toISOString()]))
    }

    const now = await clock.set(plus(3 * HOUR))

    expect(seen).toEqual([
      ['half past nine', '2027-02-08T09:30:00.000Z'],
      ['ten', '2027-02-08T10:00:00.000Z'],
      ['eleven', '2027-02-08T11:00:00.000Z'],
    ])
    expect(now).toEqual(plus(3 * HOUR))
  })

  it('releases timers at the same moment in the order they were set', async () => {
    const clock = new DevClock(T0)
    const seen: string[] = []
    for (const label of ['first', 'second', 'third']) void clock.until(plus(HOUR)).then(() => seen.push(label))

    await clock.advance(HOUR)

    expect(seen).toEqual(['first', 'second', 'third'])
  })

  it('shows the timer its moment for as long as its tracked work runs, also across real pauses', async () => {
    const clock = new DevClock(T0)
    const seen: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      seen.push(clock.now().toISOString())
      await pause()
      seen.push(clock.now().toISOString())
    })

    await clock.set(plus(5 * HOUR))

    expect(seen).toEqual(['2027-02-08T10:00:00.000Z', '2027-02-08T10:00:00.000Z'])
  })
})

describe('Dev clock: set and advance wait for tracked work', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('returns only after the work a timer released has finished', async () => {
    const clock = new DevClock(T0)
    const steps: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      steps.push('woke')
      await pause(20)
      steps.push('finished')
    })

    await clock.set(plus(2 * HOUR))

    expect(steps).toEqual(['woke', 'finished'])
  })

  it('returns once released work parks on a later timer, and releases that timer in a later move', async () => {
    const clock = new DevClock(T0)
    const steps: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      steps.push('reminder')
      await pause()
      await clock.until(plus(3 * HOUR))
      steps.push('escalation')
    })

    await clock.set(plus(2 * HOUR))
    expect(steps).toEqual(['reminder'])

    await clock.set(plus(4 * HOUR))
    expect(steps).toEqual(['reminder', 'escalation'])
  })

  it('releases, in the same move, a timer that released work sets before the target', async () => {
    const clock = new DevClock(T0)
    const seen: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      await pause()
      await clock.until(plus(HOUR + 15 * MINUTE))
      seen.push(clock.now().toISOString())
    })

    await clock.set(plus(2 * HOUR))

    expect(seen).toEqual(['2027-02-08T10:15:00.000Z'])
  })

  it('first lets work that was running when it was called finish or park', async () => {
    const clock = new DevClock(T0)
    const steps: string[] = []
    void clock.track(async () => {
      await pause(20)
      steps.push('routed')
      await clock.until(plus(HOUR))
      steps.push('reminded')
    })

    await clock.set(plus(2 * HOUR))

    expect(steps).toEqual(['routed', 'reminded'])
  })

  it('waits for tracked work even while a timer that belongs to no tracked work is pending', async () => {
    const clock = new DevClock(T0)
    // A bare timer, as `until` allows: nobody tracks the work behind it.
    void clock.until(plus(24 * HOUR))
    const steps: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      await pause(20)
      steps.push('finished')
    })

    await clock.set(plus(2 * HOUR))

    expect(steps).toEqual(['finished'])
  })
})

describe('Dev clock: concurrent calls are served one at a time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('advances twice when two advances are called together', async () => {
    const clock = new DevClock(T0)

    const [first, second] = await Promise.all([clock.advance(HOUR), clock.advance(HOUR)])

    expect(first).toEqual(plus(HOUR))
    expect(second).toEqual(plus(2 * HOUR))
    expect(clock.now()).toEqual(plus(2 * HOUR))
  })

  it('advances from where a set called before it left the clock', async () => {
    const clock = new DevClock(T0)

    const [set, advanced] = await Promise.all([clock.set(plus(5 * HOUR)), clock.advance(30 * MINUTE)])

    expect(set).toEqual(plus(5 * HOUR))
    expect(advanced).toEqual(plus(5 * HOUR + 30 * MINUTE))
  })

  it('finishes the work of one move before the next move releases anything', async () => {
    const clock = new DevClock(T0)
    const log: string[] = []
    void clock.track(async () => {
      await clock.until(plus(30 * MINUTE))
      log.push('first timer: start')
      await pause(20)
      log.push('first timer: end')
    })
    void clock.track(async () => {
      await clock.until(plus(90 * MINUTE))
      log.push('second timer')
    })

    const moves = [
      clock.advance(HOUR).then(() => log.push('first move returned')),
      clock.advance(HOUR).then(() => log.push('second move returned')),
    ]
    await Promise.all(moves)

    expect(log).toEqual([
      'first timer: start',
      'first timer: end',
      'first move returned',
      'second timer',
      'second move returned',
    ])
  })
})

describe('Dev clock: between calls it runs at real speed', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('moves on from where it was started and from where it was set, as real time passes', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const clock = new DevClock(T0)

    vi.advanceTimersByTime(1500)
    expect(clock.now()).toEqual(plus(1500))

    await clock.set(plus(HOUR))
    vi.advanceTimersByTime(250)
    expect(clock.now()).toEqual(plus(HOUR + 250))
  })

  it('stands still while it moves, whatever real time passes', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const clock = new DevClock(T0)
    const seen: string[] = []
    void clock.track(async () => {
      await clock.until(plus(HOUR))
      vi.advanceTimersByTime(10_000)
      seen.push(clock.now().toISOString())
    })

    await clock.set(plus(2 * HOUR))

    expect(seen).toEqual(['2027-02-08T10:00:00.000Z'])
  })

  it('releases a timer by itself when real time reaches it', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] })
    const clock = new DevClock(T0)
    let released = false
    void clock.until(plus(2000)).then(() => {
      released = true
    })

    await vi.advanceTimersByTimeAsync(1999)
    expect(released).toBe(false)

    await vi.advanceTimersByTimeAsync(1)
    expect(released).toBe(true)
  })

  it('moves on after 30 seconds when tracked work neither finishes nor parks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const clock = new DevClock(T0)
    void clock.track(() => new Promise<never>(() => undefined))
    let returned = false
    const move = clock.advance(HOUR).then(() => {
      returned = true
    })

    await vi.advanceTimersByTimeAsync(29_999)
    expect(returned).toBe(false)

    await vi.advanceTimersByTimeAsync(1)
    await move
    expect(returned).toBe(true)
  })
})
