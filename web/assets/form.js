// @ts-check
/**
 * Progressive enhancement of the MAR request form. The page works fully without this script (a plain form post);
 * with it, fields show and hide as they apply, the description counts characters, and the form is sent as JSON so
 * the answer appears in place. All texts come from the page (data-* attributes and a <template>): none live here.
 */

const API_PATH = '/api/requests'
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/gu

/** @param {string} text */
const countVisible = (text) => text.match(VISIBLE_CHARACTER)?.length ?? 0
/** @param {string} text */
const countCodePoints = (text) => Array.from(text).length

/**
 * Fills `{name}` placeholders.
 * @param {string} text
 * @param {Record<string, string | number>} values
 */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole))
}

/** A fresh Idempotency-Key; randomUUID needs a secure context, which HTTPS and localhost are. */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/**
 * @param {Element} container
 * @returns {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null}
 */
function firstControl(container) {
  return container.querySelector('input, select, textarea')
}

/** @param {HTMLElement} element @param {string} id */
function addDescribedBy(element, id) {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
  if (!ids.includes(id)) ids.push(id)
  element.setAttribute('aria-describedby', ids.join(' '))
}

/** @param {HTMLElement} element @param {string} id */
function removeDescribedBy(element, id) {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((item) => item && item !== id)
  if (ids.length === 0) element.removeAttribute('aria-describedby')
  else element.setAttribute('aria-describedby', ids.join(' '))
}

/** Moves focus to a field from an error summary link, showing its label or legend as well. */
function enhanceSummaryLinks() {
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null
    if (!(link instanceof HTMLAnchorElement)) return
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)))
    if (!target) return
    event.preventDefault()
    const container = target.closest('[data-field]') ?? target
    container.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
}

function focusServerErrorSummary() {
  const title = document.getElementById('error-summary-title')
  if (title && document.activeElement !== title) title.focus()
}

/** @param {HTMLFormElement} form */
function enhanceForm(form) {
  const messages = form.dataset
  const lang = messages.lang === 'en' ? 'en' : 'nl'
  const submitButton = form.querySelector('button[type="submit"]')
  const messageBox = document.getElementById('form-message')
  const originalTitle = document.title.replace(`${messages.errorPrefix ?? ''} `, '')
  let idempotencyKey = newIdempotencyKey()
  let sending = false

  // ---- Show what applies ----

  /** @type {HTMLElement[]} */
  const shownFor = Array.from(form.querySelectorAll('[data-show-for]'))
  /** @type {HTMLElement[]} */
  const hiddenFor = Array.from(form.querySelectorAll('[data-hide-for]'))

  /** @param {string} name */
  const checkedValue = (name) => {
    const checked = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)
    return checked instanceof HTMLInputElement ? checked.value : undefined
  }

  /** @param {boolean} clearHidden */
  function applyVisibility(clearHidden) {
    for (const block of shownFor) {
      const [name = '', value] = (block.dataset.showFor ?? '').split('=')
      block.hidden = checkedValue(name) !== value
    }
    for (const block of hiddenFor) {
      const hide = checkedValue(block.dataset.hideFor ?? '') !== undefined
      /** @type {HTMLInputElement[]} */
      const inputs = Array.from(block.querySelectorAll('input'))
      if (hide && clearHidden) for (const input of inputs) input.value = ''
      // On load, keep fields visible that still hold a value (a plain post came back with a problem in them).
      block.hidden = hide && inputs.every((input) => input.value === '')
    }
  }
  applyVisibility(false)
  form.addEventListener('change', (event) => {
    const target = event.target
    if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) {
      applyVisibility(target.name === 'anonymous')
    }
  })

  // ---- Character count ----

  const description = form.querySelector('textarea[name="description"]')
  if (description instanceof HTMLTextAreaElement) {
    const min = Number(description.dataset.minVisible ?? '0')
    const max = description.maxLength > 0 ? description.maxLength : 10_000
    const numbers = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL')
    const counter = document.createElement('p')
    counter.className = 'char-count'
    counter.id = 'description-count'
    const live = document.createElement('p')
    live.className = 'visually-hidden'
    live.setAttribute('aria-live', 'polite')
    description.after(counter, live)
    addDescribedBy(description, counter.id)
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let announce
    const update = () => {
      const visible = countVisible(description.value)
      counter.textContent =
        visible < min
          ? fill(messages.msgCountShort ?? '', { missing: numbers.format(min - visible), min: numbers.format(min) })
          : fill(messages.msgCount ?? '', {
              count: numbers.format(countCodePoints(description.value)),
              max: numbers.format(max),
            })
      clearTimeout(announce)
      announce = setTimeout(() => {
        live.textContent = counter.textContent
      }, 1500)
    }
    description.addEventListener('input', update)
    counter.textContent = ''
    update()
    clearTimeout(announce)
  }

  // ---- Errors, in the same markup the server renders ----

  function clearErrors() {
    document.getElementById('error-summary')?.remove()
    for (const message of form.querySelectorAll('.field__error')) {
      const container = message.closest('[data-field]')
      if (container instanceof HTMLElement) {
        container.classList.remove('field--error')
        for (const control of container.querySelectorAll('input, select, textarea')) {
          control.removeAttribute('aria-invalid')
          if (!(container instanceof HTMLFieldSetElement) && control instanceof HTMLElement) {
            removeDescribedBy(control, message.id)
          }
        }
        if (container instanceof HTMLFieldSetElement) removeDescribedBy(container, message.id)
      }
      message.remove()
    }
    document.title = originalTitle
  }

  /**
   * @param {HTMLElement} container
   * @param {string} field
   * @param {string} text
   */
  function showFieldError(container, field, text) {
    const message = document.createElement('p')
    message.className = 'field__error'
    message.id = `${field}-error`
    const prefix = document.createElement('span')
    prefix.className = 'visually-hidden'
    prefix.textContent = `${messages.errorPrefix ?? ''} `
    message.append(prefix, text)
    if (container.classList.contains('field--checkbox')) {
      container.prepend(message)
    } else {
      const anchor =
        container.querySelector(':scope > .field__hint') ?? container.querySelector(':scope > label, :scope > legend')
      if (anchor) anchor.after(message)
      else container.prepend(message)
    }
    container.classList.add('field--error')
    for (const control of container.querySelectorAll('input, select, textarea')) {
      control.setAttribute('aria-invalid', 'true')
    }
    const describer = container instanceof HTMLFieldSetElement ? container : firstControl(container)
    if (describer) addDescribedBy(describer, message.id)
  }

  /** @param {Record<string, unknown>} fields */
  function showErrors(fields) {
    clearErrors()
    /** @type {Map<string, string>} */
    const byField = new Map()
    /** @type {string[]} */
    const general = []
    /** @type {string[]} */
    const unknown = []
    for (const [key, text] of Object.entries(fields)) {
      if (typeof text !== 'string') continue
      const field = key.split('.')[0] ?? key
      const container = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
      if (container && firstControl(container)) {
        if (!byField.has(field)) byField.set(field, text)
      } else if (key === '_form') {
        general.push(text)
      } else {
        unknown.push(text)
      }
    }

    /** @type {Array<{ text: string, href?: string }>} */
    const entries = general.map((text) => ({ text }))
    for (const container of form.querySelectorAll('[data-field]')) {
      if (!(container instanceof HTMLElement)) continue
      const field = container.dataset.field ?? ''
      const text = byField.get(field)
      const control = firstControl(container)
      if (text === undefined || !control) continue
      showFieldError(container, field, text)
      // A field inside a hidden block must be visible to be fixed.
      const hiddenBlock = container.closest('[hidden]')
      if (hiddenBlock instanceof HTMLElement && form.contains(hiddenBlock)) hiddenBlock.hidden = false
      entries.push({ text, href: `#${control.id}` })
    }
    for (const text of unknown) entries.push({ text })
    if (entries.length === 0) return false

    const summary = document.createElement('div')
    summary.className = 'error-summary'
    summary.id = 'error-summary'
    summary.setAttribute('role', 'alert')
    summary.setAttribute('aria-labelledby', 'error-summary-title')
    const title = document.createElement('h2')
    title.className = 'error-summary__title'
    title.id = 'error-summary-title'
    title.tabIndex = -1
    title.textContent = messages.summaryTitle ?? ''
    const list = document.createElement('ul')
    list.className = 'error-summary__list'
    for (const entry of entries) {
      const item = document.createElement('li')
      if (entry.href) {
        const link = document.createElement('a')
        link.href = entry.href
        link.textContent = entry.text
        item.append(link)
      } else {
        item.textContent = entry.text
      }
      list.append(item)
    }
    summary.append(title, list)
    const page = form.closest('.page__inner')
    const intro = page?.querySelector(':scope > .intro')
    if (intro) intro.before(summary)
    else form.before(summary)
    document.title = `${messages.errorPrefix ?? ''} ${originalTitle}`
    title.focus()
    return true
  }

  /**
   * @param {string} text
   * @param {'error' | 'info'} kind
   */
  function showMessage(text, kind = 'error') {
    if (!messageBox) return
    messageBox.classList.toggle('form-message--info', kind === 'info')
    messageBox.textContent = text
  }

  // ---- Confirmation ----

  /** @param {{ reference: string, guidance?: unknown, receipt?: unknown }} answer */
  function showConfirmation(answer) {
    const template = document.getElementById('confirmation-template')
    const main = document.querySelector('main')
    if (!(template instanceof HTMLTemplateElement) || !main) return false
    const content = /** @type {DocumentFragment} */ (template.content.cloneNode(true))
    for (const element of content.querySelectorAll('[data-reference]')) element.textContent = answer.reference
    const urgent = typeof answer.guidance === 'string' && answer.guidance.trim() !== ''
    const urgentBlock = content.querySelector('[data-urgent]')
    if (!urgent) urgentBlock?.remove()
    const receiptBlock = content.querySelector('[data-receipt-block]')
    if (typeof answer.receipt === 'string' && answer.receipt !== '') {
      const receipt = content.querySelector('[data-receipt]')
      if (receipt) receipt.textContent = answer.receipt
    } else {
      receiptBlock?.remove()
    }
    for (const element of content.querySelectorAll('[data-urgent], [data-receipt-block]')) {
      element.removeAttribute('data-urgent')
      element.removeAttribute('data-receipt-block')
    }
    main.replaceChildren(content)
    if (template.dataset.title) document.title = template.dataset.title
    const heading = main.querySelector('h1')
    window.scrollTo(0, 0)
    heading?.focus()
    return true
  }

  // ---- Sending ----

  function buildBody() {
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
    body.language = text('language') || lang
    body.consent = data.has('consent')
    body.website = text('website')
    return body
  }

  /** @param {Response} response */
  async function readJson(response) {
    try {
      return await response.json()
    } catch {
      return undefined
    }
  }

  /** @param {string | null} header */
  function retryAfterSeconds(header) {
    if (!header) return undefined
    const seconds = Number(header)
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
    const date = Date.parse(header)
    return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - Date.now()) / 1000))
  }

  function finishSending() {
    sending = false
    form.removeAttribute('aria-busy')
    if (submitButton instanceof HTMLButtonElement) {
      const hadFocus = document.activeElement === submitButton || document.activeElement === document.body
      submitButton.disabled = false
      if (hadFocus) submitButton.focus()
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (sending) return
    sending = true
    form.setAttribute('aria-busy', 'true')
    if (submitButton instanceof HTMLButtonElement) submitButton.disabled = true
    showMessage(messages.msgSending ?? '', 'info')

    /** @type {Response} */
    let response
    try {
      response = await fetch(API_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify(buildBody()),
      })
    } catch {
      // The request may or may not have arrived: keep the key, so sending again cannot make a second case.
      showMessage(messages.msgNetwork ?? '')
      finishSending()
      return
    }

    const answer = await readJson(response)
    if (response.ok && answer && typeof answer.reference === 'string') {
      sending = false
      if (showConfirmation(answer)) return
    }
    showMessage('')
    if (response.status === 400 || response.status === 413 || response.status === 415) {
      // Refused before anything was stored: the corrected request is a new one.
      idempotencyKey = newIdempotencyKey()
    }
    if (response.status === 400 && answer?.error?.fields && typeof answer.error.fields === 'object') {
      finishSending()
      if (showErrors(answer.error.fields)) return
      showMessage(typeof answer.error.message === 'string' ? answer.error.message : (messages.msgFailed ?? ''))
      return
    }
    if (response.status === 413) showMessage(messages.msgTooLarge ?? '')
    else if (response.status === 415) showMessage(messages.msgUnsupported ?? '')
    else if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers.get('Retry-After'))
      showMessage(
        seconds === undefined
          ? (messages.msgRateLimitedSoon ?? '')
          : fill(messages.msgRateLimited ?? '', { seconds: seconds.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL') }),
      )
    } else showMessage(messages.msgFailed ?? '')
    finishSending()
  })

  // Coming back with the browser's back button must not leave the form stuck in "sending".
  window.addEventListener('pageshow', () => {
    if (sending) return
    if (submitButton instanceof HTMLButtonElement) submitButton.disabled = false
    form.removeAttribute('aria-busy')
  })
}

enhanceSummaryLinks()
const requestForm = document.getElementById('request-form')
if (requestForm instanceof HTMLFormElement) enhanceForm(requestForm)
focusServerErrorSummary()
