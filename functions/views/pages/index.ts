export { type ConfirmationPageOptions, renderConfirmationPage } from './confirmation.ts'
export type { Lang } from './copy.ts'
export { type ErrorPageOptions, renderErrorPage } from './error-page.ts'
export { type RequestFormPageOptions, renderRequestFormPage } from './request-form.ts'
