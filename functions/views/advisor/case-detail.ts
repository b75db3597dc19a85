import { attrs, html } from '../pages/html.ts'
import { renderActionForms } from './action-forms.ts'
import { renderCoordinatorTools, renderErasedNotice } from './coordinator-tools.ts'
import { ADVISOR_COPY } from './copy.ts'
import { AdvisorId } from './element-ids.ts'
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

  const actions = renderActionForms()

  const main = html`<p class="advisor-back"><a class="advisor-back__link" href="${ADVISOR_HOME}"><span aria-hidden="true">← </span>${t.back}</a></p>
<article class="case" id="${AdvisorId.caseView}" aria-labelledby="case-title" hidden>
<h1 class="page__title" id="${AdvisorId.caseTitle}" tabindex="-1">${t.h1} <span class="case__reference" id="${AdvisorId.caseReference}"></span></h1>
<p class="case-badges" id="${AdvisorId.caseBadges}"></p>
<p class="notice notice--info" id="${AdvisorId.caseClosed}" hidden></p>
<p class="notice notice--done" id="${AdvisorId.caseFlash}" hidden></p>
<p class="notice notice--info" id="${AdvisorId.caseDuplicateOf}" hidden></p>
<p class="notice notice--info" id="${AdvisorId.caseDuplicates}" hidden></p>
<p class="notice notice--info" id="${AdvisorId.caseAddressBounced}" hidden>${t.requesterAddressBounced}</p>
<div class="case__columns">
<section class="case-section case__deadlines" aria-labelledby="deadlines-title">
<h2 id="deadlines-title">${t.deadlinesTitle}</h2>
<p class="deadlines__statement" id="${AdvisorId.caseClock}"></p>
<ul class="deadlines" id="${AdvisorId.caseDeadlines}"></ul>
<h3 id="pause-status-title">${t.pauseTitle}</h3>
<div id="${AdvisorId.casePause}"></div>
<h3 id="reminders-title">${t.remindersTitle}</h3>
<ul class="reminders" id="${AdvisorId.caseReminders}" aria-labelledby="reminders-title"></ul>
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
<p class="notice notice--done" id="${AdvisorId.caseDone}" tabindex="-1" hidden></p>
${actions}
</section>
${renderCoordinatorTools()}
</div>
<section class="case-section case__history" aria-labelledby="history-title">
<h2 id="history-title">${t.historyTitle}</h2>
<ol class="history" id="${AdvisorId.caseEvents}"></ol>
</section>
</div>
</article>
${renderErasedNotice()}`
  return renderAdvisorLayout({ page: 'case', title: t.title, main })
}
