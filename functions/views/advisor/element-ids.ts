/**
 * The ids of the workspace pages' elements that the browser code (web/src/advisor/) finds: one name for each, used
 * by the views that render them and the script that fills them. No imports but types: the browser bundle takes it.
 * An enum, so that esbuild writes each id where it is used and the bundle carries no table of names.
 */
import type { AdvisorActionName } from '../../core/advisor-actions/action-names.ts'

export enum AdvisorId {
  // every page (layout.ts)
  advisorUser = 'advisor-user',
  advisorName = 'advisor-name',
  advisorNav = 'advisor-nav',
  signOut = 'sign-out',
  pageLoading = 'page-loading',
  pageAlert = 'page-alert',
  pageStatus = 'page-status',
  // the sign-in and the case list (case-list.ts)
  signInView = 'signin-view',
  devSignIn = 'dev-signin',
  devAdvisors = 'dev-advisors',
  cognitoSignInBlock = 'cognito-signin',
  cognitoSignIn = 'cognito-sign-in',
  casesView = 'cases-view',
  caseFilter = 'case-filter',
  caseList = 'case-list',
  caseCount = 'case-count',
  caseTable = 'case-table',
  caseRows = 'case-rows',
  caseEmpty = 'case-empty',
  // one case (case-detail.ts)
  caseView = 'case-view',
  caseTitle = 'case-title',
  caseReference = 'case-reference',
  caseBadges = 'case-badges',
  caseClosed = 'case-closed',
  caseDone = 'case-done',
  caseAddressBounced = 'case-address-bounced',
  caseDeadlines = 'case-deadlines',
  casePause = 'case-pause',
  caseBreaches = 'case-breaches',
  caseDescriptionBlock = 'case-description-block',
  caseDescription = 'case-description',
  caseMail = 'case-mail',
  mailNotices = 'mail-notices',
  mailText = 'mail-text',
  caseAttachmentsBlock = 'case-attachments-block',
  caseAttachments = 'case-attachments',
  caseMessages = 'case-messages',
  messagesEmpty = 'messages-empty',
  caseEvents = 'case-events',
  replyUnavailable = 'reply-unavailable',
  replyTo = 'reply-to',
  replyText = 'reply-text',
  replySubmit = 'reply-submit',
  assignAdvisor = 'assign-advisor',
  // phone intake (phone-intake.ts)
  phoneForm = 'phone-form',
  errorSummary = 'error-summary',
  errorSummaryTitle = 'error-summary-title',
  // statistics (statistics.ts)
  statsPeriod = 'stats-period',
  statsResult = 'stats-result',
  statsSummary = 'stats-summary',
  statsDownload = 'stats-download',
  statsDownloadPublished = 'stats-download-published',
  statsVolumeChart = 'stats-volume-chart',
  statsVolumeTable = 'stats-volume-table',
  statsDeadlinesChart = 'stats-deadlines-chart',
  statsDeadlinesTable = 'stats-deadlines-table',
  statsDimensions = 'stats-dimensions',
}

/**
 * The stem of each action's section on the case page: the section is `<stem>-block`, its heading `<stem>-title`,
 * and it holds the form `data-action="<action name>"`. The page shows a section iff the case's `allowedActions`
 * names its action.
 */
export const ACTION_SECTIONS = {
  acknowledge: 'acknowledge',
  classify: 'classify',
  replies: 'reply',
  notes: 'note',
  assign: 'assign',
  pause: 'pause',
  resume: 'resume',
  close: 'close',
} as const satisfies Record<AdvisorActionName, string>

/** The id of an action's section on the case page, e.g. `reply-block` for `replies`. */
export function actionSectionId(action: AdvisorActionName): string {
  return `${ACTION_SECTIONS[action]}-block`
}
