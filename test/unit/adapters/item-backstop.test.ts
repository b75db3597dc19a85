import { describe, expect, it } from 'vitest'
import { ITEM_BACKSTOP_DAYS_VARIABLE, itemBackstopDays } from '../../../functions/adapters/environment.ts'
import { backstopDays, DEFAULT_BACKSTOP_DAYS } from '../../../functions/core/retention/retention.ts'

describe('the TTL backstop of case items, from the environment', () => {
  it('takes the days the stack set', () => {
    expect(itemBackstopDays({ [ITEM_BACKSTOP_DAYS_VARIABLE]: '2190' })).toBe(2190)
  })

  it('is the default outside Lambda: 730 days open, then 12 months of 31 days', () => {
    expect(itemBackstopDays({})).toBe(1102)
    expect(DEFAULT_BACKSTOP_DAYS).toBe(backstopDays(730, { closedCaseMonths: 12, closedCaseMonthsByOutcome: {} }))
  })

  it('outlasts the longest retention of any outcome, so TTL never deletes a case before its purge', () => {
    expect(backstopDays(730, { closedCaseMonths: 12, closedCaseMonthsByOutcome: { referred: 60 } })).toBe(730 + 1860)
  })

  it('refuses a value that is not a positive whole number', () => {
    expect(() => itemBackstopDays({ [ITEM_BACKSTOP_DAYS_VARIABLE]: 'soon' })).toThrow(
      'ITEM_BACKSTOP_DAYS must be a positive integer',
    )
  })
})
