/**
 * The fields of a request as the public form and the advisors' phone form both have them, as `POST /api/requests`
 * (and `POST /api/advisor/cases`) take them: sector and organisation only for a professional, an empty optional field
 * left out, as the server's form post would read them.
 */
export function requestFields(form: HTMLFormElement, defaultLanguage: 'nl' | 'en'): Record<string, unknown> {
  const data = new FormData(form)
  const text = (name: string) => {
    const value = data.get(name)
    return typeof value === 'string' ? value : ''
  }
  const body: Record<string, unknown> = {}
  const optional = (name: string) => {
    const value = text(name)
    if (value.trim() !== '') body[name] = value
  }
  optional('requesterType')
  if (text('requesterType') === 'professional') {
    optional('sector')
    optional('organisation')
  }
  optional('topic')
  body.anonymous = data.has('anonymous')
  optional('name')
  optional('email')
  optional('phone')
  body.description = text('description')
  body.signals = data.getAll('signals').filter((value) => typeof value === 'string')
  optional('ideology')
  body.immediateDanger = data.has('immediateDanger')
  body.language = text('language') || defaultLanguage
  body.consent = data.has('consent')
  return body
}
