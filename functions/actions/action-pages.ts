import {
  renderActionConfirmPage,
  renderActionDonePage,
  renderActionFailedPage,
  renderActionInvalidPage,
} from '../views/advisor/action-link-pages.ts'
import type { ActionPages } from './action-handler.ts'

export const actionPages: ActionPages = {
  confirm: renderActionConfirmPage,
  done: renderActionDonePage,
  invalid: renderActionInvalidPage,
  failed: renderActionFailedPage,
}
