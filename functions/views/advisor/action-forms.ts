/**
 * The case page's actions, one entry each: its form (the fields it sends, what the page says when one is missing) and
 * its copy (title, what the page says once done). The page offers a section only when the case's `allowedActions`
 * names it; the script reads the forms generically (web/src/advisor/case-actions.ts), so a new action is its core
 * module, its line in the registry, and its entry here.
 */

import type { AdvisorActionName } from '../../core/advisor-actions/registry.ts'
import { REPLY_VIAS, type ReplyVia } from '../../core/advisor-actions/reply.ts'
import { OUTCOMES } from '../../core/cases/case.ts'
import { REQUESTER_TYPES, SECTORS, TOPICS } from '../../core/cases/web-request.ts'
import { attrs, html, type SafeHtml } from '../pages/html.ts'
import { ADVISOR_COPY, OUTCOME_LABELS, SCRIPT_COPY } from './copy.ts'
import { AdvisorId } from './element-ids.ts'

/** The fields of `POST /api/advisor/cases/{reference}/classify`, each a select with an empty "ongewijzigd". */
export const CLASSIFY_FIELDS = {
  topic: TOPICS,
  urgency: ['normal', 'urgent'],
  requesterType: REQUESTER_TYPES,
  sector: SECTORS,
} as const

/** The longest text the API takes for a reply, a note or a pause reason. */
export const MESSAGE_MAX_LENGTH = 10_000

interface TextAreaField {
  id: string
  name: string
  label: string
  hint?: string
  rows?: number
  /** Said beside the field when it is sent empty. */
  required?: string
  /** The longest text the API takes for it (default MESSAGE_MAX_LENGTH). */
  maxLength?: number
}

/** A labelled textarea in the form field markup of the public form (`data-field` is where an error lands). */
function textArea(field: TextAreaField): SafeHtml {
  const hintId = field.hint === undefined ? undefined : `${field.id}-hint`
  return html`<div class="field" data-field="${field.name}">
<label class="field__label" for="${field.id}">${field.label}</label>
${hintId === undefined ? '' : html`<p class="field__hint" id="${hintId}">${field.hint}</p>`}
<textarea class="field__textarea field__textarea--short"${attrs({
    id: field.id,
    name: field.name,
    rows: field.rows ?? 5,
    maxlength: field.maxLength ?? MESSAGE_MAX_LENGTH,
    'aria-describedby': hintId,
    'data-required': field.required,
  })}></textarea>
</div>`
}

interface SelectField {
  name: keyof typeof CLASSIFY_FIELDS
  label: string
  hint?: string
  options: Readonly<Record<string, string>>
}

/** A labelled select for the classify form: "ongewijzigd" first, then the Dutch label of each value core allows. */
function classifySelect(field: SelectField): SafeHtml {
  const id = `classify-${field.name}`
  const hintId = field.hint === undefined ? undefined : `${id}-hint`
  return html`<div class="field" data-field="${field.name}">
<label class="field__label" for="${id}">${field.label}</label>
${hintId === undefined ? '' : html`<p class="field__hint" id="${hintId}">${field.hint}</p>`}
<select class="field__select"${attrs({ id, name: field.name, 'aria-describedby': hintId })}>
<option value="">${ADVISOR_COPY.case.classifyUnchanged}</option>
${CLASSIFY_FIELDS[field.name].map(
  (value) => html`<option${attrs({ value })}>${field.options[value] ?? value}</option>
`,
)}</select>
</div>`
}

interface ActionForm {
  /** Of the section (`<id>-block`), its title (`<id>-title`) and its form (`<id>-form`). */
  id: string
  title: string
  /** The form's fields, hints and submit button. */
  fields: () => SafeHtml
  /** What the page says once it is done; `{name}`: the advisor the answer names (assign). */
  done: string
  /** What it says instead when the answer went into the requester's follow-up box (a reply). */
  doneIntoBox?: string
  /** Asked in the page before the form is sent (see `confirmStep`). */
  confirm?: Confirmation
  /** What it says instead when the answer was given by phone (a reply). */
  doneByPhone?: string
}

/**
 * A second step in the form itself (never `window.confirm`): the question, what says yes (the form's submit button
 * while the step is shown) and what goes back; `{name}` in the question is the chosen option of the control `name`.
 * `unanswered` is a warning the page adds while no answer ever reached the requester (by mail, phone or follow-up box).
 */
interface Confirmation {
  question: string
  yes: string
  no: string
  unanswered?: string
}

/** The confirmation step of a form, hidden until the form is sent once; case-actions.ts reads it by its data attributes. */
function confirmStep(id: string, confirm: Confirmation): SafeHtml {
  const warning = `${id}-unanswered`
  return html`<div class="case-form__confirm" id="${id}-confirm" role="group" tabindex="-1" aria-labelledby="${id}-confirm-question" data-confirm hidden>
<p class="case-form__question" id="${id}-confirm-question"${attrs({ 'data-question': confirm.question })}></p>
${confirm.unanswered === undefined ? '' : html`<p class="notice case-form__warning" id="${warning}" data-unanswered-warning hidden>${confirm.unanswered}</p>`}
<p class="case-form__buttons"><button class="button button--primary" type="submit" data-confirm-yes>${confirm.yes}</button>
<button class="button button--secondary" type="button" data-confirm-no>${confirm.no}</button></p>
</div>`
}

const VIA_LABELS: Record<ReplyVia, string> = {
  mail: ADVISOR_COPY.case.replyViaMail,
  'follow-up': ADVISOR_COPY.case.replyViaFollowUp,
  phone: ADVISOR_COPY.case.replyViaPhone,
}

/**
 * How the answer goes: each way a radio (`via`); the page shows the ways this requester can be answered
 * (web/src/advisor/reply-via.ts) and checks the written one if there is one, else phone.
 */
function replyVia(): SafeHtml {
  return html`<fieldset class="group case-form__group" id="${AdvisorId.replyVia}" data-field="via">
<legend class="group__legend">${ADVISOR_COPY.case.replyVia}</legend>
<div class="choices">
${REPLY_VIAS.map(
  (via) => html`<div class="choice" data-via="${via}">
<input class="choice__input"${attrs({ type: 'radio', id: `reply-via-${via}`, name: 'via', value: via })}>
<label class="choice__label" for="reply-via-${via}">${VIA_LABELS[via]}</label>
</div>
`,
)}</div>
</fieldset>`
}

const t = ADVISOR_COPY.case
const missing = SCRIPT_COPY.error

/** In the order the page shows them. */
export const ACTION_FORMS = {
  acknowledge: {
    id: 'acknowledge',
    title: t.acknowledgeTitle,
    done: 'Ontvangst bevestigd.',
    fields: () => html`<p class="field__hint" id="acknowledge-hint">${t.acknowledgeHint}</p>
<p><button class="button button--primary" type="submit" aria-describedby="acknowledge-hint">${t.acknowledge}</button></p>`,
  },
  classify: {
    id: 'classify',
    title: t.classifyTitle,
    done: 'Melding ingedeeld.',
    fields:
      () => html`<fieldset class="group case-form__group" data-field="_body" aria-describedby="classify-hint"${attrs({ 'data-one-of': missing.chooseClassification })}>
<legend class="group__legend">${t.classifyLegend}</legend>
<p class="field__hint" id="classify-hint">${t.classifyHint}</p>
${classifySelect({ name: 'topic', label: t.classifyTopic, options: SCRIPT_COPY.topic })}
${classifySelect({ name: 'urgency', label: t.classifyUrgency, options: SCRIPT_COPY.urgency })}
${classifySelect({ name: 'requesterType', label: t.classifyRequesterType, options: SCRIPT_COPY.requesterType })}
${classifySelect({ name: 'sector', label: t.classifySector, hint: t.classifySectorHint, options: SCRIPT_COPY.sector })}
</fieldset>
<p><button class="button button--secondary" type="submit">${t.classify}</button></p>`,
  },
  replies: {
    id: 'reply',
    title: t.replyTitle,
    done: 'Antwoord verstuurd naar de melder.',
    doneIntoBox: 'Antwoord in de ontvangstbus gezet: de melder leest het met zaaknummer en ontvangstcode.',
    doneByPhone: 'Telefonisch antwoord vastgelegd: de termijn voor antwoorden is gestopt.',
    fields: () => html`<p class="notice notice--info" id="${AdvisorId.replyUnavailable}" hidden></p>
${replyVia()}
<p class="case-form__to" id="${AdvisorId.replyTo}" hidden></p>
<div class="field" id="${AdvisorId.replyTemplateField}" hidden>
<label class="field__label" for="${AdvisorId.replyTemplate}">${t.replyTemplateLabel}</label>
<p class="field__hint" id="reply-template-hint">${t.replyTemplateHint}</p>
<select class="field__select" id="${AdvisorId.replyTemplate}" aria-describedby="reply-template-hint">
<option value="">${t.replyTemplateNone}</option>
</select>
</div>
${textArea({ id: 'reply-text', name: 'text', label: t.replyLabel, hint: t.replyHint, rows: 8, required: missing.required })}
<p><button class="button button--primary" type="submit" id="${AdvisorId.replySubmit}">${t.reply}</button></p>`,
  },
  'no-reply-needed': {
    id: 'no-reply-needed',
    title: t.noReplyNeededTitle,
    done: 'Vastgelegd: geen antwoord nodig. De termijn voor antwoorden is gestopt.',
    fields: () => html`<p class="field__hint" id="no-reply-needed-hint">${t.noReplyNeededHint}</p>
${textArea({ id: 'no-reply-needed-reason', name: 'reason', label: t.noReplyNeededReason, hint: t.noReplyNeededReasonHint, rows: 3, required: missing.required })}
<p><button class="button button--secondary" type="submit" aria-describedby="no-reply-needed-hint">${t.noReplyNeeded}</button></p>`,
  },
  notes: {
    id: 'note',
    title: t.noteTitle,
    done: 'Notitie toegevoegd.',
    fields:
      () => html`${textArea({ id: 'note-text', name: 'text', label: t.noteLabel, hint: t.noteHint, required: missing.required })}
<p><button class="button button--secondary" type="submit">${t.note}</button></p>`,
  },
  assign: {
    id: 'assign',
    title: t.assignTitle,
    done: 'Melding toegewezen aan {name}.',
    fields: () => html`<div class="field" data-field="advisorId">
<label class="field__label" for="assign-advisor">${t.assignLabel}</label>
<select class="field__select" id="${AdvisorId.assignAdvisor}" name="advisorId"${attrs({ 'data-required': missing.chooseAdvisor })}></select>
</div>
<p><button class="button button--secondary" type="submit">${t.assign}</button></p>`,
  },
  pause: {
    id: 'pause',
    title: t.pauseFormTitle,
    done: 'Melding gepauzeerd.',
    fields: () => html`<p class="field__hint" id="pause-hint">${t.pauseHint}</p>
${textArea({ id: 'pause-reason', name: 'reason', label: t.pauseReason, hint: t.pauseReasonHint, rows: 3, required: missing.required })}
<div class="field" data-field="until">
<label class="field__label" for="pause-until">${t.pauseUntil}</label>
<p class="field__hint" id="pause-until-hint">${t.pauseUntilHint}</p>
<input class="field__input" type="datetime-local" id="pause-until" name="until" aria-describedby="pause-until-hint"${attrs({ 'data-invalid': missing.invalidUntil })}>
</div>
<p><button class="button button--secondary" type="submit" aria-describedby="pause-hint">${t.pause}</button></p>`,
  },
  resume: {
    id: 'resume',
    title: t.resumeTitle,
    done: 'Melding hervat.',
    fields: () => html`<p class="field__hint" id="resume-hint">${t.resumeHint}</p>
<p><button class="button button--secondary" type="submit" aria-describedby="resume-hint">${t.resume}</button></p>`,
  },
  reminders: {
    id: 'reminder',
    title: t.reminderTitle,
    done: 'Herinnering gezet.',
    fields: () => html`<p class="field__hint" id="reminder-hint">${t.reminderHint}</p>
<div class="field" data-field="at">
<label class="field__label" for="reminder-at">${t.reminderAt}</label>
<p class="field__hint" id="reminder-at-hint">${t.reminderAtHint}</p>
<input class="field__input" type="datetime-local" id="reminder-at" name="at" aria-describedby="reminder-at-hint"${attrs({ 'data-required': missing.required, 'data-invalid': missing.invalidReminderAt })}>
</div>
${textArea({ id: 'reminder-note', name: 'note', label: t.reminderNote, hint: t.reminderNoteHint, rows: 3, required: missing.required, maxLength: 500 })}
<p><button class="button button--secondary" type="submit" aria-describedby="reminder-hint">${t.reminder}</button></p>`,
  },
  close: {
    id: 'close',
    title: t.closeTitle,
    done: 'Melding gesloten.',
    confirm: {
      question: t.closeConfirm,
      yes: t.closeConfirmYes,
      no: t.closeConfirmNo,
      unanswered: t.closeUnanswered,
    },
    fields: () => html`<div class="field" data-field="outcome">
<label class="field__label" for="close-outcome">${t.closeLabel}</label>
<select class="field__select" id="close-outcome" name="outcome"${attrs({ 'data-required': missing.chooseOutcome })}>
<option value="">${t.closeEmpty}</option>
${OUTCOMES.map(
  (outcome) => html`<option${attrs({ value: outcome })}>${OUTCOME_LABELS[outcome]}</option>
`,
)}</select>
</div>
<div class="field" data-field="duplicateOf" data-shown-when="outcome=duplicate" hidden>
<label class="field__label" for="close-duplicate-of">${t.closeDuplicateOf}</label>
<p class="field__hint" id="close-duplicate-of-hint">${t.closeDuplicateOfHint}</p>
<input class="field__input" type="text" id="close-duplicate-of" name="duplicateOf" autocomplete="off" spellcheck="false" maxlength="20" aria-describedby="close-duplicate-of-hint" disabled${attrs({ 'data-required': missing.duplicateOfRequired })}>
</div>
<p><button class="button button--secondary" type="submit">${t.close}</button></p>`,
  },
} as const satisfies Record<AdvisorActionName, ActionForm>

/** Every action's section, each hidden until the case's `allowedActions` names it. */
export function renderActionForms(): SafeHtml {
  return html`${Object.entries(ACTION_FORMS).map(([name, form]: [string, ActionForm]) => {
    return html`<section class="case-action" id="${form.id}-block" aria-labelledby="${form.id}-title">
<h3 id="${form.id}-title">${form.title}</h3>
<form class="case-form"${attrs({ id: `${form.id}-form`, 'data-action': name, 'data-done': form.done, 'data-done-into-box': form.doneIntoBox, 'data-done-by-phone': form.doneByPhone })} novalidate>
${form.fields()}
${form.confirm === undefined ? '' : confirmStep(form.id, form.confirm)}
<p class="case-form__done" id="${form.id}-done" tabindex="-1"></p>
</form>
</section>
`
  })}`
}
