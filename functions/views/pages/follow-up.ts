import type { FollowUpConversation } from '../../core/follow-up/follow-up.ts'
import { signatureLines } from '../mail/signature.ts'
import { COPY, FOLLOW_UP, HOME, type Lang } from './copy.ts'
import { renderErrorSummary, type SummaryEntry } from './error-summary.ts'
import { textArea, textField } from './form-fields.ts'
import { html, type SafeHtml } from './html.ts'
import { fillHtml, renderLayout } from './layout.ts'
import { DEFAULT_SITE_SETTINGS, type PublicSiteSettings, timeOfDayFormat } from './site-settings.ts'

type RequesterStatus = keyof (typeof COPY)['nl']['followUp']['statuses']

export interface FollowUpPageOptions {
  lang: Lang
  /** The reference as typed, to fill the field again (the receipt is never filled in again). */
  reference?: string
  /** Field name → already-localized message; `_form` for a refusal that belongs to no one field. */
  errors?: Record<string, string>
  /** A refusal of the pair (401), too many attempts (429) or a closed conversation (409): said above the form. */
  refusal?: {
    kind: 'denied' | 'locked' | 'closed'
    message: string
    /** Locked: when the hour of attempts is over (ISO 8601), said as a time of day. */
    retryAt?: string
  }
  /** The opened box. Its reply form carries the pair in hidden fields: in the body of a POST, never in a URL. */
  conversation?: {
    reference: string
    receipt: string
    status: RequesterStatus
    messages: FollowUpConversation['messages']
    /** The requester just sent a message. */
    sent?: boolean
    /** What was typed in the reply box, when it was refused. */
    draft?: string
  }
  /** MAR's phone, address and time zone (the configuration). */
  site?: PublicSiteSettings
}

const REPLY_MAX_LENGTH = 10_000

/**
 * `/follow-up`: the anonymous requester's box. Without JavaScript: the form posts to `/api/follow-up`, which answers
 * with this page showing the conversation and a reply form posting to `/api/follow-up/messages`.
 */
export function renderFollowUpPage(options: FollowUpPageOptions): string {
  const { lang } = options
  const copy = COPY[lang]
  const t = copy.followUp
  const main = options.conversation
    ? conversationView(lang, options.conversation, options.errors ?? {})
    : openForm(lang, options)
  return renderLayout({ lang, title: t.title, main, paths: FOLLOW_UP, ...(options.site ? { site: options.site } : {}) })
}

function openForm(lang: Lang, options: FollowUpPageOptions): SafeHtml {
  const copy = COPY[lang]
  const t = copy.followUp
  const errors = options.errors ?? {}
  const summary: SummaryEntry[] = [
    ...(options.refusal && options.refusal.kind !== 'locked' ? [{ message: options.refusal.message }] : []),
    ...(['reference', 'receipt'] as const)
      .filter((field) => errors[field] !== undefined)
      .map((field) => ({ message: errors[field] as string, href: `#${field}` })),
    ...Object.entries(errors)
      .filter(([field]) => field !== 'reference' && field !== 'receipt')
      .map(([, message]) => ({ message })),
  ]
  const locked =
    options.refusal?.kind === 'locked'
      ? html`<div class="notice notice--urgent" role="alert">
<h2 class="notice__title">${t.lockedTitle}</h2>
<p>${
          options.refusal.retryAt === undefined
            ? options.refusal.message
            : fillHtml(t.lockedUntil, {
                time: html`<time datetime="${options.refusal.retryAt}">${timeOfDayFormat(lang, (options.site ?? DEFAULT_SITE_SETTINGS).timeZone).format(new Date(options.refusal.retryAt))}</time>`,
              })
        }</p>
</div>`
      : html``
  return html`<div class="page__inner follow-up">
<h1 class="page__title">${t.h1}</h1>
<p class="lead">${t.lead}</p>
${locked}${renderErrorSummary(t.summaryTitle, summary)}
<form class="follow-up-form" method="post" action="/api/follow-up" enctype="application/x-www-form-urlencoded" novalidate>
<input type="hidden" name="language" value="${lang}">
${textField({
  name: 'reference',
  label: t.referenceLabel,
  hint: t.referenceHint,
  value: options.reference ?? '',
  error: errors.reference,
  errorPrefix: copy.errorPrefix,
  autocomplete: 'off',
  maxLength: 64,
  spellcheck: false,
  required: true,
})}
${textField({
  name: 'receipt',
  label: t.receiptLabel,
  hint: t.receiptHint,
  value: '',
  error: errors.receipt,
  errorPrefix: copy.errorPrefix,
  autocomplete: 'off',
  maxLength: 64,
  spellcheck: false,
  required: true,
})}
<button class="button" type="submit">${t.open}</button>
</form>
<p>${t.privacy}</p>
<p><a href="${HOME[lang]}">${t.newRequest}</a></p>
</div>`
}

function conversationView(
  lang: Lang,
  conversation: NonNullable<FollowUpPageOptions['conversation']>,
  errors: Record<string, string>,
): SafeHtml {
  const copy = COPY[lang]
  const t = copy.followUp
  const answered = conversation.messages.some((message) => message.author === 'advisor')
  const summary: SummaryEntry[] = Object.entries(errors).map(([field, message]) =>
    field === 'text' ? { message, href: '#text' } : { message },
  )
  const closed = conversation.status === 'closed'
  return html`<div class="page__inner follow-up">
<h1 class="page__title" id="conversation-title" tabindex="-1">${t.conversationTitle}</h1>
<p class="reference__text"><span class="reference__label">${t.referenceLabel}</span> <strong class="reference__value">${conversation.reference}</strong></p>
<p><strong>${t.statusLabel}</strong> ${t.statuses[conversation.status]}</p>
${conversation.sent ? html`<p class="notice notice--success" role="status">${t.sent}</p>` : html``}
${renderErrorSummary(t.summaryTitle, summary)}
<ol class="conversation" aria-labelledby="conversation-title">
${conversation.messages.map(
  (message) => html`<li class="conversation__message conversation__message--${message.author}">
<p class="conversation__meta"><strong>${message.author === 'advisor' ? t.advisor : t.you}</strong> · <time datetime="${message.at}">${formatMoment(message.at, lang)}</time></p>
<div class="conversation__text">${message.text}</div>
${message.signature ? html`<p class="conversation__signature">${signatureLines(message.signature, lang).map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`))}</p>` : html``}
</li>
`,
)}</ol>
${answered ? html`` : html`<p>${t.noAnswerYet}</p>`}
<form class="follow-up-form" method="post" action="/api/follow-up/messages" enctype="application/x-www-form-urlencoded" novalidate aria-labelledby="reply-title">
<h2 id="reply-title">${t.replyTitle}</h2>
${closed ? html`<p>${t.closedNote}</p>` : html``}
<input type="hidden" name="language" value="${lang}">
<input type="hidden" name="reference" value="${conversation.reference}">
<input type="hidden" name="receipt" value="${conversation.receipt}">
${textArea({
  name: 'text',
  label: t.replyLabel,
  hint: t.replyHint,
  value: conversation.draft ?? '',
  error: errors.text,
  errorPrefix: copy.errorPrefix,
  maxLength: REPLY_MAX_LENGTH,
  minVisible: 1,
  rows: 6,
})}
<button class="button" type="submit">${t.send}</button>
</form>
<p>${t.leave}</p>
</div>`
}

/** "1 december 2026 om 16:55" in Rotterdam's time, as the requester reads it. */
function formatMoment(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(iso))
}
