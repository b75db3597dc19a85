/**
 * The reminders set on a case (`reminders` of the case): each with its moment, who set it and its note, whether it
 * was sent, and a button that removes it (`DELETE …/{reference}/reminders/{id}`). Setting one is an action form
 * (functions/views/advisor/action-forms.ts).
 */
import type { AdvisorReminder } from '../../../functions/core/cases/case.ts'
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill } from '../shared/dom.ts'
import { api, CASES_API, errorText } from './api.ts'
import type { AdvisorCaseView } from './api-types.ts'
import { shownText } from './case-view.ts'
import { copy } from './copy.ts'
import { formatMoment } from './format.ts'
import { announce, showAlert } from './page.ts'

export function renderReminders(item: AdvisorCaseView, advisorName: (id: unknown) => string): void {
  const list = byId(AdvisorId.caseReminders)
  if (!list) return
  const text = copy.text
  const reminders: AdvisorReminder[] = item.reminders ?? []
  if (reminders.length === 0) {
    list.replaceChildren(el('li', {}, text.remindersNone))
    return
  }
  const removable = item.status !== 'closed'
  list.replaceChildren(
    ...reminders.map((reminder) => {
      const at = formatMoment(reminder.at)
      const state = reminder.sentAt ? text.reminderSent : reminder.cancelledAt ? text.reminderCancelled : undefined
      const button = el(
        'button',
        { className: 'button button--secondary button--small', type: 'button' },
        text.reminderRemove,
      )
      button.dataset.reminderId = reminder.id
      button.setAttribute('aria-label', fill(text.reminderRemoveLabel, { at }))
      return el(
        'li',
        { className: 'reminders__item' },
        fill(text.reminderLine, { at, by: advisorName(reminder.by) }),
        el('span', { className: 'reminders__note' }, shownText(reminder.note)),
        state ? ` (${state})` : undefined,
        removable ? ' ' : undefined,
        removable ? button : undefined,
      )
    }),
  )
}

/** Removes a reminder on its button's click, then shows the case as it is. */
export function wireReminders(reference: string, reload: () => Promise<unknown>): void {
  byId(AdvisorId.caseReminders)?.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-reminder-id]') : null
    if (!(button instanceof HTMLButtonElement) || button.disabled) return
    showAlert('')
    button.disabled = true
    const id = button.dataset.reminderId ?? ''
    const result = await api(
      'DELETE',
      `${CASES_API}/${encodeURIComponent(reference)}/reminders/${encodeURIComponent(id)}`,
    )
    if (result.status === 401) return
    await reload()
    // The button is gone with the reminder: focus goes where every action's outcome is read, the case title.
    byId(AdvisorId.caseTitle)?.focus()
    if (result.status === 200) announce(copy.text.reminderRemoved)
    else showAlert(errorText(result))
  })
}
