import { html } from '../pages/html.ts'
import { ADVISOR_COPY } from './copy.ts'
import { AdvisorId } from './element-ids.ts'
import { renderAdvisorLayout, STATISTICS_PAGE } from './layout.ts'

/** A date field in the public form's markup (advisor.js shows the API's field messages in it). */
function dateField(name: 'from' | 'to', label: string) {
  return html`<div class="field stats-period__field" data-field="${name}">
<label class="field__label" for="stats-${name}">${label}</label>
<input class="field__input" type="date" id="stats-${name}" name="${name}" required>
</div>`
}

/**
 * `/advisor/stats/`: MAR's figures for a period (GET /api/advisor/stats). advisor.js draws the charts as SVG
 * (role="img", with a title and a description, every bar labelled in text), fills the tables with the same numbers,
 * and downloads the figures (for Excel or as plain CSV, each plain or published) with the token in the header.
 * Without a period in the address it shows the current month by the stack's clock (the API's period=current-month).
 */
export function renderStatisticsPage(): string {
  const t = ADVISOR_COPY.stats
  const main = html`<h1 class="page__title" id="stats-title" tabindex="-1">${t.h1}</h1>
<p class="lead">${t.lead}</p>
<form class="stats-period" id="${AdvisorId.statsPeriod}" method="get" action="${STATISTICS_PAGE}" novalidate aria-labelledby="stats-period-title">
<h2 class="stats-period__title" id="stats-period-title">${t.periodTitle}</h2>
<p class="field__hint" id="stats-period-hint">${t.periodHint}</p>
<div class="stats-period__fields">
${dateField('from', t.from)}
${dateField('to', t.to)}
<p class="stats-period__apply"><button class="button button--primary" type="submit">${t.show}</button></p>
</div>
</form>
<div id="${AdvisorId.statsResult}" hidden>
<p class="stats-summary" id="${AdvisorId.statsSummary}"></p>
<section class="stats-section" aria-labelledby="stats-downloads-title">
<h2 id="stats-downloads-title">${t.downloadsTitle}</h2>
<p>${t.downloadsHint}</p>
<ul class="stats-downloads">
<li><button class="button button--secondary" type="button" id="${AdvisorId.statsDownload}" data-format="csv" data-publish="false">${t.download}</button></li>
<li><button class="button button--secondary" type="button" id="${AdvisorId.statsDownloadPublished}" data-format="csv" data-publish="true">${t.downloadPublished}</button></li>
<li><button class="button button--secondary" type="button" id="${AdvisorId.statsDownloadExcel}" data-format="excel" data-publish="false">${t.downloadExcel}</button></li>
<li><button class="button button--secondary" type="button" id="${AdvisorId.statsDownloadExcelPublished}" data-format="excel" data-publish="true">${t.downloadExcelPublished}</button></li>
</ul>
</section>
<section class="stats-section" aria-labelledby="stats-volume-title">
<h2 id="stats-volume-title">${t.volumeTitle}</h2>
<figure class="stats-chart" id="${AdvisorId.statsVolumeChart}"></figure>
<table class="stats-table" id="${AdvisorId.statsVolumeTable}">
<caption>${t.volumeCaption}</caption>
</table>
</section>
<section class="stats-section" aria-labelledby="stats-deadlines-title">
<h2 id="stats-deadlines-title">${t.deadlinesTitle}</h2>
<p>${t.deadlinesHint}</p>
<figure class="stats-chart" id="${AdvisorId.statsDeadlinesChart}"></figure>
<table class="stats-table" id="${AdvisorId.statsDeadlinesTable}">
<caption>${t.deadlinesCaption}</caption>
</table>
</section>
<section class="stats-section" aria-labelledby="stats-dimensions-title">
<h2 id="stats-dimensions-title">${t.dimensionsTitle}</h2>
<div id="${AdvisorId.statsDimensions}"></div>
</section>
</div>`
  return renderAdvisorLayout({ page: 'stats', title: t.title, main })
}
