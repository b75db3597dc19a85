import { COPY, FOLLOW_UP, HOME, type Lang } from './copy.ts'
import { FormId } from './element-ids.ts'
import { html, type SafeHtml } from './html.ts'
import { renderLayout } from './layout.ts'

export interface ConfirmationPageOptions {
  lang: Lang
  reference: string
  /** The requester ticked "immediate danger": tell them to call 112 first. */
  urgent: boolean
  /** An anonymous request's receipt code: shown this once, never again. */
  receipt?: string
}

export const CONFIRMATION_TEMPLATE_ID = FormId.confirmationTemplate

interface ContentOptions {
  lang: Lang
  reference: string
  urgent: boolean
  receipt: string | undefined
  /** Renders every optional block with a marker so form.js can fill in or drop each one. */
  forTemplate: boolean
}

function renderConfirmationContent(options: ContentOptions): SafeHtml {
  const { lang, forTemplate } = options
  const c = COPY[lang].confirmation
  const urgent =
    options.urgent || forTemplate
      ? html`<div class="notice notice--urgent"${forTemplate ? html` data-urgent` : html``}>
<h2 class="notice__title">${c.urgentTitle}</h2>
<p>${c.urgentText}</p>
</div>`
      : html``
  const receipt =
    options.receipt !== undefined || forTemplate
      ? html`<div class="reference"${forTemplate ? html` data-receipt-block` : html``}>
<p class="reference__text"><span class="reference__label">${c.receiptLabel}</span> <strong class="reference__value reference__value--receipt" data-receipt>${options.receipt ?? ''}</strong></p>
<p>${c.receiptAdvice}</p>
</div>`
      : html``
  return html`<div class="page__inner confirmation">
<h1 class="page__title" id="confirmation-title" tabindex="-1">${c.h1}</h1>
${urgent}
<div class="reference">
<p class="reference__text"><span class="reference__label">${c.referenceLabel}</span> <strong class="reference__value" data-reference>${options.reference}</strong></p>
<p>${c.referenceAdvice}</p>
</div>
${receipt}
<h2>${c.nextTitle}</h2>
<ul class="steps">
${c.nextSteps.map(
  (step) => html`<li>${step}</li>
`,
)}</ul>
<p>${c.followUpText} <a href="${FOLLOW_UP[lang]}">${c.followUpLink}</a></p>
<p><a href="${HOME[lang]}">${c.another}</a></p>
</div>`
}

/** "We received your request": the answer to a plain form post, and what form.js shows after a 201. */
export function renderConfirmationPage(options: ConfirmationPageOptions): string {
  const c = COPY[options.lang].confirmation
  return renderLayout({
    lang: options.lang,
    title: c.title,
    main: renderConfirmationContent({ ...options, receipt: options.receipt, forTemplate: false }),
  })
}

/** The confirmation as an inert <template> in the form page: the script fills it in, so both paths read the same. */
export function renderConfirmationTemplate(lang: Lang): SafeHtml {
  return html`<template id="${CONFIRMATION_TEMPLATE_ID}" data-title="${COPY[lang].confirmation.title}">
${renderConfirmationContent({ lang, reference: '', urgent: true, receipt: undefined, forTemplate: true })}
</template>`
}
