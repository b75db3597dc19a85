import { renderConfirmationPage, renderErrorPage, renderRequestFormPage } from '../views/pages/index.ts'
import type { PublicSiteSettings } from '../views/pages/site-settings.ts'
import type { IntakePages } from './pages.ts'

/** The public site's own page templates, so a no-JavaScript answer looks exactly like the form it came from. */
export const intakePages: IntakePages = {
  requestForm: renderRequestFormPage,
  confirmation: renderConfirmationPage,
  error: renderErrorPage,
}

/** The same pages with MAR's phone, address and time zone from the configuration. */
export function intakePagesFor(site: PublicSiteSettings): IntakePages {
  return {
    requestForm: (options) => renderRequestFormPage({ ...options, site }),
    confirmation: (options) => renderConfirmationPage({ ...options, site }),
    error: (options) => renderErrorPage({ ...options, site }),
  }
}
