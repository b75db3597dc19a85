// @ts-check
/**
 * The MAR workspace in the browser: sign-in (a dev sign-in locally, Cognito's authorization-code flow with PKCE in
 * AWS), the case list, one case with its actions, phone intake and the statistics (charts drawn here as SVG). The pages are static shells; every case comes
 * from the advisor API. Whatever a person wrote is set with textContent, never parsed as HTML. The access token
 * lives in sessionStorage only and travels in the Authorization header, never in a URL. All texts come from the
 * page (`data-copy` on <body>): none live here.
 */

const TOKEN_KEY = 'mar.advisor.token'
const ME_KEY = 'mar.advisor.me'
const RETURN_KEY = 'mar.advisor.return'
const PKCE_KEY = 'mar.advisor.pkce'
const FLASH_KEY = 'mar.advisor.flash'
const HOME = '/advisor/'
const API = '/api/advisor/cases'
const ZONE = 'Europe/Amsterdam'
const REFERENCE = /^MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
/** The refusals (409) the advisor API names; each has its own message on the page. */
const CONFLICT_CODES = [
  'already_acknowledged',
  'case_closed',
  'no_mail_address',
  'already_paused',
  'not_paused',
  'no_running_clock',
  'conflict',
]
const WORKSPACE_PATH = /^\/advisor\/(?:cases\/MAR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}|phone\/|stats\/)$/

const pageName = document.body.dataset.page ?? ''
/** @type {Record<string, any>} */
const copy = JSON.parse(document.body.dataset.copy ?? '{}')

// ---- Small helpers ----

/**
 * Fills `{name}` placeholders.
 * @param {string} text
 * @param {Record<string, string | number>} values
 */
function fill(text, values) {
  return String(text ?? '').replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole))
}

/** @param {string} id */
function byId(id) {
  return document.getElementById(id)
}

/**
 * Builds an element; strings become text nodes, so nothing here is ever parsed as HTML.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [props]
 * @param {Array<Node | string | undefined | null | false>} children
 */
function el(tag, props = {}, ...children) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue
    if (name === 'className') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) element.append(child)
  return element
}

/**
 * The Dutch label of a vocabulary value (the value itself when the page has no label for it).
 * @param {string} group
 * @param {unknown} value
 */
function label(group, value) {
  const text = copy[group]?.[String(value)]
  return typeof text === 'string' ? text : String(value ?? '')
}

const moments = new Intl.DateTimeFormat('nl-NL', {
  timeZone: ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** @param {unknown} iso */
function formatMoment(iso) {
  const date = new Date(String(iso))
  return Number.isNaN(date.getTime()) ? '' : moments.format(date)
}

/** @param {unknown} iso */
function timeElement(iso, className = '') {
  return el('time', { datetime: String(iso), className: className || undefined }, formatMoment(iso))
}

/** @param {unknown} iso */
const isPast = (iso) => {
  const at = Date.parse(String(iso))
  return !Number.isNaN(at) && at < Date.now()
}

/** Offset of Amsterdam from UTC, in minutes, at this instant. @param {number} instant */
function zoneOffsetMinutes(instant) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  /** @param {string} type */
  const part = (type) => Number(parts.find((item) => item.type === type)?.value ?? 0)
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return Math.round((wall - instant) / 60_000)
}

/**
 * A `datetime-local` value read as Amsterdam wall-clock time, as ISO 8601 with its offset.
 * @param {string} value
 */
function amsterdamIso(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second = '00'] = match
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  let offset = zoneOffsetMinutes(wall)
  offset = zoneOffsetMinutes(wall - offset * 60_000)
  const size = Math.abs(offset)
  const pad = (/** @type {number} */ number) => String(number).padStart(2, '0')
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(size / 60))}:${pad(size % 60)}`
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`
}

/** A fresh Idempotency-Key. */
function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return base64url(crypto.getRandomValues(new Uint8Array(16)))
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

// ---- Page messages ----

const alertBox = byId('page-alert')
const statusBox = byId('page-status')

/** A problem (role=alert): read out at once. @param {string} text */
function showAlert(text) {
  if (alertBox) alertBox.textContent = text
}

/** A result (role=status): read out politely; cleared first so the same text twice is read twice. @param {string} text */
function announce(text) {
  if (!statusBox) return
  statusBox.textContent = ''
  setTimeout(() => {
    statusBox.textContent = text
  }, 50)
}

function doneLoading() {
  const loading = byId('page-loading')
  if (loading) loading.hidden = true
}

// ---- Session ----

const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  /** @param {string} token */
  start(token) {
    sessionStorage.setItem(TOKEN_KEY, token)
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY)
    sessionStorage.removeItem(ME_KEY)
  },
}

/** @param {{ id?: unknown, name?: unknown } | undefined} me */
function showUser(me) {
  if (!me || typeof me.name !== 'string') return
  sessionStorage.setItem(ME_KEY, JSON.stringify({ id: me.id, name: me.name }))
  const name = byId('advisor-name')
  if (name) name.textContent = me.name
  for (const id of ['advisor-user', 'advisor-nav']) {
    const element = byId(id)
    if (element) element.hidden = false
  }
}

function showStoredUser() {
  try {
    showUser(JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null') ?? undefined)
  } catch {
    // nothing stored
  }
}

/** To the sign-in page, coming back here afterwards. */
function goToSignIn() {
  session.clear()
  if (WORKSPACE_PATH.test(location.pathname)) sessionStorage.setItem(RETURN_KEY, location.pathname)
  location.replace(HOME)
}

/** @type {Promise<Record<string, any> | undefined> | undefined} */
let configLoaded

function loadConfig() {
  configLoaded ??= fetch('/advisor/config.json', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined)
  return configLoaded
}

async function signOut() {
  session.clear()
  sessionStorage.removeItem(RETURN_KEY)
  const config = await loadConfig()
  if (config?.signIn === 'cognito' && typeof config.logoutUrl === 'string') {
    const url = new URL(config.logoutUrl)
    if (!url.searchParams.has('client_id')) url.searchParams.set('client_id', String(config.clientId ?? ''))
    if (!url.searchParams.has('logout_uri')) url.searchParams.set('logout_uri', String(config.redirectUri ?? ''))
    location.assign(url.toString())
    return
  }
  location.assign(HOME)
}

// ---- The advisor API ----

/**
 * @typedef {{ status: number, data: any }} ApiResult
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [extraHeaders]
 * @returns {Promise<ApiResult>}
 */
async function api(method, path, body, extraHeaders = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', authorization: `Bearer ${session.token() ?? ''}`, ...extraHeaders }
  if (body !== undefined) headers['content-type'] = 'application/json'
  /** @type {Response} */
  let response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    })
  } catch {
    return { status: 0, data: undefined }
  }
  let data
  try {
    data = await response.json()
  } catch {
    data = undefined
  }
  if (response.status === 401) {
    if (pageName === 'list') showSignIn(await loadConfig())
    else goToSignIn()
  }
  return { status: response.status, data }
}

/** The message for an answer that was not a success: our own words for each code, never the raw answer. @param {ApiResult} result */
function errorText(result) {
  const errors = copy.error ?? {}
  const code = typeof result.data?.error?.code === 'string' ? result.data.error.code : ''
  switch (result.status) {
    case 0:
      return errors.network
    case 400:
      return errors.validation
    case 403:
      return errors.forbidden
    case 404:
      return errors.notFound
    case 409:
      return CONFLICT_CODES.includes(code) ? errors[code] : errors.conflict
    case 413:
      return errors.tooLarge
    case 429:
      return errors.rateLimited
    default:
      return errors.failed
  }
}

// ---- Field errors (the markup of the public form) ----

/** @param {Element} container */
function firstControl(container) {
  return /** @type {HTMLElement | null} */ (container.querySelector('input, select, textarea'))
}

/** @param {HTMLElement} element @param {string} id @param {boolean} add */
function describedBy(element, id, add) {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((item) => item && item !== id)
  if (add) ids.push(id)
  if (ids.length === 0) element.removeAttribute('aria-describedby')
  else element.setAttribute('aria-describedby', ids.join(' '))
}

/** @param {HTMLFormElement} form */
function clearFieldErrors(form) {
  for (const message of form.querySelectorAll('.field__error')) {
    const container = message.closest('[data-field]')
    if (container instanceof HTMLElement) {
      container.classList.remove('field--error')
      for (const control of container.querySelectorAll('input, select, textarea')) {
        control.removeAttribute('aria-invalid')
        if (control instanceof HTMLElement) describedBy(control, message.id, false)
      }
      if (container instanceof HTMLFieldSetElement) describedBy(container, message.id, false)
    }
    message.remove()
  }
}

/**
 * Shows each message next to its field; returns the fields shown (in page order) and the messages that belong to
 * no field on this form.
 * @param {HTMLFormElement} form
 * @param {Record<string, unknown>} fields
 */
function showFieldErrors(form, fields) {
  clearFieldErrors(form)
  /** @type {Map<string, string>} */
  const byField = new Map()
  /** @type {string[]} */
  const other = []
  for (const [key, text] of Object.entries(fields)) {
    if (typeof text !== 'string') continue
    const field = key.split('.')[0] ?? key
    const container = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
    if (container && firstControl(container)) {
      if (!byField.has(field)) byField.set(field, text)
    } else other.push(text)
  }
  /** @type {Array<{ text: string, control: HTMLElement }>} */
  const shown = []
  for (const container of form.querySelectorAll('[data-field]')) {
    if (!(container instanceof HTMLElement)) continue
    const text = byField.get(container.dataset.field ?? '')
    const control = firstControl(container)
    if (text === undefined || !control) continue
    const message = el(
      'p',
      { className: 'field__error', id: `${control.id}-error` },
      el('span', { className: 'visually-hidden' }, `${copy.text?.errorPrefix ?? 'Fout:'} `),
      text,
    )
    if (container.classList.contains('field--checkbox')) container.prepend(message)
    else {
      const anchor =
        container.querySelector(':scope > .field__hint') ?? container.querySelector(':scope > label, :scope > legend')
      if (anchor) anchor.after(message)
      else container.prepend(message)
    }
    container.classList.add('field--error')
    for (const item of container.querySelectorAll('input, select, textarea')) item.setAttribute('aria-invalid', 'true')
    describedBy(container instanceof HTMLFieldSetElement ? container : control, message.id, true)
    shown.push({ text, control })
  }
  return { shown, other }
}

// ---- Sign-in (on /advisor/) ----

/** @param {Record<string, any>} config */
async function startCognitoSignIn(config) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)))
  const state = base64url(crypto.getRandomValues(new Uint8Array(24)))
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }))
  const url = new URL(String(config.authorizeUrl))
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', String(config.clientId))
  url.searchParams.set('redirect_uri', String(config.redirectUri))
  url.searchParams.set('scope', typeof config.scope === 'string' ? config.scope : 'openid')
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', base64url(new Uint8Array(digest)))
  url.searchParams.set('code_challenge_method', 'S256')
  location.assign(url.toString())
}

/**
 * Back from Cognito with `?code=&state=`: the code is exchanged (with the PKCE verifier) for an access token, and
 * the code leaves the address bar whatever happens.
 * @param {Record<string, any> | undefined} config
 * @param {URLSearchParams} params
 */
async function finishCognitoSignIn(config, params) {
  let stored
  try {
    stored = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null')
  } catch {
    stored = null
  }
  sessionStorage.removeItem(PKCE_KEY)
  history.replaceState(null, '', location.pathname)
  const code = params.get('code')
  if (config?.signIn !== 'cognito' || !code || !stored || stored.state !== params.get('state')) return false
  try {
    const response = await fetch(String(config.tokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: String(config.clientId),
        code,
        redirect_uri: String(config.redirectUri),
        code_verifier: String(stored.verifier),
      }),
    })
    if (!response.ok) return false
    const answer = await response.json()
    if (typeof answer?.access_token !== 'string') return false
    session.start(answer.access_token)
    return true
  } catch {
    return false
  }
}

/** After signing in: back to the page that sent here, or the list. */
function afterSignIn() {
  const back = sessionStorage.getItem(RETURN_KEY)
  sessionStorage.removeItem(RETURN_KEY)
  if (back && WORKSPACE_PATH.test(back)) {
    location.replace(back)
    return
  }
  showCases()
}

/** @param {Record<string, any> | undefined} config @param {string} [problem] */
async function showSignIn(config, problem) {
  session.clear()
  doneLoading()
  const signIn = byId('signin-view')
  const cases = byId('cases-view')
  if (!signIn || !cases) return
  cases.hidden = true
  signIn.hidden = false
  if (signIn.dataset.title) document.title = signIn.dataset.title
  for (const id of ['advisor-user', 'advisor-nav']) {
    const element = byId(id)
    if (element) element.hidden = true
  }
  showAlert(problem ?? '')
  if (config?.signIn === 'cognito') {
    const block = byId('cognito-signin')
    if (block) block.hidden = false
    return
  }
  if (config?.signIn !== 'dev') {
    showAlert(copy.text.signInUnavailable)
    return
  }
  const list = byId('dev-advisors')
  const block = byId('dev-signin')
  if (!list || !block) return
  /** @type {any} */
  let answer
  try {
    const response = await fetch('/_dev/advisors', { headers: { accept: 'application/json' }, cache: 'no-store' })
    answer = response.ok ? await response.json() : undefined
  } catch {
    answer = undefined
  }
  if (!Array.isArray(answer?.advisors)) {
    showAlert(copy.text.signInUnavailable)
    return
  }
  list.replaceChildren(
    ...answer.advisors.map((/** @type {any} */ advisor) =>
      el(
        'li',
        {},
        el(
          'button',
          { className: 'button button--secondary', type: 'button', 'data-advisor-id': String(advisor.id) },
          el('span', {}, String(advisor.name ?? advisor.id)),
          Array.isArray(advisor.roles) && advisor.roles.length > 0
            ? el(
                'span',
                { className: 'advisor-picker__roles' },
                advisor.roles.map((/** @type {string} */ role) => label('roles', role)).join(', '),
              )
            : undefined,
        ),
      ),
    ),
  )
  block.hidden = false
}

async function devSignIn(/** @type {string} */ advisorId) {
  showAlert('')
  announce(copy.text.signingIn)
  try {
    const response = await fetch('/_dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ advisorId }),
    })
    const answer = response.ok ? await response.json() : undefined
    if (typeof answer?.token !== 'string') throw new Error('no token')
    session.start(answer.token)
  } catch {
    announce('')
    showAlert(copy.text.signInFailed)
    return
  }
  afterSignIn()
}

// ---- The case list ----

/** @param {Array<{ id: string, name: string }>} advisors @param {{ id?: string } | undefined} me */
function advisorNamer(advisors, me) {
  const names = new Map((Array.isArray(advisors) ? advisors : []).map((advisor) => [advisor.id, advisor.name]))
  /** @param {unknown} id */
  return (id) => {
    if (id === undefined || id === null || id === '') return copy.text.nobody
    const name = names.get(String(id)) ?? copy.text.unknownAdvisor
    return me && id === me.id ? fill(copy.text.you, { name }) : name
  }
}

/** @param {Record<string, any>} item */
function deadlineCell(item) {
  if (!item.dueAt) {
    return [el('span', {}, item.paused ? copy.text.paused : copy.text.noDeadline)]
  }
  /** @type {Node[]} */
  const parts = [
    el('span', { className: 'deadline__what' }, label('clockDue', item.clock)),
    timeElement(item.dueAt, 'deadline__when'),
  ]
  if (item.paused) parts.push(el('span', { className: 'badge badge--paused' }, copy.text.paused))
  else if (isPast(item.dueAt)) parts.push(el('span', { className: 'badge badge--overdue' }, copy.text.overdue))
  return parts
}

/** @param {any[]} items @param {(id: unknown) => string} advisorName */
function renderRows(items, advisorName) {
  const rows = byId('case-rows')
  const table = byId('case-table')
  const empty = byId('case-empty')
  if (!rows || !table || !empty) return
  const labels = rows.dataset
  /** @param {string} key */
  const columnLabel = (key) => labels[`label${key[0]?.toUpperCase()}${key.slice(1)}`] ?? ''
  /** @param {string} key @param {Array<Node | string>} content @param {string} [tag] @param {string} [className] */
  const cell = (key, content, tag = 'td', className = undefined) =>
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
        cell('deadline', deadlineCell(item)),
      )
    }),
  )
  table.hidden = items.length === 0
  empty.hidden = items.length > 0
  empty.textContent = items.length === 0 ? copy.text.noCases : ''
}

async function loadList() {
  const form = byId('case-filter')
  const list = byId('case-list')
  if (!(form instanceof HTMLFormElement) || !list) return
  const params = new URLSearchParams()
  const mine = form.elements.namedItem('assignee')
  const status = form.elements.namedItem('status')
  if (mine instanceof HTMLInputElement && mine.checked) params.set('assignee', 'me')
  if (status instanceof HTMLSelectElement && status.value) params.set('status', status.value)
  const query = params.toString()
  list.setAttribute('aria-busy', 'true')
  const result = await api('GET', query ? `${API}?${query}` : API)
  list.removeAttribute('aria-busy')
  if (result.status === 401) return
  if (result.status !== 200 || !Array.isArray(result.data?.cases)) {
    showAlert(errorText(result))
    return
  }
  showAlert('')
  showUser(result.data.me)
  const items = result.data.cases
  renderRows(items, advisorNamer(result.data.advisors, result.data.me))
  const count = items.length === 1 ? copy.text.caseCountOne : fill(copy.text.caseCount, { count: items.length })
  const counter = byId('case-count')
  if (counter) counter.textContent = count
  announce(count)
}

function showCases() {
  doneLoading()
  const signIn = byId('signin-view')
  const cases = byId('cases-view')
  const form = byId('case-filter')
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
  loadList()
}

async function startList() {
  const params = new URLSearchParams(location.search)
  const config = await loadConfig()
  if (params.has('code') || params.has('error')) {
    announce(copy.text.signingIn)
    if (!(await finishCognitoSignIn(config, params))) {
      history.replaceState(null, '', location.pathname)
      announce('')
      showSignIn(config, copy.text.signInFailed)
      return
    }
    announce('')
    afterSignIn()
    return
  }
  if (!session.token()) {
    showSignIn(config)
    return
  }
  afterSignIn()
}

function wireList() {
  byId('dev-advisors')?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-advisor-id]') : null
    if (button instanceof HTMLButtonElement) devSignIn(button.dataset.advisorId ?? '')
  })
  byId('cognito-sign-in')?.addEventListener('click', async () => {
    const config = await loadConfig()
    if (config?.signIn === 'cognito') startCognitoSignIn(config)
    else showAlert(copy.text.signInUnavailable)
  })
  const form = byId('case-filter')
  form?.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!(form instanceof HTMLFormElement)) return
    const params = new URLSearchParams()
    const mine = form.elements.namedItem('assignee')
    const status = form.elements.namedItem('status')
    if (mine instanceof HTMLInputElement && mine.checked) params.set('assignee', 'me')
    if (status instanceof HTMLSelectElement && status.value) params.set('status', status.value)
    const query = params.toString()
    history.replaceState(null, '', query ? `${location.pathname}?${query}` : location.pathname)
    loadList()
  })
}

// ---- One case ----

/** @param {string} id @param {boolean} visible */
function setVisible(id, visible) {
  const element = byId(id)
  if (element) element.hidden = !visible
}

/** @param {Record<string, any>} item @param {string} key @param {(id: unknown) => string} advisorName */
function factValue(item, key, advisorName) {
  const text = copy.text
  const optional = (/** @type {unknown} */ value, /** @type {string} */ group = '') =>
    value === undefined || value === null || value === '' ? text.notGiven : group ? label(group, value) : String(value)
  switch (key) {
    case 'status':
    case 'urgency':
    case 'channel':
      return label(key, item[key])
    case 'topic':
    case 'requesterType':
    case 'sector':
      // A mail comes in without them: an advisor classifies it. A web or phone case has no sector for a private person.
      if (item[key] === undefined || item[key] === null || item[key] === '') {
        return item.channel === 'email' ? text.notClassified : text.notGiven
      }
      return label(key, item[key])
    case 'assignee':
      return advisorName(item.assignee)
    case 'createdAt':
      return timeElement(item.createdAt)
    case 'ideology':
    case 'language':
      return optional(item[key], key)
    case 'organisation':
      return optional(item.organisation)
    case 'name':
    case 'email':
    case 'phone':
      return item.anonymous === true ? text.anonymous : optional(item[key])
    case 'immediateDanger':
      return item.immediateDanger === true ? el('strong', {}, text.yes) : text.no
    case 'signals':
      return Array.isArray(item.signals) && item.signals.length > 0
        ? item.signals.map((/** @type {unknown} */ signal) => label('signals', signal)).join(', ')
        : text.notGiven
    default:
      return optional(item[key])
  }
}

/** @param {Record<string, any>} item @param {(id: unknown) => string} advisorName */
function renderDeadlines(item, advisorName) {
  const text = copy.text
  const deadlines = byId('case-deadlines')
  if (deadlines) {
    deadlines.replaceChildren(
      ...['acknowledge', 'respond'].map((clock) => {
        const deadline = item.deadlines?.[clock] ?? {}
        /** @type {Array<Node | string>} */
        const parts = [el('span', { className: 'deadline__clock' }, label('clock', clock))]
        if (deadline.dueAt) {
          parts.push(
            el('span', { className: 'deadline__what' }, label('clockDue', clock), ' ', timeElement(deadline.dueAt)),
          )
        } else {
          parts.push(el('span', { className: 'deadline__what' }, text.noDeadline))
        }
        const state = String(deadline.state ?? '')
        if (state === 'paused')
          parts.push(el('span', { className: 'badge badge--paused' }, label('deadlineState', state)))
        else if (state) parts.push(el('span', { className: 'deadline__state' }, label('deadlineState', state)))
        const breached = Array.isArray(item.breaches) && item.breaches.some((breach) => breach?.clock === clock)
        if (state === 'running' && (breached || isPast(deadline.dueAt))) {
          parts.push(' ', el('span', { className: 'badge badge--overdue' }, text.overdue))
        }
        return el('li', {}, ...parts)
      }),
    )
  }

  const pause = byId('case-pause')
  if (pause) {
    if (item.pause) {
      pause.replaceChildren(
        el('p', {}, fill(text.pausedSince, { since: formatMoment(item.pause.since), by: advisorName(item.pause.by) })),
        el(
          'p',
          {},
          text.pausedReason,
          el('span', { className: 'case-pause__reason' }, String(item.pause.reason ?? '')),
        ),
        ...(item.pause.until ? [el('p', {}, fill(text.pausedUntil, { until: formatMoment(item.pause.until) }))] : []),
      )
    } else pause.replaceChildren(el('p', {}, text.notPaused))
  }

  const breaches = byId('case-breaches')
  if (breaches) {
    const list = Array.isArray(item.breaches) ? item.breaches : []
    breaches.replaceChildren(
      ...(list.length === 0
        ? [el('li', {}, text.noBreaches)]
        : list.map((breach) =>
            el(
              'li',
              {},
              fill(text.breach, {
                clock: label('clock', breach.clock),
                dueAt: formatMoment(breach.dueAt),
                recordedAt: formatMoment(breach.recordedAt),
              }),
            ),
          )),
    )
  }
}

/** Where a reply goes: the address the requester wrote from, or gave on the form; '' when there is none. @param {Record<string, any>} item */
function requesterAddress(item) {
  if (item.channel === 'email') {
    const address = item.mail?.from?.address
    return typeof address === 'string' ? address : ''
  }
  return item.anonymous !== true && typeof item.email === 'string' ? item.email : ''
}

/** `Name <address>`, or the address alone. @param {unknown} value */
function addressText(value) {
  const address = /** @type {{ address?: unknown, name?: unknown } | null | undefined} */ (value)
  if (!address || typeof address.address !== 'string') return ''
  return typeof address.name === 'string' && address.name !== ''
    ? `${address.name} <${address.address}>`
    : address.address
}

const sizes = new Intl.NumberFormat('nl-NL')

/** A size in bytes as whole kB, rounded up (a file of a few bytes is 1 kB). @param {unknown} bytes */
function formatSize(bytes) {
  const size = Number(bytes)
  if (!Number.isFinite(size) || size < 0) return ''
  return fill(copy.text.attachmentSize, { size: sizes.format(Math.max(1, Math.ceil(size / 1024))) })
}

/** Every attachment of the case (of the mail that opened it and of later mail). @param {Record<string, any>} item */
function attachmentsOf(item) {
  return (Array.isArray(item.attachments) ? item.attachments : []).filter(
    (/** @type {any} */ attachment) => attachment && typeof attachment.id === 'string',
  )
}

/** The ids of attachments the API withholds: those of a mail that failed the virus scan. @param {Record<string, any>} item */
function withheldAttachments(item) {
  /** @type {Set<string>} */
  const ids = new Set()
  /** @param {any} mail */
  const add = (mail) => {
    if (mail?.quarantined !== true || !Array.isArray(mail.attachments)) return
    for (const attachment of mail.attachments) ids.add(String(attachment?.id))
  }
  if (item.channel === 'email') add(item.mail)
  for (const message of Array.isArray(item.messages) ? item.messages : []) add(message?.mail)
  return ids
}

/** @param {string} className @param {Array<Node | string>} content */
function notice(className, ...content) {
  return el('p', { className }, ...content)
}

/** The E-mail section of a mail case: who wrote, when, the subject, and the text — as text, never as HTML. @param {Record<string, any>} item */
function renderMail(item) {
  const section = byId('case-mail')
  if (!section) return
  const mail = item.channel === 'email' && item.mail && typeof item.mail === 'object' ? item.mail : undefined
  section.hidden = mail === undefined
  if (mail === undefined) return
  const text = copy.text

  /** @type {Node[]} */
  const notes = []
  if (mail.quarantined === true) notes.push(notice('notice case-mail__notice', text.quarantined))
  if (mail.unreadable === true) notes.push(notice('notice case-mail__notice', text.unreadable))
  if (mail.verdicts?.spam === 'FAIL') notes.push(notice('notice case-mail__notice', text.spam))
  if (typeof mail.noAutoReply === 'string' && mail.noAutoReply !== '') {
    const reason = copy.noAutoReply?.[mail.noAutoReply]
    notes.push(
      notice(
        'notice notice--info case-mail__notice',
        fill(text.noAutoReply, { reason: typeof reason === 'string' ? reason : text.noAutoReplyOther }),
      ),
    )
  }
  if (item.mentionsOtherCase === true) notes.push(notice('notice case-mail__notice', text.mentionsOtherCase))
  if (typeof item.relatedTo === 'string' && REFERENCE.test(item.relatedTo)) {
    notes.push(
      notice(
        'notice notice--info case-mail__notice',
        text.relatedTo,
        el('a', { href: `/advisor/cases/${encodeURIComponent(item.relatedTo)}` }, item.relatedTo),
      ),
    )
  }
  byId('mail-notices')?.replaceChildren(...notes)

  /** @param {unknown} list */
  const addresses = (list) => (Array.isArray(list) ? list : []).map(addressText).filter(Boolean).join(', ')
  for (const cell of document.querySelectorAll('[data-mail]')) {
    if (!(cell instanceof HTMLElement)) continue
    const field = cell.dataset.mail ?? ''
    /** @type {Node | string} */
    let value = ''
    if (field === 'from') value = addressText(mail.from) || text.unknownSender
    else if (field === 'to' || field === 'cc') value = addresses(mail[field])
    else if (field === 'date') value = mail.date ? timeElement(mail.date) : text.noDate
    else if (field === 'subject')
      value = typeof mail.subject === 'string' && mail.subject !== '' ? mail.subject : text.noSubject
    cell.replaceChildren(value)
    const row = cell.closest('[data-mail-row]')
    if (row instanceof HTMLElement) row.hidden = value === ''
  }
  const body = byId('mail-text')
  if (body) body.textContent = String(mail.text ?? '')
}

/** The case's attachments, each with a download button (or "achtergehouden"). @param {Record<string, any>} item */
function renderAttachments(item) {
  const block = byId('case-attachments-block')
  const list = byId('case-attachments')
  if (!block || !list) return
  const attachments = attachmentsOf(item)
  const withheld = withheldAttachments(item)
  block.hidden = attachments.length === 0
  list.replaceChildren(
    ...attachments.map((attachment) => {
      const name = String(attachment.name ?? '')
      return el(
        'li',
        { className: 'attachments__item' },
        el('span', { className: 'attachments__name' }, name),
        el(
          'span',
          { className: 'attachments__meta' },
          [String(attachment.type ?? ''), formatSize(attachment.size)].filter(Boolean).join(' · '),
        ),
        withheld.has(attachment.id)
          ? el('span', { className: 'badge badge--withheld' }, copy.text.withheld)
          : el(
              'button',
              {
                type: 'button',
                className: 'button button--secondary attachments__download',
                'data-attachment-id': attachment.id,
                'data-attachment-name': name,
              },
              copy.text.download,
              el('span', { className: 'visually-hidden' }, ` ${name}`),
            ),
      )
    }),
  )
}

/**
 * Downloads an attachment. A plain link cannot send the token (it lives in sessionStorage), and the token never goes
 * into a URL: the file is fetched with the Authorization header and handed to the browser as a short-lived Blob URL
 * with a `download` name, typed as bytes so that nothing in it is ever shown in the page.
 * @param {string} reference
 * @param {HTMLButtonElement} button
 */
async function downloadAttachment(reference, button) {
  if (button.getAttribute('aria-disabled') === 'true') return
  const id = button.dataset.attachmentId ?? ''
  const name = button.dataset.attachmentName ?? ''
  showAlert('')
  button.setAttribute('aria-disabled', 'true')
  announce(copy.text.downloading)
  /** @type {string | undefined} */
  let problem
  try {
    const response = await fetch(`${API}/${encodeURIComponent(reference)}/attachments/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${session.token() ?? ''}` },
      cache: 'no-store',
    })
    if (response.status === 401) {
      goToSignIn()
      return
    }
    if (response.ok) {
      const blob = new Blob([await response.arrayBuffer()], { type: 'application/octet-stream' })
      const url = URL.createObjectURL(blob)
      const link = el('a', { href: url, download: name || id, hidden: true })
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 2_000)
      announce(fill(copy.text.downloaded, { name }))
      return
    }
    let data
    try {
      data = await response.json()
    } catch {
      data = undefined
    }
    if (response.status === 409 && data?.error?.code === 'quarantined') problem = copy.error.quarantined
    else if (response.status === 403) problem = copy.error.forbidden
    else if (response.status === 429) problem = copy.error.rateLimited
    else problem = copy.error.downloadFailed
  } catch {
    problem = copy.error.network
  } finally {
    button.removeAttribute('aria-disabled')
  }
  if (problem) {
    announce('')
    showAlert(problem)
  }
}

/** A requester's mail in the messages: from the requester, with its subject and attachments. @param {Record<string, any>} message */
function mailMessage(message) {
  const mail = message.mail && typeof message.mail === 'object' ? message.mail : {}
  const attachments = Array.isArray(mail.attachments) ? mail.attachments : []
  const from = addressText(mail.from)
  return el(
    'li',
    { className: 'messages__item messages__item--mail' },
    el(
      'p',
      { className: 'messages__meta' },
      el('span', { className: 'messages__kind' }, label('messageKind', 'mail')),
      ` · ${copy.text.requester}${from ? ` (${from})` : ''} · `,
      timeElement(message.at),
    ),
    el(
      'p',
      { className: 'messages__subject' },
      el('strong', {}, copy.text.subject),
      typeof mail.subject === 'string' && mail.subject !== '' ? mail.subject : copy.text.noSubject,
    ),
    mail.quarantined === true ? notice('notice', copy.text.quarantined) : undefined,
    attachments.length > 0
      ? el(
          'p',
          { className: 'messages__attachments' },
          copy.text.mailAttachments,
          attachments.map((/** @type {any} */ attachment) => String(attachment?.name ?? '')).join(', '),
        )
      : undefined,
    el('div', { className: 'messages__text' }, String(message.text ?? '')),
  )
}

/** @param {Record<string, any>} item @param {(id: unknown) => string} advisorName */
function renderMessages(item, advisorName) {
  const list = byId('case-messages')
  const empty = byId('messages-empty')
  if (!list || !empty) return
  const messages = Array.isArray(item.messages) ? item.messages : []
  list.replaceChildren(
    ...messages.map((message) => {
      if (message.kind === 'mail') return mailMessage(message)
      const kind = message.kind === 'reply' || message.kind === 'follow-up' ? message.kind : 'note'
      const delivery = kind === 'reply' && message.delivery?.status ? label('delivery', message.delivery.status) : ''
      // A requester's message in the follow-up box has no advisor; a reply without mail went into that box.
      const who = kind === 'follow-up' ? copy.text.anonymous : advisorName(message.advisorId)
      return el(
        'li',
        { className: `messages__item messages__item--${kind === 'follow-up' ? 'mail' : kind}` },
        el(
          'p',
          { className: 'messages__meta' },
          el('span', { className: 'messages__kind' }, label('messageKind', kind)),
          ` · ${who} · `,
          timeElement(message.at),
          delivery ? ` · ${delivery}` : undefined,
        ),
        el('div', { className: 'messages__text' }, String(message.text ?? '')),
      )
    }),
  )
  empty.hidden = messages.length > 0
  empty.textContent = messages.length > 0 ? '' : copy.text.noMessages
}

/** @param {Record<string, any>} item @param {(id: unknown) => string} advisorName */
function renderEvents(item, advisorName) {
  const list = byId('case-events')
  if (!list) return
  const events = Array.isArray(item.events) ? item.events : []
  list.replaceChildren(
    ...events.map((event) => {
      const detail = event.detail && typeof event.detail === 'object' ? event.detail : {}
      /** @type {string[]} */
      const notes = []
      const text = copy.text
      const name = (/** @type {unknown} */ id) => advisorName(id)
      if (event.type === 'assigned' || event.type === 'reassigned') {
        if (event.advisorId) notes.push(fill(text.toAdvisor, { name: name(event.advisorId) }))
        if (detail.from) notes.push(fill(text.fromAdvisor, { name: name(detail.from) }))
        if (detail.by) notes.push(fill(text.byAdvisor, { name: name(detail.by) }))
      } else if (event.advisorId) notes.push(fill(text.byAdvisor, { name: name(event.advisorId) }))
      if (detail.clock) notes.push(label('clock', detail.clock))
      if (detail.until) notes.push(fill(text.untilMoment, { until: formatMoment(detail.until) }))
      if (detail.outcome) notes.push(fill(text.outcomeDetail, { outcome: label('outcome', detail.outcome) }))
      if (event.type === 'classified') {
        for (const field of ['topic', 'urgency', 'requesterType', 'sector']) {
          if (detail[field]) {
            notes.push(
              fill(text.classifiedDetail, {
                field: label('classification', field),
                value: label(field, detail[field]),
              }),
            )
          }
        }
      }
      if (event.type === 'attachment-downloaded' && detail.attachmentId) {
        const attachment = attachmentsOf(item).find((candidate) => candidate.id === detail.attachmentId)
        if (attachment) notes.push(fill(text.attachmentDetail, { name: String(attachment.name ?? '') }))
      }
      if (event.type === 'reopened' && detail.round) notes.push(fill(text.roundDetail, { round: String(detail.round) }))
      return el(
        'li',
        {},
        el('span', { className: 'history__what' }, label('event', event.type)),
        timeElement(event.at),
        notes.length > 0 ? ` · ${notes.join(' · ')}` : undefined,
      )
    }),
  )
}

/** @param {Record<string, any>} item @param {any[]} advisors */
function renderActions(item, advisors) {
  const closed = item.status === 'closed'
  const awaitingAcknowledgement = ['received', 'assigned', 'unassigned'].includes(item.status) && !item.acknowledgedAt
  setVisible('acknowledge-block', !closed && awaitingAcknowledgement)
  setVisible('classify-block', !closed)
  setVisible('reply-block', !closed)
  setVisible('assign-block', !closed)
  const clockRuns = ['acknowledge', 'respond'].some((clock) => item.deadlines?.[clock]?.state === 'running')
  setVisible('pause-block', !closed && !item.pause && clockRuns)
  setVisible('resume-block', !closed && Boolean(item.pause))
  setVisible('close-block', !closed)

  const reply = byId('reply-text')
  const replySubmit = byId('reply-submit')
  const unavailable = byId('reply-unavailable')
  const address = requesterAddress(item)
  // An anonymous web request's answer goes into its follow-up box, where the receipt holder reads it.
  const intoBox = address === '' && item.followUpBox === true
  const canMail = address !== '' || intoBox
  const replyTo = byId('reply-to')
  if (replyTo) {
    replyTo.hidden = !canMail
    replyTo.textContent = intoBox ? copy.text.replyToBox : canMail ? fill(copy.text.replyTo, { address }) : ''
  }
  if (reply instanceof HTMLTextAreaElement && replySubmit instanceof HTMLButtonElement && unavailable) {
    reply.disabled = !canMail
    replySubmit.disabled = !canMail
    unavailable.hidden = canMail
    unavailable.textContent = canMail
      ? ''
      : [
          copy.text.noEmail,
          typeof item.phone === 'string' && item.phone ? fill(copy.text.noEmailPhone, { phone: item.phone }) : '',
        ]
          .filter(Boolean)
          .join(' ')
    describedBy(reply, 'reply-unavailable', !canMail)
    describedBy(replySubmit, 'reply-unavailable', !canMail)
  }

  const select = byId('assign-advisor')
  if (select instanceof HTMLSelectElement) {
    const options = (Array.isArray(advisors) ? advisors : []).map((advisor) =>
      el('option', { value: String(advisor.id) }, String(advisor.name ?? advisor.id)),
    )
    const known = options.some((option) => option.getAttribute('value') === item.assignee)
    select.replaceChildren(...(known ? [] : [el('option', { value: '' }, copy.text.nobody)]), ...options)
    select.value = known ? String(item.assignee) : ''
  }
}

/** Names the advisors of the case last shown. @type {(id: unknown) => string} */
let caseAdvisorName = () => ''

/** @param {{ case: Record<string, any>, me: any, advisors: any[] }} data */
function renderCase(data) {
  const item = data.case
  const advisorName = advisorNamer(data.advisors, data.me)
  caseAdvisorName = advisorName
  showUser(data.me)
  const reference = String(item.reference ?? '')
  document.title = fill(copy.text.caseDocumentTitle, { reference })
  const title = byId('case-reference')
  if (title) title.textContent = reference

  const badges = byId('case-badges')
  if (badges) {
    badges.replaceChildren(
      ...(item.urgency === 'urgent' ? [el('span', { className: 'badge badge--urgent' }, copy.text.urgentMark)] : []),
      el('span', { className: 'badge' }, label('status', item.status)),
    )
  }
  const closedNotice = byId('case-closed')
  if (closedNotice) {
    closedNotice.hidden = item.status !== 'closed'
    closedNotice.textContent =
      item.status === 'closed' ? fill(copy.text.caseClosed, { outcome: label('outcome', item.outcome) }) : ''
  }
  setVisible('case-address-bounced', item.requesterAddressBounced !== undefined)
  for (const cell of document.querySelectorAll('[data-fact]')) {
    if (!(cell instanceof HTMLElement)) continue
    cell.replaceChildren(factValue(item, cell.dataset.fact ?? '', advisorName))
  }
  const isMail = item.channel === 'email'
  for (const row of document.querySelectorAll('[data-submission]')) {
    if (row instanceof HTMLElement) row.hidden = isMail
  }
  setVisible('case-description-block', !isMail)
  const description = byId('case-description')
  if (description) description.textContent = isMail ? '' : String(item.description ?? '')
  renderMail(item)
  renderAttachments(item)
  renderDeadlines(item, advisorName)
  renderMessages(item, advisorName)
  renderEvents(item, advisorName)
  renderActions(item, data.advisors)
  doneLoading()
  setVisible('case-view', true)
}

/** @param {string} reference */
async function loadCase(reference) {
  const result = await api('GET', `${API}/${encodeURIComponent(reference)}`)
  if (result.status === 401) return false
  if (result.status !== 200 || !result.data?.case) {
    doneLoading()
    showAlert(errorText(result))
    return false
  }
  renderCase(result.data)
  return true
}

/**
 * What an action sends, or the problems to fix first.
 * @param {HTMLFormElement} form
 * @param {string} action
 * @returns {{ body: Record<string, unknown> } | { errors: Record<string, string> }}
 */
function actionBody(form, action) {
  const errors = copy.error
  /** @param {string} name */
  const value = (name) => {
    const control = form.elements.namedItem(name)
    return control instanceof HTMLInputElement ||
      control instanceof HTMLTextAreaElement ||
      control instanceof HTMLSelectElement
      ? control.value
      : ''
  }
  switch (action) {
    case 'replies':
    case 'notes':
      return value('text').trim() === '' ? { errors: { text: errors.required } } : { body: { text: value('text') } }
    case 'assign':
      return value('advisorId')
        ? { body: { advisorId: value('advisorId') } }
        : { errors: { advisorId: errors.chooseAdvisor } }
    case 'close':
      return value('outcome') ? { body: { outcome: value('outcome') } } : { errors: { outcome: errors.chooseOutcome } }
    case 'classify': {
      /** @type {Record<string, string>} */
      const body = {}
      for (const name of ['topic', 'urgency', 'requesterType', 'sector']) if (value(name)) body[name] = value(name)
      return Object.keys(body).length > 0 ? { body } : { errors: { _body: copy.error.chooseClassification } }
    }
    case 'pause': {
      /** @type {Record<string, string>} */
      const problems = {}
      /** @type {Record<string, unknown>} */
      const body = { reason: value('reason') }
      if (value('reason').trim() === '') problems.reason = errors.required
      if (value('until')) {
        const until = amsterdamIso(value('until'))
        if (until === undefined) problems.until = errors.invalidUntil
        else body.until = until
      }
      return Object.keys(problems).length > 0 ? { errors: problems } : { body }
    }
    default:
      return { body: {} }
  }
}

/** @param {string} action @param {any} answer @param {(id: unknown) => string} advisorName */
function doneText(action, answer, advisorName) {
  if (action === 'replies' && answer?.via === 'follow-up') return copy.done?.repliesToBox ?? ''
  const text = copy.done?.[action] ?? ''
  return action === 'assign' ? fill(text, { name: advisorName(answer?.assignee) }) : text
}

/** The result of the last action, under the case title (and every note beside a form cleared). @param {string} text */
function showDone(text) {
  for (const note of document.querySelectorAll('.case-form__done')) note.textContent = ''
  const box = byId('case-done')
  if (!box) return
  box.textContent = text
  box.hidden = text === ''
}

/** @param {string} reference */
function wireCase(reference) {
  byId('case-attachments')?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-attachment-id]') : null
    if (button instanceof HTMLButtonElement) downloadAttachment(reference, button)
  })
  let busy = false
  for (const form of document.querySelectorAll('form[data-action]')) {
    if (!(form instanceof HTMLFormElement)) continue
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (busy) return
      const action = form.dataset.action ?? ''
      showAlert('')
      showDone('')
      const prepared = actionBody(form, action)
      if ('errors' in prepared) {
        const { shown } = showFieldErrors(form, prepared.errors)
        shown[0]?.control.focus()
        return
      }
      clearFieldErrors(form)
      busy = true
      const button = form.querySelector('button[type="submit"]')
      form.setAttribute('aria-busy', 'true')
      if (button instanceof HTMLButtonElement) button.disabled = true
      const result = await api('POST', `${API}/${encodeURIComponent(reference)}/${action}`, prepared.body)
      busy = false
      form.removeAttribute('aria-busy')
      if (button instanceof HTMLButtonElement) button.disabled = false
      if (result.status === 401) return
      if (result.status === 200 || result.status === 201) {
        form.reset()
        await loadCase(reference)
        const done = doneText(action, result.data, caseAdvisorName)
        announce(done)
        // Shown beside the form while it still applies; else under the title, where focus goes (the control is gone).
        const stays = !form.closest('[hidden]')
        const beside = form.querySelector('.case-form__done')
        if (stays && beside) beside.textContent = done
        else showDone(done)
        const active = document.activeElement
        if (!stays || !(active instanceof HTMLElement) || active === document.body || active.closest('[hidden]')) {
          byId('case-title')?.focus()
        }
        return
      }
      if (result.status === 400 && result.data?.error?.fields && typeof result.data.error.fields === 'object') {
        const { shown, other } = showFieldErrors(form, result.data.error.fields)
        // A problem with no field on this form is ours (the page sent something the API does not take).
        if (other.length > 0 || shown.length === 0) showAlert(copy.error.failed)
        shown[0]?.control.focus()
        return
      }
      showAlert(errorText(result))
      // A refusal (409) means the case moved on: show it as it is now.
      if (result.status === 409) await loadCase(reference)
    })
  }
}

async function startCase() {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  const match = /^\/advisor\/cases\/([^/]+)\/?$/.exec(location.pathname)
  let reference = ''
  try {
    reference = decodeURIComponent(match?.[1] ?? '')
  } catch {
    reference = ''
  }
  if (!REFERENCE.test(reference)) {
    doneLoading()
    showAlert(copy.error.notFound)
    return
  }
  wireCase(reference)
  const loaded = await loadCase(reference)
  const flash = sessionStorage.getItem(FLASH_KEY)
  sessionStorage.removeItem(FLASH_KEY)
  if (loaded && flash) {
    showDone(flash)
    announce(flash)
  }
}

// ---- Phone intake ----

/** @param {HTMLFormElement} form */
function phoneBody(form) {
  const data = new FormData(form)
  /** @param {string} name */
  const text = (name) => {
    const value = data.get(name)
    return typeof value === 'string' ? value : ''
  }
  /** @type {Record<string, unknown>} */
  const body = {}
  /** @param {string} name */
  const optional = (name) => {
    if (text(name).trim() !== '') body[name] = text(name)
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
  body.language = text('language') || 'nl'
  body.consent = data.has('consent')
  return body
}

/** @param {HTMLFormElement} form @param {Array<{ text: string, control?: HTMLElement }>} entries */
function showErrorSummary(form, entries) {
  byId('error-summary')?.remove()
  if (entries.length === 0) return
  const title = el(
    'h2',
    { className: 'error-summary__title', id: 'error-summary-title', tabindex: '-1' },
    form.dataset.summaryTitle ?? '',
  )
  const summary = el(
    'div',
    { className: 'error-summary', id: 'error-summary', role: 'alert', 'aria-labelledby': 'error-summary-title' },
    title,
    el(
      'ul',
      { className: 'error-summary__list' },
      ...entries.map((entry) =>
        el('li', {}, entry.control ? el('a', { href: `#${entry.control.id}` }, entry.text) : entry.text),
      ),
    ),
  )
  form.before(summary)
  summary.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null
    if (!(link instanceof HTMLAnchorElement)) return
    const target = byId(decodeURIComponent(link.hash.slice(1)))
    if (!target) return
    event.preventDefault()
    ;(target.closest('[data-field]') ?? target).scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
  title.focus()
}

function startPhone() {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  doneLoading()
  const form = byId('phone-form')
  if (!(form instanceof HTMLFormElement)) return
  let key = newKey()
  let sending = false
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (sending) return
    sending = true
    showAlert('')
    announce(copy.text.sending)
    const button = form.querySelector('button[type="submit"]')
    if (button instanceof HTMLButtonElement) button.disabled = true
    form.setAttribute('aria-busy', 'true')
    const result = await api('POST', API, phoneBody(form), { 'Idempotency-Key': key })
    sending = false
    form.removeAttribute('aria-busy')
    if (button instanceof HTMLButtonElement) button.disabled = false
    if (result.status === 401) return
    const reference = result.data?.reference
    if (result.status === 201 && typeof reference === 'string' && REFERENCE.test(reference)) {
      sessionStorage.setItem(FLASH_KEY, fill(copy.text.phoneRegistered, { reference }))
      location.assign(`/advisor/cases/${encodeURIComponent(reference)}`)
      return
    }
    announce('')
    // Refused before anything was stored: the corrected call is a new one.
    if (result.status === 400 || result.status === 413) key = newKey()
    if (result.status === 400 && result.data?.error?.fields && typeof result.data.error.fields === 'object') {
      const { shown, other } = showFieldErrors(form, result.data.error.fields)
      showErrorSummary(form, [...shown, ...other.map((text) => ({ text }))])
      if (shown.length + other.length > 0) return
    }
    showAlert(errorText(result))
  })
}

// ---- Statistics ----

const STATS_API = '/api/advisor/stats'
const SVG_NS = 'http://www.w3.org/2000/svg'
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const numbers = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 })
const monthNames = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const dayNames = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/**
 * Builds an SVG element; text goes in as text nodes, never as markup.
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {Array<Node | string>} children
 */
function svgEl(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value))
  for (const child of children) element.append(child)
  return element
}

/** "oktober 2026" for "2026-10". @param {string} month */
function monthLabel(month) {
  const [year, number] = month.split('-').map(Number)
  return monthNames.format(new Date(Date.UTC(year ?? 0, (number ?? 1) - 1, 1)))
}

/** "31 december 2026" for "2026-12-31". @param {string} day */
function dayLabel(day) {
  const [year, month, date] = day.split('-').map(Number)
  return dayNames.format(new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1)))
}

/** A count as the page shows it: a number, "<5" in a published report. @param {unknown} figure */
function figureText(figure) {
  if (typeof figure === 'number') return numbers.format(figure)
  if (typeof figure === 'string') return figure
  return copy.statistics.noFigure
}

/** @param {unknown} share */
function shareText(share) {
  return typeof share === 'number' ? `${numbers.format(Math.round(share * 1000) / 10)} %` : copy.statistics.noFigure
}

/** The label of a value of a dimension; the buckets for "absent" have their own. @param {string} dimension @param {string} value */
function statLabel(dimension, value) {
  const bucket = copy.statistics.buckets?.[value]
  return typeof bucket === 'string' ? bucket : label(dimension, value)
}

/** Today in Amsterdam, as YYYY-MM-DD. */
function todayInZone() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  )
}

/**
 * A horizontal bar chart drawn by this script: `role="img"` named by its <title> and described by its <desc>; each
 * bar has its label and its value in text beside it, so no bar is told apart by its colour alone.
 * @param {{ id: string, title: string, desc: string, max: number, groups: Array<{ label: string, bars: Array<{ label: string, value: number | null, text: string, series: number }> }> }} chart
 */
function barChart(chart) {
  const width = 720
  const labelWidth = 200
  const barArea = 400
  const rowHeight = 22
  const headingHeight = 24
  const gap = 10
  let y = 0
  /** @type {Element[]} */
  const parts = []
  for (const group of chart.groups) {
    parts.push(svgEl('text', { x: 0, y: y + 16, class: 'stats-chart__group' }, group.label))
    y += headingHeight
    for (const bar of group.bars) {
      const length =
        bar.value === null || chart.max <= 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / chart.max) * barArea)
      parts.push(
        svgEl('text', { x: 12, y: y + 15, class: 'stats-chart__label' }, bar.label),
        svgEl('rect', {
          x: labelWidth,
          y: y + 3,
          width: Math.round(length * 10) / 10,
          height: rowHeight - 6,
          class: `stats-chart__bar stats-chart__bar--${bar.series}`,
        }),
        svgEl('text', { x: labelWidth + length + 6, y: y + 15, class: 'stats-chart__value' }, bar.text),
      )
      y += rowHeight
    }
    y += gap
  }
  const titleId = `${chart.id}-title`
  const descId = `${chart.id}-desc`
  return svgEl(
    'svg',
    {
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      viewBox: `0 0 ${width} ${Math.max(y, 1)}`,
      class: 'stats-chart__svg',
      focusable: 'false',
    },
    svgEl('title', { id: titleId }, chart.title),
    svgEl('desc', { id: descId }, chart.desc),
    ...parts,
  )
}

/**
 * A table with a caption, one header row and rows whose first cell is a row header.
 * @param {HTMLTableElement} table
 * @param {string[]} headers
 * @param {string[][]} rows
 */
function fillTable(table, headers, rows) {
  const caption = table.querySelector('caption')
  table.replaceChildren(
    ...(caption ? [caption] : []),
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
    el(
      'tbody',
      {},
      ...rows.map(([first = '', ...rest]) =>
        el('tr', {}, el('th', { scope: 'row' }, first), ...rest.map((cell) => el('td', {}, cell))),
      ),
    ),
  )
}

/** @param {Record<string, any>} report */
function renderStatistics(report) {
  const t = copy.statistics
  const months = Array.isArray(report.months) ? report.months.map(String) : []
  const summary = byId('stats-summary')
  if (summary) {
    summary.textContent = fill(report.published ? t.summaryPublished : t.summary, {
      from: dayLabel(String(report.from)),
      to: dayLabel(String(report.to)),
      open: figureText(report.openAtEnd),
    })
  }
  /** @param {string} dimension */
  const rowsOf = (dimension) => (Array.isArray(report.counts?.[dimension]) ? report.counts[dimension] : [])
  /** @param {string} dimension */
  const valuesOf = (dimension) => [...new Set(rowsOf(dimension).map((/** @type {any} */ row) => String(row.value)))]
  /** @param {string} dimension @param {string} month @param {string} value */
  const countOf = (dimension, month, value) =>
    rowsOf(dimension).find((/** @type {any} */ row) => row.month === month && row.value === value)?.count

  const channels = valuesOf('channel')
  const volumeChart = byId('stats-volume-chart')
  if (volumeChart) {
    const max = Math.max(
      0,
      ...rowsOf('channel').map((/** @type {any} */ row) => (typeof row.count === 'number' ? row.count : 0)),
    )
    volumeChart.replaceChildren(
      barChart({
        id: 'stats-volume-svg',
        title: t.volumeChartTitle,
        desc: t.volumeChartDesc,
        max,
        groups: months.map((month) => ({
          label: monthLabel(month),
          bars: channels.map((channel, series) => {
            const count = countOf('channel', month, channel)
            return {
              label: statLabel('channel', channel),
              value: typeof count === 'number' ? count : null,
              text: figureText(count),
              series,
            }
          }),
        })),
      }),
    )
  }
  const volumeTable = byId('stats-volume-table')
  if (volumeTable instanceof HTMLTableElement) {
    fillTable(
      volumeTable,
      [t.month, ...channels.map((channel) => statLabel('channel', channel)), t.total],
      months.map((month) => {
        const counts = channels.map((channel) => countOf('channel', month, channel))
        const total = counts.every((count) => typeof count === 'number')
          ? figureText(counts.reduce((sum, count) => sum + count, 0))
          : copy.statistics.noFigure
        return [monthLabel(month), ...counts.map(figureText), total]
      }),
    )
  }

  const deadlines = Array.isArray(report.deadlines) ? report.deadlines : []
  const clocks = ['acknowledge', 'respond']
  const deadlinesChart = byId('stats-deadlines-chart')
  if (deadlinesChart) {
    deadlinesChart.replaceChildren(
      barChart({
        id: 'stats-deadlines-svg',
        title: t.deadlinesChartTitle,
        desc: t.deadlinesChartDesc,
        max: 100,
        groups: months.map((month) => ({
          label: monthLabel(month),
          bars: clocks.map((clock, series) => {
            const row = deadlines.find((/** @type {any} */ item) => item.month === month && item.clock === clock)
            const share = typeof row?.inTimeShare === 'number' ? row.inTimeShare : null
            return {
              label: label('clock', clock),
              value: share === null ? null : share * 100,
              text: shareText(share),
              series,
            }
          }),
        })),
      }),
    )
  }
  const deadlinesTable = byId('stats-deadlines-table')
  if (deadlinesTable instanceof HTMLTableElement) {
    const figures = ['cases', 'stopped', 'inTime', 'breaches']
    fillTable(
      deadlinesTable,
      [
        t.month,
        t.clock,
        ...figures.map((name) => t.figures[name]),
        t.figures.inTimeShare,
        t.figures.medianBusinessHours,
      ],
      deadlines.map((/** @type {any} */ row) => [
        monthLabel(String(row.month)),
        label('clock', row.clock),
        ...figures.map((name) => figureText(row[name])),
        shareText(row.inTimeShare),
        typeof row.medianBusinessHours === 'number' ? numbers.format(row.medianBusinessHours) : t.noFigure,
      ]),
    )
  }

  const dimensions = byId('stats-dimensions')
  if (dimensions) {
    dimensions.replaceChildren(
      ...Object.keys(t.dimensions).map((dimension) => {
        const table = el('table', { className: 'stats-table' }, el('caption', {}, t.dimensions[dimension]))
        if (table instanceof HTMLTableElement) {
          fillTable(
            table,
            [t.value, ...months.map(monthLabel)],
            valuesOf(dimension).map((value) => [
              statLabel(dimension, value),
              ...months.map((month) => figureText(countOf(dimension, month, value))),
            ]),
          )
        }
        return el('div', { className: 'stats-table-wrap' }, table)
      }),
    )
  }
  const result = byId('stats-result')
  if (result) result.hidden = false
}

/**
 * Downloads the figures as CSV, the token in the header (never in a URL): fetched, then handed to the browser as a
 * short-lived Blob URL with the name the API gives.
 * @param {HTMLButtonElement} button
 * @param {{ from: string, to: string }} period
 */
async function downloadStatistics(button, period) {
  if (button.getAttribute('aria-disabled') === 'true') return
  const publish = button.dataset.publish === 'true'
  const query = new URLSearchParams({ from: period.from, to: period.to, format: 'csv' })
  if (publish) query.set('publish', 'true')
  showAlert('')
  button.setAttribute('aria-disabled', 'true')
  announce(copy.statistics.downloading)
  try {
    const response = await fetch(`${STATS_API}?${query}`, {
      headers: { authorization: `Bearer ${session.token() ?? ''}`, accept: 'text/csv' },
      cache: 'no-store',
    })
    if (response.status === 401) {
      goToSignIn()
      return
    }
    if (!response.ok) {
      announce('')
      showAlert(response.status === 403 ? copy.error.forbidden : copy.statistics.downloadFailed)
      return
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `mar-statistieken-${period.from}-${period.to}.csv`
    const blob = new Blob([await response.arrayBuffer()], { type: 'text/csv' })
    const url = URL.createObjectURL(blob)
    const link = el('a', { href: url, download: name, hidden: true })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 2_000)
    announce(copy.statistics.downloaded)
  } catch {
    announce('')
    showAlert(copy.error.network)
  } finally {
    button.removeAttribute('aria-disabled')
  }
}

async function startStats() {
  if (!session.token()) {
    goToSignIn()
    return
  }
  showStoredUser()
  const form = byId('stats-period')
  if (!(form instanceof HTMLFormElement)) return
  const params = new URLSearchParams(location.search)
  const today = todayInZone()
  const [year = 0, month = 1] = today.split('-').map(Number)
  const start = new Date(Date.UTC(year, month - 1 - 5, 1)).toISOString().slice(0, 10)
  const period = {
    from: DATE_ONLY.test(params.get('from') ?? '') ? String(params.get('from')) : start,
    to: DATE_ONLY.test(params.get('to') ?? '') ? String(params.get('to')) : today,
  }
  for (const name of ['from', 'to']) {
    const input = form.elements.namedItem(name)
    if (input instanceof HTMLInputElement) input.value = period[/** @type {'from' | 'to'} */ (name)]
  }
  for (const id of ['stats-download', 'stats-download-published']) {
    const button = byId(id)
    if (button instanceof HTMLButtonElement) button.addEventListener('click', () => downloadStatistics(button, period))
  }
  const result = await api('GET', `${STATS_API}?${new URLSearchParams(period)}`)
  doneLoading()
  if (result.status === 401) return
  if (result.status === 200 && result.data && typeof result.data === 'object') {
    renderStatistics(result.data)
    return
  }
  if (result.status === 400 && result.data?.error?.fields && typeof result.data.error.fields === 'object') {
    const { shown, other } = showFieldErrors(form, result.data.error.fields)
    showErrorSummary(form, [...shown, ...other.map((text) => ({ text }))])
    if (shown.length + other.length > 0) return
  }
  showAlert(errorText(result))
}

// ---- Start ----

byId('sign-out')?.addEventListener('click', () => {
  signOut()
})

if (pageName === 'list') {
  wireList()
  startList()
} else if (pageName === 'case') {
  startCase()
} else if (pageName === 'phone') {
  startPhone()
} else if (pageName === 'stats') {
  startStats()
}
