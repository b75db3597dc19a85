import { renderCaseDetailPage } from './case-detail.ts'
import { renderCaseListPage } from './case-list.ts'
import { renderPhoneIntakePage } from './phone-intake.ts'
import { renderStatisticsPage } from './statistics.ts'

export { renderCaseDetailPage, renderCaseListPage, renderPhoneIntakePage, renderStatisticsPage }

/**
 * The workspace's static pages, by their path below the site root. `advisor/case.html` answers every
 * `/advisor/cases/<reference>` (a CloudFront function locally mirrored by the dev server).
 */
export function advisorPages(): Array<{ path: string; html: string }> {
  return [
    { path: 'advisor/index.html', html: renderCaseListPage() },
    { path: 'advisor/case.html', html: renderCaseDetailPage() },
    { path: 'advisor/phone/index.html', html: renderPhoneIntakePage() },
    { path: 'advisor/stats/index.html', html: renderStatisticsPage() },
  ]
}
