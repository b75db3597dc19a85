import { createHmac, hkdfSync } from 'node:crypto'
import type { SigningKeys } from '../links/action-token.ts'

/** Automatic mail (acknowledgements, the answer to an oversized mail) per requester address in any 24 hours. */
export const MAX_AUTOMATIC_REPLIES_PER_DAY = 3

/**
 * The key a requester's address is counted under (the cap on automatic mail per address, shared by the mail and the
 * web channel): a keyed hash, so that nobody who reads the table can test a guessed address against it — a plain
 * SHA-256 of an address is computed by anyone. Keyed with a key derived from the current link key (never the key
 * itself); after a rotation the count starts afresh, which lets at most one more day's cap through.
 */
export function requesterAddressKey(address: string, keys: SigningKeys): string {
  const key = Buffer.from(hkdfSync('sha256', keys.current.secret, Buffer.alloc(0), 'mar requester address key', 32))
  return createHmac('sha256', key).update(address.trim().toLowerCase(), 'utf8').digest('hex')
}
