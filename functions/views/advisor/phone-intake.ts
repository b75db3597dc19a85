import { LIMITS } from '../../core/cases/web-request.ts'
import { COPY } from '../pages/copy.ts'
import { checkbox, choiceGroup, select, textArea, textField } from '../pages/form-fields.ts'
import { html } from '../pages/html.ts'
import { ADVISOR_COPY, SCRIPT_COPY } from './copy.ts'
import { AdvisorId } from './element-ids.ts'
import { renderAdvisorLayout } from './layout.ts'

/**
 * `/advisor/phone/`: an advisor registers a phone call with the web form's fields (the same field markup and
 * vocabularies), sent as JSON to `POST /api/advisor/cases`. Every field is visible: the advisor is trained, and
 * advisor.js sends sector and organisation only for a professional, as the public form does.
 */
export function renderPhoneIntakePage(): string {
  const t = ADVISOR_COPY.phone
  const options = COPY.nl.form
  const common = (name: string) => ({ name, errorPrefix: ADVISOR_COPY.errorPrefix })

  const main = html`<h1 class="page__title" id="phone-title" tabindex="-1">${t.h1}</h1>
<p class="lead">${t.lead}</p>
<form class="request-form phone-form" id="${AdvisorId.phoneForm}" method="post" action="/api/advisor/cases" novalidate data-summary-title="${t.summaryTitle}">
${choiceGroup({
  ...common('requesterType'),
  type: 'radio',
  label: t.requesterType,
  options: SCRIPT_COPY.requesterType,
  selected: [],
  required: true,
})}
${choiceGroup({ ...common('sector'), type: 'radio', label: t.sector, hint: t.sectorHint, options: options.sector.options, selected: [] })}
${textField({
  ...common('organisation'),
  label: t.organisation,
  hint: t.organisationHint,
  value: '',
  maxLength: LIMITS.organisation,
  autocomplete: 'off',
})}
${choiceGroup({
  ...common('topic'),
  type: 'radio',
  label: t.topic,
  options: SCRIPT_COPY.topic,
  selected: [],
  required: true,
})}
<fieldset class="group" aria-describedby="contact-hint">
<legend class="group__legend">${t.contactLegend}</legend>
<p class="field__hint" id="contact-hint">${t.contactHint}</p>
${checkbox({ ...common('anonymous'), label: t.anonymous, hint: t.anonymousHint, checked: false })}
${textField({ ...common('name'), label: t.name, value: '', maxLength: LIMITS.name, autocomplete: 'off', spellcheck: false })}
${textField({
  ...common('email'),
  type: 'email',
  label: t.email,
  hint: t.emailHint,
  value: '',
  maxLength: LIMITS.email,
  autocomplete: 'off',
  spellcheck: false,
})}
${textField({
  ...common('phone'),
  type: 'tel',
  label: t.phone,
  hint: options.phone.hint,
  value: '',
  maxLength: LIMITS.phone,
  autocomplete: 'off',
})}
</fieldset>
${textArea({
  ...common('description'),
  label: t.description,
  hint: t.descriptionHint,
  value: '',
  maxLength: LIMITS.description,
  minVisible: LIMITS.descriptionMinVisible,
})}
${choiceGroup({
  ...common('signals'),
  type: 'checkbox',
  label: t.signals,
  hint: t.signalsHint,
  options: options.signals.options,
  selected: [],
})}
${select({ ...common('ideology'), label: t.ideology, empty: t.ideologyEmpty, options: options.ideology.options, value: '' })}
${checkbox({ ...common('immediateDanger'), label: t.immediateDanger, hint: t.immediateDangerHint, checked: false })}
${choiceGroup({
  ...common('language'),
  type: 'radio',
  label: t.language,
  options: SCRIPT_COPY.language,
  selected: ['nl'],
})}
${checkbox({
  ...common('consent'),
  label: t.consent,
  hint: html`${t.consentHint.before}<a href="/#privacy">${t.consentHint.link}</a>${t.consentHint.after}`,
  checked: false,
  required: true,
})}
<p class="form-actions"><button class="button button--primary" type="submit">${t.submit}</button></p>
</form>`
  return renderAdvisorLayout({ page: 'phone', title: t.title, main })
}
