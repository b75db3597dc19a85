/**
 * The ids of the public form's elements that its browser code (web/src/form/) finds: one name for each, used by the
 * views that render them and the script. No imports: the browser bundle takes it.
 */
export enum FormId {
  requestForm = 'request-form',
  formMessage = 'form-message',
  confirmationTemplate = 'confirmation-template',
  errorSummary = 'error-summary',
  errorSummaryTitle = 'error-summary-title',
  descriptionCount = 'description-count',
}
