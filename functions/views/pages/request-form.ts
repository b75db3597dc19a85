import { LIMITS } from '../../core/cases/web-request.ts'
import { renderConfirmationTemplate } from './confirmation.ts'
import { COPY, FOLLOW_UP, type Lang } from './copy.ts'
import { FormId } from './element-ids.ts'
import { renderErrorSummary, type SummaryEntry } from './error-summary.ts'
import { checkbox, choiceGroup, optionId, select, textArea, textField } from './form-fields.ts'
import { attrs, html, type SafeHtml } from './html.ts'
import { renderLayout } from './layout.ts'
import type { PublicSiteSettings } from './site-settings.ts'

export interface RequestFormPageOptions {
  lang: Lang
  /** What was submitted, to fill the fields in again. Hostile input is expected: every value is escaped. */
  values?: Record<string, string | string[]>
  /** Field name (or `field.index`) → already-localized message. Unknown keys appear in the summary only. */
  errors?: Record<string, string>
  /** MAR's phone, address and time zone (the configuration). */
  site?: PublicSiteSettings
}

/** Form fields in page order, with the id an error summary link points at. */
export const FIELD_TARGETS: Readonly<Record<string, string>> = {
  requesterType: optionId('requesterType', 'professional'),
  sector: optionId('sector', 'care'),
  organisation: 'organisation',
  topic: optionId('topic', 'question'),
  anonymous: 'anonymous',
  name: 'name',
  email: 'email',
  phone: 'phone',
  description: 'description',
  signals: optionId('signals', 'isolation'),
  ideology: 'ideology',
  immediateDanger: 'immediateDanger',
  consent: 'consent',
}

/** `signals.1` belongs to `signals`. */
export function fieldOfErrorKey(key: string): string {
  return key.split('.')[0] ?? key
}

/** One message per field on the page (the first reported), and the summary in page order. */
export function arrangeErrors(errors: Record<string, string>): {
  byField: Record<string, string>
  summary: SummaryEntry[]
} {
  const byField: Record<string, string> = {}
  const general: SummaryEntry[] = []
  const unknown: SummaryEntry[] = []
  for (const [key, message] of Object.entries(errors)) {
    if (typeof message !== 'string') continue
    const field = fieldOfErrorKey(key)
    if (Object.hasOwn(FIELD_TARGETS, field)) {
      if (!Object.hasOwn(byField, field)) byField[field] = message
    } else if (key === '_form') {
      general.push({ message })
    } else {
      unknown.push({ message })
    }
  }
  const linked = Object.keys(FIELD_TARGETS)
    .filter((field) => Object.hasOwn(byField, field))
    .map((field) => ({ message: byField[field] as string, href: `#${FIELD_TARGETS[field]}` }))
  return { byField, summary: [...general, ...linked, ...unknown] }
}

function valuesReader(values: Record<string, string | string[]>) {
  const own = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined)
  const list = (name: string): string[] => {
    const value = own(name)
    if (value === undefined) return []
    return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string')
  }
  const text = (name: string): string => list(name)[0] ?? ''
  const flag = (name: string): boolean => ['on', 'true', '1', 'yes'].includes(text(name).toLowerCase())
  return { list, text, flag }
}

/** The request form page, empty or filled in again with the problems a plain form post had. */
export function renderRequestFormPage(options: RequestFormPageOptions): string {
  const { lang } = options
  const copy = COPY[lang]
  const t = copy.form
  const value = valuesReader(options.values ?? {})
  const { byField, summary } = arrangeErrors(options.errors ?? {})
  const hasErrors = summary.length > 0
  const common = (name: string) => ({ name, error: byField[name], errorPrefix: copy.errorPrefix })

  const main = html`<div class="page__inner">
<h1 class="page__title">${t.h1}</h1>
<p class="lead">${t.lead}</p>
<p class="notice notice--emergency">${t.notForEmergencies}</p>
${hasErrors ? renderErrorSummary(t.summaryTitle, summary) : html``}
<div class="intro">
<section aria-labelledby="when-title">
<h2 id="when-title">${t.whenTitle}</h2>
<p>${t.whenText}</p>
<p>${t.trainingText}</p>
</section>
<section aria-labelledby="who-title">
<h2 id="who-title">${t.whoTitle}</h2>
<p>${t.whoText}</p>
</section>
<section aria-labelledby="next-title">
<h2 id="next-title">${t.nextTitle}</h2>
<ol class="steps">
${t.nextSteps.map(
  (step) => html`<li>${step}</li>
`,
)}</ol>
</section>
<section aria-labelledby="anonymous-title">
<h2 id="anonymous-title">${t.anonymousTitle}</h2>
<p>${t.anonymousText}</p>
<p><a href="${FOLLOW_UP[lang]}">${t.followUpLink}</a></p>
</section>
</div>
<form class="request-form" id="${FormId.requestForm}" method="post" action="/api/requests" enctype="application/x-www-form-urlencoded" novalidate${renderScriptMessages(lang)}>
<h2 id="form-title">${t.formTitle}</h2>
<p class="form-note">${t.requiredNote}</p>
${choiceGroup({
  ...common('requesterType'),
  type: 'radio',
  label: t.requesterType.legend,
  options: t.requesterType.options,
  selected: value.list('requesterType'),
  required: true,
})}
<div class="reveal" id="professional-details" data-show-for="requesterType=professional">
${choiceGroup({
  ...common('sector'),
  type: 'radio',
  label: t.sector.legend,
  hint: t.sector.hint,
  options: t.sector.options,
  selected: value.list('sector'),
})}
${textField({
  ...common('organisation'),
  label: t.organisation.label,
  hint: t.organisation.hint,
  value: value.text('organisation'),
  autocomplete: 'organization',
  maxLength: LIMITS.organisation,
})}
</div>
${choiceGroup({
  ...common('topic'),
  type: 'radio',
  label: t.topic.legend,
  options: t.topic.options,
  selected: value.list('topic'),
  required: true,
})}
<fieldset class="group" aria-describedby="contact-hint">
<legend class="group__legend">${t.contact.legend}</legend>
<p class="field__hint" id="contact-hint">${t.contact.hint}</p>
${checkbox({ ...common('anonymous'), label: t.anonymous.label, hint: t.anonymous.hint, checked: value.flag('anonymous') })}
<div class="reveal" id="contact-details" data-hide-for="anonymous">
${textField({
  ...common('name'),
  label: t.name.label,
  value: value.text('name'),
  autocomplete: 'name',
  maxLength: LIMITS.name,
  spellcheck: false,
})}
${textField({
  ...common('email'),
  type: 'email',
  label: t.email.label,
  hint: t.email.hint,
  value: value.text('email'),
  autocomplete: 'email',
  maxLength: LIMITS.email,
  spellcheck: false,
})}
${textField({
  ...common('phone'),
  type: 'tel',
  label: t.phone.label,
  hint: t.phone.hint,
  value: value.text('phone'),
  autocomplete: 'tel',
  maxLength: LIMITS.phone,
})}
</div>
</fieldset>
${textArea({
  ...common('description'),
  label: t.description.label,
  hint: t.description.hint,
  value: value.text('description'),
  maxLength: LIMITS.description,
  minVisible: LIMITS.descriptionMinVisible,
})}
${choiceGroup({
  ...common('signals'),
  type: 'checkbox',
  label: t.signals.legend,
  hint: t.signals.hint,
  options: t.signals.options,
  selected: value.list('signals'),
})}
${select({
  ...common('ideology'),
  label: t.ideology.label,
  empty: t.ideology.empty,
  options: t.ideology.options,
  value: value.text('ideology'),
})}
${checkbox({
  ...common('immediateDanger'),
  label: t.immediateDanger.label,
  hint: t.immediateDanger.hint,
  checked: value.flag('immediateDanger'),
})}
<section class="privacy" id="privacy" aria-labelledby="privacy-title" tabindex="-1">
<h2 id="privacy-title">${t.privacyTitle}</h2>
${t.privacy.map(
  (paragraph) => html`<p>${paragraph}</p>
`,
)}</section>
${checkbox({
  ...common('consent'),
  label: t.consent.label,
  hint: html`${t.consent.hintBefore}<a href="#privacy">${t.consent.link}</a>${t.consent.hintAfter}`,
  checked: value.flag('consent'),
  required: true,
})}
<div class="hp" aria-hidden="true">
<label for="website">${t.honeypot}</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="${value.text('website')}">
</div>
<input type="hidden" name="language" value="${lang}">
<div class="form-message" id="${FormId.formMessage}" role="alert" tabindex="-1"></div>
<p class="form-actions"><button class="button button--primary" type="submit">${t.submit}</button></p>
</form>
</div>`

  return renderLayout({
    lang,
    title: hasErrors ? `${copy.errorPrefix} ${t.title}` : t.title,
    description: t.metaDescription,
    main,
    ...(options.site ? { site: options.site } : {}),
    templates: renderConfirmationTemplate(lang, options.site),
  })
}

/** Texts form.js needs, in the page's language (the script carries none of its own). */
function renderScriptMessages(lang: Lang): SafeHtml {
  const copy = COPY[lang]
  const s = copy.form.script
  return attrs({
    'data-lang': lang,
    'data-summary-title': copy.form.summaryTitle,
    'data-error-prefix': copy.errorPrefix,
    'data-msg-sending': s.sending,
    'data-msg-network': s.network,
    'data-msg-too-large': s.tooLarge,
    'data-msg-unsupported': s.unsupported,
    'data-msg-rate-limited': s.rateLimited,
    'data-msg-rate-limited-soon': s.rateLimitedSoon,
    'data-msg-failed': s.failed,
    'data-msg-count-short': s.countShort,
    'data-msg-count': s.count,
  })
}
