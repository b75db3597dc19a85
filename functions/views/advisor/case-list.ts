import { CHANNELS, MAX_QUERY_LENGTH } from '../../core/advisor-actions/case-list-filters.ts'
import { CASE_STATUSES } from '../../core/cases/case.ts'
import { TOPICS } from '../../core/cases/web-request.ts'
import { RISKS } from '../../core/deadlines/risk.ts'
import { attrs, html } from '../pages/html.ts'
import { ADVISOR_COPY, CHANNEL_LABELS, RISK_LABELS, SCRIPT_COPY, STATUS_LABELS, TOPIC_LABELS } from './copy.ts'
import { AdvisorId } from './element-ids.ts'
import { ADVISOR_HOME, PHONE_INTAKE, renderAdvisorLayout } from './layout.ts'

/** The list columns in order; advisor.js fills the rows with the same keys (`data-label` for narrow screens). */
export const CASE_COLUMNS = ['reference', 'urgency', 'topic', 'channel', 'status', 'assignee', 'deadline'] as const

/** Every status can be chosen, closed included (without one, the list holds the open cases). */
export const LISTED_STATUSES = CASE_STATUSES

/** Who has how much (coordinators only: the script shows it when the signed-in advisor is one). */
function renderWorkloadBlock() {
  const w = SCRIPT_COPY.workload
  return html`<section class="workload" id="${AdvisorId.workloadBlock}" aria-labelledby="workload-title" hidden>
<h2 id="workload-title">${w.title}</h2>
<table class="workload-table">
<caption class="visually-hidden">${w.caption}</caption>
<thead>
<tr>${[w.advisor, w.onDuty, w.open, w.overdue].map((heading) => html`<th class="workload-table__cell" scope="col">${heading}</th>`)}</tr>
</thead>
<tbody id="${AdvisorId.workloadRows}"></tbody>
</table>
</section>`
}

/**
 * `/advisor/`: the sign-in (a dev sign-in by name locally, Cognito's hosted sign-in in AWS), then the case list.
 * Both views start hidden; advisor.js shows the one that applies.
 */
export function renderCaseListPage(): string {
  const t = ADVISOR_COPY.list
  const main = html`<section class="advisor-view" id="${AdvisorId.signInView}" aria-labelledby="signin-title" data-title="${t.signInTitle}" hidden>
<h1 class="page__title" id="signin-title" tabindex="-1">${t.signInH1}</h1>
<p class="lead">${t.signInLead}</p>
<div id="${AdvisorId.devSignIn}" hidden>
<h2 id="dev-signin-title">${t.devSignInTitle}</h2>
<p id="dev-signin-lead">${t.devSignInLead}</p>
<ul class="advisor-picker" id="${AdvisorId.devAdvisors}" aria-labelledby="dev-signin-title" aria-describedby="dev-signin-lead"></ul>
</div>
<p id="${AdvisorId.cognitoSignInBlock}" hidden><button class="button button--primary" type="button" id="${AdvisorId.cognitoSignIn}">${t.cognitoSignIn}</button></p>
</section>
<section class="advisor-view" id="${AdvisorId.casesView}" aria-labelledby="cases-title" data-title="${t.title}" hidden>
<div class="advisor-title-row">
<h1 class="page__title" id="cases-title" tabindex="-1">${t.h1}</h1>
<p><a class="button button--secondary" href="${PHONE_INTAKE}">${t.phoneLink}</a></p>
</div>
<form class="advisor-filter" id="${AdvisorId.caseFilter}" method="get" action="${ADVISOR_HOME}" role="search" aria-label="${t.filterTitle}">
<div class="field advisor-filter__search">
<label class="field__label" for="filter-q">${t.search}</label>
<p class="field__hint" id="filter-q-hint">${t.searchHint}</p>
<input class="field__input" type="search" id="filter-q" name="q" maxlength="${String(MAX_QUERY_LENGTH)}" autocomplete="off" spellcheck="false" aria-describedby="filter-q-hint">
</div>
<div class="field field--checkbox advisor-filter__mine">
<div class="choice">
<input class="choice__input" type="checkbox" id="filter-mine" name="assignee" value="me">
<label class="choice__label" for="filter-mine">${t.mine}</label>
</div>
</div>
<div class="field advisor-filter__status">
<label class="field__label" for="filter-status">${t.status}</label>
<select class="field__select" id="filter-status" name="status">
<option value="">${t.allStatuses}</option>
${LISTED_STATUSES.map(
  (status) => html`<option${attrs({ value: status })}>${STATUS_LABELS[status]}</option>
`,
)}</select>
</div>
<div class="field advisor-filter__assignee">
<label class="field__label" for="${AdvisorId.filterAssignee}">${t.assignee}</label>
<select class="field__select" id="${AdvisorId.filterAssignee}" name="assigneeId">
<option value="">${t.anyAssignee}</option>
</select>
</div>
<div class="field advisor-filter__channel">
<label class="field__label" for="filter-channel">${t.channel}</label>
<select class="field__select" id="filter-channel" name="channel">
<option value="">${t.anyChannel}</option>
${CHANNELS.map(
  (channel) => html`<option${attrs({ value: channel })}>${CHANNEL_LABELS[channel]}</option>
`,
)}</select>
</div>
<div class="field advisor-filter__topic">
<label class="field__label" for="filter-topic">${t.topic}</label>
<select class="field__select" id="filter-topic" name="topic">
<option value="">${t.anyTopic}</option>
${TOPICS.map(
  (topic) => html`<option${attrs({ value: topic })}>${TOPIC_LABELS[topic]}</option>
`,
)}</select>
</div>
<div class="field advisor-filter__risk">
<label class="field__label" for="filter-risk">${t.risk}</label>
<select class="field__select" id="filter-risk" name="risk">
<option value="">${t.anyRisk}</option>
${RISKS.map(
  (risk) => html`<option${attrs({ value: risk })}>${RISK_LABELS[risk]}</option>
`,
)}</select>
</div>
<p class="advisor-filter__apply"><button class="button button--secondary" type="submit">${t.applyFilter}</button></p>
</form>
<div class="case-list" id="${AdvisorId.caseList}">
<p class="case-list__count" id="${AdvisorId.caseCount}"></p>
<table class="case-table" id="${AdvisorId.caseTable}" hidden>
<caption class="visually-hidden">${t.caption}</caption>
<thead>
<tr>
${CASE_COLUMNS.map(
  (column) => html`<th scope="col">${t.columns[column]}</th>
`,
)}</tr>
</thead>
<tbody id="${AdvisorId.caseRows}"${attrs(Object.fromEntries(CASE_COLUMNS.map((column) => [`data-label-${column}`, t.columns[column]])))}></tbody>
</table>
<p class="case-list__empty" id="${AdvisorId.caseEmpty}" hidden></p>
</div>
${renderWorkloadBlock()}
</section>`
  return renderAdvisorLayout({ page: 'list', title: t.title, main })
}
