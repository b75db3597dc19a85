import { FormId } from './element-ids.ts'
import { html, type SafeHtml } from './html.ts'

export interface SummaryEntry {
  message: string
  /** `#id` of the control to fix; absent for problems that belong to no field on the page. */
  href?: string
}

export const ERROR_SUMMARY_ID = FormId.errorSummary

/** The list of problems above the form. Its heading is focusable so the script (and `autofocus`) can move focus. */
export function renderErrorSummary(title: string, entries: readonly SummaryEntry[]): SafeHtml {
  if (entries.length === 0) return html``
  return html`<div class="error-summary" id="${ERROR_SUMMARY_ID}" role="alert" aria-labelledby="${ERROR_SUMMARY_ID}-title">
<h2 class="error-summary__title" id="${ERROR_SUMMARY_ID}-title" tabindex="-1" autofocus>${title}</h2>
<ul class="error-summary__list">
${entries.map((entry) =>
  entry.href === undefined
    ? html`<li>${entry.message}</li>
`
    : html`<li><a href="${entry.href}">${entry.message}</a></li>
`,
)}</ul>
</div>`
}
