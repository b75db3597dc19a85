import { fileURLToPath } from 'node:url'
import { advisorPages } from '../functions/views/advisor/index.ts'
import { renderErrorPage } from '../functions/views/pages/error-page.ts'
import { renderFollowUpPage } from '../functions/views/pages/follow-up.ts'
import { renderRequestFormPage } from '../functions/views/pages/request-form.ts'

export interface SitePage {
  /** Object key / path below the site root, e.g. `en/index.html`. */
  path: string
  html: string
}

/** Absolute path of the static assets (styles, tokens, form.js), published under `/assets/`. */
export const siteAssetsDir: string = fileURLToPath(new URL('./assets', import.meta.url))

/**
 * Every static page of the site: the public form and the advisor workspace's shells. The CDK deployment and the
 * local dev server both serve exactly these.
 */
export function sitePages(): SitePage[] {
  return [
    { path: 'index.html', html: renderRequestFormPage({ lang: 'nl' }) },
    { path: 'en/index.html', html: renderRequestFormPage({ lang: 'en' }) },
    { path: 'follow-up/index.html', html: renderFollowUpPage({ lang: 'nl' }) },
    { path: 'en/follow-up/index.html', html: renderFollowUpPage({ lang: 'en' }) },
    { path: '404.html', html: renderErrorPage({ lang: 'nl', status: 404 }) },
    { path: 'en/404.html', html: renderErrorPage({ lang: 'en', status: 404 }) },
    ...advisorPages(),
  ]
}
