/**
 * The coordinator's tools on the case page (functions/views/advisor/coordinator-tools.ts): shown only when the case's
 * answer names the reader a coordinator (`me.roles`; the API refuses anyone else with 403 all the same). Export
 * downloads `GET …/{reference}/export` as a JSON file, through a Blob URL with the token in the header (never in a
 * URL); erase sends `DELETE …/{reference}` only once the reference typed matches this case's.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, describedBy, el, fill, placeFieldError, saveBlob } from '../shared/dom.ts'
import { api, CASES_API, errorText } from './api.ts'
import type { CaseResponse } from './api-types.ts'
import { copy } from './copy.ts'
import { clearDraft } from './drafts.ts'
import { announce, showAlert } from './page.ts'
import { authorization, goToSignIn } from './session.ts'
import { ensureFreshToken } from './token-renewal.ts'

const COORDINATOR = 'coordinator'

function section(): HTMLElement | null {
  return byId(AdvisorId.coordinatorTools)
}

/** Shows the tools to a coordinator, and to no one else. */
export function renderCoordinatorTools(data: Pick<CaseResponse, 'me'>): void {
  const tools = section()
  if (tools) tools.hidden = !(Array.isArray(data.me?.roles) && data.me.roles.includes(COORDINATOR))
}

/** The reference as typed: spaces around it and lower case forgiven, nothing else. */
export function confirms(typed: string, reference: string): boolean {
  return typed.trim().toUpperCase() === reference
}

/** Downloads the case's export as `<reference>-export.json`; `reload` shows the export in the history. */
export async function exportCase(reference: string, button: HTMLButtonElement, reload: () => unknown): Promise<void> {
  const texts = section()?.dataset ?? {}
  if (button.getAttribute('aria-disabled') === 'true') return
  showAlert('')
  button.setAttribute('aria-disabled', 'true')
  announce(texts.exporting ?? '')
  let problem: string | undefined
  try {
    await ensureFreshToken()
    const response = await fetch(`${CASES_API}/${encodeURIComponent(reference)}/export`, {
      headers: { ...authorization(), accept: 'application/json' },
      cache: 'no-store',
    })
    if (response.status === 401) {
      goToSignIn()
      return
    }
    if (response.ok) {
      saveBlob(new Blob([await response.arrayBuffer()], { type: 'application/json' }), `${reference}-export.json`)
      announce(fill(texts.exported ?? '', { reference }))
      await reload()
      return
    }
    problem =
      response.status === 403
        ? copy.error.forbidden
        : response.status === 404
          ? copy.error.notFound
          : (texts.exportFailed ?? copy.error.failed)
  } catch {
    problem = copy.error.network
  } finally {
    button.removeAttribute('aria-disabled')
  }
  announce('')
  showAlert(problem)
}

/** The message beside the confirmation field, in the markup of the form fields (field-errors.ts); '' removes it. */
function showMismatch(input: HTMLInputElement, text: string): void {
  byId(AdvisorId.eraseConfirmError)?.remove()
  const container = input.closest<HTMLElement>('[data-field]')
  container?.classList.toggle('field--error', text !== '')
  describedBy(input, AdvisorId.eraseConfirmError, text !== '')
  if (text === '') {
    input.removeAttribute('aria-invalid')
    return
  }
  input.setAttribute('aria-invalid', 'true')
  const message = el(
    'p',
    { className: 'field__error', id: AdvisorId.eraseConfirmError },
    el('span', { className: 'visually-hidden' }, `${copy.text.errorPrefix} `),
    text,
  )
  if (container) placeFieldError(container, message)
  input.focus()
}

/** Erases the case once the typed reference matches; then the case gives way to a notice with a link to the list. */
export async function eraseCase(reference: string, group: HTMLElement): Promise<void> {
  const texts = section()?.dataset ?? {}
  const input = byId(AdvisorId.eraseConfirm)
  const button = byId(AdvisorId.eraseSubmit)
  if (!(input instanceof HTMLInputElement) || !(button instanceof HTMLButtonElement) || button.disabled) return
  showAlert('')
  if (!confirms(input.value, reference)) {
    showMismatch(input, texts.mismatch ?? '')
    return
  }
  showMismatch(input, '')
  button.disabled = true
  group.setAttribute('aria-busy', 'true')
  announce(texts.erasing ?? '')
  const result = await api('DELETE', `${CASES_API}/${encodeURIComponent(reference)}`)
  group.removeAttribute('aria-busy')
  button.disabled = false
  if (result.status === 401) return
  if (result.status !== 200) {
    announce('')
    showAlert(errorText(result))
    return
  }
  clearDraft(reference)
  const view = byId(AdvisorId.caseView)
  if (view) view.hidden = true
  const erased = fill(texts.erased ?? '', { reference })
  const notice = byId(AdvisorId.caseErased)
  const text = byId(AdvisorId.caseErasedText)
  if (text) text.textContent = erased
  if (notice) {
    notice.hidden = false
    notice.focus()
  }
  announce(erased)
}

export function wireCoordinatorTools(reference: string, reload: () => unknown): void {
  const button = byId(AdvisorId.caseExport)
  if (button instanceof HTMLButtonElement) button.addEventListener('click', () => exportCase(reference, button, reload))
  const group = byId(AdvisorId.eraseForm)
  if (!group) return
  byId(AdvisorId.eraseSubmit)?.addEventListener('click', () => eraseCase(reference, group))
  // Enter in the field erases as a form's submit would.
  byId(AdvisorId.eraseConfirm)?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    void eraseCase(reference, group)
  })
}
