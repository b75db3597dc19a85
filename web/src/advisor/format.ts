/** Moments, sizes and the Amsterdam wall clock, as the workspace shows and sends them. */
import { el, fill } from '../shared/dom.ts'
import { copy } from './copy.ts'

const ZONE = 'Europe/Amsterdam'

const moments = new Intl.DateTimeFormat('nl-NL', {
  timeZone: ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

export function formatMoment(iso: unknown): string {
  const date = new Date(String(iso))
  return Number.isNaN(date.getTime()) ? '' : moments.format(date)
}

export function timeElement(iso: unknown, className?: string): HTMLTimeElement {
  return el('time', { datetime: String(iso), className }, formatMoment(iso))
}

export function isPast(iso: unknown): boolean {
  const at = Date.parse(String(iso))
  return !Number.isNaN(at) && at < Date.now()
}

/** Offset of Amsterdam from UTC, in minutes, at this instant. */
function zoneOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0)
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return Math.round((wall - instant) / 60_000)
}

/** A `datetime-local` value read as Amsterdam wall-clock time, as ISO 8601 with its offset. */
export function amsterdamIso(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second = '00'] = match
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  let offset = zoneOffsetMinutes(wall)
  offset = zoneOffsetMinutes(wall - offset * 60_000)
  const size = Math.abs(offset)
  const pad = (number: number) => String(number).padStart(2, '0')
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(size / 60))}:${pad(size % 60)}`
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`
}

const sizes = new Intl.NumberFormat('nl-NL')

/** A size in bytes as whole kB, rounded up (a file of a few bytes is 1 kB). */
export function formatSize(bytes: unknown): string {
  const size = Number(bytes)
  if (!Number.isFinite(size) || size < 0) return ''
  return fill(copy.text.attachmentSize, { size: sizes.format(Math.max(1, Math.ceil(size / 1024))) })
}

/** A fresh Idempotency-Key. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return base64url(crypto.getRandomValues(new Uint8Array(16)))
}

export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
