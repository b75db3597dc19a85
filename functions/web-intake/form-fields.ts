/** Checkboxes arrive as `on` when ticked and are absent otherwise. */
const CHECKBOXES = new Set(['anonymous', 'immediateDanger', 'consent'])
/** Fields that are lists even when one value was sent. */
const LISTS = new Set(['signals'])

/**
 * Turns a urlencoded form into the shape the JSON API takes, so one schema judges both. Empty text inputs mean
 * "not filled in". Anything unexpected (a repeated single field, a checkbox with another value) is passed on as it
 * is, for the schema to refuse with a message.
 */
export function requestFromForm(entries: Map<string, string[]>): Record<string, unknown> {
  const request: Record<string, unknown> = Object.create(null)
  for (const [name, allValues] of entries) {
    const values = allValues.filter((value) => value !== '')
    if (values.length === 0) continue
    if (LISTS.has(name)) {
      request[name] = values
    } else if (values.length > 1) {
      request[name] = values
    } else if (CHECKBOXES.has(name)) {
      request[name] = values[0] === 'on' || values[0] === 'true' ? true : values[0]
    } else {
      request[name] = values[0]
    }
  }
  return request
}

/** What the person typed, to put back into the form when it has to be corrected (the last value of each field). */
export function formValues(entries: Map<string, string[]>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = Object.create(null)
  for (const [name, allValues] of entries) values[name] = LISTS.has(name) ? allValues : (allValues.at(-1) ?? '')
  return values
}
