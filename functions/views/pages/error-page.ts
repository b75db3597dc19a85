import { COPY, HOME, type Lang } from './copy.ts'
import { html } from './html.ts'
import { renderLayout } from './layout.ts'
import type { PublicSiteSettings } from './site-settings.ts'

export interface ErrorPageOptions {
  lang: Lang
  status: number
  /** Already-localized; replaces the default title for the status. */
  title?: string
  /** Already-localized; replaces the default message for the status. */
  message?: string
  site?: PublicSiteSettings
}

type KnownStatus = keyof (typeof COPY)['nl']['error']['byStatus']

function knownStatus(status: number): KnownStatus {
  if (status === 400 || status === 404 || status === 413 || status === 415 || status === 429) {
    return String(status) as KnownStatus
  }
  if (status >= 400 && status < 500) return '400'
  return '500'
}

/** A friendly page for an HTML answer that is not the form or the confirmation (413, 415, 429, 500 …). */
export function renderErrorPage(options: ErrorPageOptions): string {
  const copy = COPY[options.lang]
  const defaults = copy.error.byStatus[knownStatus(options.status)]
  const title = options.title ?? defaults.title
  const message = options.message ?? defaults.message
  const main = html`<div class="page__inner">
<h1 class="page__title">${title}</h1>
<p class="lead">${message}</p>
<p>${copy.error.keepInput}</p>
<p><a class="button button--secondary" href="${HOME[options.lang]}">${copy.error.backToForm}</a></p>
</div>`
  return renderLayout({
    lang: options.lang,
    title: `${title} – MAR Rotterdam`,
    main,
    ...(options.site ? { site: options.site } : {}),
  })
}
