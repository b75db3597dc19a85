/**
 * The reply templates in the reply box: a select (functions/views/advisor/action-forms.ts) filled from
 * `GET /api/advisor/templates`, grouped by language, that puts the chosen text into the answer — into an empty box,
 * or after what is typed there. The select has no name: it is never sent. Until the templates load (or when they
 * cannot), its field stays hidden and the box works as before.
 */
import type { ReplyTemplate } from '../../../functions/core/templates/reply-template.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el } from '../shared/dom.ts'
import { api } from './api.ts'
import { label } from './copy.ts'

export const TEMPLATES_API = '/api/advisor/templates'

let loaded: ReplyTemplate[] = []
/** The language of the case shown (orderTemplatesFor), whichever of the two loads first. */
let preferred = 'nl'

/** Loads the templates once and fills the select; the requester's language (when known) comes first. */
export async function startReplyTemplates(): Promise<void> {
  const select = byId(AdvisorId.replyTemplate)
  const field = byId(AdvisorId.replyTemplateField)
  if (!(select instanceof HTMLSelectElement) || !field) return
  const result = await api<{ templates?: ReplyTemplate[] }>('GET', TEMPLATES_API)
  const templates = result.status === 200 && Array.isArray(result.data?.templates) ? result.data.templates : []
  loaded = templates.filter((template) => typeof template?.id === 'string' && typeof template.text === 'string')
  fillTemplates(select, preferred)
  field.hidden = loaded.length === 0
  select.addEventListener('change', () => insertTemplate(select))
}

/** The options, one group per language, the case's language first. */
export function fillTemplates(select: HTMLSelectElement, firstLanguage: string): void {
  const none = select.querySelector('option[value=""]')
  const languages = [...new Set([firstLanguage, 'nl', 'en', ...loaded.map((template) => template.language)])]
  const groups = languages.flatMap((language) => {
    const ofLanguage = loaded.filter((template) => template.language === language)
    if (ofLanguage.length === 0) return []
    return [
      el(
        'optgroup',
        { label: label('language', language) },
        ...ofLanguage.map((template) => el('option', { value: template.id }, template.title)),
      ),
    ]
  })
  select.replaceChildren(...(none ? [none] : []), ...groups)
  select.value = ''
}

/** Puts the chosen template's text into the answer box, and the select back to "none". */
function insertTemplate(select: HTMLSelectElement): void {
  const template = loaded.find((candidate) => candidate.id === select.value)
  const box = byId(AdvisorId.replyText)
  select.value = ''
  if (!template || !(box instanceof HTMLTextAreaElement) || box.disabled) return
  box.value = box.value.trim() === '' ? template.text : `${box.value.replace(/\s+$/u, '')}\n\n${template.text}`
  box.dispatchEvent(new Event('input', { bubbles: true }))
  box.focus()
}

/** Called with each case shown: its requester's language goes first in the list. */
export function orderTemplatesFor(language: unknown): void {
  preferred = language === 'en' ? 'en' : 'nl'
  const select = byId(AdvisorId.replyTemplate)
  if (select instanceof HTMLSelectElement && loaded.length > 0) fillTemplates(select, preferred)
}
