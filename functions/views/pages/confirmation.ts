import { COPY, FOLLOW_UP, HOME, type Lang } from './copy.ts'
import { FormId } from './element-ids.ts'
import { html, type SafeHtml } from './html.ts'
import { EMERGENCY_NUMBERS, fillHtml, phoneLink, renderLayout, withPhoneLinks } from './layout.ts'
import { answerDateFormat, DEFAULT_SITE_SETTINGS, type PublicSiteSettings } from './site-settings.ts'

export interface ConfirmationPageOptions {
  lang: Lang
  reference: string
  /** The requester ticked "immediate danger": tell them to call 112 first, and what else to do now. */
  urgent: boolean
  /** An anonymous request's receipt code: shown this once, never again. A named request has none. */
  receipt?: string
  /** When MAR answers at the latest (ISO 8601): the date the acknowledgement mail gives. */
  respondBy: string
  /** The same request came before (a reload of the answer): an anonymous request's receipt code is a new one. */
  replayed?: boolean
  /** An anonymous request sent again without JavaScript: no new code; the one shown before stays valid. */
  receiptKept?: boolean
  site?: PublicSiteSettings
}

export const CONFIRMATION_TEMPLATE_ID = FormId.confirmationTemplate

/** Which requests a block of the confirmation is for: form.js removes the blocks that do not apply. */
type Audience = 'urgent' | 'named' | 'anonymous'

interface ContentOptions {
  lang: Lang
  reference: string
  urgent: boolean
  receipt: string | undefined
  respondBy: string | undefined
  replayed?: boolean | undefined
  receiptKept?: boolean | undefined
  site: PublicSiteSettings
  /** Renders every optional block, marked with its audience, so form.js can fill in or drop each one. */
  forTemplate: boolean
}

/** The answer date as the acknowledgement mail writes it; empty in the template (form.js fills it in). */
function answerDate(options: ContentOptions): SafeHtml {
  if (options.respondBy === undefined) return html`<time data-respond-by></time>`
  const text = answerDateFormat(options.lang, options.site.timeZone).format(new Date(options.respondBy))
  return html`<time data-respond-by datetime="${options.respondBy}">${text}</time>`
}

/** A reference or receipt code: never broken over two lines, with a copy button that form.js switches on. */
function code(options: {
  label: string
  value: string
  valueClass: string
  marker: string
  copyLabel: string
  lang: Lang
}): SafeHtml {
  const c = COPY[options.lang].confirmation
  return html`<p class="reference__text"><span class="reference__label">${options.label}</span> <strong class="${options.valueClass}" ${options.marker}>${options.value}</strong>
<button type="button" class="copy-button" data-copy data-copied="${c.copied}" data-copy-failed="${c.copyFailed}" hidden>${options.copyLabel}</button> <span class="copy-status" role="status"></span></p>`
}

function renderConfirmationContent(options: ContentOptions): SafeHtml {
  const { lang, forTemplate } = options
  const c = COPY[lang].confirmation
  const anonymous = options.receipt !== undefined || options.receiptKept === true
  const shows = (audience: Audience): boolean =>
    forTemplate || (audience === 'urgent' ? options.urgent : audience === 'anonymous' ? anonymous : !anonymous)
  const mark = (audience: Audience): SafeHtml => (forTemplate ? html` data-show-if="${audience}"` : html``)
  const date = answerDate(options)
  const followUpLink = html`<a href="${FOLLOW_UP[lang]}">${c.followUpLink}</a>`
  const steps = (audience: 'named' | 'anonymous', list: string[]) =>
    shows(audience)
      ? html`<ul class="steps"${mark(audience)}>
${list.map(
  (step) => html`<li>${fillHtml(step, { date })}</li>
`,
)}</ul>
`
      : html``
  const urgent = shows('urgent')
    ? html`<div class="notice notice--urgent"${mark('urgent')}>
<h2 class="notice__title">${c.urgentTitle}</h2>
<p>${withPhoneLinks(c.urgentText, EMERGENCY_NUMBERS)}</p>
<p class="notice__subtitle"><strong>${c.urgentStepsTitle}</strong></p>
<ul>
${c.urgentSteps.map(
  (step) => html`<li>${fillPhones(step, options.site.marPhone)}</li>
`,
)}</ul>
</div>`
    : html``
  const receipt = shows('anonymous')
    ? html`<div class="reference"${mark('anonymous')} data-receipt-block>
${
  options.receiptKept && !forTemplate
    ? html`<p class="notice">${c.receiptKept}</p>`
    : html`${code({ label: c.receiptLabel, value: options.receipt ?? '', valueClass: 'reference__value reference__value--receipt', marker: 'data-receipt', copyLabel: c.copyReceipt, lang })}
<p>${c.receiptAdvice}</p>
${options.replayed && !forTemplate ? html`<p class="notice">${c.receiptReplaced}</p>` : html``}`
}
<p class="reference__look-after">${fillHtml(c.receiptLookAfter, { date })}</p>
</div>`
    : html``
  const followUp = shows('anonymous')
    ? html`<p${mark('anonymous')}>${c.followUpText} ${followUpLink}</p>
`
    : html``
  return html`<div class="page__inner confirmation">
<h1 class="page__title" id="confirmation-title" tabindex="-1">${c.h1}</h1>
${urgent}
<div class="reference">
${code({ label: c.referenceLabel, value: options.reference, valueClass: 'reference__value', marker: 'data-reference', copyLabel: c.copyReference, lang })}
<p>${c.referenceAdvice}</p>
</div>
${receipt}
<h2>${c.nextTitle}</h2>
${steps('named', c.nextStepsNamed)}${steps('anonymous', c.nextStepsAnonymous)}${followUp}<p><a href="${HOME[lang]}">${c.another}</a></p>
</div>`
}

/** A step's text with the emergency numbers and `{marPhone}` as tap-to-call links. */
function fillPhones(text: string, marPhone: string): SafeHtml {
  const [before = '', after = ''] = text.split('{marPhone}')
  if (!text.includes('{marPhone}')) return withPhoneLinks(text, EMERGENCY_NUMBERS)
  return html`${withPhoneLinks(before, EMERGENCY_NUMBERS)}${phoneLink(marPhone)}${withPhoneLinks(after, EMERGENCY_NUMBERS)}`
}

/**
 * "We received your request": the answer to a plain form post, and what form.js shows after a 201. Named requests
 * read when MAR answers them; anonymous ones get their receipt code and when to look in the follow-up box; urgent
 * ones first what to do now.
 */
export function renderConfirmationPage(options: ConfirmationPageOptions): string {
  const c = COPY[options.lang].confirmation
  const site = options.site ?? DEFAULT_SITE_SETTINGS
  return renderLayout({
    lang: options.lang,
    title: c.title,
    site,
    main: renderConfirmationContent({ ...options, receipt: options.receipt, site, forTemplate: false }),
  })
}

/** The confirmation as an inert <template> in the form page: the script fills it in, so both paths read the same. */
export function renderConfirmationTemplate(lang: Lang, site: PublicSiteSettings = DEFAULT_SITE_SETTINGS): SafeHtml {
  return html`<template id="${CONFIRMATION_TEMPLATE_ID}" data-title="${COPY[lang].confirmation.title}" data-lang="${lang}" data-time-zone="${site.timeZone}">
${renderConfirmationContent({ lang, reference: '', urgent: true, receipt: '', respondBy: undefined, site, forTemplate: true })}
</template>`
}
