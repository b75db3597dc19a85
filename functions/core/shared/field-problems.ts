/**
 * What is wrong with a submitted field, as a code: core says which rule a value broke, the views say it in the
 * reader's language (functions/views/field-messages.ts). No user-facing text lives in core.
 */
/** The languages MAR answers in: Dutch first, English second. */
export type Language = 'nl' | 'en'

export type ProblemRule =
  | 'required'
  | 'invalid_choice'
  | 'expected_text'
  | 'expected_boolean'
  | 'expected_list'
  | 'not_unicode'
  | 'control_characters'
  | 'too_long'
  | 'too_short'
  | 'invalid_email'
  | 'invalid_phone'
  | 'duplicate'
  | 'unknown_field'
  | 'unknown_fields'
  | 'not_an_object'
  | 'malformed_body'
  | 'consent_required'
  | 'sector_required'
  | 'contact_required'
  | 'empty_when_anonymous'
  | 'invalid_idempotency_key'
  // The advisor API's rules (Dutch only on the page, as the workspace is).
  | 'advisor_text_required'
  | 'advisor_text_not_unicode'
  | 'advisor_text_control_characters'
  | 'advisor_text_too_long'
  | 'body_not_an_object'
  | 'body_unknown_fields'
  | 'unknown_advisor'
  | 'choose_one_of'
  | 'choose_outcome'
  | 'classify_something'
  | 'moment_with_zone'
  | 'moment_in_future'
  | 'reminders_limit'
  | 'list_assignee'
  | 'list_status'
  | 'list_channel'
  | 'list_topic'
  | 'search_too_long'
  | 'search_no_terms'
  | 'query_unknown_parameters'
  | 'date_required'
  | 'date_invalid'
  | 'period_inverted'
  | 'period_too_long'
  | 'period_with_dates'
  | 'true_or_false'
  // Closing as a duplicate (core/advisor-actions/close.ts).
  | 'duplicate_of_required'
  | 'duplicate_of_only_for_duplicate'
  | 'duplicate_of_format'
  | 'duplicate_of_itself'
  | 'duplicate_of_unknown'
  | 'duplicate_of_duplicate'
  // Reply templates (core/templates/reply-templates.ts).
  | 'template_id_format'
  | 'template_title_required'
  | 'template_title_too_long'
  | 'template_title_invalid'
  | 'template_language'

export interface FieldProblem {
  path: string
  rule: ProblemRule
  params?: {
    max?: number
    min?: number
    count?: number
    /** The values a field takes, or the fields a body takes: said in the message, never what was sent. */
    choices?: readonly string[]
  }
}
