/**
 * Drafts that survive an ended session. What an advisor types into a textarea of a case's action forms
 * (`form[data-action]`: a reply, a note, a pause reason, …) is kept as they type, in this tab's sessionStorage only
 * — never in localStorage, a cookie, a URL or the server — under the case, the action and the field, with the id of
 * the advisor who wrote it. When the session ends and the page sends the advisor to sign in, the text waits there;
 * back on the case, it is put back in its box.
 *
 * A draft goes when its form is sent successfully, at sign-out (session.ts), when its case is erased, and when
 * another advisor signs in in this tab (then every draft goes: nobody reads another's unsent text). sessionStorage
 * itself dies with the tab.
 */

export const DRAFTS_KEY = 'mar.advisor.drafts'

/** `cases[reference][action][field]` = the text. */
interface StoredDrafts {
  owner: string
  cases: Record<string, Record<string, Record<string, string>>>
}

type CaseDrafts = Record<string, Record<string, string>>

function read(): StoredDrafts | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(DRAFTS_KEY) ?? 'null') as StoredDrafts | null
    if (stored && typeof stored.owner === 'string' && stored.cases && typeof stored.cases === 'object') return stored
  } catch {
    // nothing usable stored
  }
  return undefined
}

function write(drafts: StoredDrafts): void {
  const cases = Object.fromEntries(
    Object.entries(drafts.cases)
      .map(([reference, actions]) => [
        reference,
        Object.fromEntries(Object.entries(actions).filter(([, fields]) => Object.keys(fields).length > 0)),
      ])
      .filter(([, actions]) => Object.keys(actions as object).length > 0),
  )
  try {
    if (Object.keys(cases).length === 0) sessionStorage.removeItem(DRAFTS_KEY)
    else sessionStorage.setItem(DRAFTS_KEY, JSON.stringify({ owner: drafts.owner, cases }))
  } catch {
    // storage full or refused: the text stays in its box, as without drafts
  }
}

/** Keeps (or, when empty, forgets) the text of one field of one action of a case, written by `owner`. */
export function saveDraft(owner: string, reference: string, action: string, field: string, text: string): void {
  const stored = read()
  const drafts: StoredDrafts = stored?.owner === owner ? stored : { owner, cases: {} }
  const actions = drafts.cases[reference] ?? {}
  const fields = actions[action] ?? {}
  if (text.trim() === '') delete fields[field]
  else fields[field] = text
  actions[action] = fields
  drafts.cases[reference] = actions
  write(drafts)
}

/** The drafts of a case for `owner`; another advisor's drafts are forgotten, all of them, and none is returned. */
export function draftsOf(owner: string, reference: string): CaseDrafts {
  const stored = read()
  if (stored === undefined) return {}
  if (stored.owner !== owner) {
    clearAllDrafts()
    return {}
  }
  return stored.cases[reference] ?? {}
}

/** Forgets the drafts of one action of a case (it was sent), or of the whole case. */
export function clearDraft(reference: string, action?: string): void {
  const stored = read()
  if (stored === undefined) return
  if (action === undefined) delete stored.cases[reference]
  else delete stored.cases[reference]?.[action]
  write(stored)
}

export function clearAllDrafts(): void {
  sessionStorage.removeItem(DRAFTS_KEY)
}

/** The textareas of the case page's action forms, each with its form's action. */
function draftFields(): Array<{ action: string; field: HTMLTextAreaElement }> {
  return [...document.querySelectorAll<HTMLFormElement>('form[data-action]')].flatMap((form) =>
    [...form.querySelectorAll<HTMLTextAreaElement>('textarea[name]')].map((field) => ({
      action: form.dataset.action ?? '',
      field,
    })),
  )
}

let owner: string | undefined

/**
 * Keeps what is typed in the action forms of this case, from the moment the page knows who is signed in
 * (`restoreDrafts`). Call once per page.
 */
export function keepDrafts(reference: string): void {
  for (const { action, field } of draftFields()) {
    field.addEventListener('input', () => {
      if (owner !== undefined) saveDraft(owner, reference, action, field.name, field.value)
    })
  }
}

/**
 * Puts the drafts of this case back in their boxes (only into an empty box: nothing typed since is overwritten), for
 * the advisor now signed in; returns how many came back.
 */
export function restoreDrafts(reference: string, signedIn: string): number {
  owner = signedIn
  const drafts = draftsOf(signedIn, reference)
  let restored = 0
  for (const { action, field } of draftFields()) {
    const text = drafts[action]?.[field.name]
    if (text === undefined || field.value !== '') continue
    field.value = text
    restored++
  }
  return restored
}
