import type { Case } from '../cases/case.ts'
import type { SigningKeySource } from '../ports/stores.ts'
import { DAY_MS } from '../shared/clock.ts'
import { ACTION_TOKEN_LIFETIME_DAYS, linkGenerationOf, signActionToken } from './action-token.ts'

/**
 * The one-click acknowledge links of a case, per advisor: valid for 14 days from `sentAt` (a retried step made at
 * the same moment produces the very same links) and of the case's link generation (a later revocation — close,
 * reassignment — makes them stop working).
 */
export async function acknowledgeLinkMaker(
  current: Pick<Case, 'reference' | 'linkGeneration'>,
  sentAt: Date,
  deps: { signingKey: SigningKeySource; publicUrl: string },
) {
  const keys = await deps.signingKey()
  const expiresAt = new Date(sentAt.getTime() + ACTION_TOKEN_LIFETIME_DAYS * DAY_MS)
  const generation = linkGenerationOf(current)
  return (advisorId: string) =>
    `${deps.publicUrl}/actions/${signActionToken({ reference: current.reference, advisorId, action: 'acknowledge', expiresAt, generation }, keys)}`
}
