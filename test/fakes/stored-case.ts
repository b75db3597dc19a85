import type { WebCase } from '../../functions/core/cases/case.ts'

const DAY_MS = 86_400_000

/**
 * A case as submitWebRequest stores it: a professional's question from the web form, with an e-mail address,
 * received at `createdAt`. Override what a test is about.
 */
export function storedCase(overrides: Partial<WebCase> & { createdAt: string }): WebCase {
  const createdAt = new Date(overrides.createdAt).toISOString()
  return {
    requesterType: 'professional',
    sector: 'welfare',
    topic: 'question',
    anonymous: false,
    email: 'melder@example.org',
    description: 'Hoe herken ik polarisatie in mijn buurthuis?',
    language: 'nl',
    reference: 'MAR-0000-0001',
    channel: 'web',
    status: 'received',
    urgency: 'normal',
    consentedAt: createdAt,
    retainUntil: new Date(Date.parse(createdAt) + 730 * DAY_MS).toISOString(),
    version: 1,
    ...overrides,
    createdAt,
  }
}

/** The same case reporting immediate danger. */
export function urgentCase(overrides: Partial<WebCase> & { createdAt: string }): WebCase {
  return storedCase({ immediateDanger: true, urgency: 'urgent', topic: 'case', ...overrides })
}
