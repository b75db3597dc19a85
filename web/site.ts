import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { advisorPages } from '../functions/views/advisor/index.ts'
import { renderErrorPage } from '../functions/views/pages/error-page.ts'
import { renderFollowUpPage } from '../functions/views/pages/follow-up.ts'
import { renderRequestFormPage } from '../functions/views/pages/request-form.ts'
import { DEFAULT_SITE_SETTINGS, type PublicSiteSettings } from '../functions/views/pages/site-settings.ts'
import { browserScript, isBrowserScript } from './bundle.ts'

export interface SitePage {
  /** Object key / path below the site root, e.g. `en/index.html`. */
  path: string
  html: string
}

/**
 * Absolute path of the static assets (styles, tokens, icon), published under `/assets/` beside the browser scripts
 * that `web/bundle.ts` builds from `web/src/` (`advisor.js`, `form.js`).
 */
export const siteAssetsDir: string = fileURLToPath(new URL('./assets', import.meta.url))

/**
 * Every static page of the site: the public form and the advisor workspace's shells. The CDK deployment and the
 * local dev server both serve exactly these, built with MAR's phone, address and time zone from the configuration
 * (lib/config.ts `siteSettingsOf`).
 */
export function sitePages(site: PublicSiteSettings = DEFAULT_SITE_SETTINGS): SitePage[] {
  return [
    { path: 'index.html', html: renderRequestFormPage({ lang: 'nl', site }) },
    { path: 'en/index.html', html: renderRequestFormPage({ lang: 'en', site }) },
    { path: 'follow-up/index.html', html: renderFollowUpPage({ lang: 'nl', site }) },
    { path: 'en/follow-up/index.html', html: renderFollowUpPage({ lang: 'en', site }) },
    { path: '404.html', html: renderErrorPage({ lang: 'nl', status: 404, site }) },
    { path: 'en/404.html', html: renderErrorPage({ lang: 'en', status: 404, site }) },
    ...advisorPages(),
  ]
}

/**
 * The content of `/assets/<relativePath>` (a path already checked to stay inside the folder): a browser script built
 * from `web/src/`, or a file of `web/assets/`. The local runtime serves assets through this.
 */
export async function readSiteAsset(relativePath: string): Promise<string | Buffer> {
  return isBrowserScript(relativePath) ? browserScript(relativePath) : readFile(join(siteAssetsDir, relativePath))
}
