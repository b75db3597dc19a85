/**
 * `/advisor/`: the sign-in, then the cases in deadline order (no request text): the open ones, or what the search box
 * and the filters (status, closed included; assignee; channel; topic; how late) ask for. The filters are kept in the page's
 * address; the search words never are (a name in the browser's history).
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill } from '../shared/dom.ts'
import { api, CASES_API, errorText, whenUnauthorized } from './api.ts'
import type { CaseListEntry, CaseListResponse, StaffView } from './api-types.ts'
import { copy, label } from './copy.ts'
import { deadlineCell, serverNow } from './lateness.ts'
import { announce, doneLoading, showAlert } from './page.ts'
import { isWorkspacePath, loadConfig, RETURN_KEY, session, showStoredUser, showUser } from './session.ts'
import { devSignIn, finishCognitoSignIn, showSignIn, startCognitoSignIn } from './sign-in.ts'
import { showWorkload } from './workload.ts'

/** Names advisors by the roster: "(u)" for the one signed in, "Niemand" for no one. */
export function advisorNamer(
  advisors: StaffView['advisors'] | undefined,
  me: { id?: string } | undefined,
): (id: unknown) => string {
  const names = new Map((Array.isArray(advisors) ? advisors : []).map((advisor) => [advisor.id, advisor.name]))
  return (id) => {
    if (id === undefined || id === null || id === '') return copy.text.nobody
    const name = names.get(String(id)) ?? copy.text.unknownAdvisor
    return me && id === me.id ? fill(copy.text.you, { name }) : name
  }
}

/** The rows; `now` is the stack's clock the answer's `risk` was judged by (lateness.ts says it in words). */
export function renderRows(
  items: CaseListEntry[],
  advisorName: (id: unknown) => string,
  now: number = Date.now(),
): void {
  const rows = byId(AdvisorId.caseRows)
  const table = byId(AdvisorId.caseTable)
  const empty = byId(AdvisorId.caseEmpty)
  if (!rows || !table || !empty) return
  const labels = rows.dataset
  const columnLabel = (key: string) => labels[`label${key[0]?.toUpperCase()}${key.slice(1)}`] ?? ''
  const cell = (key: string, content: Array<Node | string>, tag: 'td' | 'th' = 'td', className?: string) =>
    el(
      tag,
      { 'data-label': columnLabel(key), className, scope: tag === 'th' ? 'row' : undefined },
      el('span', { className: 'case-table__value' }, ...content),
    )
  rows.replaceChildren(
    ...items.map((item) => {
      const reference = String(item.reference ?? '')
      const urgent = item.urgency === 'urgent'
      return el(
        'tr',
        { className: urgent ? 'case-row case-row--urgent' : 'case-row' },
        cell(
          'reference',
          [el('a', { href: `/advisor/cases/${encodeURIComponent(reference)}` }, reference)],
          'th',
          'case-table__reference',
        ),
        cell('urgency', [
          urgent
            ? el('span', { className: 'badge badge--urgent' }, label('urgency', 'urgent'))
            : label('urgency', 'normal'),
        ]),
        cell('topic', [item.topic ? label('topic', item.topic) : copy.text.notClassified]),
        cell('channel', [label('channel', item.channel)]),
        cell('status', [label('status', item.status)]),
        cell('assignee', [advisorName(item.assignee)]),
        cell('deadline', deadlineCell(item, now)),
      )
    }),
  )
  table.hidden = items.length === 0
  empty.hidden = items.length > 0
  empty.textContent = items.length === 0 ? copy.text.noCases : ''
}

/** The select filters: each parameter of the API by the name of its control. */
const SELECTS = { status: 'status', assignee: 'assigneeId', channel: 'channel', topic: 'topic', risk: 'risk' } as const

function control(form: HTMLFormElement, name: string) {
  return form.elements.namedItem(name)
}

/** The filters as query parameters, without the search words (those go to the API only). */
export function filterParams(form: HTMLFormElement): URLSearchParams {
  const params = new URLSearchParams()
  const mine = control(form, 'assignee')
  if (mine instanceof HTMLInputElement && mine.checked) params.set('assignee', 'me')
  for (const [parameter, name] of Object.entries(SELECTS)) {
    const select = control(form, name)
    if (params.has(parameter) || !(select instanceof HTMLSelectElement) || select.disabled) continue
    const value = select.value || select.dataset.wanted || ''
    if (value) params.set(parameter, value)
  }
  return params
}

/** What the list asks the API: the filters and, when typed, the search words. */
export function listQuery(form: HTMLFormElement): string {
  const params = filterParams(form)
  const search = control(form, 'q')
  const words = search instanceof HTMLInputElement ? search.value.trim() : ''
  if (words) params.set('q', words)
  return params.toString()
}

/** The assignee filter offers the roster's advisors (from the list answer), keeping what was chosen. */
export function fillAssignees(form: HTMLFormElement, advisors: StaffView['advisors'] | undefined): void {
  const select = byId(AdvisorId.filterAssignee)
  if (!(select instanceof HTMLSelectElement) || !Array.isArray(advisors)) return
  const wanted = select.value || select.dataset.wanted || ''
  const first = select.options[0]
  select.replaceChildren(
    ...(first ? [first] : []),
    ...advisors.map((advisor) => el('option', { value: advisor.id }, advisor.name)),
  )
  select.value = advisors.some((advisor) => advisor.id === wanted) ? wanted : ''
  delete select.dataset.wanted
  const mine = control(form, 'assignee')
  select.disabled = mine instanceof HTMLInputElement && mine.checked
}

async function loadList(): Promise<void> {
  const form = byId(AdvisorId.caseFilter)
  const list = byId(AdvisorId.caseList)
  if (!(form instanceof HTMLFormElement) || !list) return
  const query = listQuery(form)
  list.setAttribute('aria-busy', 'true')
  const result = await api<CaseListResponse>('GET', query ? `${CASES_API}?${query}` : CASES_API)
  list.removeAttribute('aria-busy')
  if (result.status === 401) return
  if (result.status !== 200 || !Array.isArray(result.data?.cases)) {
    showAlert(errorText(result))
    return
  }
  showAlert('')
  showUser(result.data.me)
  fillAssignees(form, result.data.advisors)
  const items = result.data.cases
  renderRows(items, advisorNamer(result.data.advisors, result.data.me), serverNow(result.data.now))
  void showWorkload(result.data.me)
  const count = items.length === 1 ? copy.text.caseCountOne : fill(copy.text.caseCount, { count: items.length })
  const counter = byId(AdvisorId.caseCount)
  if (counter) counter.textContent = count
  announce(count)
}

function showCases(): void {
  doneLoading()
  const signIn = byId(AdvisorId.signInView)
  const cases = byId(AdvisorId.casesView)
  const form = byId(AdvisorId.caseFilter)
  if (!signIn || !cases || !(form instanceof HTMLFormElement)) return
  signIn.hidden = true
  cases.hidden = false
  if (cases.dataset.title) document.title = cases.dataset.title
  showStoredUser()
  restoreFilters(form, new URLSearchParams(location.search))
  void loadList()
}

/** The filters from the page's address (a reload, a shared link): never search words. */
export function restoreFilters(form: HTMLFormElement, params: URLSearchParams): void {
  const mine = control(form, 'assignee')
  if (mine instanceof HTMLInputElement) mine.checked = params.get('assignee') === 'me'
  for (const [parameter, name] of Object.entries(SELECTS)) {
    const select = control(form, name)
    if (!(select instanceof HTMLSelectElement)) continue
    const wanted = params.get(parameter) ?? ''
    if (parameter === 'assignee') {
      // The advisors are known once the list answered (fillAssignees).
      select.dataset.wanted = wanted === 'me' ? '' : wanted
      continue
    }
    select.value = Array.from(select.options).some((option) => option.value === wanted) ? wanted : ''
  }
}

/** After signing in: back to the page that sent here, or the list. */
function afterSignIn(): void {
  const back = sessionStorage.getItem(RETURN_KEY)
  sessionStorage.removeItem(RETURN_KEY)
  if (back && isWorkspacePath(back)) {
    location.replace(back)
    return
  }
  showCases()
}

function wireList(): void {
  byId(AdvisorId.devAdvisors)?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-advisor-id]') : null
    if (button instanceof HTMLButtonElement) void devSignIn(button.dataset.advisorId ?? '', afterSignIn)
  })
  byId(AdvisorId.cognitoSignIn)?.addEventListener('click', async () => {
    const config = await loadConfig()
    if (config?.signIn === 'cognito') void startCognitoSignIn(config)
    else showAlert(copy.text.signInUnavailable)
  })
  const form = byId(AdvisorId.caseFilter)
  form?.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!(form instanceof HTMLFormElement)) return
    const query = filterParams(form).toString()
    history.replaceState(null, '', query ? `${location.pathname}?${query}` : location.pathname)
    void loadList()
  })
  // "Only mine" stays: while it is on, the assignee filter is it.
  form?.addEventListener('change', (event) => {
    if (!(form instanceof HTMLFormElement) || !(event.target instanceof HTMLInputElement)) return
    if (event.target.name !== 'assignee') return
    const select = byId(AdvisorId.filterAssignee)
    if (select instanceof HTMLSelectElement) select.disabled = event.target.checked
  })
}

export async function startList(): Promise<void> {
  whenUnauthorized(async () => showSignIn(await loadConfig()))
  wireList()
  const params = new URLSearchParams(location.search)
  const config = await loadConfig()
  if (params.has('code') || params.has('error')) {
    announce(copy.text.signingIn)
    if (!(await finishCognitoSignIn(config, params))) {
      history.replaceState(null, '', location.pathname)
      announce('')
      void showSignIn(config, copy.text.signInFailed)
      return
    }
    announce('')
    afterSignIn()
    return
  }
  if (!session.token()) {
    void showSignIn(config)
    return
  }
  afterSignIn()
}
