import { renderActionConfirmPage, renderActionDonePage, renderActionInvalidPage } from '../views/pages/action-pages.ts'
import { renderErrorPage } from '../views/pages/error-page.ts'
import type { ActionPages } from './action-handler.ts'

export const actionPages: ActionPages = {
  confirm: renderActionConfirmPage,
  done: renderActionDonePage,
  invalid: renderActionInvalidPage,
  failed: () => renderErrorPage({ lang: 'nl', status: 500 }),
}
