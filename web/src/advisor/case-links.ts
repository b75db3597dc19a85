/**
 * The links between a case closed as a duplicate and the case it repeats: each page links to the other (the
 * duplicate stays readable on its own page, messages and attachments included).
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el } from '../shared/dom.ts'
import type { AdvisorCaseView } from './api-types.ts'
import { copy } from './copy.ts'

const caseLink = (reference: string) => el('a', { href: `/advisor/cases/${encodeURIComponent(reference)}` }, reference)

function fillLinks(id: string, lead: string, references: readonly string[]): void {
  const box = byId(id)
  if (!box) return
  box.hidden = references.length === 0
  box.replaceChildren(
    ...(references.length === 0
      ? []
      : [
          lead,
          ...references.flatMap((reference, index) =>
            index === 0 ? [caseLink(reference)] : [', ', caseLink(reference)],
          ),
        ]),
  )
}

export function renderDuplicateLinks(item: AdvisorCaseView): void {
  const duplicateOf = typeof item.duplicateOf === 'string' ? [item.duplicateOf] : []
  const duplicates = Array.isArray(item.duplicates) ? item.duplicates.filter((ref) => typeof ref === 'string') : []
  fillLinks(AdvisorId.caseDuplicateOf, copy.text.duplicateOf, duplicateOf)
  fillLinks(AdvisorId.caseDuplicates, copy.text.duplicates, duplicates)
}
