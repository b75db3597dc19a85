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

  const answered = everAnswered(item)
  for (const warning of document.querySelectorAll<HTMLElement>('[data-unanswered-warning]')) warning.hidden = answered
  for (const { form } of actionForms()) cancelConfirmation(form)

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
    // A control without a name, or disabled (a field hidden for this choice: shown-when.ts), is not sent.
    if (control.name === '' || control.disabled) continue
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

/**
 * Whether an answer ever reached the requester — by mail, by phone or into the follow-up box. Each way of answering
 * sets `answeredAt` and records a `replied` event; a reply message counts too (a case stored before `answeredAt`).
 */
export function everAnswered(item: AdvisorCaseView): boolean {
  if (typeof item.answeredAt === 'string' && item.answeredAt !== '') return true
  const events = Array.isArray(item.events) ? item.events : []
  const messages = Array.isArray(item.messages) ? item.messages : []
  return events.some((event) => event?.type === 'replied') || messages.some((message) => message?.kind === 'reply')
}

// ---- A confirmation step inside the form (action-forms.ts `confirm`) ----

const confirmStepOf = (form: HTMLFormElement) => form.querySelector<HTMLElement>('[data-confirm]')

/** The form's own submit buttons, those of its first step (not the step's "yes"). */
const firstStepButtons = (form: HTMLFormElement) =>
  [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')].filter(
    (button) => !button.closest('[data-confirm]'),
  )

/** `{name}` in a question: the chosen option's text of the control `name` (its value for another control). */
function chosenValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {}
  for (const control of [...form.elements].filter(isControl)) {
    if (control.name === '') continue
    values[control.name] =
      control instanceof HTMLSelectElement ? (control.selectedOptions[0]?.textContent ?? '') : control.value
  }
  return values
}

/**
 * Before a form with a confirmation step is sent: shows the step (its question filled in, the first step's button
 * hidden) and moves focus to it — true; the form is not sent yet. False when the step is already shown (its "yes"
 * sent the form) or the form has none.
 */
export function askConfirmation(form: HTMLFormElement): boolean {
  const step = confirmStepOf(form)
  if (!step?.hidden) return false
  const question = step.querySelector<HTMLElement>('[data-question]')
  if (question) question.textContent = fill(question.dataset.question ?? '', chosenValues(form))
  const warning = step.querySelector<HTMLElement>('[data-unanswered-warning]')
  if (warning && !warning.hidden) step.setAttribute('aria-describedby', warning.id)
  else step.removeAttribute('aria-describedby')
  step.hidden = false
  for (const button of firstStepButtons(form)) button.hidden = true
  step.focus({ preventScroll: true })
  step.scrollIntoView?.({ block: 'nearest' })
  return true
}

/** Back to the form's first step (after "no", a changed choice, a sent form or a new reading of the case). */
export function cancelConfirmation(form: HTMLFormElement, focusBack = false): void {
  const step = confirmStepOf(form)
  if (!step || step.hidden) return
  step.hidden = true
  const buttons = firstStepButtons(form)
  for (const button of buttons) button.hidden = false
  if (focusBack) buttons[0]?.focus()
}

/** "No" goes back to the first step; changing a choice while asked does too (the question named the old one). */
export function wireConfirmations(): void {
  for (const { form } of actionForms()) {
    const step = confirmStepOf(form)
    if (!step) continue
    step.querySelector('[data-confirm-no]')?.addEventListener('click', () => cancelConfirmation(form, true))
    form.addEventListener('change', () => cancelConfirmation(form))
  }
}

// ---- On a phone: the actions as a list of disclosures, one open at a time ----

/** Where the case page lists its actions compactly (the phone layout of advisor.css). */
export const COMPACT_ACTIONS = '(max-width: 47.99em)'

const titleOf = (section: HTMLElement) => section.querySelector<HTMLElement>(':scope > h3')
const sections = () => [...document.querySelectorAll<HTMLElement>('.case-action')]
/** What opens and closes under an action's title: its form, and whatever else the section holds (a list, a hint). */
const panelOf = (section: HTMLElement) => [...section.children].filter((child) => child !== titleOf(section))

/** The button that opens and closes an action in the compact layout (none in the wide one). */
export function toggleOf(section: HTMLElement): HTMLButtonElement | null {
  return titleOf(section)?.querySelector<HTMLButtonElement>(':scope > button.case-action__toggle') ?? null
}

/** Whether the action's panel shows (always in the wide layout). */
export function isOpen(section: HTMLElement): boolean {
  return !section.classList.contains(CLOSED)
}

/** A closed action shows its title only (advisor.css); the panel keeps its own `hidden` states for when it opens. */
const CLOSED = 'case-action--closed'

/**
 * Opens one action and closes every other (none: all closed). Keeps the action's button where it was on the
 * screen, so closing a long form above it does not move it away.
 */
export function openAction(open: HTMLElement | null): void {
  const anchor = open ?? sections().find((section) => toggleOf(section)?.getAttribute('aria-expanded') === 'true')
  const before = anchor?.getBoundingClientRect().top
  for (const section of sections()) {
    const toggle = toggleOf(section)
    if (!toggle) continue
    const expanded = section === open
    toggle.setAttribute('aria-expanded', String(expanded))
    section.classList.toggle(CLOSED, !expanded)
  }
  if (anchor && before !== undefined)
    window.scrollBy?.({ top: anchor.getBoundingClientRect().top - before, behavior: 'instant' })
}

/**
 * Lays the actions out for the screen: compact, each title a button (`aria-expanded`, `aria-controls` what it
 * opens) with only the open action's panel shown; wide, every panel shown under its plain title. Switching keeps
 * the action the advisor works in open.
 */
export function layOutActions(compact: boolean): void {
  const working = document.activeElement?.closest<HTMLElement>('.case-action') ?? null
  for (const section of sections()) {
    const title = titleOf(section)
    if (!title) continue
    const toggle = toggleOf(section)
    if (compact && !toggle) {
      const controls = panelOf(section)
        .map((element) => element.id)
        .filter(Boolean)
        .join(' ')
      const button = el(
        'button',
        { type: 'button', className: 'case-action__toggle', 'aria-expanded': 'false', 'aria-controls': controls },
        title.textContent ?? '',
      )
      button.addEventListener('click', () =>
        openAction(button.getAttribute('aria-expanded') === 'true' ? null : section),
      )
      title.replaceChildren(button)
    } else if (!compact && toggle) {
      title.replaceChildren(toggle.textContent ?? '')
    }
    if (!compact) section.classList.remove(CLOSED)
  }
  if (compact) openAction(working)
}

/** Follows the screen's width: compact on a phone, wide otherwise. */
export function wireActionLayout(): void {
  const query = window.matchMedia?.(COMPACT_ACTIONS)
  layOutActions(query?.matches === true)
  query?.addEventListener?.('change', (event) => layOutActions(event.matches))
}
