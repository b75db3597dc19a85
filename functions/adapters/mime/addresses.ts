import { type Address, addressParser } from 'postal-mime'
import type { InboundAddress } from '../../core/mail/inbound-mail.ts'
import { singleLine } from './text.ts'

/** Mail addresses from header values and from the envelope, lower-cased, shape-checked, capped. */

const MAX_NAME_LENGTH = 200

/** `<Someone@Example.org>` → `someone@example.org`; `<>` → `''` (the null return path). */
export function envelopeAddress(value: string): string {
  const text = value.replace(/[\p{Cc}\p{Cf}\s]+/gu, '').slice(0, 320)
  const inBrackets = /^<([^<>]*)>/.exec(text)
  return (inBrackets ? (inBrackets[1] ?? '') : text.replace(/[<>]/g, '')).toLowerCase()
}

const ADDRESS_SHAPE = /^[^\s@<>()[\]",;:\\]{1,64}@[^\s@<>()[\]",;:\\]{1,253}$/

export function addresses(value: string): InboundAddress[] {
  if (value.length === 0) return []
  let parsed: Address[]
  try {
    parsed = addressParser(value.slice(0, 64 * 1024), { flatten: true })
  } catch {
    return []
  }
  const result: InboundAddress[] = []
  for (const mailbox of parsed) {
    const address = (mailbox.address ?? '').replace(/[\p{Cc}\p{Cf}\s]+/gu, '').toLowerCase()
    if (!ADDRESS_SHAPE.test(address)) continue
    const name = singleLine(mailbox.name ?? '', MAX_NAME_LENGTH)
    result.push(name.length > 0 ? { address, name } : { address })
  }
  return result
}
