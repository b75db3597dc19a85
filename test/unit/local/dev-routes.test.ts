import { describe, expect, it, vi } from 'vitest'
import type { DevClock } from '../../../local/dev-clock.ts'
import { devClock, devFaults, durationMilliseconds } from '../../../local/dev-routes.ts'

const NOW = new Date('2027-02-08T09:00:00.000Z')
const SECOND = 1000
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Stands in for the dev clock: answers with where it was moved to, and records how it was moved. */
function recordingClock() {
  const clock = {
    now: vi.fn(() => NOW),
    set: vi.fn(async (target: Date) => target),
    advance: vi.fn(async (milliseconds: number) => new Date(NOW.getTime() + milliseconds)),
  }
  return { clock, asDevClock: clock as unknown as DevClock }
}

function recordingSwitches() {
  return { ses: vi.fn<(count: number) => void>(), dynamodb: vi.fn<(count: number) => void>() }
}

describe('Dev endpoint: durations for POST /_dev/clock', () => {
  it.each([
    ['PT1H', HOUR],
    ['P2D', 2 * DAY],
    ['P1W', 7 * DAY],
    ['PT1.5S', 1.5 * SECOND],
    ['PT30M', 30 * 60 * SECOND],
    ['P1DT2H3M4S', DAY + 2 * HOUR + 3 * 60 * SECOND + 4 * SECOND],
    ['P1W2D', 9 * DAY],
    ['PT0S', 0],
  ])('reads %s as %d milliseconds', (duration, milliseconds) => {
    expect(durationMilliseconds(duration)).toBe(milliseconds)
  })

  it.each([
    ['P1Y', 'years have no fixed length'],
    ['P1M', 'months have no fixed length'],
    ['P', 'no part at all'],
    ['PT', 'a time designator without a time'],
    ['P1DT', 'a time designator without a time after days'],
    ['', 'an empty string'],
    ['1H', 'no P designator'],
    ['PT1H ', 'trailing space'],
    ['-PT1H', 'a negative duration'],
    ['PT1.5H', 'a fraction of an hour'],
    ['P2D1W', 'parts out of order'],
    ['pt1h', 'lower case designators'],
    ['an hour', 'words'],
  ])('refuses %j (%s)', (duration) => {
    expect(durationMilliseconds(duration)).toBeUndefined()
  })
})

describe('Dev endpoint: GET and POST /_dev/clock', () => {
  it('answers GET with the time the clock shows', async () => {
    const { asDevClock } = recordingClock()

    const response = await devClock('GET', '', asDevClock)

    expect(response).toEqual({ status: 200, body: { now: NOW.toISOString() } })
  })

  it('sets the clock to an instant with an offset and answers with where it is now', async () => {
    const { clock, asDevClock } = recordingClock()

    const response = await devClock('POST', JSON.stringify({ set: '2027-02-08T16:00:00+01:00' }), asDevClock)

    expect(clock.set).toHaveBeenCalledWith(new Date('2027-02-08T15:00:00.000Z'))
    expect(response).toEqual({ status: 200, body: { now: '2027-02-08T15:00:00.000Z' } })
  })

  it('advances the clock by an ISO 8601 duration', async () => {
    const { clock, asDevClock } = recordingClock()

    const response = await devClock('POST', JSON.stringify({ advance: 'P2DT1H' }), asDevClock)

    expect(clock.advance).toHaveBeenCalledWith(2 * DAY + HOUR)
    expect(response).toEqual({ status: 200, body: { now: '2027-02-10T10:00:00.000Z' } })
  })

  it.each([
    ['a body that is not JSON', '{"set": '],
    ['an empty body', ''],
    ['an instant without an offset', JSON.stringify({ set: '2027-02-08T16:00:00' })],
    ['a date without a time', JSON.stringify({ set: '2027-02-08' })],
    ['an instant that is no instant', JSON.stringify({ set: 'tomorrow' })],
    ['a duration in years', JSON.stringify({ advance: 'P1Y' })],
    ['a duration in months', JSON.stringify({ advance: 'P1M' })],
    ['a duration that is a number', JSON.stringify({ advance: 3600 })],
    ['a duration without parts', JSON.stringify({ advance: 'PT' })],
    ['both set and advance', JSON.stringify({ set: '2027-02-08T16:00:00Z', advance: 'PT1H' })],
    ['an unknown field', JSON.stringify({ set: '2027-02-08T16:00:00Z', by: 'me' })],
    ['an empty object', '{}'],
    ['an array', JSON.stringify([{ advance: 'PT1H' }])],
  ])('answers 400 to %s and leaves the clock where it is', async (_, body) => {
    const { clock, asDevClock } = recordingClock()

    const response = await devClock('POST', body, asDevClock)

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'bad_request' } })
    expect(clock.set).not.toHaveBeenCalled()
    expect(clock.advance).not.toHaveBeenCalled()
  })
})

describe('Dev endpoint: POST /_dev/faults', () => {
  it('arms the SES fault switch', () => {
    const switches = recordingSwitches()

    const response = devFaults(JSON.stringify({ ses: { failNext: 3 } }), switches)

    expect(response).toEqual({ status: 200, body: { ses: { failNext: 3 } } })
    expect(switches.ses).toHaveBeenCalledWith(3)
    expect(switches.dynamodb).not.toHaveBeenCalled()
  })

  it('arms the DynamoDB fault switch', () => {
    const switches = recordingSwitches()

    const response = devFaults(JSON.stringify({ dynamodb: { failNext: 50 } }), switches)

    expect(response.status).toBe(200)
    expect(switches.dynamodb).toHaveBeenCalledWith(50)
    expect(switches.ses).not.toHaveBeenCalled()
  })

  it('arms both switches at once, and 0 disarms', () => {
    const switches = recordingSwitches()

    devFaults(JSON.stringify({ ses: { failNext: 0 }, dynamodb: { failNext: 1000 } }), switches)

    expect(switches.ses).toHaveBeenCalledWith(0)
    expect(switches.dynamodb).toHaveBeenCalledWith(1000)
  })

  it.each([
    ['a body that is not JSON', '{"ses": '],
    ['a negative count', JSON.stringify({ ses: { failNext: -1 } })],
    ['a count over 1000', JSON.stringify({ dynamodb: { failNext: 1001 } })],
    ['a fractional count', JSON.stringify({ ses: { failNext: 1.5 } })],
    ['a count as text', JSON.stringify({ ses: { failNext: '3' } })],
    ['an unknown engine', JSON.stringify({ smtp: { failNext: 1 } })],
    ['an unknown option', JSON.stringify({ ses: { failNext: 1, delayMs: 100 } })],
    ['an engine without a count', JSON.stringify({ ses: {} })],
    ['an array', JSON.stringify([{ ses: { failNext: 1 } }])],
  ])('answers 400 to %s and arms nothing', (_, body) => {
    const switches = recordingSwitches()

    const response = devFaults(body, switches)

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: { code: 'bad_request' } })
    expect(switches.ses).not.toHaveBeenCalled()
    expect(switches.dynamodb).not.toHaveBeenCalled()
  })
})
