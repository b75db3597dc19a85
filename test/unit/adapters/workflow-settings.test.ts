import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import {
  businessCalendarFrom,
  DEFAULT_WORKFLOW_SETTINGS,
  workflowSettingsSchema,
} from '../../../functions/adapters/workflow-settings.ts'

// The defaults themselves are pinned by test/infra/config.test.ts.

const messages = (input: unknown) =>
  z.safeParse(workflowSettingsSchema, input).error?.issues.map((issue) => issue.message)

describe('Workflow settings (cdk.json context mar.workflow)', () => {
  it('says what a time should look like, and only then whether opening comes before closing', () => {
    expect(messages({ businessHours: { workdays: [1], opens: '8:30', closes: '17:00' } })).toEqual([
      'expected a time as "HH:MM", e.g. "08:30"',
    ])
    expect(messages({ businessHours: { workdays: [1], opens: '18:30', closes: '17:00' } })).toEqual([
      'opens must be before closes',
    ])
  })

  it('builds a calendar that is open on a weekday morning and closed at night', () => {
    const calendar = businessCalendarFrom(DEFAULT_WORKFLOW_SETTINGS)
    expect(calendar.isOpen(new Date('2027-01-11T09:00:00Z'))).toBe(true)
    expect(calendar.isOpen(new Date('2027-01-11T17:00:00Z'))).toBe(false)
  })
})
