import type { FieldErrors } from '../shared/errors.ts'

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

export interface FieldProblem {
  path: string
  rule: ProblemRule
  params?: { max?: number; min?: number; count?: number }
}

type Params = NonNullable<FieldProblem['params']>

/** Never echo what was submitted: messages say what is expected, not what was received. */
const MESSAGES: Record<ProblemRule, Record<Language, (params: Params) => string>> = {
  required: { nl: () => 'Dit veld is verplicht.', en: () => 'This field is required.' },
  invalid_choice: { nl: () => 'Kies een van de opties.', en: () => 'Choose one of the options.' },
  expected_text: { nl: () => 'Vul hier tekst in.', en: () => 'Enter text here.' },
  expected_boolean: { nl: () => 'Kies ja of nee.', en: () => 'Choose yes or no.' },
  expected_list: { nl: () => 'Kies een of meer opties.', en: () => 'Choose one or more options.' },
  not_unicode: {
    nl: () => 'De tekst bevat ongeldige tekens.',
    en: () => 'The text contains invalid characters.',
  },
  control_characters: {
    nl: () => 'De tekst bevat onzichtbare stuurtekens die niet zijn toegestaan.',
    en: () => 'The text contains invisible control characters that are not allowed.',
  },
  too_long: {
    nl: ({ max }) => `Gebruik maximaal ${max} tekens.`,
    en: ({ max }) => `Use at most ${max} characters.`,
  },
  too_short: {
    nl: ({ min }) => `Beschrijf uw vraag in minstens ${min} tekens.`,
    en: ({ min }) => `Describe your question in at least ${min} characters.`,
  },
  invalid_email: {
    nl: () => 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
    en: () => 'Enter a valid e-mail address, for example name@example.com.',
  },
  invalid_phone: {
    nl: () => 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of +31 10 1234567.',
    en: () => 'Enter a valid phone number, for example 06 12345678 or +31 10 1234567.',
  },
  duplicate: { nl: () => 'Kies elke optie maar één keer.', en: () => 'Choose each option only once.' },
  unknown_field: { nl: () => 'Dit veld is onbekend.', en: () => 'This field is not known.' },
  /** Counted, never named: a field name can carry data. */
  unknown_fields: {
    nl: ({ count = 1 }) =>
      count === 1
        ? '1 onbekend veld: stuur alleen de velden van het formulier.'
        : `${count} onbekende velden: stuur alleen de velden van het formulier.`,
    en: ({ count = 1 }) =>
      count === 1
        ? '1 unknown field: send only the fields of the form.'
        : `${count} unknown fields: send only the fields of the form.`,
  },
  not_an_object: {
    nl: () => 'Stuur de velden van het formulier als één object.',
    en: () => 'Send the form fields as one object.',
  },
  malformed_body: {
    nl: () => 'Het verzoek kon niet worden gelezen. Stuur geldige JSON of een formulier.',
    en: () => 'The request could not be read. Send valid JSON or a form.',
  },
  consent_required: {
    nl: () => 'Ga akkoord met de privacyverklaring om uw vraag te versturen.',
    en: () => 'Accept the privacy statement to send your request.',
  },
  sector_required: {
    nl: () => 'Kies de sector waarin u werkt.',
    en: () => 'Choose the sector you work in.',
  },
  contact_required: {
    nl: () => 'Vul een e-mailadres of telefoonnummer in, of kies voor anoniem.',
    en: () => 'Enter an e-mail address or phone number, or choose to ask anonymously.',
  },
  empty_when_anonymous: {
    nl: () => 'Laat dit veld leeg als u anoniem een vraag stelt.',
    en: () => 'Leave this field empty when you ask anonymously.',
  },
  invalid_idempotency_key: {
    nl: () => 'De Idempotency-Key moet 1 tot 255 zichtbare ASCII-tekens zijn.',
    en: () => 'The Idempotency-Key must be 1 to 255 visible ASCII characters.',
  },
}

/** "Required" said for the field, so an error summary tells which question is unanswered. */
const REQUIRED: Record<string, Record<Language, string>> = {
  requesterType: {
    nl: 'Kies of u vraagt als professional of als privépersoon.',
    en: 'Choose whether you ask as a professional or as a private person.',
  },
  topic: { nl: 'Kies waar uw vraag over gaat.', en: 'Choose what your request is about.' },
  description: { nl: 'Beschrijf uw vraag of zorg.', en: 'Describe your question or concern.' },
  reference: {
    nl: 'Vul het zaaknummer in, bijvoorbeeld MAR-7K2D-Q9XA.',
    en: 'Enter the reference, for example MAR-7K2D-Q9XA.',
  },
  receipt: {
    nl: 'Vul de ontvangstcode in die u bij uw vraag kreeg.',
    en: 'Enter the receipt code you got with your request.',
  },
  text: { nl: 'Schrijf uw bericht.', en: 'Write your message.' },
}

/** Field names we echo back must be our own shape; anything else (a hostile key, a huge key) is reported together. */
const SAFE_PATH = /^[A-Za-z][A-Za-z0-9_-]{0,63}(?:\.[0-9]{1,5})?$/
const UNKNOWN_PATH = '_unknown'

/** One message per field, the first problem found for it. */
export function describeProblems(problems: FieldProblem[], language: Language): FieldErrors {
  const fields: FieldErrors = {}
  for (const problem of problems) {
    const path = SAFE_PATH.test(problem.path) || problem.path === '_form' ? problem.path : UNKNOWN_PATH
    if (Object.hasOwn(fields, path)) continue
    const required = problem.rule === 'required' ? REQUIRED[path]?.[language] : undefined
    fields[path] = required ?? MESSAGES[problem.rule][language](problem.params ?? {})
  }
  return fields
}
