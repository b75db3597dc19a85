/** `/advisor/`: the sign-in, then the open cases in deadline order (no request text). */
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

function filterQuery(form: HTMLFormElement): string {
  const params = new URLSearchParams()
  const mine = form.elements.namedItem('assignee')
  const status = form.elements.namedItem('status')
  if (mine instanceof HTMLInputElement && mine.checked) params.set('assignee', 'me')
  if (status instanceof HTMLSelectElement && status.value) params.set('status', status.value)
  return params.toString()
}

async function loadList(): Promise<void> {
  const form = byId(AdvisorId.caseFilter)
  const list = byId(AdvisorId.caseList)
  if (!(form instanceof HTMLFormElement) || !list) return
  const query = filterQuery(form)
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
  const params = new URLSearchParams(location.search)
  const mine = form.elements.namedItem('assignee')
  const status = form.elements.namedItem('status')
  if (mine instanceof HTMLInputElement) mine.checked = params.get('assignee') === 'me'
  if (status instanceof HTMLSelectElement) {
    const wanted = params.get('status') ?? ''
    status.value = Array.from(status.options).some((option) => option.value === wanted) ? wanted : ''
  }
  void loadList()
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
    const query = filterQuery(form)
    history.replaceState(null, '', query ? `${location.pathname}?${query}` : location.pathname)
    void loadList()
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
