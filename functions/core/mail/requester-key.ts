import { createHmac, hkdfSync } from 'node:crypto'
import type { SigningKeys } from '../links/action-token.ts'

/** Automatic mail (acknowledgements, the answer to an oversized mail) per requester mailbox in any 24 hours. */
export const MAX_AUTOMATIC_REPLIES_PER_DAY = 3

/** Mail providers that ignore dots in the local part and answer under two domain names. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

/**
 * The mailbox an address reaches, as the automatic-mail caps count it: lower case, trimmed, a `+tag` removed, and for
 * Gmail the dots removed and `googlemail.com` folded into `gmail.com`. `Victim+1@GoogleMail.com` and
 * `v.i.c.t.i.m@gmail.com` are one mailbox. Only for counting: the address is stored and mailed as it was typed.
 */
export function canonicalMailbox(address: string): string {
  const trimmed = address.trim().toLowerCase()
  const at = trimmed.lastIndexOf('@')
  if (at <= 0) return trimmed
  const domain = trimmed.slice(at + 1)
  const plus = trimmed.indexOf('+')
  let local = plus > 0 && plus < at ? trimmed.slice(0, plus) : trimmed.slice(0, at)
  if (!GMAIL_DOMAINS.has(domain)) return `${local}@${domain}`
  local = local.replaceAll('.', '')
  return `${local}@gmail.com`
}

/**
 * The key a requester's mailbox is counted under (the caps on automatic mail and on new mail cases per sender,
 * shared by the mail and the web channel): a keyed hash of the canonical mailbox, so that nobody who reads the table
 * can test a guessed address against it — a plain SHA-256 of an address is computed by anyone. Keyed with a key
 * derived from the current link key (never the key itself); after a rotation the count starts afresh, which lets at
 * most one more day's cap through.
 */
export function requesterAddressKey(address: string, keys: SigningKeys): string {
  const key = Buffer.from(hkdfSync('sha256', keys.current.secret, Buffer.alloc(0), 'mar requester address key', 32))
  return createHmac('sha256', key).update(canonicalMailbox(address), 'utf8').digest('hex')
}
