import * as z from 'zod/mini'
import { BusinessCalendar } from '../core/deadlines/business-calendar.ts'
import type { ResponseWindows } from '../core/deadlines/deadlines.ts'
import { dutchHolidays } from './dutch-holidays.ts'

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const hours = z.number().check(z.positive(), z.maximum(1000))
const window = (acknowledgeHours: number, respondHours: number) =>
  z._default(z.strictObject({ acknowledgeHours: hours, respondHours: hours }), { acknowledgeHours, respondHours })

/**
 * When MAR is open and how fast it promises to answer: cdk.json context `mar.workflow`, passed to the workflow
 * function as WORKFLOW_SETTINGS and read by the local runtime from the same place. Defaults are the table.
 */
export const workflowSettingsSchema = z.strictObject({
  timeZone: z._default(z.string(), 'Europe/Amsterdam'),
  businessHours: z._default(
    z
      .strictObject({
        /** ISO weekdays, 1 = Monday … 7 = Sunday. */
        workdays: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1)),
        opens: z.string().check(z.regex(TIME, { message: 'expected a time as "HH:MM", e.g. "08:30"' })),
        closes: z.string().check(z.regex(TIME, { message: 'expected a time as "HH:MM", e.g. "17:00"' })),
      })
      .check(
        z.refine((value) => value.opens < value.closes, {
          message: 'opens must be before closes',
          // Only meaningful when both are well-formed times.
          when: (payload) => {
            const value = payload.value as { opens?: unknown; closes?: unknown }
            return (
              typeof value?.opens === 'string' &&
              TIME.test(value.opens) &&
              typeof value.closes === 'string' &&
              TIME.test(value.closes)
            )
          },
        }),
      ),
    { workdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '17:00' },
  ),
  holidays: z._default(
    z.strictObject({
      /** Goede Vrijdag: an official holiday, but a working day under most government agreements. */
      goodFriday: z.boolean(),
      /** Bevrijdingsdag: a day off every year, only in lustrum years (2025, 2030, …), or never. */
      liberationDay: z.enum(['always', 'lustrum', 'never']),
    }),
    { goodFriday: false, liberationDay: 'lustrum' },
  ),
  responseWindows: z._default(
    z.strictObject({ urgent: window(1, 8), case: window(4, 16), question: window(8, 40), training: window(8, 40) }),
    {
      urgent: { acknowledgeHours: 1, respondHours: 8 },
      case: { acknowledgeHours: 4, respondHours: 16 },
      question: { acknowledgeHours: 8, respondHours: 40 },
      training: { acknowledgeHours: 8, respondHours: 40 },
    },
  ),
})

export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>

export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = z.parse(workflowSettingsSchema, {})

export function businessCalendarFrom(settings: WorkflowSettings): BusinessCalendar {
  return new BusinessCalendar(
    { timeZone: settings.timeZone, ...settings.businessHours },
    dutchHolidays(settings.holidays),
  )
}

export function responseWindowsFrom(settings: WorkflowSettings): ResponseWindows {
  return settings.responseWindows
}
