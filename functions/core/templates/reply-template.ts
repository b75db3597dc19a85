/**
 * The shape of a reply template (core/templates/reply-templates.ts): a module of its own so that the store's port
 * and the use cases both import it, and not each other.
 */
import type { Language } from '../shared/field-problems.ts'

export const TEMPLATE_LANGUAGES = ['nl', 'en'] as const satisfies readonly Language[]

export interface ReplyTemplate {
  id: string
  /** The language of the answer it starts: the page offers the requester's language first. */
  language: Language
  title: string
  text: string
  /** Who last wrote it, and when (absent on a starter template that nobody changed). */
  updatedAt?: string
  updatedBy?: string
}
