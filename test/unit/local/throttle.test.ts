import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadConfig, routeThrottle, throttledRouteGroup } from '../../../lib/config.ts'
import { RouteThrottle } from '../../../local/throttle.ts'
import { cdkConfig } from '../../infra/app.ts'

const limits = loadConfig(cdkConfig).limits

/** Takes `count` tokens from a route; how many were allowed. */
function flood(throttle: RouteThrottle, routeKey: string, count: number): number {
  let allowed = 0
  for (let request = 0; request < count; request++) if (throttle.take(routeKey).allowed) allowed++
  return allowed
}

describe('Local runtime: throttling per route, as the stage route settings', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('puts every public and advisor route in its group, and leaves the health check to the stage', () => {
    expect(
      [
        'POST /api/requests',
        'POST /api/follow-up',
        'POST /api/follow-up/messages',
        'GET /actions/{token}',
        'POST /actions/{token}',
        'GET /api/advisor/cases',
        'POST /api/advisor/cases/{reference}/close',
        'GET /health',
      ].map(throttledRouteGroup),
    ).toEqual(['submit', 'followUp', 'followUp', 'actions', 'actions', 'advisor', 'advisor', undefined])
  })

  it('reads each group’s limits from the configuration, and the stage’s for other routes', () => {
    expect(routeThrottle(limits, 'POST /api/requests')).toEqual({ ratePerSecond: 5, burst: 10 })
    expect(routeThrottle(limits, 'GET /api/advisor/cases')).toEqual({ ratePerSecond: 20, burst: 40 })
    expect(routeThrottle(limits, 'GET /health')).toEqual({ ratePerSecond: 100, burst: 200 })
  })

  it('lets a flood on the intake use up its own burst only: the action links and the advisor API still answer', () => {
    // Arrange
    const throttle = new RouteThrottle((routeKey) => routeThrottle(limits, routeKey))

    // Act
    const intake = flood(throttle, 'POST /api/requests', 1_000)

    // Assert
    expect(intake).toBe(10)
    expect(throttle.take('POST /api/requests')).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(flood(throttle, 'POST /actions/{token}', 10)).toBe(10)
    expect(flood(throttle, 'GET /api/advisor/cases', 40)).toBe(40)
    expect(flood(throttle, 'POST /api/follow-up', 11)).toBe(10)
  })

  it('refills a route at its own rate', () => {
    // Arrange
    const throttle = new RouteThrottle((routeKey) => routeThrottle(limits, routeKey))
    flood(throttle, 'POST /api/requests', 10)

    // Act
    vi.advanceTimersByTime(1_000)

    // Assert: 5 per second
    expect(flood(throttle, 'POST /api/requests', 100)).toBe(5)
  })
})
