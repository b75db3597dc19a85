import * as z from 'zod/mini'
import { caseAttachments } from '../functions/core/advisor-actions/advisor-cases.ts'
import { isReference } from '../functions/core/cases/reference.ts'
import type { CaseRepository } from '../functions/core/ports/stores.ts'
import type { DevClock } from './dev-clock.ts'
import type { CapturedMail } from './ses-engine.ts'

/**
 * The local-only dev endpoints (never deployed): the stored case, the captured mail, the dev clock and the fault
 * switches. Each answers `{ status, body }`; the local server writes it out.
 */
export interface DevResponse {
  status: number
  body: unknown
  contentType?: string
}

const notFound = (message: string): DevResponse => ({ status: 404, body: { error: { code: 'not_found', message } } })
const badRequest = (message: string): DevResponse => ({
  status: 400,
  body: { error: { code: 'bad_request', message } },
})

export async function getDevCase(reference: string, cases: CaseRepository): Promise<DevResponse> {
  const file = isReference(reference) ? await cases.getCaseFile(reference) : undefined
  if (file === undefined) return notFound('No case with this reference.')
  return {
    status: 200,
    body: { ...file.case, events: file.events, messages: file.messages, attachments: caseAttachments(file) },
  }
}

const clockBodySchema = z.union([
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
  z.strictObject({ advance: z.string() }),
])

/** GET /_dev/clock → { now }; POST { set: ISO } or { advance: ISO 8601 duration } → { now }, once all due timers ran. */
export async function devClock(method: string, body: string, clock: DevClock): Promise<DevResponse> {
  if (method === 'GET') return { status: 200, body: { now: clock.now().toISOString() } }
  let parsed: z.infer<typeof clockBodySchema>
  try {
    parsed = z.parse(clockBodySchema, JSON.parse(body))
  } catch {
    return badRequest(
      'Send {"set": "<ISO 8601 date-time with offset>"} or {"advance": "<ISO 8601 duration, e.g. PT1H>"}.',
    )
  }
  if ('set' in parsed) return { status: 200, body: { now: (await clock.set(new Date(parsed.set))).toISOString() } }
  const milliseconds = durationMilliseconds(parsed.advance)
  if (milliseconds === undefined) {
    return badRequest('"advance" takes an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P2DT3H.')
  }
  return { status: 200, body: { now: (await clock.advance(milliseconds)).toISOString() } }
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** Weeks, days, hours, minutes, seconds. Years and months have no fixed length and are refused. */
export function durationMilliseconds(duration: string): number | undefined {
  const match = DURATION.exec(duration)
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined
  const [, weeks, days, hours, minutes, seconds] = match
  const number = (value: string | undefined) => (value === undefined ? 0 : Number(value))
  return (
    (((number(weeks) * 7 + number(days)) * 24 + number(hours)) * 60 + number(minutes)) * 60_000 + number(seconds) * 1000
  )
}

export async function devMail(mail: () => Promise<CapturedMail[]>): Promise<DevResponse> {
  return { status: 200, body: await mail() }
}

const faultsSchema = z.strictObject({
  ses: z.optional(z.strictObject({ failNext: z.int().check(z.minimum(0), z.maximum(1000)) })),
  dynamodb: z.optional(z.strictObject({ failNext: z.int().check(z.minimum(0), z.maximum(1000)) })),
})

/** POST /_dev/faults {"ses": {"failNext": N}} and/or {"dynamodb": {"failNext": N}}. */
export function devFaults(
  body: string,
  switches: { ses: (count: number) => void; dynamodb: (count: number) => void },
): DevResponse {
  let parsed: z.infer<typeof faultsSchema>
  try {
    parsed = z.parse(faultsSchema, JSON.parse(body))
  } catch {
    return badRequest('Send {"ses": {"failNext": N}} and/or {"dynamodb": {"failNext": N}}, N from 0 to 1000.')
  }
  if (parsed.ses) switches.ses(parsed.ses.failNext)
  if (parsed.dynamodb) switches.dynamodb(parsed.dynamodb.failNext)
  return { status: 200, body: parsed }
}
