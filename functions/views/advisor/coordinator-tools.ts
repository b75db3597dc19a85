/**
 * The coordinator's tools on the case page: export (`GET /api/advisor/cases/{reference}/export`, a request for access)
 * and erase (`DELETE /api/advisor/cases/{reference}`, a request for erasure) after typing the case's reference. The
 * section is hidden until the case's answer names a coordinator as reader (`me.roles`); the API refuses everyone
 * else anyway (403). The texts the script needs travel in data attributes, as the action forms' do. The erasure is
 * a group with a button, not a <form>: the page's forms are the case's actions, one per action of the API.
 */
import { attrs, html, type SafeHtml } from '../pages/html.ts'
import { AdvisorId } from './element-ids.ts'
import { ADVISOR_HOME } from './layout.ts'

export const COORDINATOR_COPY = {
  title: 'Coördinatortaken',
  hint: 'Alleen voor coördinatoren. Beide handelingen worden vastgelegd: in de geschiedenis, of na het wissen op de grafsteen.',
  exportTitle: 'Exporteren (inzageverzoek)',
  exportHint:
    'Alles wat over deze melding is vastgelegd, als JSON-bestand: de melding, de berichten en notities, de geschiedenis en de namen van de bijlagen. Bewaar het bestand alleen zolang het verzoek het nodig heeft.',
  export: 'Melding exporteren',
  exporting: 'Bezig met exporteren…',
  exported: 'De export van {reference} is gedownload.',
  exportFailed: 'De export kon niet worden gedownload. Probeer het over een paar minuten opnieuw.',
  eraseTitle: 'Wissen (verzoek tot verwijdering)',
  eraseHint:
    'Wist de melding nu, met alles wat erbij hoort: berichten, notities, bijlagen en e-mail. Er blijft alleen een grafsteen over (zaaknummer, data en wie wiste). Dit kan niet ongedaan worden gemaakt. De statistieken blijven.',
  eraseConfirm: 'Typ het zaaknummer om te bevestigen',
  eraseConfirmHint: 'Het nummer bovenaan deze pagina, in de vorm MAR-XXXX-XXXX.',
  erase: 'Melding definitief wissen',
  eraseMismatch: 'Dit is niet het zaaknummer van deze melding. Typ het nummer bovenaan de pagina over.',
  erasing: 'Bezig met wissen…',
  erased: 'Melding {reference} is gewist. Er is alleen een grafsteen over.',
  backToList: 'Naar alle meldingen',
} as const

/** The section, inside the case (hidden until the reader is a coordinator). */
export function renderCoordinatorTools(): SafeHtml {
  const t = COORDINATOR_COPY
  return html`<section class="case-section coordinator-tools"${attrs({
    id: AdvisorId.coordinatorTools,
    'aria-labelledby': 'coordinator-tools-title',
    'data-exporting': t.exporting,
    'data-exported': t.exported,
    'data-export-failed': t.exportFailed,
    'data-mismatch': t.eraseMismatch,
    'data-erasing': t.erasing,
    'data-erased': t.erased,
  })} hidden>
<h2 id="coordinator-tools-title">${t.title}</h2>
<p class="field__hint">${t.hint}</p>
<h3 id="export-title">${t.exportTitle}</h3>
<p class="field__hint" id="export-hint">${t.exportHint}</p>
<p><button class="button button--secondary" type="button" id="${AdvisorId.caseExport}" aria-describedby="export-hint">${t.export}</button></p>
<h3 id="erase-title">${t.eraseTitle}</h3>
<div class="case-form erase-form" id="${AdvisorId.eraseForm}" role="group" aria-labelledby="erase-title">
<p class="field__hint" id="erase-hint">${t.eraseHint}</p>
<div class="field" data-field="confirm">
<label class="field__label" for="${AdvisorId.eraseConfirm}">${t.eraseConfirm}</label>
<p class="field__hint" id="erase-confirm-hint">${t.eraseConfirmHint}</p>
<input class="field__input erase-form__confirm" type="text" id="${AdvisorId.eraseConfirm}" name="confirm" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="erase-hint erase-confirm-hint">
</div>
<p><button class="button button--secondary erase-form__submit" type="button" id="${AdvisorId.eraseSubmit}">${t.erase}</button></p>
</div>
</section>`
}

/** What the page shows instead of the case once it is erased (outside the case, which is hidden then). */
export function renderErasedNotice(): SafeHtml {
  return html`<div class="notice notice--done case-erased" id="${AdvisorId.caseErased}" tabindex="-1" hidden>
<p id="${AdvisorId.caseErasedText}"></p>
<p><a href="${ADVISOR_HOME}">${COORDINATOR_COPY.backToList}</a></p>
</div>`
}
