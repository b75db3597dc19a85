import type { Language } from '../core/shared/field-problems.ts'

/** Said to everyone who reports immediate danger: MAR advises, it does not come out. */
export const IMMEDIATE_DANGER_GUIDANCE: Record<Language, string> = {
  nl: 'Is er nu acuut gevaar? Bel direct 112. MAR leest uw melding zo snel mogelijk, maar kan niet zelf ingrijpen.',
  en: 'Is there immediate danger right now? Call 112 at once. MAR reads your request as soon as possible, but cannot intervene itself.',
}
