import { renderConfirmationPage, renderErrorPage, renderRequestFormPage } from '../views/pages/index.ts'
import type { IntakePages } from './pages.ts'

/** The public site's own page templates, so a no-JavaScript answer looks exactly like the form it came from. */
export const intakePages: IntakePages = {
  requestForm: renderRequestFormPage,
  confirmation: renderConfirmationPage,
  error: renderErrorPage,
}
