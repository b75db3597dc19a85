/**
 * The actions on the case page. Which of them the page shows is the server's decision alone: a section is shown iff
 * its action is in the case's `allowedActions`; nothing here derives a rule from the status, pause or address.
 * Each action's form (functions/views/advisor/action-forms.ts) says what it sends and what is missing: this module
 * reads every form the same way, so a new action needs nothing here.
 */
import type { AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill } from '../shared/dom.ts'
import type { ActionAnswer, AdvisorCaseView, StaffView } from './api-types.ts'
import { copy } from './copy.ts'
import { amsterdamIso } from './format.ts'
import { renderReplyForm } from './reply-via.ts'

/** The case page's action forms, each with its action's route name. */
export function actionForms(): Array<{ form: HTMLFormElement; action: string }> {
  return [...document.querySelectorAll<HTMLFormElement>('form[data-action]')].map((form) => ({
    form,
    action: form.dataset.action ?? '',
  }))
}

function sectionOf(form: HTMLFormElement): HTMLElement | null {
  return form.closest<HTMLElement>('.case-action')
}

/** Shows exactly the allowed actions' sections; the reply section offers the ways this requester can be answered. */
export function renderActions(
  item: AdvisorCaseView,
  allowed: ReadonlySet<AdvisorActionName>,
  advisors: StaffView['advisors'] | undefined,
): void {
  for (const { form, action } of actionForms()) {
    const section = sectionOf(form)
    if (section) section.hidden = !(allowed as ReadonlySet<string>).has(action)
  }

  // How the answer goes (mail, follow-up box, or phone, which every requester can be answered by): reply-via.ts.
  renderReplyForm(item, allowed.has('replies'))

  const select = byId(AdvisorId.assignAdvisor)
  if (select instanceof HTMLSelectElement) {
    const options = (Array.isArray(advisors) ? advisors : []).map((advisor) =>
      el('option', { value: String(advisor.id) }, String(advisor.name ?? advisor.id)),
    )
    const known = options.some((option) => option.getAttribute('value') === item.assignee)
    select.replaceChildren(...(known ? [] : [el('option', { value: '' }, copy.text.nobody)]), ...options)
    select.value = known ? String(item.assignee) : ''
  }
}

export type PreparedAction = { body: Record<string, unknown> } | { errors: Record<string, string> }

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

const isControl = (element: Element): element is Control =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement

/**
 * What an action's form sends — each named control's value, empty ones left out, a date and time as Amsterdam wall
 * clock time with its offset — or the problems to fix first: a control marked `data-required` sent empty, one marked
 * `data-invalid` that does not read as a moment, a group marked `data-one-of` with nothing chosen.
 */
export function actionBody(form: HTMLFormElement): PreparedAction {
  const body: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const control of [...form.elements].filter(isControl)) {
    if (control.name === '') continue
    // Of a group of radios or checkboxes, the chosen ones only.
    if (
      control instanceof HTMLInputElement &&
      (control.type === 'radio' || control.type === 'checkbox') &&
      !control.checked
    )
      continue
    const value = control.value
    const required = control.dataset.required
    if (value.trim() === '') {
      if (required !== undefined) errors[control.name] = required
      continue
    }
    if (control.type === 'datetime-local') {
      const moment = amsterdamIso(value)
      if (moment === undefined) errors[control.name] = control.dataset.invalid ?? ''
      else body[control.name] = moment
      continue
    }
    body[control.name] = value
  }
  for (const group of form.querySelectorAll<HTMLElement>('[data-one-of]')) {
    const chosen = [...group.querySelectorAll('input, textarea, select')]
      .filter(isControl)
      .some((control) => control.value !== '')
    if (!chosen) errors[group.dataset.field ?? '_body'] = group.dataset.oneOf ?? ''
  }
  return Object.keys(errors).length > 0 ? { errors } : { body }
}

/** What the page says after an action succeeded (the form's own words; `{name}`: the advisor the answer names). */
export function doneText(
  form: HTMLFormElement,
  answer: ActionAnswer | undefined,
  advisorName: (id: unknown) => string,
) {
  if (answer?.via === 'follow-up' && form.dataset.doneIntoBox) return form.dataset.doneIntoBox
  if (answer?.via === 'phone' && form.dataset.doneByPhone) return form.dataset.doneByPhone
  return fill(form.dataset.done ?? '', { name: advisorName(answer?.assignee) })
}
