import type { FieldErrors, ValidationError } from '../core/shared/errors.ts'
import type { FieldProblem, Language, ProblemRule } from '../core/shared/field-problems.ts'

export type { Language } from '../core/shared/field-problems.ts'

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
  advisor_text_required: { nl: () => 'Vul een tekst in.', en: () => 'Enter a text.' },
  advisor_text_not_unicode: {
    nl: () => 'De tekst bevat tekens die niet opgeslagen kunnen worden.',
    en: () => 'The text contains characters that cannot be stored.',
  },
  advisor_text_control_characters: {
    nl: () => 'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.',
    en: () => 'The text contains control characters; only tabs and line breaks are allowed.',
  },
  advisor_text_too_long: {
    nl: ({ max }) => `De tekst is langer dan ${max} tekens.`,
    en: ({ max }) => `The text is longer than ${max} characters.`,
  },
  body_not_an_object: { nl: () => 'Stuur een JSON-object.', en: () => 'Send a JSON object.' },
  /** Counted, never named: a field name can carry data. */
  body_unknown_fields: {
    nl: ({ count, choices }) => `${count} onbekend(e) veld(en); toegestaan: ${list(choices)}.`,
    en: ({ count, choices }) => `${count} unknown field(s); allowed: ${list(choices)}.`,
  },
  unknown_advisor: { nl: () => 'Kies een adviseur uit het rooster.', en: () => 'Choose an advisor on the roster.' },
  choose_one_of: {
    nl: ({ choices }) => `Kies een van: ${list(choices)}.`,
    en: ({ choices }) => `Choose one of: ${list(choices)}.`,
  },
  choose_outcome: {
    nl: ({ choices }) => `Kies een uitkomst: ${list(choices)}.`,
    en: ({ choices }) => `Choose an outcome: ${list(choices)}.`,
  },
  classify_something: {
    nl: ({ choices }) => `Geef minstens één van: ${list(choices)}.`,
    en: ({ choices }) => `Give at least one of: ${list(choices)}.`,
  },
  moment_with_zone: {
    nl: () => 'Geef een datum en tijd met tijdzone, bijvoorbeeld 2027-01-15T09:00:00+01:00.',
    en: () => 'Give a date and time with a time zone, for example 2027-01-15T09:00:00+01:00.',
  },
  moment_in_future: { nl: () => 'Kies een moment in de toekomst.', en: () => 'Choose a moment in the future.' },
  reminders_limit: {
    nl: ({ max }) => `Er staan al ${max} herinneringen op deze melding; verwijder er eerst een.`,
    en: ({ max }) => `This case has ${max} reminders already; remove one first.`,
  },
  list_assignee: {
    nl: () => 'Gebruik assignee=me of de id van een adviseur op het rooster.',
    en: () => 'Use assignee=me or the id of an advisor on the roster.',
  },
  list_status: {
    nl: ({ choices }) => `Kies een status: ${list(choices)}.`,
    en: ({ choices }) => `Choose a status: ${list(choices)}.`,
  },
  list_channel: {
    nl: ({ choices }) => `Kies een kanaal: ${list(choices)}.`,
    en: ({ choices }) => `Choose a channel: ${list(choices)}.`,
  },
  list_topic: {
    nl: ({ choices }) => `Kies een onderwerp: ${list(choices)}.`,
    en: ({ choices }) => `Choose a topic: ${list(choices)}.`,
  },
  search_too_long: {
    nl: ({ max }) => `Zoek met hoogstens ${max} tekens.`,
    en: ({ max }) => `Search with at most ${max} characters.`,
  },
  search_no_terms: {
    nl: () => 'Zoek op een zaaknummer, naam, e-mailadres, telefoonnummer of woord (minstens 2 tekens, geen lidwoord).',
    en: () => 'Search for a reference, name, e-mail address, phone number or word (at least 2 characters, no article).',
  },
  query_unknown_parameters: {
    nl: ({ count, choices }) => `${count} onbekende parameter(s); toegestaan: ${list(choices)}.`,
    en: ({ count, choices }) => `${count} unknown parameter(s); allowed: ${list(choices)}.`,
  },
  date_required: { nl: () => 'Vul een datum in als JJJJ-MM-DD.', en: () => 'Enter a date as YYYY-MM-DD.' },
  date_invalid: {
    nl: () => 'Geef een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2026-12-31.',
    en: () => 'Give an existing date as YYYY-MM-DD, for example 2026-12-31.',
  },
  period_inverted: {
    nl: () => 'De einddatum ligt vóór de begindatum.',
    en: () => 'The end date lies before the start date.',
  },
  period_too_long: {
    nl: ({ max }) => `Kies een periode van hoogstens ${max} maanden.`,
    en: ({ max }) => `Choose a period of at most ${max} months.`,
  },
  period_with_dates: {
    nl: () => 'Geef een periode óf een begin- en einddatum, niet allebei.',
    en: () => 'Give a period or a start and end date, not both.',
  },
  true_or_false: { nl: () => 'Kies true of false.', en: () => 'Choose true or false.' },
  duplicate_of_required: {
    nl: () => 'Vul het zaaknummer in van de melding waarvan dit een dubbele is.',
    en: () => 'Enter the reference of the case this one duplicates.',
  },
  duplicate_of_only_for_duplicate: {
    nl: () => 'Een zaaknummer hoort alleen bij de uitkomst dubbele melding.',
    en: () => 'A reference goes only with the outcome duplicate.',
  },
  duplicate_of_format: {
    nl: () => 'Vul een zaaknummer in als MAR-XXXX-XXXX.',
    en: () => 'Enter a reference as MAR-XXXX-XXXX.',
  },
  duplicate_of_itself: {
    nl: () => 'Een melding kan geen dubbele van zichzelf zijn.',
    en: () => 'A case cannot duplicate itself.',
  },
  duplicate_of_unknown: {
    nl: () => 'Er is geen melding met dit zaaknummer (meer).',
    en: () => 'There is no case with this reference (any more).',
  },
  duplicate_of_duplicate: {
    nl: () => 'Die melding is zelf gesloten als dubbele: kies de melding waarvan zij een dubbele is.',
    en: () => 'That case was itself closed as a duplicate: choose the case it duplicates.',
  },
  template_id_format: {
    nl: ({ max }) => `Een id is 1 tot ${max} kleine letters, cijfers of streepjes, zoals welkom-nl.`,
    en: ({ max }) => `An id is 1 to ${max} lower-case letters, digits or hyphens, like welcome-en.`,
  },
  template_title_required: { nl: () => 'Vul een titel in.', en: () => 'Enter a title.' },
  template_title_too_long: {
    nl: ({ max }) => `De titel is langer dan ${max} tekens.`,
    en: ({ max }) => `The title is longer than ${max} characters.`,
  },
  template_title_invalid: {
    nl: () => 'Een titel is één regel, zonder stuurtekens.',
    en: () => 'A title is one line, without control characters.',
  },
  template_language: {
    nl: ({ choices }) => `Kies een taal: ${list(choices)}.`,
    en: ({ choices }) => `Choose a language: ${list(choices)}.`,
  },
}

const list = (choices: readonly string[] = []) => choices.join(', ')

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
/** Our own names for what is not one field: the form, a JSON body, a query string. */
const WHOLE_PATHS = new Set(['_form', '_body', '_query'])

/** One message per field, the first problem found for it. */
export function describeProblems(problems: readonly FieldProblem[], language: Language): FieldErrors {
  const fields: FieldErrors = {}
  for (const problem of problems) {
    const path = SAFE_PATH.test(problem.path) || WHOLE_PATHS.has(problem.path) ? problem.path : UNKNOWN_PATH
    if (Object.hasOwn(fields, path)) continue
    const required = problem.rule === 'required' ? REQUIRED[path]?.[language] : undefined
    fields[path] = required ?? MESSAGES[problem.rule][language](problem.params ?? {})
  }
  return fields
}

/** The messages of a refused input, in the language of the page that sent it (Dutch for the advisor API). */
export function fieldMessages(error: ValidationError): FieldErrors {
  return describeProblems(error.problems, error.language ?? 'nl')
}

/** The answer's summary: a form's in its language; the advisor API's in English, as its other answers. */
export function validationSummary(error: ValidationError): string {
  if (error.language === undefined) return error.message
  return error.language === 'en'
    ? 'Some fields need your attention. Please check them and send the request again.'
    : 'Een aantal velden moet worden aangepast. Controleer ze en verstuur uw vraag opnieuw.'
}
