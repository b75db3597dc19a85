/**
 * The MAR workspace in the browser (bundled to /assets/advisor.js by web/bundle.ts): sign-in, the case list, one case
 * with its actions, phone intake and the statistics. The pages are static shells (functions/views/advisor/); every
 * case comes from the advisor API. All texts come from the page (`data-copy` on <body>).
 */

import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import type { AdvisorPage } from '../../../functions/views/advisor/layout.ts'
import { byId } from '../shared/dom.ts'
import { startList } from './case-list.ts'
import { startCase } from './case-page.ts'
import { startPhone } from './phone-intake.ts'
import { signOut } from './session.ts'
import { startStats } from './statistics.ts'
import { keepSessionFresh } from './token-renewal.ts'

const START: Record<AdvisorPage, () => unknown> = {
  list: startList,
  case: startCase,
  phone: startPhone,
  stats: startStats,
}

byId(AdvisorId.signOut)?.addEventListener('click', () => {
  void signOut()
})
// In AWS: renew the access token with Cognito's refresh token before it expires (nothing locally).
keepSessionFresh()
const page = document.body.dataset.page ?? ''
if (Object.hasOwn(START, page)) void START[page as AdvisorPage]()
