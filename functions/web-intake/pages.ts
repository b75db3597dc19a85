import type { Language } from '../core/shared/field-problems.ts'

/** The pages the submit function answers a plain (no-JavaScript) form post with; rendered by functions/views/pages. */
export interface IntakePages {
  requestForm(options: {
    lang: Language
    values?: Record<string, string | string[]>
    errors?: Record<string, string>
  }): string
  confirmation(options: {
    lang: Language
    reference: string
    urgent: boolean
    receipt?: string
    /** When MAR answers at the latest (ISO 8601). */
    respondBy: string
    /** The same request came before (a reload): an anonymous one's receipt code is a new one. */
    replayed?: boolean
    /** An anonymous request sent again without JavaScript: no new code; the one shown before stays valid. */
    receiptKept?: boolean
  }): string
  error(options: { lang: Language; status: number }): string
}
