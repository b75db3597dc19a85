import { OUTCOMES } from '../../core/cases/case.ts'
import { REQUESTER_TYPES, SECTORS, TOPICS } from '../../core/cases/web-request.ts'
import { attrs, html, type SafeHtml } from '../pages/html.ts'
import { ADVISOR_COPY, OUTCOME_LABELS, SCRIPT_COPY } from './copy.ts'
import { ACTION_SECTIONS, AdvisorId } from './element-ids.ts'
import { ADVISOR_HOME, renderAdvisorLayout } from './layout.ts'

/** The submission's fields in the order the page lists them; advisor.js fills `data-fact` with text only. */
export const CASE_FACTS = [
  'status',
  'urgency',
  'assignee',
  'channel',
  'topic',
  'createdAt',
  'requesterType',
  'sector',
  'organisation',
  'name',
  'email',
  'phone',
  'language',
  'immediateDanger',
  'signals',
  'ideology',
] as const

/** The facts only a web form or phone call has: a mail case hides their rows (its sender is in the E-mail section). */
export const SUBMISSION_FACTS: ReadonlyArray<(typeof CASE_FACTS)[number]> = [
  'organisation',
  'name',
  'email',
  'phone',
  'language',
  'immediateDanger',
  'signals',
  'ideology',
]

/** What the E-mail section lists of a mail case (`case.mail`), in order; advisor.js fills `data-mail` with text. */
export const MAIL_FIELDS = ['from', 'to', 'cc', 'date', 'subject'] as const

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
    maxlength: MESSAGE_MAX_LENGTH,
    'aria-describedby': hintId,
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

function action(id: string, titleText: string, form: SafeHtml): SafeHtml {
  return html`<section class="case-action" id="${id}-block" aria-labelledby="${id}-title">
<h3 id="${id}-title">${titleText}</h3>
${form}
</section>`
}

/**
 * `/advisor/cases/<reference>` (one static page for every case: CloudFront and the local server serve
 * `advisor/case.html` for the path). advisor.js reads the reference from the path and fills the page.
 */
export function renderCaseDetailPage(): string {
  const t = ADVISOR_COPY.case
  const facts = CASE_FACTS.map(
    (
      fact,
    ) => html`<div class="case-facts__row"${attrs({ 'data-fact-row': fact, 'data-submission': SUBMISSION_FACTS.includes(fact) })}>
<dt>${t.fields[fact]}</dt>
<dd data-fact="${fact}"></dd>
</div>
`,
  )

  const actions = html`${action(
    ACTION_SECTIONS.acknowledge,
    t.acknowledgeTitle,
    html`<form class="case-form" id="acknowledge-form" data-action="acknowledge" novalidate>
<p class="field__hint" id="acknowledge-hint">${t.acknowledgeHint}</p>
<p><button class="button button--primary" type="submit" aria-describedby="acknowledge-hint">${t.acknowledge}</button></p>
<p class="case-form__done"></p>
</form>`,
  )}
${action(
  ACTION_SECTIONS.classify,
  t.classifyTitle,
  html`<form class="case-form" id="classify-form" data-action="classify" novalidate>
<fieldset class="group case-form__group" data-field="_body" aria-describedby="classify-hint">
<legend class="group__legend">${t.classifyLegend}</legend>
<p class="field__hint" id="classify-hint">${t.classifyHint}</p>
${classifySelect({ name: 'topic', label: t.classifyTopic, options: SCRIPT_COPY.topic })}
${classifySelect({ name: 'urgency', label: t.classifyUrgency, options: SCRIPT_COPY.urgency })}
${classifySelect({ name: 'requesterType', label: t.classifyRequesterType, options: SCRIPT_COPY.requesterType })}
${classifySelect({ name: 'sector', label: t.classifySector, hint: t.classifySectorHint, options: SCRIPT_COPY.sector })}
</fieldset>
<p><button class="button button--secondary" type="submit">${t.classify}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.replies,
  t.replyTitle,
  html`<form class="case-form" id="reply-form" data-action="replies" novalidate>
<p class="notice notice--info" id="${AdvisorId.replyUnavailable}" hidden></p>
<p class="case-form__to" id="${AdvisorId.replyTo}" hidden></p>
${textArea({ id: 'reply-text', name: 'text', label: t.replyLabel, hint: t.replyHint, rows: 8 })}
<p><button class="button button--primary" type="submit" id="${AdvisorId.replySubmit}">${t.reply}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.notes,
  t.noteTitle,
  html`<form class="case-form" id="note-form" data-action="notes" novalidate>
${textArea({ id: 'note-text', name: 'text', label: t.noteLabel, hint: t.noteHint })}
<p><button class="button button--secondary" type="submit">${t.note}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.assign,
  t.assignTitle,
  html`<form class="case-form" id="assign-form" data-action="assign" novalidate>
<div class="field" data-field="advisorId">
<label class="field__label" for="assign-advisor">${t.assignLabel}</label>
<select class="field__select" id="${AdvisorId.assignAdvisor}" name="advisorId"></select>
</div>
<p><button class="button button--secondary" type="submit">${t.assign}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.pause,
  t.pauseFormTitle,
  html`<form class="case-form" id="pause-form" data-action="pause" novalidate>
<p class="field__hint" id="pause-hint">${t.pauseHint}</p>
${textArea({ id: 'pause-reason', name: 'reason', label: t.pauseReason, hint: t.pauseReasonHint, rows: 3 })}
<div class="field" data-field="until">
<label class="field__label" for="pause-until">${t.pauseUntil}</label>
<p class="field__hint" id="pause-until-hint">${t.pauseUntilHint}</p>
<input class="field__input" type="datetime-local" id="pause-until" name="until" aria-describedby="pause-until-hint">
</div>
<p><button class="button button--secondary" type="submit" aria-describedby="pause-hint">${t.pause}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.resume,
  t.resumeTitle,
  html`<form class="case-form" id="resume-form" data-action="resume" novalidate>
<p class="field__hint" id="resume-hint">${t.resumeHint}</p>
<p><button class="button button--secondary" type="submit" aria-describedby="resume-hint">${t.resume}</button></p>
<p class="case-form__done"></p>
</form>`,
)}
${action(
  ACTION_SECTIONS.close,
  t.closeTitle,
  html`<form class="case-form" id="close-form" data-action="close" novalidate>
<div class="field" data-field="outcome">
<label class="field__label" for="close-outcome">${t.closeLabel}</label>
<select class="field__select" id="close-outcome" name="outcome">
<option value="">${t.closeEmpty}</option>
${OUTCOMES.map(
  (outcome) => html`<option${attrs({ value: outcome })}>${OUTCOME_LABELS[outcome]}</option>
`,
)}</select>
</div>
<p><button class="button button--secondary" type="submit">${t.close}</button></p>
<p class="case-form__done"></p>
</form>`,
)}`

  const main = html`<p class="advisor-back"><a href="${ADVISOR_HOME}"><span aria-hidden="true">← </span>${t.back}</a></p>
<article class="case" id="${AdvisorId.caseView}" aria-labelledby="case-title" hidden>
<h1 class="page__title" id="${AdvisorId.caseTitle}" tabindex="-1">${t.h1} <span class="case__reference" id="${AdvisorId.caseReference}"></span></h1>
<p class="case-badges" id="${AdvisorId.caseBadges}"></p>
<p class="notice notice--info" id="${AdvisorId.caseClosed}" hidden></p>
<p class="notice notice--done" id="${AdvisorId.caseDone}" hidden></p>
<p class="notice notice--info" id="${AdvisorId.caseAddressBounced}" hidden>${t.requesterAddressBounced}</p>
<div class="case__columns">
<section class="case-section case__deadlines" aria-labelledby="deadlines-title">
<h2 id="deadlines-title">${t.deadlinesTitle}</h2>
<ul class="deadlines" id="${AdvisorId.caseDeadlines}"></ul>
<h3 id="pause-status-title">${t.pauseTitle}</h3>
<div id="${AdvisorId.casePause}"></div>
<h3 id="breaches-title">${t.breachesTitle}</h3>
<ul class="breaches" id="${AdvisorId.caseBreaches}"></ul>
</section>
<div class="case__main">
<section class="case-section" aria-labelledby="submission-title">
<h2 id="submission-title">${t.submissionTitle}</h2>
<div class="case-description" id="${AdvisorId.caseDescriptionBlock}">
<h3 id="description-title">${t.fields.description}</h3>
<div class="case-text" id="${AdvisorId.caseDescription}"></div>
</div>
<dl class="case-facts" id="case-facts">
${facts}</dl>
</section>
<section class="case-section case-mail" id="${AdvisorId.caseMail}" aria-labelledby="mail-title" hidden>
<h2 id="mail-title">${t.mailTitle}</h2>
<div class="case-mail__notices" id="${AdvisorId.mailNotices}"></div>
<dl class="case-facts" id="mail-facts">
${MAIL_FIELDS.map(
  (field) => html`<div class="case-facts__row" data-mail-row="${field}">
<dt>${t.mailFields[field]}</dt>
<dd data-mail="${field}"></dd>
</div>
`,
)}</dl>
<h3 id="mail-text-title">${t.mailTextTitle}</h3>
<p class="field__hint" id="mail-text-hint">${t.mailTextHint}</p>
<pre class="case-text case-mail__text" id="${AdvisorId.mailText}"></pre>
</section>
<section class="case-section" id="${AdvisorId.caseAttachmentsBlock}" aria-labelledby="attachments-title" hidden>
<h2 id="attachments-title">${t.attachmentsTitle}</h2>
<p class="field__hint" id="attachments-hint">${t.attachmentsHint}</p>
<ul class="attachments" id="${AdvisorId.caseAttachments}" aria-describedby="attachments-hint"></ul>
</section>
<section class="case-section" aria-labelledby="messages-title">
<h2 id="messages-title">${t.messagesTitle}</h2>
<ol class="messages" id="${AdvisorId.caseMessages}"></ol>
<p class="messages__empty" id="${AdvisorId.messagesEmpty}" hidden></p>
</section>
<section class="case-section" aria-labelledby="actions-title" id="case-actions">
<h2 id="actions-title">${t.actionsTitle}</h2>
${actions}
</section>
</div>
<section class="case-section case__history" aria-labelledby="history-title">
<h2 id="history-title">${t.historyTitle}</h2>
<ol class="history" id="${AdvisorId.caseEvents}"></ol>
</section>
</div>
</article>`
  return renderAdvisorLayout({ page: 'case', title: t.title, main })
}
