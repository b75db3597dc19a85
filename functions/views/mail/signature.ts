/**
 * The one signature under every answer to a requester (a reply mail, an answer in the follow-up box): the advisor's
 * first name, MAR's name and its phone number (configuration `marPhone`). The system adds it; advisors type none.
 */
import type { ReplySignature } from '../../core/cases/case.ts'
import type { Language } from '../../core/shared/field-problems.ts'

const SIGNATURE_TEXT = {
  nl: {
    closing: 'Met vriendelijke groet,',
    organisation: 'Meld- en Adviespunt Radicalisering, gemeente Rotterdam',
    phone: (phone: string) => `Telefoon: ${phone}`,
  },
  en: {
    closing: 'Kind regards,',
    organisation: 'Meld- en Adviespunt Radicalisering (Radicalisation Advice Point), City of Rotterdam',
    phone: (phone: string) => `Phone: ${phone}`,
  },
} as const

/** The signature's lines, in the requester's language. */
export function signatureLines(signature: ReplySignature, language: Language): string[] {
  const copy = SIGNATURE_TEXT[language]
  return [
    copy.closing,
    ...(signature.name === '' ? [] : [signature.name]),
    copy.organisation,
    ...(signature.phone === undefined ? [] : [copy.phone(signature.phone)]),
  ]
}

/** The signature as one paragraph of plain text (lines joined by line feeds). */
export function signatureText(signature: ReplySignature, language: Language): string {
  return signatureLines(signature, language).join('\n')
}
