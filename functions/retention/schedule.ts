import { addDays, localDateOf, type WallTime, zonedInstant } from '../core/shared/zoned-time.ts'

/** When the retention run starts each day, on the wall in the business calendar's zone (EventBridge Scheduler, dev clock). */
export const RETENTION_RUN_TIME: WallTime = { hour: 3, minute: 0 }

/** The first retention run strictly after `after`: today's at 03:00 in the zone, or tomorrow's. */
export function nextRetentionRun(after: Date, timeZone: string): Date {
  const today = localDateOf(after, timeZone)
  const todays = zonedInstant(today, RETENTION_RUN_TIME, timeZone)
  return todays.getTime() > after.getTime() ? todays : zonedInstant(addDays(today, 1), RETENTION_RUN_TIME, timeZone)
}
