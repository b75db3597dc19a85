import { createHash } from 'node:crypto'

/** SHA-256 of a text (UTF-8) as hex: keys that name something without holding it (an address, a reference). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
